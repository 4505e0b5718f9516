/**
 * One rule for registry credentials, for build's push and deploy's pull alike (src/registry/credentials.ts),
 * and deploy logging in by it: on every provider — Docker Hub, GHCR with the defaults, ECR, NCP, NHN, a
 * private registry — deploy logs in with exactly the credentials build pushes with (issue: deploy never
 * logged in to ECR, or to GHCR with the defaults, so a team building to ECR could not deploy from it).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { provideImage, type Docker, type ImageSource } from '../../src/deploy/containers/container.js';
import type { ExecOptions, ExecResult } from '../../src/exec.js';
import { INPUT_DEFAULTS, readInputs, type InputName } from '../../src/inputs.js';
import { resolveRegistryCredentials, type CredentialSources } from '../../src/registry/credentials.js';
import { resolveProvider, type Credentials } from '../../src/registry/providers.js';
import type { CommandHost } from '../../src/remote/host.js';
import type { Runtime } from '../../src/runtime/runtime.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const ECR_TOKEN: Credentials = { username: 'AWS', password: 'ecr-token-from-aws' };
const JOB: Credentials = { username: 'job-user', password: 'job-password' };

interface Case {
  registry: string;
  given?: { username: string; password: string };
  job?: boolean;
}
const CASES: Record<string, Case> = {
  'Docker Hub with registry inputs': {
    registry: 'docker.io',
    given: { username: 'acme', password: 'dckr_pat_x' },
  },
  'GHCR with the defaults (actor, github-token)': { registry: 'ghcr.io' },
  'GHCR with registry inputs': { registry: 'ghcr.io', given: { username: 'bot', password: 'ghp_bot' } },
  ECR: { registry: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com' },
  'NCP with registry inputs': {
    registry: 'acme.kr.ncr.ntruss.com',
    given: { username: 'ak', password: 'sk' },
  },
  'NHN with registry inputs': {
    registry: 'abc-kr1-registry.container.nhncloud.com',
    given: { username: 'ak', password: 'sk' },
  },
  'a private registry with registry inputs': {
    registry: 'registry.acme.internal:5000',
    given: { username: 'deployer', password: 'private-registry-password' },
  },
  'a private registry, the job logged in': { registry: 'registry.acme.internal:5000', job: true },
  'Docker Hub, the job logged in': { registry: 'docker.io', job: true },
};

function sources(c: Case): CredentialSources {
  return {
    provider: resolveProvider(c.registry, ''),
    registry: c.registry,
    username: c.given?.username ?? '',
    password: c.given?.password ?? '',
    githubActor: 'octocat',
    githubToken: 'ghs_job_token',
    jobLogin: async () => (c.job ? JOB : undefined),
    ecr: async () => ECR_TOKEN,
  };
}

describe('push and pull use the same credentials', () => {
  test.each(Object.entries(CASES))('%s', async (_name, c) => {
    const push = await resolveRegistryCredentials(sources(c), 'push');
    const pull = await resolveRegistryCredentials(sources(c), 'pull');
    expect(pull).toEqual(push);
    expect(push.credentials).toBeDefined();
  });

  test.each<[string, string, string]>([
    ['docker.io', 'pull', 'none'],
    ['acme.kr.ncr.ntruss.com', 'pull', 'none'],
    ['registry.acme.internal:5000', 'pull', 'none'],
    ['registry.acme.internal:5000', 'push', 'none'],
  ])(
    'no credentials anywhere, %s, %s: %s (a public image is pulled without a login)',
    async (registry, use, from) => {
      const r = await resolveRegistryCredentials(sources({ registry }), use as 'push' | 'pull');
      expect(r.from).toBe(from);
      expect(r.credentials).toBeUndefined();
    },
  );

  test('a push to Docker Hub without credentials is refused, naming the inputs', async () => {
    await expect(resolveRegistryCredentials(sources({ registry: 'docker.io' }), 'push')).rejects.toThrow(
      'registry-username / registry-password: docker.io (dockerhub) needs your Docker Hub user name and an access token',
    );
  });

  test("the step's own credentials win over the job's login", async () => {
    const r = await resolveRegistryCredentials(
      sources({ registry: 'docker.io', given: { username: 'acme', password: 'pat' }, job: true }),
      'pull',
    );
    expect(r).toEqual({ credentials: { username: 'acme', password: 'pat' }, from: 'inputs' });
  });
});

/** A host that records what it runs (and what goes to stdin) and answers like a docker host. */
class RecordingHost implements CommandHost {
  readonly label: string;
  readonly calls: { argv: string[]; stdin?: string }[] = [];
  constructor(readonly remote: boolean) {
    this.label = remote ? 'app.example.com' : 'this host';
  }
  async exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    this.calls.push({
      argv: [...argv],
      ...(options?.stdin === undefined ? {} : { stdin: String(options.stdin) }),
    });
    // The image is not there yet (inspect fails); login and pull succeed.
    if (argv.includes('inspect')) return { code: 1, stdout: '', stderr: 'No such image' };
    return { code: 0, stdout: '', stderr: '' };
  }
}

