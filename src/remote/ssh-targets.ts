/** Which servers a deploy goes to, from the SSH inputs; none: the runner's own host. */
import { ConfigurationError } from '../errors.js';
import type { Inputs } from '../inputs.js';
import { checkKnownHosts, describeEndpoint, normalizePrivateKey, parseEndpointList } from './ssh-config.js';
import type { SshTarget } from './ssh.js';

/** The servers to deploy to over SSH, in order; empty: this host. */
export function resolveSshTargets(inputs: Inputs): SshTarget[] {
  if (inputs.sshHost === '') {
    // An unset variable in `ssh-host: ${{ vars.PROD_HOST }}` must not turn into a deploy on the runner.
    const sshOnly = (['ssh-key', 'ssh-known-hosts', 'bastion'] as const).filter(
      (name) =>
        ({ 'ssh-key': inputs.sshKey, 'ssh-known-hosts': inputs.sshKnownHosts, bastion: inputs.bastion })[
          name
        ].trim() !== '',
    );
    if (sshOnly.length > 0) {
      throw new ConfigurationError(
        `ssh-host: empty, but ${sshOnly.join(' and ')} ${sshOnly.length > 1 ? 'are' : 'is'} set; give the server(s) to deploy to (a variable that is not set?), or remove the SSH inputs to deploy on this runner's host`,
      );
    }
    return [];
  }
  const defaults = { user: inputs.sshUser, port: inputs.sshPort };
  const hosts = parseEndpointList(inputs.sshHost, 'ssh-host', defaults);
  const jumps = parseEndpointList(inputs.bastion, 'bastion', { ...defaults, port: 22 });
  if (inputs.sshKey === '') {
    throw new ConfigurationError(
      "ssh-key: required with ssh-host; the private key (a secret) whose public key is in the server's authorized_keys",
      { key: 'ssh-key', kind: 'required' },
    );
  }
  const key = normalizePrivateKey(inputs.sshKey);
  const knownHosts = checkKnownHosts(inputs.sshKnownHosts, [...hosts, ...jumps]);
  return hosts.map((endpoint) => ({ endpoint, jumps, key, knownHosts }));
}

/**
 * The post step's way back to a host its main step used: the target of the step's inputs whose label
 * (user@address[:port]) is the recorded one — the same key, pinned host keys and bastion hops — or
 * undefined when the inputs (unreadable, or changed) no longer name it.
 */
export function recordedSshTarget(inputs: Inputs | undefined, label: string): SshTarget | undefined {
  if (inputs === undefined) return undefined;
  return resolveSshTargets(inputs).find((t) => describeEndpoint(t.endpoint) === label);
}
