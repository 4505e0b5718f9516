/**
 * `build` after a `docker login` of the job's own (what docker/login-action does, into DOCKER_CONFIG),
 * in-process against the Docker engine and a registry with htpasswd auth on loopback: with no
 * registry-username / registry-password, the job's login pushes (from `auths`, and from a credential
 * helper named by `credsStore`); without it the same run fails; berth's own login still wins and never
 * lands in the job's store; the private config is 0600 and gone afterwards; no password in the log.
 *
 * @needs docker registry htpasswd busybox
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { runBuild } from '../src/commands/build.js';
import { tearDownAll } from '../sandbox/process.mjs';
import { busyboxContext, removeImages, TestRegistry } from './helpers/registry.js';
import { fakeRuntime } from './helpers/static-runtime.js';

const SHA = '5c3a9e7b1d2f4a6c8e0b1d3f5a7c9e1b2d4f6a8c';
const DOCKER = '/usr/bin/docker';
let registry: TestRegistry;
let context: string;
const saved = { DOCKER_CONFIG: process.env.DOCKER_CONFIG, PATH: process.env.PATH };

beforeAll(async () => {
  registry = await new TestRegistry().start();
  context = busyboxContext('job-login');
});
afterAll(() => tearDownAll([() => registry && removeImages(`${registry.host}/`), () => registry?.stop()]));
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** A DOCKER_CONFIG directory logged in to the registry with `docker login`, as login-action does. */
function jobLogin(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-job-docker-'));
  execFileSync(DOCKER, ['--config', dir, 'login', registry.host, '-u', registry.user, '--password-stdin'], {
    input: registry.password,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  return dir;
}

async function build(repo: string, inputs: Record<string, string> = {}) {
  const r = fakeRuntime(
    { command: 'build', image: `${registry.host}/${repo}`, context, ...inputs },
    context,
    {
      sha: SHA,
      ref: 'refs/heads/main',
    },
  );
  const temp = mkdtempSync(path.join(tmpdir(), 'berth-job-temp-'));
  r.runtime.tempDir = temp;
  // The private config while it exists: its mode, and what it holds.
  const seen: Array<{ mode: number; json: string }> = [];
  const info = r.runtime.info;
  r.runtime.info = (m) => {
    for (const f of readdirSync(temp).filter((n) => n.startsWith('berth-docker-'))) {
      const file = path.join(temp, f, 'config.json');
      try {
        seen.push({ mode: statSync(file).mode & 0o777, json: readFileSync(file, 'utf8') });
      } catch {
        // not written yet
      }
    }
    info(m);
  };
  let error: Error | undefined;
  await runBuild(r.inputs, r.runtime, { docker: DOCKER }).catch((e: unknown) => (error = e as Error));
  return { ...r, error, temp, seen };
}

function expectNoPassword(r: { logs: string[]; outputs: Record<string, string>; summary: string[] }) {
  const text = [...r.logs, JSON.stringify(r.outputs), ...r.summary].join('\n');
  expect(text).not.toContain(registry.password);
  expect(text).not.toContain(Buffer.from(`${registry.user}:${registry.password}`).toString('base64'));
}

describe("the job's docker login, carried into berth's private config", () => {
  test('a docker login (auths) before berth: build and push with no registry-username / registry-password', async () => {
    process.env.DOCKER_CONFIG = jobLogin();
    const r = await build('berth-test/job-auths');
    expect(r.error).toBeUndefined();
    const served = await registry.manifest('berth-test/job-auths', 'sha-5c3a9e7');
    expect(r.outputs.digest).toBe(served?.digest);
    expect(r.logs).toContain(
      `registry ${registry.host}: using the job's docker login (no registry-username / registry-password given)`,
    );
    expect(r.seen.length).toBeGreaterThan(0);
    for (const s of r.seen) expect(s.mode).toBe(0o600);
    expect(readdirSync(r.temp)).toEqual([]);
    expectNoPassword(r);
  }, 180_000);

  test('without the job’s login the same build fails, naming the registry and the inputs', async () => {
    process.env.DOCKER_CONFIG = mkdtempSync(path.join(tmpdir(), 'berth-job-docker-empty-'));
    const r = await build('berth-test/job-none');
    expect(r.error?.message).toMatch(
      new RegExp(`^registry-username / registry-password: the registry ${registry.host} needs credentials`),
    );
    expect(readdirSync(r.temp)).toEqual([]);
  }, 60_000);

  test('a credential helper (credsStore) answers for the registry; berth’s own login goes to its file, not to the helper', async () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'berth-cred-helper-'));
    const calls = path.join(bin, 'calls');
    const helper = path.join(bin, 'docker-credential-berthtest');
    writeFileSync(
      helper,
      [
        '#!/bin/sh',
        `echo "$1" >> ${calls}`,
        'read -r server',
        `[ "$1" = get ] && printf '{"ServerURL":"%s","Username":"${registry.user}","Secret":"${registry.password}"}' "$server"`,
        'exit 0',
      ].join('\n'),
    );
    chmodSync(helper, 0o755);
    process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'berth-job-docker-store-'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: {}, credsStore: 'berthtest' }));
    process.env.DOCKER_CONFIG = dir;

    const viaHelper = await build('berth-test/job-helper');
    expect(viaHelper.error).toBeUndefined();
    expect(viaHelper.outputs.digest).toMatch(/^sha256:/);
    expect(readFileSync(calls, 'utf8')).not.toContain('store');
    expectNoPassword(viaHelper);

    // berth's own credentials: they win, and docker login writes them to the private file only.
    writeFileSync(calls, '');
    const own = await build('berth-test/job-own', {
      'registry-username': registry.user,
      'registry-password': registry.password,
      force: 'true',
    });
    expect(own.error).toBeUndefined();
    expect(readFileSync(calls, 'utf8').split('\n')).not.toContain('store');
    const during = own.seen.map((s) => JSON.parse(s.json) as { credHelpers?: Record<string, string> });
    expect(during.some((c) => c.credHelpers?.[registry.host] === '')).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'))).toEqual({
      auths: {},
      credsStore: 'berthtest',
    });
    expect(readdirSync(own.temp)).toEqual([]);
  }, 180_000);
});
