import { expect, test } from '@jest/globals';
import { resolveDeploySettings } from '../../src/commands/deploy.js';
import { INPUT_DEFAULTS, readInputs, type InputName } from '../../src/inputs.js';

function inputs(values: Partial<Record<InputName, string>>) {
  return readInputs({ getInput: (n) => values[n] ?? INPUT_DEFAULTS[n], setSecret: () => {} });
}
const good = {
  command: 'deploy',
  app: 'shop',
  environment: 'production',
  port: '8080',
  'blue-port': '18080',
  'green-port': '18081',
  'nginx-upstream-file': '/etc/nginx/conf.d/shop.conf',
} as const;

test('defaults: upstream name, state under ~/.berth', () => {
  expect(resolveDeploySettings(inputs(good), '/home/runner')).toEqual({
    app: 'shop',
    environment: 'production',
    containerPort: 8080,
    ports: { blue: 18080, green: 18081 },
    bindAddress: '127.0.0.1',
    upstreamFile: '/etc/nginx/conf.d/shop.conf',
    upstreamName: 'shop_production',
    stateDir: '/home/runner/.berth/shop-production',
  });
});

test('app defaults to the component', () => {
  expect(resolveDeploySettings(inputs({ ...good, app: '', component: 'backend' }), '/h').app).toBe('backend');
});

test.each([
  [
    { app: '' },
    'app: expected a name of letters, digits, "-", "_" or "." (it names the containers), got "" (set app, or component)',
  ],
  [
    { app: 'my app' },
    'app: expected a name of letters, digits, "-", "_" or "." (it names the containers), got "my app"',
  ],
  [{ environment: '' }, 'environment: expected the environment\'s name (e.g. production), got ""'],
  [{ port: '' }, 'port: required; the port your app listens on inside the container (e.g. 8080)'],
  [
    { 'green-port': '' },
    'blue-port / green-port: both required; two free host ports for the two colours (e.g. 18080 and 18081)',
  ],
  [
    { 'green-port': '18080' },
    'blue-port / green-port: must differ (both are 18080); two containers never share a port',
  ],
  [{ 'nginx-upstream-file': '' }, 'nginx-upstream-file: required; the include file berth writes'],
  [
    { 'nginx-upstream-name': 'shop-prod' },
    'nginx-upstream-name: expected letters, digits and "_", got "shop-prod"',
  ],
])('%j is refused', (over, message) => {
  expect(() => resolveDeploySettings(inputs({ ...good, ...over }), '/h')).toThrow(message);
});

test.each([
  [{ port: '80a' }, 'port: expected a whole number from 1 to 65535, got "80a"'],
  [{ 'blue-port': '70000' }, 'blue-port: expected a whole number from 1 to 65535, got "70000"'],
  [
    { 'health-path': 'health' },
    'health-path: expected a path starting with "/" (e.g. /health), got "health"',
  ],
  [
    { strategy: 'recreate' },
    'strategy: expected blue-green, got "recreate" ("recreate" is not in this version yet)',
  ],
])('input %j is refused when read', (over, message) => {
  expect(() => inputs({ ...good, ...over })).toThrow(message);
});
