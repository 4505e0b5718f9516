/** What a container strategy (blue-green, recreate) gets on one host, lock held, and gives back. */
import type { CommandHost, HostFiles, HostHttp } from '../../remote/host.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { DeployAction } from '../model.js';
import type { DeployState } from '../state.js';
import type { Docker, ImageSource } from './container.js';
import type { DeploySettings } from './settings.js';

export interface StrategyContext {
  action: DeployAction;
  /** blue-green also reads and writes nginx's files and asks over HTTP (health, the switch's probe). */
  d: Docker<CommandHost & HostFiles & HostHttp>;
  settings: DeploySettings;
  runtime: Runtime;
  /** What is live now, as recorded on the host. */
  state: DeployState | undefined;
  /** The image to go live (`repo@sha256:…`). */
  image: string;
  source: Omit<ImageSource, 'image'>;
  commit: string;
  /** Runs a named step and records its time in the timeline. */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Records a time measured inside a step (the drain after a reload). */
  record(name: string, ms: number): void;
}

export interface StrategyResult {
  /** `blue`/`green`; strategy recreate has none. */
  color: 'blue' | 'green' | '';
  url: string;
}
