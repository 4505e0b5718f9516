/**
 * What crosses SSH is one string that the remote user's shell parses (ssh joins its arguments with
 * spaces). This is the one function that turns an argv into that string: every argument single-quoted
 * for a POSIX shell, so no byte of it is interpreted — branch names, image references and paths alike.
 */

/** Arguments made only of these need no quotes; they read better in logs. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('shellQuote: an argument cannot contain a NUL byte');
  if (PLAIN.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The remote command line for an argv: each argument quoted, joined by spaces. */
export function remoteCommandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('remoteCommandLine: empty argv');
  return argv.map(shellQuote).join(' ');
}
