import { ConfigurationError } from './errors.js';
import { run } from './main.js';
import { CLI_USAGE, createCliRuntime, parseCliArgs } from './runtime/cli.js';

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
  streams.stdout(`${CLI_USAGE}\n`);
} else {
  const runtime = createCliRuntime(flags, streams);
  await run(runtime);
  process.exitCode = runtime.exitCode();
}
