/** sandbox/registry.mjs: Debian's docker-registry with htpasswd (bcrypt) auth. */
import type { ChildProcess } from 'node:child_process';

export interface RegistryConfig {
  /** Holds htpasswd, config.yml and the storage (data/). */
  dir: string;
  /** address:port to listen on. */
  host: string;
  user: string;
  password: string;
  realm?: string;
  level?: string;
  tls?: { cert: string; key: string };
  comment?: string;
  /** The htpasswd program (default: on PATH). */
  htpasswd?: string;
}
export function htpasswdLine(user: string, password: string, htpasswd?: string): string;
export function writeRegistryConfig(config: RegistryConfig): string;
export function registryArgs(config: string): string[];
export function registryAnswers(host: string, options?: { tls?: boolean }): Promise<boolean>;
export function startRegistry(
  options: RegistryConfig & {
    spawnIn?: (command: string, args: string[]) => ChildProcess;
    answers?: (host: string) => boolean | Promise<boolean>;
    timeoutMs?: number;
  },
): Promise<{ host: string; child: ChildProcess; stop: () => void }>;
