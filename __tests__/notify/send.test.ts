/**
 * The notification against a real HTTP server on loopback that checks each body against its service's
 * documented payload (helpers/webhook-server.ts): Slack, Discord and berth's JSON; retries only on a 5xx,
 * a 429 or a network error; a webhook that never takes it is one warning; the address (its token) is in
 * no log line.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { deployOutcome, type DeployOutcome, type NotifyFormat } from '../../src/notify/message.js';
import { readNotifySettings, sendNotification } from '../../src/notify/send.js';
import { ConfigurationError } from '../../src/errors.js';
import { deadPort, WebhookServer, type Service } from '../helpers/webhook-server.js';
import { fakeRuntime } from '../helpers/static-runtime.js';

const TOKEN = 'XyZ9TokenOfTheHook';
const noWait = { delaysMs: [5, 5], sleep: async (): Promise<void> => {} };

const failed: DeployOutcome = deployOutcome({
  action: 'deploy',
  app: 'shop',
  environment: 'production',
  component: 'shop',
  image: 'ghcr.io/acme/shop@sha256:' + 'a'.repeat(64),
  outputs: {},
  failure: {
    message: 'health check failed on this host\n<!channel> @everyone look\nGET /health answered 503 for 60 s',
    step: 'health',
  },
  startedAt: 0,
  finishedAt: 61_000,
  serverUrl: 'https://github.com',
  repository: 'acme/shop',
  runId: '1234',
  commit: 'ffac537e6cbbf934b08745a378932722df287a53',
});
const deployed: DeployOutcome = {
  ...failed,
  result: 'deployed',
  failedStep: '',
  lastLines: [],
  url: 'https://shop.example.com',
};

let servers: WebhookServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
});
async function serve(service: Service): Promise<WebhookServer> {
  const s = await new WebhookServer(service).start();
  servers.push(s);
  return s;
}

function settingsFor(url: string, format: NotifyFormat | 'auto') {
  const s = readNotifySettings({ notifyWebhook: url, notifyFormat: format });
  if (s === undefined) throw new Error('no settings');
  return s;
}

/** Every line the runtime recorded must be clear of the webhook's address and its token. */
function expectNoAddress(logs: readonly string[], url: string): void {
  for (const line of logs) {
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain(url);
  }
}

describe.each<Service>(['slack', 'discord', 'json'])('%s', (service) => {
  test.each([
    ['a failure', failed],
    ['a success', deployed],
  ])('%s: one body the service takes', async (_, outcome) => {
    const server = await serve(service);
    const url = `${server.url}/hooks/${TOKEN}`;
    const r = fakeRuntime({ command: 'deploy' }, '.');
    const sent = await sendNotification(settingsFor(url, service), outcome, r.runtime, { retry: noWait });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.problems).toEqual([]);
    expect(server.received[0]?.path).toBe(`/hooks/${TOKEN}`);
    expect(sent).toBe(true);
    expect(r.logs).toEqual([`the notify webhook (${service}): message sent (${outcome.result})`]);
    expectNoAddress(r.logs, url);
    const text = JSON.stringify(server.received[0]?.body);
    if (service === 'json') {
      // Data, not markup: the lines as they were (JSON's own escaping), for the receiver to render.
      expect((server.received[0]?.body as { lastLines: string[] }).lastLines).toEqual(outcome.lastLines);
    } else {
      // Markup: no mention survives, and the failed step is said.
      expect(text).not.toContain('<!channel>');
      expect(text).not.toMatch(/@everyone/);
      if (outcome === failed) expect(text).toContain('health');
    }
  });
});

test('the check is real: a Slack body sent to the Discord server is refused as malformed', async () => {
  const server = await serve('discord');
  const r = fakeRuntime({ command: 'deploy' }, '.');
  const url = `${server.url}/api/webhooks/1/${TOKEN}`;
  const sent = await sendNotification(settingsFor(url, 'slack'), failed, r.runtime, { retry: noWait });
  expect(sent).toBe(false);
  expect(server.received).toHaveLength(1); // a 400 is not retried
  expect(server.received[0]?.problems).toContain('allowed_mentions: not {parse: []}');
  expect(r.logs).toEqual([
    "warning: the notify webhook (slack) did not take the message: HTTP 400 after 1 attempt. The deploy's result stands (failed).",
  ]);
});

test('500 thrice: three attempts, then one warning naming the format and status, never the address', async () => {
  const server = await serve('slack');
  server.script.push(500, 500, 500);
  const r = fakeRuntime({ command: 'deploy' }, '.');
  const url = `${server.url}/services/T0/B0/${TOKEN}`;
  expect(await sendNotification(settingsFor(url, 'slack'), failed, r.runtime, { retry: noWait })).toBe(false);
  expect(server.received).toHaveLength(3);
  expect(r.logs.filter((l) => l.startsWith('warning: '))).toEqual([
    "warning: the notify webhook (slack) did not take the message: HTTP 500 after 3 attempts. The deploy's result stands (failed).",
  ]);
  expect(r.logs.filter((l) => l.includes('; retry '))).toHaveLength(2);
  expectNoAddress(r.logs, url);
});

test('a 429 and a 502 are retried; the third attempt lands', async () => {
  const server = await serve('discord');
  server.script.push(429, 502);
  const r = fakeRuntime({ command: 'deploy' }, '.');
  const url = `${server.url}/api/webhooks/1/${TOKEN}`;
  expect(await sendNotification(settingsFor(url, 'discord'), deployed, r.runtime, { retry: noWait })).toBe(
    true,
  );
  expect(server.received.map((x) => x.problems)).toEqual([[], [], []]);
  expect(r.logs.filter((l) => l.startsWith('warning: '))).toEqual([]);
});

test('connection refused: retried, one warning with the error code only', async () => {
  const port = await deadPort();
  const url = `http://127.0.0.1:${port}/hooks/${TOKEN}`;
  const r = fakeRuntime({ command: 'deploy' }, '.');
  expect(await sendNotification(settingsFor(url, 'json'), failed, r.runtime, { retry: noWait })).toBe(false);
  expect(r.logs.at(-1)).toBe(
    "warning: the notify webhook (json) did not take the message: ECONNREFUSED after 3 attempts. The deploy's result stands (failed).",
  );
  expect(r.logs.filter((l) => l.startsWith('warning: '))).toHaveLength(1);
  expectNoAddress(r.logs, url);
  // Not even the port: the address is the secret, whole.
  for (const line of r.logs) expect(line).not.toContain(String(port));
});

test.each([
  ['not a URL', `hooks.slack.com/services/${TOKEN}`],
  ['not http(s)', `ftp://example.com/${TOKEN}`],
])('notify-webhook %s: a mistake that does not quote the secret', (_, value) => {
  let error: unknown;
  try {
    readNotifySettings({ notifyWebhook: value, notifyFormat: 'auto' });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toMatch(/^notify-webhook: expected the http\(s\) address/);
  expect((error as Error).message).not.toContain(TOKEN);
});

test.each([
  ['https://hooks.slack.com/services/T0/B0/x', 'auto', 'slack'],
  ['https://discord.com/api/webhooks/1/x', 'auto', 'discord'],
  ['https://example.com/hook', 'auto', 'json'],
  ['https://example.com/hook', 'slack', 'slack'],
])('%s with %s → %s', (url, format, expected) => {
  expect(settingsFor(url, format as NotifyFormat | 'auto').format).toBe(expected);
});

test('no webhook: no notification', () => {
  expect(readNotifySettings({ notifyWebhook: '', notifyFormat: 'auto' })).toBeUndefined();
});
