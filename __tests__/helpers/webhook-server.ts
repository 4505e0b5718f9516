/**
 * A loopback incoming-webhook server that checks each body against the payload its service documents
 * and answers as that service does: Slack's incoming webhook (`{text, blocks?}`, Block Kit sections and
 * context; `200 ok`, `400 invalid_payload`), Discord's execute-webhook (`content?`, `embeds?`,
 * `allowed_mentions`; `204`, `400` with a JSON error), and berth's own JSON document (the README's
 * "Notifications"). A body that breaks its shape is recorded as a problem and refused with a 400.
 * `script` scripts the statuses of the next answers (a 500, a 429) before the service's own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Service = 'slack' | 'discord' | 'json';

export interface Received {
  path: string;
  contentType: string;
  body: unknown;
  /** What is wrong with the body for its service; empty when it fits. */
  problems: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(
  o: Record<string, unknown>,
  allowed: readonly string[],
  where: string,
  out: string[],
): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) out.push(`${where}: unexpected key ${k}`);
}

function textObject(v: unknown, max: number, where: string, out: string[]): void {
  if (!isObject(v)) return void out.push(`${where}: not a text object`);
  onlyKeys(v, ['type', 'text', 'emoji', 'verbatim'], where, out);
  if (v.type !== 'mrkdwn' && v.type !== 'plain_text') out.push(`${where}.type: ${String(v.type)}`);
  if (typeof v.text !== 'string' || v.text === '') out.push(`${where}.text: not a non-empty string`);
  else if (v.text.length > max) out.push(`${where}.text: longer than ${max}`);
}

/** Slack's incoming webhook: `text` (required with blocks, as the notification's fallback), `blocks`. */
export function slackProblems(body: unknown): string[] {
  const out: string[] = [];
  if (!isObject(body)) return ['not a JSON object'];
  onlyKeys(body, ['text', 'blocks'], 'body', out);
  if (typeof body.text !== 'string' || body.text === '') out.push('text: not a non-empty string');
  if (body.blocks === undefined) return out;
  if (!Array.isArray(body.blocks) || body.blocks.length > 50) return [...out, 'blocks: not an array of ≤ 50'];
  body.blocks.forEach((b: unknown, i) => {
    const at = `blocks[${i}]`;
    if (!isObject(b)) return void out.push(`${at}: not an object`);
    if (b.type === 'section') {
      onlyKeys(b, ['type', 'text', 'fields', 'block_id'], at, out);
      if (b.text === undefined && b.fields === undefined) out.push(`${at}: neither text nor fields`);
      if (b.text !== undefined) textObject(b.text, 3000, `${at}.text`, out);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length === 0 || b.fields.length > 10)
          out.push(`${at}.fields: not an array of 1–10`);
        else b.fields.forEach((f: unknown, j) => textObject(f, 2000, `${at}.fields[${j}]`, out));
      }
    } else if (b.type === 'context') {
      onlyKeys(b, ['type', 'elements', 'block_id'], at, out);
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10)
        out.push(`${at}.elements: not an array of 1–10`);
      else b.elements.forEach((e: unknown, j) => textObject(e, 3000, `${at}.elements[${j}]`, out));
    } else if (b.type !== 'divider') {
      out.push(`${at}.type: ${String(b.type)} is not a block berth sends`);
    }
  });
  return out;
}

