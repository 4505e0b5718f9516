/**
 * Debian's Prometheus, node_exporter (only its textfile collector) and Pushgateway on loopback, each on a
 * free port with its own data directory, Prometheus scraping both every second (the Pushgateway with
 * `honor_labels`, as its docs say). `query` asks Prometheus's HTTP API for an instant vector.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePorts, get, startDaemon, stopProcess, waitFor } from '../../sandbox/process.mjs';

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export class TestPrometheus {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'berth-prometheus-'));
  /** node_exporter's --collector.textfile.directory: 0755, so any user can read what berth writes. */
  readonly textfileDir = path.join(this.dir, 'textfile');
  pushgateway = '';
  url = '';
  private pids: Array<{ pid: number | undefined; name: string }> = [];

  async start(): Promise<this> {
    const [prom, exporter, gateway] = (await freePorts(3)) as [number, number, number];
    mkdirSync(this.textfileDir, { recursive: true });
    chmodSync(this.textfileDir, 0o755);
    const log = (name: string) => path.join(this.dir, `${name}.log`);
    this.pids.push({
      pid: startDaemon(
        '/usr/bin/prometheus-node-exporter',
        [
          `--web.listen-address=127.0.0.1:${exporter}`,
          '--collector.disable-defaults',
          '--collector.textfile',
          `--collector.textfile.directory=${this.textfileDir}`,
        ],
        log('node-exporter'),
      ),
      name: 'prometheus-node',
    });
    this.pids.push({
      pid: startDaemon(
        '/usr/bin/prometheus-pushgateway',
        [`--web.listen-address=127.0.0.1:${gateway}`],
        log('pushgateway'),
      ),
      name: 'prometheus-push',
    });
    const config = path.join(this.dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: node',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${exporter}']`,
        '  - job_name: pushgateway',
        '    honor_labels: true',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${gateway}']`,
        '',
      ].join('\n'),
    );
    this.pids.push({
      pid: startDaemon(
        '/usr/bin/prometheus',
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${path.join(this.dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${prom}`,
        ],
        log('prometheus'),
      ),
      name: 'prometheus',
    });
    this.url = `http://127.0.0.1:${prom}`;
    this.pushgateway = `http://127.0.0.1:${gateway}`;
    await waitFor(
      'node_exporter',
      async () => (await get(`http://127.0.0.1:${exporter}/metrics`)).status === 200,
      20_000,
      log('node-exporter'),
    );
    await waitFor(
      'the Pushgateway',
      async () => (await get(`${this.pushgateway}/-/ready`)).status === 200,
      20_000,
      log('pushgateway'),
    );
    await waitFor(
      'Prometheus',
      async () => (await get(`${this.url}/-/ready`)).status === 200,
      30_000,
      log('prometheus'),
    );
    return this;
  }

  /** An instant query's vector (Prometheus's HTTP API); throws on an error answer. */
  async query(expr: string): Promise<PromSample[]> {
    const res = await get(`${this.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = JSON.parse(res.body || '{}') as {
      status?: string;
      error?: string;
      data?: { resultType: string; result: PromSample[] };
    };
    if (body.status !== 'success') throw new Error(`query ${expr}: ${body.error ?? res.status}`);
    return body.data?.result ?? [];
  }

  /** Polls (every 250 ms, at most `timeoutMs`) until `expr` gives at least one sample. */
  async until(expr: string, timeoutMs = 20_000): Promise<PromSample[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await this.query(expr);
      if (result.length > 0 || Date.now() > deadline) return result;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(): Promise<void> {
    for (const { pid, name } of this.pids.reverse()) if (pid !== undefined) await stopProcess(pid, name);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
