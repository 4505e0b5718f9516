import { ConfigurationError } from './errors.js';
import { run } from './main.js';
import { releaseOpenSshHosts } from './remote/ssh.js';
import { cliHelp, createCliRuntime, parseCliArgs } from './runtime/cli.js';

const streams = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
};

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
