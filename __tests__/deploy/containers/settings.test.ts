import { expect, test } from '@jest/globals';
import { missingDeployInputs, resolveDeploySettings } from '../../../src/deploy/containers/settings.js';
import { resolveSshTargets } from '../../../src/remote/ssh-targets.js';
import { INPUT_DEFAULTS, readInputs, type InputName } from '../../../src/inputs.js';

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

test("defaults: upstream name; state in the host's default place", () => {
  expect(resolveDeploySettings(inputs(good))).toEqual({
    app: 'shop',
    environment: 'production',
    containerPort: 8080,
    ports: { blue: 18080, green: 18081 },
    bindAddress: '127.0.0.1',
    upstreamFile: '/etc/nginx/conf.d/shop.conf',
    upstreamName: 'shop_production',
    stateRoot: '',
    strategy: 'blue-green',
    lockTimeoutSeconds: 600,
    env: '',
    healthPath: '/health',
    healthTimeoutSeconds: 60,
    verifyTimeSeconds: 10,
    stopTimeoutSeconds: 30,
    drainTimeoutSeconds: 30,
    keepImages: 3,
    nginxCommand: 'nginx',
    imageTransfer: 'pull',
    registry: { provider: '', username: '', password: '', githubToken: '' },
  });
});

test('the strategies read every run setting from the settings, each from its input', () => {
  const s = resolveDeploySettings(
    inputs({
      ...good,
      'lock-timeout': '7',
      'health-path': '/actuator/health',
      'health-timeout': '8',
      'verify-time': '9',
      'stop-timeout': '11',
      'drain-timeout': '12',
      'keep-images': '4',
      'image-transfer': 'stream',
      'registry-provider': 'ecr',
      'registry-username': 'ci',
      'registry-password': 'hunter2',
      'github-token': 'ghs_x',
    }),
  );
  expect(s).toMatchObject({
    lockTimeoutSeconds: 7,
    healthPath: '/actuator/health',
    healthTimeoutSeconds: 8,
    verifyTimeSeconds: 9,
    stopTimeoutSeconds: 11,
    drainTimeoutSeconds: 12,
    keepImages: 4,
    imageTransfer: 'stream',
    registry: { provider: 'ecr', username: 'ci', password: 'hunter2', githubToken: 'ghs_x' },
  });
  expect(resolveDeploySettings(inputs({ ...good, strategy: 'recreate' })).strategy).toBe('recreate');
});

test('app defaults to the component', () => {
  expect(resolveDeploySettings(inputs({ ...good, app: '', component: 'backend' })).app).toBe('backend');
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
  expect(() => resolveDeploySettings(inputs({ ...good, ...over }))).toThrow(message);
});

test.each([
  [{ port: '80a' }, 'port: expected a whole number from 1 to 65535, got "80a"'],
  [{ 'blue-port': '70000' }, 'blue-port: expected a whole number from 1 to 65535, got "70000"'],
  [
    { 'health-path': 'health' },
    'health-path: expected a path starting with "/" (e.g. /health), got "health"',
  ],
  [{ strategy: 'canary' }, 'strategy: expected blue-green, recreate, static or kubernetes, got "canary"'],
  [{ 'image-transfer': 'scp' }, 'image-transfer: expected pull or stream, got "scp"'],
  [{ 'ssh-port': '0' }, 'ssh-port: expected a whole number from 1 to 65535, got "0"'],
])('input %j is refused when read', (over, message) => {
  expect(() => inputs({ ...good, ...over })).toThrow(message);
});

test('strategy recreate needs no ports or nginx; one host port when given', () => {
  const worker = {
    command: 'deploy',
    app: 'mailer',
    environment: 'production',
    strategy: 'recreate',
  } as const;
  expect(resolveDeploySettings(inputs(worker))).toMatchObject({
    containerPort: undefined,
    ports: undefined,
    upstreamFile: '',
  });
  expect(resolveDeploySettings(inputs({ ...worker, port: '9000', 'blue-port': '19000' })).ports).toEqual({
    blue: 19000,
    green: 19000,
  });
});

test.each([
  [
    { 'ssh-key': 'x' },
    "ssh-host: empty, but ssh-key is set; give the server(s) to deploy to (a variable that is not set?), or remove the SSH inputs to deploy on this runner's host",
  ],
  [
    { bastion: 'jump@b', 'ssh-known-hosts': 'x' },
    'ssh-host: empty, but ssh-known-hosts and bastion are set;',
  ],
])('SSH inputs without ssh-host (%j) are refused, never a deploy on the runner', (over, message) => {
  expect(() => resolveSshTargets(inputs({ ...good, ...over }))).toThrow(message);
});

test('the server block: parsed up front; access rules need the file berth writes', () => {
  expect(
    resolveDeploySettings(
      inputs({
        ...good,
        'nginx-server-file': '/etc/nginx/conf.d/shop.conf',
        'nginx-server-name': 'dev.shop.example',
        'access-allow': '10.0.0.0/8',
        'basic-auth': 'dev:pw-123456',
      }),
    ).serverBlock,
  ).toEqual({
    file: '/etc/nginx/conf.d/shop.conf',
    serverNames: ['dev.shop.example'],
    listen: ['80'],
    allow: ['10.0.0.0/8'],
    basicAuth: { user: 'dev', password: 'pw-123456' },
  });
  expect(() => resolveDeploySettings(inputs({ ...good, 'access-allow': '10.0.0.0/8' }))).toThrow(
    'access-allow: needs nginx-server-file, the server block berth writes (e.g. /etc/nginx/conf.d/berth-shop-production.conf); berth does not edit server blocks it did not write',
  );
});

