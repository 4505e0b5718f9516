import { describe, expect, test } from '@jest/globals';
import { resolveDoctorSettings } from '../../src/doctor/settings.js';
import { ConfigurationError } from '../../src/errors.js';
import { readInputs, type InputName } from '../../src/inputs.js';

describe('resolveDoctorSettings', () => {
  const inputs = (values: Partial<Record<InputName, string>>) =>
    readInputs({
      getInput: (name) => ({ command: 'doctor', ...values })[name] ?? '',
      setSecret: () => undefined,
    });

  test('no inputs: README’s ports and directory', () => {
    expect(resolveDoctorSettings(inputs({}))).toEqual({
      docker: 'docker',
      nginxCommand: 'nginx',
      upstreamFile: '',
      ports: [
        { port: 18080, input: 'blue-port' },
        { port: 18081, input: 'green-port' },
      ],
      bindAddress: '127.0.0.1',
      nginx: true,
    });
  });

  test('the deploy inputs', () => {
    expect(
      resolveDoctorSettings(
        inputs({
          'blue-port': '28080',
          'green-port': '28081',
          'nginx-upstream-file': '/etc/nginx/berth/api.conf',
          'nginx-command': 'sudo nginx',
        }),
      ),
    ).toMatchObject({
      nginxCommand: 'sudo nginx',
      upstreamFile: '/etc/nginx/berth/api.conf',
      ports: [
        { port: 28080, input: 'blue-port' },
        { port: 28081, input: 'green-port' },
      ],
    });
  });

  test('strategy recreate: no nginx, and a port only when one is given', () => {
    expect(resolveDoctorSettings(inputs({ strategy: 'recreate' }))).toMatchObject({
      nginx: false,
      ports: [],
    });
  });

  test('the same port twice is a configuration error', () => {
    expect(() => resolveDoctorSettings(inputs({ 'blue-port': '18080', 'green-port': '18080' }))).toThrow(
      new ConfigurationError(
        'blue-port / green-port: must differ (both are 18080); two containers never share a port',
      ),
    );
  });
});
