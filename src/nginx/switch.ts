/**
 * The reload-free blue/green switch on one host: berth's include (src/nginx/upstream.ts) installed once,
 * the marker file flipped for every deploy and rollback, and a probe through nginx itself that says
 * which colour its workers pick — checked after every change, before the old colour is stopped.
 */
import { randomBytes } from 'node:crypto';
import type { Color } from '../docker/run-args.js';
import type { HostFiles, HostHttp } from '../remote/host.js';
import { parseListeners, PROC_NET_TCP } from '../remote/proc-net.js';
import {
  chooseEntryPort,
  colourUpstream,
  markerFor,
  parseLegacyUpstreamPort,
  parseProbeAnswer,
  parseSwitchInclude,
  PROBE_HEADER,
  renderSwitchInclude,
  supportsUpstreamKeepaliveTimeout,
} from './upstream.js';
import type { NginxControl } from './control.js';

export interface SwitchPlace {
  upstreamFile: string;
  name: string;
  /** Where the colours are published (loopback). */
  address: string;
  ports: { blue: number; green: number };
  /** `shop production`. */
  note: string;
}

/** What is on the host now. */
export interface InstalledSwitch {
  /** The include's text, undefined when there is none. */
  text: string | undefined;
  /** Port and token of berth's switch, when the include is in that form. */
  entryPort?: number;
  token?: string;
  /** The colour whose port an older include (before the switch) pointed `upstream <name>` at. */
  legacyColour?: Color;
}

export class NginxSwitch {
  readonly marker: string;

  constructor(
    private readonly host: HostFiles & HostHttp,
    private readonly nginx: NginxControl,
    readonly place: SwitchPlace,
  ) {
    this.marker = markerFor(place.upstreamFile);
  }

  async read(): Promise<InstalledSwitch> {
    const text = await this.host.readFile(this.place.upstreamFile);
    if (text === undefined) return { text };
    const parsed = parseSwitchInclude(text, this.place.name);
    if (parsed) return { text, ...parsed };
    const port = parseLegacyUpstreamPort(text, this.place.name);
    const { blue, green } = this.place.ports;
    const legacyColour = port === blue ? 'blue' : port === green ? 'green' : undefined;
    return { text, ...(legacyColour ? { legacyColour } : {}) };
  }

  /**
   * The include as it should be: the installed switch's port and token are kept (so an unchanged setup
   * renders the same bytes and needs no reload); a new install gets a free port and a new token.
   */
  async render(installed: InstalledSwitch): Promise<{ text: string; entryPort: number; token: string }> {
    const entryPort = installed.entryPort ?? (await this.freeEntryPort());
    const token = installed.token ?? randomBytes(8).toString('hex');
    // An installed switch with the colours' keep-alive timeout was accepted by this nginx: no need to ask.
    const upstreamKeepaliveTimeout =
      (installed.entryPort !== undefined && /^ {4}keepalive_timeout \d+ms;$/m.test(installed.text ?? '')) ||
      supportsUpstreamKeepaliveTimeout(await this.nginx.version());
    const text = renderSwitchInclude({
      ...this.place,
      entryPort,
      marker: this.marker,
      token,
      upstreamKeepaliveTimeout,
    });
    return { text, entryPort, token };
  }

  /** The colour nginx's workers pick now, asked through the switch; undefined when it does not answer so. */
  async probe(entryPort: number, token: string): Promise<Color | undefined> {
    const answer = await this.host.httpGet('127.0.0.1', entryPort, '/', { [PROBE_HEADER]: token });
    return answer.status === 200 ? parseProbeAnswer(answer.body, this.place.name) : undefined;
  }

  /** Points the marker at `colour` (green: the file exists; blue: it does not). Atomic either way. */
  async setMarker(colour: Color): Promise<void> {
    if (colour === 'green') {
      await this.host.writeFile(
        this.marker,
        `berth: nginx proxies ${this.place.note} to ${colourUpstream(this.place.name, 'green')} while this file exists\n`,
      );
    } else {
      await this.host.remove(this.marker);
    }
  }

  /**
   * The switch: the marker flipped, then nginx asked which colour it picks. When its workers do not
   * see the change (a directory they may not search, a config that is not loaded), the marker is put
   * back and the error says why; the live colour keeps serving.
   */
  async switchTo(colour: Color, entryPort: number, token: string, previous: Color): Promise<void> {
    await this.setMarker(colour);
    const seen = await this.probe(entryPort, token);
    if (seen === colour) return;
    await this.setMarker(previous);
    throw new Error(
      `nginx did not follow the switch to ${colour}: asked through berth's switch on 127.0.0.1:${entryPort}, it ${seen === undefined ? 'did not answer' : `still picks ${seen}`}. The marker ${this.marker} is back as it was and ${previous} keeps serving. ${seen === undefined ? `Is ${this.place.upstreamFile} still included in nginx's http block?` : "nginx's worker user must be able to search every directory above the marker (berth doctor checks it)."}`,
    );
  }

  private async freeEntryPort(): Promise<number> {
    const texts = await Promise.all(PROC_NET_TCP.map((f) => this.host.readFile(f).catch(() => undefined)));
    const taken = new Set<number>([this.place.ports.blue, this.place.ports.green]);
    for (const text of texts)
      for (const l of text === undefined ? [] : parseListeners(text)) taken.add(l.port);
    return chooseEntryPort(this.place.name, taken);
  }
}
