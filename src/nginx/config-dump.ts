/**
 * `nginx -T` output — pure parsing, the one reader of it. nginx prints every file it loaded, each after a
 * `# configuration file <path>:` line; these functions answer what berth asks of that text: the files and
 * their content, the `pid` and `user` directives, the include directives (and whether one covers a
 * file), and berth's own includes.
 */
import path from 'node:path';

/** One file nginx read, as `nginx -T` printed it. */
export interface DumpedFile {
  file: string;
  /** The file's content (without the newline after its header line). */
  text: string;
}

/** The files of `nginx -T` output, in the order nginx read them (the main file first). */
export function dumpedFiles(dump: string): DumpedFile[] {
  const files: DumpedFile[] = [];
  const parts = dump.split(/^# configuration file (.+):$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) {
    files.push({ file: (parts[i] as string).trim(), text: (parts[i + 1] as string).replace(/^\n/, '') });
  }
  return files;
}

/** The `pid` directive's path (`pid /run/nginx.pid;` → `/run/nginx.pid`), as written; undefined when none. */
export function pidDirective(dump: string): string | undefined {
  return /^\s*pid\s+([^;\s]+)\s*;/m.exec(dump)?.[1];
}

/** The `user` directive: `user www-data;` → { user: 'www-data' }, `user nginx web;` → with group 'web'. */
export function userDirective(dump: string): { user: string; group?: string } | undefined {
  const m = /^\s*user\s+([A-Za-z0-9_.-]+)(?:\s+([A-Za-z0-9_.-]+))?\s*;/m.exec(dump);
  if (!m) return undefined;
  return { user: m[1] as string, ...(m[2] ? { group: m[2] } : {}) };
}

/** The include directives of `nginx -T` output, made absolute against the main file's directory. */
export function includeDirectives(dump: string): string[] {
  // The main file: the first one nginx read (whose path has no white space).
  const main = dumpedFiles(dump).find((f) => !/\s/.test(f.file))?.file;
  const base = main ? path.posix.dirname(main) : '/etc/nginx';
  const found: string[] = [];
  // An include starts a line or follows another statement or brace (`http { include x; }`); not in a comment.
  const code = dump.replace(/#[^\n]*/g, '');
  for (const m of code.matchAll(/(?<=^|[;{}])\s*include\s+("([^"]+)"|'([^']+)'|([^\s;]+))\s*;/gm)) {
    const arg = m[2] ?? m[3] ?? m[4] ?? '';
    found.push(path.posix.isAbsolute(arg) ? arg : path.posix.join(base, arg));
  }
  return found;
}

/** nginx includes `file`: it was read (a `# configuration file` header), or an include pattern matches it. */
export function includesFile(dump: string, file: string): boolean {
  if (dump.includes(`# configuration file ${file}:`)) return true;
  return includeDirectives(dump).some((pattern) => globToRegExp(pattern).test(file));
}

/** Some include pattern covers `*.conf` files in `dir`. */
export function includesUnder(dump: string, dir: string): boolean {
  return includeDirectives(dump).some(
    (pattern) => path.posix.dirname(pattern) === dir && globToRegExp(pattern).test(`${dir}/berth.conf`),
  );
}

/** nginx's include globs (glob(3): `*`, `?`, `[…]`) as a regular expression for one path. */
function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        out += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export interface BerthInclude {
  file: string;
  /** `shop production`, from the header. */
  note: string;
  /** The upstream server blocks proxy to. */
  name: string;
  text: string;
}

/** berth's includes in `nginx -T` output: the files with berth's header that hold an upstream. */
export function findBerthIncludes(dump: string): BerthInclude[] {
  const found: BerthInclude[] = [];
  for (const { file, text } of dumpedFiles(dump)) {
    const note = /^# Managed by berth \(([^)]*)\)/.exec(text)?.[1];
    if (note === undefined) continue;
    const name =
      /^# Server blocks proxy here \(proxy_pass http:\/\/([A-Za-z0-9_]+);\)/m.exec(text)?.[1] ??
      /^upstream ([A-Za-z0-9_]+) \{/m.exec(text)?.[1];
    if (name === undefined) continue; // a server block berth wrote, not an include
    found.push({ file, note: note.replace(/: (blue|green)$/, ''), name, text });
  }
  return found;
}