test('strategy recreate refuses the nginx-only inputs', () => {
  expect(() =>
    resolveDeploySettings(
      inputs({
        command: 'deploy',
        app: 'mailer',
        environment: 'dev',
        strategy: 'recreate',
        'basic-auth': 'a:b',
      }),
    ),
  ).toThrow('basic-auth: strategy recreate puts no nginx in front of the app; use it with blue-green');
});

test('over SSH, nginx-upstream-file must be a path on the server (absolute)', () => {
  expect(() =>
    resolveDeploySettings(inputs({ ...good, 'ssh-host': '10.0.0.5', 'nginx-upstream-file': 'conf/up.conf' })),
  ).toThrow('nginx-upstream-file: expected an absolute path on the server, got "conf/up.conf"');
});

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
const KNOWN =
  '10.0.0.5 ssh-ed25519 AAAAC3Nza\n[10.0.0.6]:2222 ssh-ed25519 AAAAC3Nzb\nbastion.example.com ssh-ed25519 AAAAC3Nzc';

test('SSH targets: several hosts in order, shared bastion hops, pinned keys, a normalised key file', () => {
  const targets = resolveSshTargets(
    inputs({
      ...good,
      'ssh-host': '10.0.0.5, ops@10.0.0.6:2222',
      'ssh-user': 'deploy',
      bastion: 'jump@bastion.example.com',
      'ssh-key': `${KEY.replace(/\n/g, '\r\n')}`,
      'ssh-known-hosts': KNOWN,
    }),
  );
  expect(targets.map((t) => t.endpoint)).toEqual([
    { user: 'deploy', host: '10.0.0.5', port: 22 },
    { user: 'ops', host: '10.0.0.6', port: 2222 },
  ]);
  expect(targets[0]?.jumps).toEqual([{ user: 'jump', host: 'bastion.example.com', port: 22 }]);
  expect(targets[0]?.key).toBe(`${KEY}\n`);
  expect(resolveSshTargets(inputs(good))).toEqual([]);
});

test.each([
  [
    { 'ssh-key': '' },
    "ssh-key: required with ssh-host; the private key (a secret) whose public key is in the server's authorized_keys",
  ],
  [
    { 'ssh-key': 'ssh-ed25519 AAAA me@laptop' },
    'ssh-key: expected a private key (the whole file, from "-----BEGIN OPENSSH PRIVATE KEY-----" to its END line), as a secret',
  ],
  [{ 'ssh-known-hosts': '' }, 'ssh-known-hosts: required; the host keys of the server and every bastion'],
  [
    { 'ssh-host': '10.0.0.7' },
    'ssh-known-hosts: no host key for 10.0.0.7 (deploy@10.0.0.7); add the line(s) of `ssh-keyscan 10.0.0.7`',
  ],
  [{ 'ssh-host': '10.0.0.6' }, 'ssh-known-hosts: no host key for 10.0.0.6 (deploy@10.0.0.6)'],
  [{ 'ssh-user': '' }, 'ssh-host: no user for "10.0.0.5"; set ssh-user or write user@host'],
  [
    { 'ssh-host': '10.0.0.5;reboot' },
    'ssh-host: expected [user@]host[:port] (e.g. deploy@10.0.0.5:22 or [2001:db8::5]:22); "10.0.0.5;reboot" is not a host name or address',
  ],
  [
    { bastion: 'jump@-oProxyCommand=x' },
    'bastion: expected [user@]host[:port] (e.g. deploy@10.0.0.5:22 or [2001:db8::5]:22); "-oProxyCommand=x" is not a host name or address',
  ],
])('SSH input %j is refused', (over, message) => {
  expect(() =>
    resolveSshTargets(
      inputs({
        ...good,
        'ssh-host': '10.0.0.5',
        'ssh-user': 'deploy',
        'ssh-key': KEY,
        'ssh-known-hosts': KNOWN,
        ...over,
      }),
    ),
  ).toThrow(message);
});

test('a bare deploy step learns every input it lacks in one run', () => {
  expect(missingDeployInputs('deploy', inputs({ command: 'deploy' }))).toEqual([
    'environment: required; the environment deployed, a name from the config (e.g. production)',
    'app: required (or component); the app name in container names (e.g. backend)',
    'image: required for deploy; pass the image-ref output of build (repo@sha256:…)',
    'port: required; the port your app listens on inside the container (e.g. 8080)',
    'blue-port / green-port: both required; two free host ports for the two colours (e.g. 18080 and 18081)',
    'nginx-upstream-file: required; the include file berth writes (e.g. /etc/nginx/conf.d/berth-upstream-backend.conf), which your server block proxies to',
  ]);
  expect(missingDeployInputs('deploy', inputs({ ...good, image: 'shop@sha256:' + 'a'.repeat(64) }))).toEqual(
    [],
  );
  // A rollback needs no image (the previous one); recreate needs no nginx or colour ports.
  expect(missingDeployInputs('rollback', inputs(good))).toEqual([]);
  expect(
    missingDeployInputs(
      'deploy',
      inputs({ command: 'deploy', strategy: 'recreate', app: 'w', environment: 'e', image: 'w:1' }),
    ),
  ).toEqual([]);
});
