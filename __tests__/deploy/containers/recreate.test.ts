/**
 * strategy recreate's promise, below the engine suites (which run dist/): when the new container does not
 * stay up, it is removed and the old one — stopped and kept as `-previous` — runs again under its own
 * name. Driven on a host that plays docker's container commands against an in-memory table.
 */
import { expect, test } from '@jest/globals';
import { resolveDeploySettings } from '../../../src/deploy/containers/settings.js';
import type { Docker } from '../../../src/deploy/containers/container.js';
import { recreate } from '../../../src/deploy/containers/recreate.js';
import type { StrategyContext } from '../../../src/deploy/containers/context.js';
import type { ExecResult } from '../../../src/exec.js';
import { INPUT_DEFAULTS, readInputs, type InputName } from '../../../src/inputs.js';
import type { Host } from '../../../src/remote/host.js';
import type { Runtime } from '../../../src/runtime/runtime.js';

const OLD = `registry.example.com/worker@sha256:${'1'.repeat(64)}`;
const NEW = `registry.example.com/worker@sha256:${'2'.repeat(64)}`;
const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });

/** docker's container commands against a table; a container of `dies` exits as soon as it starts. */
class DockerTable {
  readonly containers = new Map<string, { status: string; imageRef: string }>();
  readonly log: string[] = [];
  constructor(private readonly dies: string) {}
  host(): Host {
    return {
      label: 'app.example.com',
      remote: true,
      exec: async (argv: readonly string[]) => this.run(argv.slice(1)),
      writeFile: async () => undefined,
    } as unknown as Host;
  }
  private run(args: readonly string[]): ExecResult {
    const a = args[0] === '--config' ? args.slice(2) : args;
    this.log.push(a.slice(0, 2).join(' '));
    const name = a.at(-1) as string;
    switch (a[0]) {
      case 'inspect': {
        const c = this.containers.get(name);
        return c
          ? ok(`${c.status} ${c.status === 'exited' ? 4 : 0} 0 none ${c.imageRef}\n`)
          : { code: 1, stdout: '', stderr: 'No such object' };
      }
      case 'image':
        return a[1] === 'inspect' ? ok('sha256:present\n') : ok('');
      case 'rm':
        this.containers.delete(name);
        return ok();
      case 'rename': {
        const c = this.containers.get(a[1] as string);
        if (!c) return { code: 1, stdout: '', stderr: 'No such container' };
        this.containers.delete(a[1] as string);
        this.containers.set(a[2] as string, c);
        return ok();
      }
      case 'stop':
        this.containers.get(name)!.status = 'exited';
        return ok();
      case 'start':
        this.containers.get(name)!.status = 'running';
        return ok();
      case 'run': {
        const image = name;
        const n = a[a.indexOf('--name') + 1] as string;
        this.containers.set(n, { status: image === this.dies ? 'exited' : 'running', imageRef: image });
        return ok('c0ffee\n');
      }
      default:
        return ok();
    }
  }
}

function context(table: DockerTable): StrategyContext {
  const values: Partial<Record<InputName, string>> = {
    command: 'deploy',
    strategy: 'recreate',
    app: 'worker',
    environment: 'production',
    'verify-time': '1',
    'stop-timeout': '1',
  };
  const inputs = readInputs({ getInput: (n) => values[n] ?? INPUT_DEFAULTS[n], setSecret: () => undefined });
  const noop = () => undefined;
  const runtime = {
    info: noop,
    warning: noop,
    debug: noop,
    setSecret: noop,
    getContext: () => '',
  } as unknown as Runtime;
  const d: Docker = { host: table.host(), docker: 'docker', configDir: '/tmp/berth-docker-x' };
  return {
    action: 'deploy',
    d,
    settings: resolveDeploySettings(inputs),
    runtime,
    state: undefined,
    image: NEW,
    source: {
      transfer: 'pull',
      registry: { provider: 'auto', username: '', password: '', githubToken: '' },
      runtime,
      policy: { delaysMs: [], sleep: async () => undefined },
      localExec: async () => ok(),
      localDocker: 'docker',
      ecr: async () => ({ username: '', password: '' }),
    },
    commit: 'c'.repeat(40),
    step: (_name, fn) => fn(),
    record: noop,
  };
}

test('the new container dies: it is removed and the old one runs again under its own name', async () => {
  const table = new DockerTable(NEW);
  table.containers.set('worker-production', { status: 'running', imageRef: OLD });
  await expect(recreate(context(table))).rejects.toThrow(
    `worker-production did not stay up: the container exited (code 4) within 0 s of starting. It was removed; the previous container (${OLD}) runs again.`,
  );
  expect(Object.fromEntries(table.containers)).toEqual({
    'worker-production': { status: 'running', imageRef: OLD },
  });
  // Stopped and kept before the new one started; renamed back and started after it died.
  expect(table.log.filter((l) => /^(rename|stop|run|start)/.test(l))).toEqual([
    'rename worker-production',
    'stop --time',
    'run --detach',
    'rename worker-production-previous',
    'start worker-production',
  ]);
});

test('the new container stays up: the old one is kept stopped as -previous', async () => {
  const table = new DockerTable('none');
  table.containers.set('worker-production', { status: 'running', imageRef: OLD });
  await expect(recreate(context(table))).resolves.toEqual({ color: '', url: '' });
  expect(Object.fromEntries(table.containers)).toEqual({
    'worker-production': { status: 'running', imageRef: NEW },
    'worker-production-previous': { status: 'exited', imageRef: OLD },
  });
});