/** Discord's execute-webhook JSON params, with berth's rule that nothing may ping. */
export function discordProblems(body: unknown): string[] {
  const out: string[] = [];
  if (!isObject(body)) return ['not a JSON object'];
  onlyKeys(body, ['content', 'embeds', 'allowed_mentions', 'username', 'avatar_url'], 'body', out);
  if (body.content === undefined && body.embeds === undefined) out.push('neither content nor embeds');
  if (body.content !== undefined && (typeof body.content !== 'string' || body.content.length > 2000))
    out.push('content: not a string of ≤ 2000');
  const am = body.allowed_mentions;
  if (!isObject(am) || !Array.isArray(am.parse) || am.parse.length !== 0)
    out.push('allowed_mentions: not {parse: []}');
  if (body.embeds === undefined) return out;
  if (!Array.isArray(body.embeds) || body.embeds.length > 10) return [...out, 'embeds: not an array of ≤ 10'];
  let total = 0;
  body.embeds.forEach((e: unknown, i) => {
    const at = `embeds[${i}]`;
    if (!isObject(e)) return void out.push(`${at}: not an object`);
    onlyKeys(e, ['title', 'description', 'color', 'fields', 'url', 'timestamp'], at, out);
    if (typeof e.title !== 'string' || e.title.length > 256) out.push(`${at}.title: not a string of ≤ 256`);
    if (typeof e.description !== 'string' || e.description.length > 4096)
      out.push(`${at}.description: not a string of ≤ 4096`);
    if (!Number.isInteger(e.color) || (e.color as number) < 0 || (e.color as number) > 0xffffff)
      out.push(`${at}.color: not an RGB integer`);
    if (e.url !== undefined && (typeof e.url !== 'string' || !/^https?:\/\//.test(e.url)))
      out.push(`${at}.url: not an http(s) address`);
    if (
      typeof e.timestamp !== 'string' ||
      Number.isNaN(Date.parse(e.timestamp)) ||
      !e.timestamp.includes('T')
    )
      out.push(`${at}.timestamp: not ISO 8601`);
    total += String(e.title ?? '').length + String(e.description ?? '').length;
    if (!Array.isArray(e.fields) || e.fields.length > 25) return void out.push(`${at}.fields: not ≤ 25`);
    e.fields.forEach((f: unknown, j) => {
      const fat = `${at}.fields[${j}]`;
      if (!isObject(f)) return void out.push(`${fat}: not an object`);
      onlyKeys(f, ['name', 'value', 'inline'], fat, out);
      if (typeof f.name !== 'string' || f.name === '' || f.name.length > 256) out.push(`${fat}.name`);
      if (typeof f.value !== 'string' || f.value === '' || f.value.length > 1024) out.push(`${fat}.value`);
      if (typeof f.inline !== 'boolean') out.push(`${fat}.inline: not a boolean`);
      total += String(f.name ?? '').length + String(f.value ?? '').length;
    });
  });
  if (total > 6000) out.push('embeds: more than 6000 characters in all');
  return out;
}

const JSON_FIELDS: Record<string, 'string' | 'number' | 'lines'> = {
  berth: 'string',
  version: 'number',
  action: 'string',
  result: 'string',
  app: 'string',
  environment: 'string',
  component: 'string',
  image: 'string',
  durationMs: 'number',
  url: 'string',
  runUrl: 'string',
  repository: 'string',
  commit: 'string',
  failedStep: 'string',
  lastLines: 'lines',
  finishedAt: 'string',
};

/** berth's JSON document, exactly the fields the README lists. */
export function jsonProblems(body: unknown): string[] {
  const out: string[] = [];
  if (!isObject(body)) return ['not a JSON object'];
  onlyKeys(body, Object.keys(JSON_FIELDS), 'body', out);
  for (const [name, kind] of Object.entries(JSON_FIELDS)) {
    const v = body[name];
    const ok =
      kind === 'lines' ? Array.isArray(v) && v.every((l) => typeof l === 'string') : typeof v === kind;
    if (!ok) out.push(`${name}: not a ${kind}`);
  }
  if (body.berth !== 'deploy' || body.version !== 1) out.push('not berth deploy document version 1');
  if (!['deploy', 'rollback'].includes(String(body.action))) out.push(`action: ${String(body.action)}`);
  if (!['deployed', 'rolled back', 'failed'].includes(String(body.result)))
    out.push(`result: ${String(body.result)}`);
  return out;
}

const CHECK: Record<Service, (body: unknown) => string[]> = {
  slack: slackProblems,
  discord: discordProblems,
  json: jsonProblems,
};

export class WebhookServer {
  readonly received: Received[] = [];
  /** Statuses to answer with before the service's own (e.g. [500, 500]). */
  readonly script: number[] = [];
  private server: Server | undefined;
  url = '';

  constructor(private readonly service: Service) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      req.on('end', () => {
        let body: unknown;
        let problems: string[];
        try {
          body = JSON.parse(text);
          problems = CHECK[this.service](body);
        } catch {
          body = text;
          problems = ['not JSON'];
        }
        const contentType = req.headers['content-type'] ?? '';
        if (req.method !== 'POST') problems.push(`method ${req.method ?? ''}`);
        if (!contentType.startsWith('application/json')) problems.push(`content-type ${contentType}`);
        this.received.push({ path: req.url ?? '', contentType, body, problems });
        const scripted = this.script.shift();
        if (scripted !== undefined) return void res.writeHead(scripted).end('scripted');
        if (problems.length > 0) {
          if (this.service === 'slack') return void res.writeHead(400).end('invalid_payload');
          return void res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ code: 50035, message: 'Invalid Form Body' }));
        }
        if (this.service === 'discord') return void res.writeHead(204).end();
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A loopback port nothing listens on (bound, then closed). */
export async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
