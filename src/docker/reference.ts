/**
 * Image names, by the Docker reference grammar (distribution/reference): `[domain/]path`, where the
 * domain is `host[:port]` and each path component is lowercase alphanumerics joined by `.`, `_`, `__`
 * or dashes. Pure; errors quote the part that is wrong.
 */
import { ConfigurationError } from '../errors.js';

export const DOCKER_HUB = 'docker.io';

export interface ImageName {
  /** `ghcr.io`, `127.0.0.1:5000`, `docker.io`. */
  registry: string;
  /** `acme/backend`; `library/nginx` for Docker Hub's official images. */
  repository: string;
}

const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6 = /^\[[0-9a-fA-F:.]+\]$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_NAME = 255;

export function imageRef(name: ImageName): string {
  return `${name.registry}/${name.repository}`;
}

/** Whether the first component of a name is a registry host (as docker decides it). */
export function namesRegistry(first: string): boolean {
  // distribution/reference also takes a capitalised first component for a host; we lowercase it as a
  // Docker Hub namespace instead (`Acme/App` → docker.io/acme/app), which is what users mean.
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

function validDomain(domain: string): boolean {
  const [host, port, ...rest] = domain.startsWith('[') ? splitBracketed(domain) : domain.split(':');
  if (rest.length > 0 || host === undefined || host === '') return false;
  if (port !== undefined && !/^[0-9]{1,5}$/.test(port)) return false;
  if (IPV6.test(host)) return true;
  return host.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}

function splitBracketed(domain: string): string[] {
  const end = domain.indexOf(']');
  const host = domain.slice(0, end + 1);
  const rest = domain.slice(end + 1);
  if (rest === '') return [host];
  return rest.startsWith(':') ? [host, rest.slice(1)] : [host, '', ''];
}

/**
 * Parses an image name (no tag, no digest). Capitals in the repository path are lowercased — every
 * registry rejects them — and `lowercased` says so, so the caller can tell the user.
 */
export function parseImageName(input: string, inputName = 'image'): ImageName & { lowercased: boolean } {
  const text = input.trim();
  const fail = (why: string): never => {
    throw new ConfigurationError(`${inputName}: ${JSON.stringify(input)} is not a valid image name: ${why}`);
  };
  if (text === '') fail('it is empty; expected a name like ghcr.io/acme/backend');
  if (/\s/.test(text)) fail('it contains white space');
  if (text.includes('@'))
    fail(`${JSON.stringify(text.slice(text.indexOf('@')))} is a digest; give the name only`);
  const slash = text.indexOf('/');
  const first = slash === -1 ? '' : text.slice(0, slash);
  const hasDomain = slash !== -1 && namesRegistry(first);
  const registry = hasDomain ? first : DOCKER_HUB;
  let path = hasDomain ? text.slice(slash + 1) : text;
  const lastColon = path.lastIndexOf(':');
  if (lastColon !== -1) {
    fail(
      `${JSON.stringify(path.slice(lastColon))} is a tag; give the name only (tags come from the rules and the \`tags\` input)`,
    );
  }
  if (hasDomain && !validDomain(registry))
    fail(`the registry host ${JSON.stringify(registry)} is not a host[:port]`);
  const lowered = path.toLowerCase();
  const lowercased = lowered !== path;
  path = lowered;
  if (path === '') fail('the repository path after the registry is empty');
  for (const component of path.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      fail(
        `the path component ${JSON.stringify(component)} must be lowercase letters and digits, joined by ".", "_", "__" or "-"`,
      );
    }
  }
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  if (`${registry}/${path}`.length > MAX_NAME) fail(`it is longer than ${MAX_NAME} characters`);
  return { registry: registry === 'index.docker.io' ? DOCKER_HUB : registry, repository: path, lowercased };
}

/** `host/repo:tag` or `host/repo@sha256:…` → `host/repo` (a registry port is kept). */
export function repositoryOfRef(ref: string): string {
  return (ref.split('@')[0] ?? '').replace(/:[\w][\w.-]*$/, '');
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** A full image reference: a name with a tag, a digest, or both (`ghcr.io/acme/app:1.2@sha256:…`). */
export interface ImageReference extends ImageName {
  tag?: string;
  /** `sha256:<64 hex>`. */
  digest?: string;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * Parses `name[:tag][@sha256:…]` by the same grammar as {@link parseImageName}. The registry's port is
 * not a tag: a tag is the last `:` part after the last `/`. Errors name `inputName` and the expected
 * form.
 */
export function parseImageReference(input: string, inputName = 'image'): ImageReference {
  const text = input.trim();
  const fail = (why: string): never => {
    throw new ConfigurationError(
      `${inputName}: ${JSON.stringify(input)} is not a valid image reference: ${why}; expected a reference like ghcr.io/acme/app:1.2 or ghcr.io/acme/app@sha256:…`,
    );
  };
  const at = text.indexOf('@');
  if (at !== -1 && !text.slice(at + 1).startsWith('sha256:')) {
    // `https://robot:pass@host/app`, `robot:pass@host/app`: a password before the host. Not quoted.
    throw new ConfigurationError(
      `${inputName}: not a valid image reference: an "@" that does not start a sha256 digest, as in user:password@host (the value is not repeated here: it may hold a password); expected a reference like ghcr.io/acme/app:1.2 or ghcr.io/acme/app@sha256:…, with registry credentials in registry-username and registry-password`,
      { key: inputName, kind: 'invalid' },
    );
  }
  const digest = at === -1 ? undefined : text.slice(at + 1);
  const named = at === -1 ? text : text.slice(0, at);
  if (digest !== undefined && !DIGEST.test(digest)) {
    fail(`${JSON.stringify(digest)} is not a digest (sha256: and 64 lowercase hex digits)`);
  }
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  if (tag !== undefined && !isValidTag(tag)) {
    fail(`the tag ${JSON.stringify(tag)} must be letters, digits, "_", "." or "-" (not first), at most 128`);
  }
  const name = parseImageName(hasTag ? named.slice(0, colon) : named, inputName);
  return {
    registry: name.registry,
    repository: name.repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** The same repository, whatever the spelling (`acme/app`, `docker.io/acme/app`, `index.docker.io/…`). */
export function sameRepository(a: ImageName, b: ImageName): boolean {
  return a.registry.toLowerCase() === b.registry.toLowerCase() && a.repository === b.repository;
}

/**
 * The reference `deploy` runs and records. `repo@sha256:…` stays as it is; `repo:tag@sha256:…` (what
 * docker/build-push-action users write, `image: repo:1.2@${{ steps.build.outputs.digest }}`) becomes
 * `repo@sha256:…`: the digest is what is pulled, and the engine would otherwise look the image up by
 * the tag too. Anything else is returned as given (a tag, or a name docker resolves). A malformed
 * digest is refused, naming `image`.
 */
export function deployReference(text: string): string {
  const value = text.trim();
  if (!value.includes('@')) return value;
  const ref = parseImageReference(value, 'image');
  return ref.tag === undefined ? value : `${repositoryOfRef(value)}@${ref.digest}`;
}
