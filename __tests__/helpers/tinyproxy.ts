/**
 * A real HTTP proxy for tests: Debian's tinyproxy on 127.0.0.1 and a free port, in the foreground,
 * allowing CONNECT only to the given ports, with a log this test reads to see what went through it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, listening } from '../../sandbox/process.mjs';

export class TestProxy {
  url = '';
  private process: ChildProcess | undefined;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'berth-tinyproxy-'));
  private readonly log = path.join(this.dir, 'tinyproxy.log');
  private offset = 0;

  /** `connectPorts`: the only ports CONNECT may reach (tinyproxy allows every port when none is given). */
  async start(connectPorts: number[], options: { basicAuth?: { user: string; password: string } } = {}) {
    const port = await freePort();
    writeFileSync(
      path.join(this.dir, 'tinyproxy.conf'),
      [
        `Port ${port}`,
        'Listen 127.0.0.1',
        'Allow 127.0.0.1',
        'Timeout 30',
        'MaxClients 20',
        `LogFile "${this.log}"`,
        'LogLevel Info',
        'DisableViaHeader Yes',
        ...(options.basicAuth ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`] : []),
        ...connectPorts.map((p) => `ConnectPort ${p}`),
        '',
      ].join('\n'),
    );
    writeFileSync(this.log, '');
    this.process = spawn('tinyproxy', ['-d', '-c', path.join(this.dir, 'tinyproxy.conf')], {
      stdio: 'ignore',
    });
    const exited = new Promise<never>((_, reject) => {
      this.process?.once('exit', (code) => reject(new Error(`tinyproxy exited (${code})`)));
      this.process?.once('error', (error) => reject(new Error(`tinyproxy: ${error.message}`)));
    });
    exited.catch(() => undefined);
    for (let i = 0; i < 100; i++) {
      const open = await Promise.race([listening('127.0.0.1', port), exited]).catch(async (error) => {
        await this.stop();
        throw error;
      });
      if (open) {
        this.url = `http://127.0.0.1:${port}`;
        return this;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.stop(); // nothing left running, nothing to keep jest from exiting
    throw new Error(`tinyproxy did not listen on 127.0.0.1:${port}`);
  }

  /** Every request the proxy received since the start or `mark()` (`CONNECT 10.213.7.1:5000`), in order. */
  requests(): string[] {
    return [...this.text().matchAll(/Request \(file descriptor \d+\): (\S+ \S+)/g)].map(
      (m) => m[1] as string,
    );
  }

  /** The targets of the CONNECT requests among them (`10.213.7.1:5000`). */
  connects(): string[] {
    return this.requests().flatMap((r) => (r.startsWith('CONNECT ') ? [r.slice('CONNECT '.length)] : []));
  }

  /** The log since the start or `mark()`, for a failing expectation's message. */
  text(): string {
    return readFileSync(this.log).subarray(this.offset).toString('utf8');
  }

  /** Later `requests()` and `text()` start here (tinyproxy keeps its log open: it is not truncated). */
  mark(): void {
    this.offset = statSync(this.log).size;
  }

  async stop(): Promise<void> {
    if (this.process && this.process.exitCode === null) {
      const gone = new Promise((r) => this.process?.once('exit', r));
      this.process.kill();
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
