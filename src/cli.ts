import { ConfigurationError } from './errors.js';
import { run } from './main.js';
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
  await run(runtime);
  process.exitCode = runtime.exitCode();
}
