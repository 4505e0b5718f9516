/**
 * The deploy command's notification, end to end in process: a bucket deploy against a hand-written store
 * sends its one message to a real loopback webhook that checks the body's shape; a failed deploy's
 * message names the failed step and the step still fails with the deploy's own error; a dead webhook is
 * one warning and changes nothing of the deploy's result; the webhook's address is in no log line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { runDeploy } from '../../src/commands/deploy.js';
import type { ObjectStore, PutRequest, StoredObject } from '../../src/deploy/static/s3.js';
import type { InputName } from '../../src/inputs.js';
import { fakeRuntime, TEST_SHA } from '../helpers/static-runtime.js';
import { deadPort, WebhookServer, type Service } from '../helpers/webhook-server.js';

const TOKEN = 'T0KEN-of-the-webhook-42';

class MemoryStore implements ObjectStore {
  readonly address = 'https://site.s3.ap-northeast-2.amazonaws.com';
  readonly objects = new Map<string, Buffer>();
  failList: Error | undefined;
  async list(prefix: string): Promise<StoredObject[]> {
    if (this.failList) throw this.failList;
    return [...this.objects.keys()]
      .filter((k) => k.startsWith(prefix))
      .map((key) => ({ key, size: 0, etag: '' }));
  }
  async get(key: string): Promise<Buffer | undefined> {
    return this.objects.get(key);
  }
  async put(r: PutRequest): Promise<void> {
    this.objects.set(r.key, r.body);
  }
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
  close(): void {}
}

let work: string;
let server: WebhookServer | undefined;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'berth-notify-'));
  mkdirSync(path.join(work, 'build'));
  writeFileSync(path.join(work, 'build', 'index.html'), '<h1>shop</h1>');
});
afterEach(async () => {
  rmSync(work, { recursive: true, force: true });
  await server?.stop();
  server = undefined;
});

async function deploy(store: MemoryStore, values: Partial<Record<InputName, string>>) {
  const r = fakeRuntime(
    {
      command: 'deploy',
      strategy: 'static',
      component: 'frontend',
      environment: 'production',
      dir: 'build',
      's3-bucket': 'site',
      ...values,
    },
    work,
    { sha: TEST_SHA, 'run-id': '1234', repository: 'acme/shop', 'server-url': 'https://github.com' },
  );
  let error: unknown;
  try {
    await runDeploy(r.inputs, r.runtime, {
      createStore: async () => store,
      sleep: async () => {},
      notifyRetry: { delaysMs: [1, 1], sleep: async () => {} },
    });
  } catch (e) {
    error = e;
  }
  const all = [
    ...r.logs,
    ...r.summary,
    ...Object.values(r.outputs),
    error instanceof Error ? error.message : '',
  ];
  return { ...r, error, all };
}

async function serve(service: Service): Promise<string> {
  server = await new WebhookServer(service).start();
  return `${server.url}/api/webhooks/1/${TOKEN}`;
}

test.each<Service>(['slack', 'discord', 'json'])(
  '%s: a deploy sends one message the service takes, with the site and the run',
  async (service) => {
    const url = await serve(service);
    const { error, outputs, all } = await deploy(new MemoryStore(), {
      'notify-webhook': url,
      'notify-format': service,
    });
    expect(error).toBeUndefined();
    expect(outputs['files-uploaded']).toBe('1');
    expect(server?.received).toHaveLength(1);
    expect(server?.received[0]?.problems).toEqual([]);
    const body = JSON.stringify(server?.received[0]?.body);
    expect(body).toContain('https://github.com/acme/shop/actions/runs/1234');
    expect(body).toContain('https://site.s3.ap-northeast-2.amazonaws.com/');
    expect(body).toContain('deployed');
    for (const line of all) expect(line).not.toContain(TOKEN);
  },
);

test('a failed deploy: the message names the step and the error; the step fails with the deploy’s error', async () => {
  const url = await serve('json');
  const store = new MemoryStore();
  store.failList = new Error('AccessDenied: s3:ListBucket on site\nask your admin for the policy');
  const { error, all, logs } = await deploy(store, { 'notify-webhook': url });
  expect(error).toBe(store.failList);
  expect(server?.received).toHaveLength(1);
  expect(server?.received[0]?.problems).toEqual([]);
  expect(server?.received[0]?.body).toMatchObject({
    result: 'failed',
    app: 'frontend',
    environment: 'production',
    failedStep: 'list bucket',
    lastLines: ['AccessDenied: s3:ListBucket on site', 'ask your admin for the policy'],
    runUrl: 'https://github.com/acme/shop/actions/runs/1234',
  });
  expect(logs).toContain('the notify webhook (json): message sent (failed)');
  for (const line of all) expect(line).not.toContain(TOKEN);
});

test('a dead webhook (connection refused): one warning, the deploy and its outputs unchanged', async () => {
  const url = `http://127.0.0.1:${await deadPort()}/hooks/${TOKEN}`;
  const { error, outputs, logs, all } = await deploy(new MemoryStore(), { 'notify-webhook': url });
  expect(error).toBeUndefined();
  expect(outputs['files-uploaded']).toBe('1');
  expect(outputs.url).toBe('https://site.s3.ap-northeast-2.amazonaws.com/');
  expect(logs.filter((l) => l.startsWith('warning: '))).toEqual([
    "warning: the notify webhook (json) did not take the message: ECONNREFUSED after 3 attempts. The deploy's result stands (deployed).",
  ]);
  for (const line of all) expect(line).not.toContain(TOKEN);
});

test('a webhook answering 500 thrice after a failed deploy: one warning, the deploy’s own error stands', async () => {
  const url = await serve('slack');
  server?.script.push(500, 500, 500);
  const store = new MemoryStore();
  store.failList = new Error('SlowDown');
  const { error, logs, all } = await deploy(store, { 'notify-webhook': url, 'notify-format': 'slack' });
  expect(error).toBe(store.failList);
  expect(server?.received).toHaveLength(3);
  expect(logs.filter((l) => l.startsWith('warning: '))).toEqual([
    "warning: the notify webhook (slack) did not take the message: HTTP 500 after 3 attempts. The deploy's result stands (failed).",
  ]);
  for (const line of all) expect(line).not.toContain(TOKEN);
});

test('a mistyped webhook fails before anything is deployed, without quoting it', async () => {
  const store = new MemoryStore();
  const { error } = await deploy(store, { 'notify-webhook': `hooks.example.com/${TOKEN}` });
  expect((error as Error).message).toMatch(/^notify-webhook: expected the http\(s\) address/);
  expect((error as Error).message).not.toContain(TOKEN);
  expect(store.objects.size).toBe(0);
});

test('no webhook: no message, no log of one', async () => {
  const { error, logs } = await deploy(new MemoryStore(), {});
  expect(error).toBeUndefined();
  expect(logs.filter((l) => l.includes('notify webhook'))).toEqual([]);
});
