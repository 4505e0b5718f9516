// What the sandbox can provide, how to tell whether this machine has it, and the Debian/Ubuntu
// package that installs it (the same list .ci/run installs). The demo and the test beds ask for parts
// by name; `missingFor`, `skipPlan` and `summaryLine` are pure, so they are tested with a table.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { kubernetesPresent, serverBinariesDir, TEST_KUBECONFIG } from './k8s.mjs';
import { isStaticElf, run, SBIN, which } from './process.mjs';

/**
 * Each part: the packages that provide it, and what it is (for messages). `root` is no package: network
 * namespaces and a Docker engine of a test's own need root.
 */
export const PARTS = {
  docker: { packages: ['docker.io'], what: 'a Docker engine and its client' },
  registry: { packages: ['docker-registry'], what: 'the CNCF distribution registry (docker-registry)' },
  htpasswd: { packages: ['apache2-utils'], what: 'htpasswd, for the registry’s bcrypt password file' },
  nginx: { packages: ['nginx'], what: 'nginx' },
  busybox: { packages: ['busybox-static'], what: 'a statically linked busybox at /bin/busybox' },
  sshd: { packages: ['openssh-server'], what: 'OpenSSH’s sshd at /usr/sbin/sshd' },
  ssh: { packages: ['openssh-client'], what: 'ssh and ssh-keygen' },
  shellcheck: { packages: ['shellcheck'], what: 'shellcheck' },
  tinyproxy: { packages: ['tinyproxy'], what: 'tinyproxy, an HTTP(S) proxy' },
  openssl: { packages: ['openssl'], what: 'openssl, for a test CA' },
  ip: { packages: ['iproute2'], what: 'ip (iproute2), for network namespaces' },
  curl: { packages: ['curl', 'ca-certificates'], what: 'curl' },
  prometheus: {
    packages: ['prometheus', 'prometheus-node-exporter', 'prometheus-pushgateway'],
    what: 'Prometheus, node_exporter (its textfile collector) and the Pushgateway',
  },
  // sandbox/k8s.mjs: no package has the server binaries; they are in ../shared/k8s/bin (its README).
  kubernetes: {
    packages: ['etcd-server', 'containerd', 'runc', 'containernetworking-plugins', 'iptables'],
    what: 'a single-node Kubernetes: the server binaries in ../shared/k8s/bin, etcd, containerd, runc, CNI plugins, iptables (or BERTH_TEST_KUBECONFIG)',
    files: 'the server binaries in ../shared/k8s/bin (see ../shared/k8s/README.md)',
    filesHere: (env) => Boolean(env[TEST_KUBECONFIG]) || serverBinariesDir(env) !== undefined,
  },
  root: { packages: [], what: 'root (network namespaces, a Docker engine of its own)' },
};

/** The environment variable naming parts to treat as missing (comma-separated), as on a machine without them. */
export const PRETEND_MISSING = 'BERTH_SANDBOX_MISSING';

export const isRoot = () => process.getuid?.() === 0;
export const isDebian = () =>
  existsSync('/etc/debian_version') && which('apt-get', [...SBIN, '/usr/bin', '/bin']) !== undefined;

/** The parts `env` pretends are missing (BERTH_SANDBOX_MISSING=sshd,shellcheck). */
export function pretendedMissing(env = process.env) {
  return new Set(
    (env[PRETEND_MISSING] ?? '')
      .split(/[\s,]+/)
      .filter((name) => name !== '')
      .map((name) => {
        if (!(name in PARTS))
          throw new Error(`${PRETEND_MISSING}: no part ${name} (${Object.keys(PARTS).join(', ')})`);
        return name;
      }),
  );
}