function runtime(): Runtime {
  const noop = () => undefined;
  return {
    getInput: () => '',
    setSecret: noop,
    getContext: (name) => (name === 'actor' ? 'octocat' : ''),
    workspace: '/w',
    setOutput: noop,
    appendSummary: async () => undefined,
    info: noop,
    startGroup: noop,
    endGroup: noop,
    warning: noop,
    debug: noop,
    setFailed: noop,
    tempDir: tmpdir(),
    saveState: noop,
    getState: () => '',
    isPost: () => false,
    markMainRan: noop,
  };
}

describe('deploy logs in exactly as build does, before it pulls', () => {
  test.each(Object.entries(CASES).filter(([, c]) => !c.job))('%s', async (_name, c) => {
    const values: Partial<Record<InputName, string>> = {
      command: 'deploy',
      'github-token': 'ghs_job_token',
      'registry-username': c.given?.username ?? '',
      'registry-password': c.given?.password ?? '',
    };
    const inputs = readInputs({
      getInput: (n) => values[n] ?? INPUT_DEFAULTS[n],
      setSecret: () => undefined,
    });
    const expected = (await resolveRegistryCredentials(sources(c), 'push')).credentials as Credentials;
    for (const remote of [false, true]) {
      const host = new RecordingHost(remote);
      const configDir = mkdtempSync(path.join(tmpdir(), 'berth-login-'));
      const d: Docker<CommandHost> = { host, docker: 'docker', configDir };
      const source: ImageSource = {
        image: `${c.registry}/acme/api@${DIGEST}`,
        transfer: inputs.imageTransfer,
        registry: {
          provider: inputs.registryProvider,
          username: inputs.registryUsername,
          password: inputs.registryPassword,
          githubToken: inputs.githubToken,
        },
        runtime: runtime(),
        policy: { delaysMs: [], sleep: async () => undefined },
        localExec: async () => ({ code: 0, stdout: '', stderr: '' }),
        localDocker: 'docker',
        ecr: async () => ECR_TOKEN,
      };
      await provideImage(d, source);
      const login = host.calls.find((call) => call.argv.includes('login'));
      expect({ remote, login }).toEqual({
        remote,
        login: {
          argv: [
            'docker',
            '--config',
            configDir,
            'login',
            c.registry,
            '--username',
            expected.username,
            '--password-stdin',
          ],
          stdin: expected.password,
        },
      });
      // The password never on the command line; the pull comes after the login.
      expect(host.calls.flatMap((call) => call.argv)).not.toContain(expected.password);
      const order = host.calls.map((call) => call.argv[call.argv.indexOf(configDir) + 1]);
      expect(order.indexOf('login')).toBeLessThan(order.indexOf('pull'));
      if (!remote)
        expect(readFileSync(path.join(configDir, 'config.json'), 'utf8')).not.toContain(expected.password);
    }
  });
});
