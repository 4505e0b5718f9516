/** What a deploy strategy gets from the command (on one host, lock held) and gives back. */
import type { Inputs } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Docker, ImageSource } from './container.js';
import type { DeployState } from './state.js';

export interface DeploySettings {
  app: string;
  environment: string;
  containerPort: number | undefined;
  ports: { blue: number; green: number } | undefined;
  bindAddress: string;
  upstreamFile: string;
  upstreamName: string;
  /** The `state-dir` input; empty: the host's default (`~/.berth`). */
  stateRoot: string;
  /** The server block berth writes when `nginx-server-file` is set. */
  serverBlock?: ServerBlockSettings;
}

export interface ServerBlockSettings {
  file: string;
  serverNames: string[];
  listen: string[];
  allow: string[];
  basicAuth?: { user: string; password: string };
}

export interface StrategyContext {
  action: 'deploy' | 'rollback';
  d: Docker;
  settings: DeploySettings;
  inputs: Inputs;
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