/** The programs of the parts, where this machine has them (undefined: not there). */
export function findTools(env = process.env) {
  const hidden = pretendedMissing(env);
  const unless = (part, file) => (hidden.has(part) ? undefined : file);
  const find = (part, name) => unless(part, which(name, SBIN, env));
  const sshKeygen = which('ssh-keygen', SBIN, env);
  return {
    // Debian's client first: it builds with the engine's BuildKit; another `docker` on PATH may lack buildx.
    docker: unless('docker', existsSync('/usr/bin/docker') ? '/usr/bin/docker' : which('docker', [], env)),
    dockerd: find('docker', 'dockerd'),
    registry: find('registry', 'docker-registry'),
    htpasswd: find('htpasswd', 'htpasswd'),
    nginx: find('nginx', 'nginx'),
    busybox: unless('busybox', isStaticElf('/bin/busybox') ? '/bin/busybox' : undefined),
    sshd: unless('sshd', existsSync('/usr/sbin/sshd') ? '/usr/sbin/sshd' : undefined),
    ssh: sshKeygen ? find('ssh', 'ssh') : undefined,
    shellcheck: find('shellcheck', 'shellcheck'),
    tinyproxy: find('tinyproxy', 'tinyproxy'),
    openssl: find('openssl', 'openssl'),
    ip: find('ip', 'ip'),
    curl: find('curl', 'curl'),
    prometheus:
      find('prometheus', 'prometheus-node-exporter') && find('prometheus', 'prometheus-pushgateway')
        ? find('prometheus', 'prometheus')
        : undefined,
    kubernetes: unless('kubernetes', kubernetesPresent(env)),
  };
}

/**
 * The parts this machine has: every program found; `docker` when a client is there and an engine
 * answers (`engineUp`) or, unless `startable` is false, could be started (dockerd is there); `root`
 * when this process is root.
 */
export function presentParts(
  tools,
  { engineUp = false, startable = true, root = isRoot(), env = process.env } = {},
) {
  const present = new Set();
  for (const [name, file] of Object.entries(tools)) if (file && name in PARTS) present.add(name);
  present.delete('docker');
  if (tools.docker && (engineUp || (startable && tools.dockerd !== undefined))) present.add('docker');
  if (root && !pretendedMissing(env).has('root')) present.add('root');
  return present;
}

/** Whether installing a part's packages could provide it: not when files no package has are missing. */
export function installable(part, env = process.env) {
  return PARTS[part]?.filesHere?.(env) ?? true;
}

/** The parts of `needs` not in `present`, in the order of `needs`. */
export function missingFor(needs, present) {
  return needs.filter((name) => !present.has(name));
}

/** Each suite ({file, needs}) with the parts it misses; `skip` when it misses any. */
export function skipPlan(suites, present) {
  return suites.map(({ file, needs }) => {
    const missing = missingFor(needs, present);
    return { file, needs, missing, skip: missing.length > 0 };
  });
}

/** The Debian/Ubuntu packages for `parts` (root has none), without repeats. */
export function packagesFor(parts) {
  return [...new Set(parts.flatMap((name) => PARTS[name]?.packages ?? []))];
}

/**
 * The command that provides one part here: apt-get (sudo unless root) on Debian, else the package
 * names; for a part that also needs files no package has, those too.
 */
export function installCommand(part, { root = isRoot(), debian = isDebian() } = {}) {
  const packages = packagesFor([part]);
  if (packages.length === 0) return 'run as root';
  const files = PARTS[part]?.files ? ` plus ${PARTS[part].files}` : '';
  if (!debian) return `install ${packages.join(' ')} with the system's package manager${files}`;
  return `${root ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}${files}`;
}

/**
 * One line for the end of a test run: how many suites were skipped, and each missing part (in PARTS'
 * order) with the command that installs it. '' when nothing was skipped.
 */
export function summaryLine(skipped, context = {}) {
  const suites = skipped.filter((s) => s.missing.length > 0);
  if (suites.length === 0) return '';
  const missing = new Set(suites.flatMap((s) => s.missing));
  const parts = Object.keys(PARTS).filter((name) => missing.has(name)); // in PARTS' order, whatever the suites'
  const each = parts.map((part) => `${part} (${installCommand(part, context)})`).join(', ');
  return `skipped ${suites.length} suite${suites.length === 1 ? '' : 's'} for missing parts: ${each}`;
}

/**
 * apt-get update (`onUpdateFailed` hears of a failure: the install goes on with the lists there are),
 * then install `packages` non-interactively; the results of both, and the time taken.
 */
export async function aptInstall(packages, { onUpdateFailed } = {}) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const started = performance.now();
  const update = await run(['apt-get', 'update', '-qq'], { env });
  if (update.code !== 0) onUpdateFailed?.(update);
  const install = await run(['apt-get', 'install', '-y', '-qq', ...packages], { env });
  return { update, install, ms: performance.now() - started };
}
