import { ConfigurationError } from './errors.js';
import { run } from './main.js';
import { releaseOpenSshHosts } from './remote/ssh.js';
import { cliHelp, createCliRuntime, parseCliArgs } from './runtime/cli.js';

const streams = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
};

// `berth --version` (or -V): the package's version, from the package.json beside dist/ (bundled or installed).
if (process.argv.length === 3 && ['--version', '-V'].includes(process.argv[2] ?? '')) {
  const { readFileSync } = await import('node:fs');
  // Built at run time, so the bundler leaves it alone (it would relocate a literal path as an asset).
  const manifest = ['..', '..', 'package.json'].join('/');
  const pkg = JSON.parse(readFileSync(new URL(manifest, import.meta.url), 'utf8')) as {
    version: string;
  };
  streams.stdout(`berth ${pkg.version}\n`);
  process.exit(0);
}

let flags: Map<string, string> | undefined;
try {
  flags = parseCliArgs(process.argv.slice(2));
} catch (error) {
  streams.stderr(`error: ${error instanceof ConfigurationError ? error.message : String(error)}\n`);
  process.exit(2);
}
if (flags === undefined) {
  streams.stdout(`${cliHelp(process.argv.slice(2))}\n`);
} else {
  const runtime = createCliRuntime(flags, streams);
  // No post step follows a CLI run: stopped (Ctrl-C, a CI job's abort), it removes what it made on its
  // servers (the registry login, env files) and its SSH key directories itself; a second signal kills.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      streams.stderr(`berth: ${signal}: removing this run's temporary files on its servers and here…\n`);
      void releaseOpenSshHosts().finally(() => process.exit(code));
    });
  }
  await run(runtime);
  process.exitCode = runtime.exitCode();
}
