import { describe, expect, test } from '@jest/globals';
import { examineHost } from '../../src/doctor/examine.js';
import { resolveDoctorSettings, type DoctorSettings } from '../../src/doctor/settings.js';
import { readInputs } from '../../src/inputs.js';
import { ran, ScriptedHost } from '../helpers/scripted-host.js';

describe('examineHost', () => {
  test('no docker and no nginx: two failures with their fixes, the checks that need them skipped', async () => {
    const host = new ScriptedHost(
      {
        'id -un': ran('deploy\n'),
        'sh -c d=$1; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -Pk "$d" sh /var/lib/docker': ran(
          'Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 100000000 1 90000000 1% /\n',
        ),
      },
      { '/proc/net/tcp': '  sl  local_address rem_address   st\n' },
    );
    const settings: DoctorSettings = resolveDoctorSettings(
      readInputs({ getInput: (n) => (n === 'command' ? 'doctor' : ''), setSecret: () => undefined }),
    );
    const report = await examineHost(host, settings, {
      builder: async () => ({ check: 'BuildKit / buildx', status: 'ok', found: 'never asked', fix: '' }),
    });
    expect(report.user).toBe('deploy');
    expect(report.checks.map((c) => [c.check, c.status])).toEqual([
      ['Docker engine', 'fail'],
      ['BuildKit / buildx', 'skipped'],
      ['nginx', 'fail'],
      ['nginx -t', 'skipped'],
      ['nginx reload', 'skipped'],
      ['upstream include writable', 'skipped'],
      ["upstream include in nginx's config", 'skipped'],
      ["nginx's workers see the switch", 'skipped'],
      ['port 18080 (blue-port)', 'ok'],
      ['port 18081 (green-port)', 'ok'],
      ['disk space for images', 'ok'],
    ]);
    // It only asked: nothing was written (the scripted host throws on any write).
    expect(host.calls).not.toContain('docker ps --filter label=berth.app --format {{.Names}}\t{{.Ports}}');
  });
});
