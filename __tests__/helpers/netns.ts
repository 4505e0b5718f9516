/**
 * A second "host" for tests: a network namespace joined to this one by a veth pair, with private
 * addresses that exist only here. An `unreachable` route for the whole range goes in first, so no
 * packet for it can leave the machine. Needs root (CI runs as root).
 */
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export const TEST_RANGE = '10.213.0.0/16';

export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8' });
}

/**
 * Adds the `unreachable` route for the whole test range unless it is there; true when this call added
 * it (so only that caller removes it). Another test file may add it at the same moment: "exists" is fine.
 */
export function addUnreachableRoute(): boolean {
  if (ip('route', 'show', TEST_RANGE).includes('unreachable')) return false;
  try {
    ip('route', 'add', 'unreachable', TEST_RANGE);
    return true;
  } catch (error) {
    if (ip('route', 'show', TEST_RANGE).includes('unreachable')) return false;
    throw error;
  }
}

export function removeUnreachableRoute(): void {
  ip('route', 'del', 'unreachable', TEST_RANGE);
}

export class TestNamespace {
  readonly name = `berth-${randomBytes(3).toString('hex')}`;
  /** The address of this (root) side and of the namespace side. */
  readonly hostAddress: string;
  readonly nsAddress: string;
  private readonly veth = `vb${randomBytes(3).toString('hex')}`;
  private addedRoute = false;

  constructor() {
    const subnet = 1 + ((randomBytes(1)[0] ?? 0) % 250);
    this.hostAddress = `10.213.${subnet}.1`;
    this.nsAddress = `10.213.${subnet}.2`;
  }

  /** Made in full, or not at all: a step that fails removes what the earlier ones made. */
  create(): this {
    try {
      this.setUp();
    } catch (error) {
      try {
        this.destroy();
      } catch {
        // the namespace was not made yet
      }
      throw error;
    }
    return this;
  }

  private setUp(): void {
    this.addedRoute = addUnreachableRoute();
    ip('netns', 'add', this.name);
    ip('link', 'add', this.veth, 'type', 'veth', 'peer', 'name', `${this.veth}p`);
    ip('link', 'set', `${this.veth}p`, 'netns', this.name);
    ip('addr', 'add', `${this.hostAddress}/30`, 'dev', this.veth);
    ip('link', 'set', this.veth, 'up');
    ip('netns', 'exec', this.name, 'ip', 'addr', 'add', `${this.nsAddress}/30`, 'dev', `${this.veth}p`);
    ip('netns', 'exec', this.name, 'ip', 'link', 'set', `${this.veth}p`, 'up');
    ip('netns', 'exec', this.name, 'ip', 'link', 'set', 'lo', 'up');
  }

  /** Starts a process inside the namespace. */
  spawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    return spawn('ip', ['netns', 'exec', this.name, command, ...args], { stdio: 'ignore', ...options });
  }

  destroy(): void {
    try {
      ip('netns', 'delete', this.name); // takes the veth pair with it
    } finally {
      if (this.addedRoute) removeUnreachableRoute();
      this.addedRoute = false;
    }
  }
}
