/**
 * What a static deploy does, decided without I/O: each file's Content-Type and Cache-Control, which files
 * to upload (content changed) and in which order (content-hashed assets, then other non-HTML files, then
 * the HTML entry points that reference them), which removed files to delete now and which to keep for
 * visitors with an old page open, and which CloudFront paths to invalidate.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { ConfigurationError } from '../../errors.js';

/** A file of the build: its path relative to `dir` (with `/`), size and MD5 (hex). */
export interface LocalFile {
  path: string;
  size: number;
  md5: string;
}

/** An object already in the bucket, its key relative to the prefix; `etag` unquoted, lower case. */
export interface RemoteObject {
  path: string;
  size: number;
  etag: string;
}

export interface CacheRule {
  glob: string;
  value: string;
  matches: (file: string) => boolean;
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';

const TEXT = '; charset=utf-8';
/** Extensions a static build has, lower case; anything else is application/octet-stream. */
const CONTENT_TYPES: Record<string, string> = {
  html: `text/html${TEXT}`,
  htm: `text/html${TEXT}`,
  css: `text/css${TEXT}`,
  js: `text/javascript${TEXT}`,
  mjs: `text/javascript${TEXT}`,
  cjs: `text/javascript${TEXT}`,
  json: `application/json${TEXT}`,
  map: `application/json${TEXT}`,
  webmanifest: `application/manifest+json${TEXT}`,
  txt: `text/plain${TEXT}`,
  md: `text/markdown${TEXT}`,
  csv: `text/csv${TEXT}`,
  xml: `application/xml${TEXT}`,
  rss: `application/rss+xml${TEXT}`,
  atom: `application/atom+xml${TEXT}`,
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/vnd.microsoft.icon',
  bmp: 'image/bmp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  zip: 'application/zip',
};

export function contentTypeFor(file: string): string {
  const ext = path.posix.extname(file).slice(1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

export function isHtml(file: string): boolean {
  return /\.html?$/i.test(file);
}

/**
 * A bundler's content hash: 8–64 characters of hex with a digit and a letter (webpack, CRA, Angular,
 * Parcel), of base64url with upper case, lower case and a digit (Vite, Rollup, Next's build id), or
 * esbuild's 8 characters of base32 with a digit. Words with a number (`awesome4`, `192x192`, `Q3FY2024`)
 * are not hashes; a hash that happens to have no digit is missed, which costs a revalidation, never a
 * stale page. `cache-control` overrides either way.
 */
function looksLikeHash(s: string): boolean {
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(s) || !/\d/.test(s)) return false;
  if (/^[0-9a-f]+$/.test(s) && /[a-f]/.test(s)) return true;
  if (/^[A-Z2-7]{8}$/.test(s) && /[A-Z]/.test(s)) return true;
  return /[A-Z]/.test(s) && /[a-z]/.test(s);
}

/** Whether a path carries a content hash in a directory or in its file name (`main.3f2a1b9c.js`, `index-Bk3R9qZ1.js`). */
export function isContentHashed(file: string): boolean {
  const segments = file.split('/');
  const base = segments.pop() ?? '';
  const parts = base.split('.');
  if (parts.length > 1) parts.pop(); // the extension
  return [...segments, ...parts].some((part) => {
    // A whole part (`8f3b2c1a`), or what follows a `-` (`index-HASH`; a base64url hash may hold `-` itself).
    if (!part.includes('-')) return looksLikeHash(part);
    for (let i = part.indexOf('-'); i !== -1; i = part.indexOf('-', i + 1)) {
      if (looksLikeHash(part.slice(i + 1))) return true;
    }
    return false;
  });
}

/** The `cache-control` input: one `GLOB=VALUE` per line, blank lines and `#` comments ignored. */
export function parseCacheControlRules(input: string): CacheRule[] {
  const rules: CacheRule[] = [];
  for (const raw of input.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const glob = eq === -1 ? '' : line.slice(0, eq).trim();
    const value = eq === -1 ? '' : line.slice(eq + 1).trim();
    if (glob === '' || value === '' || !/^[\x20-\x7e]+$/.test(value)) {
      throw new ConfigurationError(
        `cache-control: expected GLOB=VALUE per line (e.g. fonts/**=public, max-age=31536000, immutable), got ${JSON.stringify(line)}`,
      );
    }
    const matches = picomatch(glob.replace(/^\/+/, ''), { dot: true, basename: !glob.includes('/') });
    rules.push({ glob, value, matches });
  }
  return rules;
}

/** The first matching rule's value; else immutable for content-hashed non-HTML files, `no-cache` for the rest. */
export function cacheControlFor(file: string, rules: readonly CacheRule[]): string {
  const rule = rules.find((r) => r.matches(file));
  if (rule) return rule.value;
  return !isHtml(file) && isContentHashed(file) ? IMMUTABLE : NO_CACHE;
}

export interface FileUpload extends LocalFile {
  contentType: string;
  cacheControl: string;
  /** True when the bucket held an older version under this key (a CDN may have cached it). */
  replaces: boolean;
}

export interface UploadPlan {
  /** Run one after the other; each phase completes before the next starts. */
  phases: {
    /** Content-hashed and other immutable files: nothing references them until later phases. */
    immutable: FileUpload[];
    /** Other non-HTML files (manifests, service workers, images with stable names). */
    other: FileUpload[];
    /** The HTML entry points, last: when one is live, everything it references is too. */
    html: FileUpload[];
  };
  unchanged: LocalFile[];
  /** Bucket paths the build no longer has. */
  removed: string[];
}

function isImmutable(cacheControl: string): boolean {
  return /(^|[,\s])immutable($|[,\s])/i.test(cacheControl);
}

/** Compares the build with the bucket (size and MD5 against size and ETag) and orders the uploads. */
export function planUploads(
  local: readonly LocalFile[],
  remote: readonly RemoteObject[],
  rules: readonly CacheRule[],
  force = false,
): UploadPlan {
  const existing = new Map(remote.map((o) => [o.path, o]));
  const plan: UploadPlan = { phases: { immutable: [], other: [], html: [] }, unchanged: [], removed: [] };
  const byPath = (a: { path: string }, b: { path: string }): number =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  for (const file of [...local].sort(byPath)) {
    const old = existing.get(file.path);
    if (!force && old && old.size === file.size && old.etag === file.md5) {
      plan.unchanged.push(file);
      continue;
    }
    const cacheControl = cacheControlFor(file.path, rules);
    const upload: FileUpload = {
      ...file,
      contentType: contentTypeFor(file.path),
      cacheControl,
      replaces: old !== undefined,
    };
    if (isHtml(file.path)) plan.phases.html.push(upload);
    else if (isImmutable(cacheControl)) plan.phases.immutable.push(upload);
    else plan.phases.other.push(upload);
  }
  const built = new Set(local.map((f) => f.path));
  plan.removed = remote
    .map((o) => o.path)
    .filter((p) => !built.has(p))
    .sort();
  return plan;
}

/** `keep-previous`: `0`, or a whole number with s, m, h or d; in milliseconds. */
export function parseKeepPrevious(value: string): number {
  const m = /^(\d{1,6})([smhd]?)$/.exec(value.trim());
  const unit = m?.[2] ?? '';
  if (!m || (unit === '' && m[1] !== '0')) {
    throw new ConfigurationError(
      `keep-previous: expected 0 or a number with s, m, h or d (e.g. 30m, 1h, 7d), got ${JSON.stringify(value)}`,
    );
  }
  const seconds = { '': 0, s: 1, m: 60, h: 3600, d: 86400 }[unit as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * seconds * 1000;
}

/** When each removed file was first seen missing from the build (ms since the epoch), by path. */
export type RemovedLedger = Record<string, number>;

export interface RemovalPlan {
  deleteNow: string[];
  keep: string[];
  /** The ledger to store: the kept files and when they went missing. */
  ledger: RemovedLedger;
}

/**
 * Which removed files to delete now: those missing from the build for at least `windowMs`. A file seen
 * missing for the first time starts its window now; a file that came back leaves the ledger.
 */
export function planRemovals(
  removed: readonly string[],
  ledger: RemovedLedger,
  nowMs: number,
  windowMs: number,
): RemovalPlan {
  const plan: RemovalPlan = { deleteNow: [], keep: [], ledger: {} };
  for (const file of removed) {
    const since = ledger[file] ?? nowMs;
    if (nowMs - since >= windowMs) plan.deleteNow.push(file);
    else {
      plan.keep.push(file);
      plan.ledger[file] = since;
    }
  }
  return plan;
}

/** CloudFront allows this many paths in invalidations in progress at once; more go as `/*`. */
export const MAX_INVALIDATION_PATHS = 3000;

/**
 * The viewer paths to invalidate: replaced files whose cached copies could be stale (not immutable),
 * and the directory path of each replaced `index.html` (`/`, `/docs/`). New files need none.
 */
export function invalidationPaths(
  uploads: readonly FileUpload[],
  mode: 'changed' | 'all',
): { paths: string[]; note: string } {
  if (mode === 'all') return { paths: ['/*'], note: 'cloudfront-invalidate is all' };
  const paths = new Set<string>();
  for (const u of uploads) {
    if (!u.replaces || isImmutable(u.cacheControl)) continue;
    paths.add(encodeViewerPath(u.path));
    if (path.posix.basename(u.path) === 'index.html') paths.add(encodeViewerPath(u.path.slice(0, -10)));
  }
  if (paths.size > MAX_INVALIDATION_PATHS) {
    return {
      paths: ['/*'],
      note: `${paths.size} paths changed, over CloudFront's ${MAX_INVALIDATION_PATHS}`,
    };
  }
  return { paths: [...paths].sort(), note: '' };
}

/**
 * CloudFront wants non-ASCII and RFC 1738's unsafe characters percent-encoded, and nothing else (an
 * encoded safe character would not match the cached path). `~` stays as browsers send it.
 */
function encodeViewerPath(file: string): string {
  return `/${file}`.replace(/[^\x21-\x7e]|[<>"#%{}|\\^[\]`]/gu, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
