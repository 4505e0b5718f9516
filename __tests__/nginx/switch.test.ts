/** NginxSwitch on a recording host: what it reads of an installed include, and whom its probe believes. */
import { describe, expect, test } from '@jest/globals';
import type { NginxControl } from '../../src/nginx/control.js';
import { NginxSwitch } from '../../src/nginx/switch.js';
import { PROBE_HEADER } from '../../src/nginx/upstream.js';
import { RecordingHost } from '../helpers/recording-host.js';

const FILE = '/etc/nginx/berth/shop.conf';
const place = {
  upstreamFile: FILE,
  name: 'shop_production',
  address: '127.0.0.1',
  ports: { blue: 18080, green: 18081 },
  note: 'shop production',
};
// read() and probe() never ask nginx itself.
const sw = (host: RecordingHost) => new NginxSwitch(host, {} as NginxControl, place);

describe('NginxSwitch', () => {
  test.each([
    ['nothing there', undefined, {}],
    [
      'an include from before the switch, on blue',
      'upstream shop_production { server 127.0.0.1:18080; }\n',
      { legacyColour: 'blue' },
    ],
    ['one on green', 'upstream shop_production { server 127.0.0.1:18081; }\n', { legacyColour: 'green' }],
    ['one on a port of neither colour', 'upstream shop_production { server 127.0.0.1:9000; }\n', {}],
  ])('read: %s', async (_name, text, expected) => {
    const host = new RecordingHost();
    if (text !== undefined) host.files.set(FILE, text);
    expect(await sw(host).read()).toEqual({ text, ...expected });
  });

  test.each([
    [200, 'shop_production_green\n', 'green'],
    [200, 'shop_production_blue\n', 'blue'],
    [200, 'shop_staging_green\n', undefined],
    // Something else on the port (an error page that happens to carry the name) is not the switch.
    [404, 'shop_production_green\n', undefined],
    [502, 'shop_production_blue\n', undefined],
    [0, '', undefined],
  ])('probe: HTTP %i %j → %s', async (status, body, colour) => {
    const host = new RecordingHost().onGet(
      (_a, port, _p, headers) => port === 24117 && headers[PROBE_HEADER] === '0123456789abcdef',
      { status, body },
    );
    expect(await sw(host).probe(24117, '0123456789abcdef')).toBe(colour);
  });
});
