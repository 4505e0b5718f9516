// The test environment of berth's jest projects: Node's, plus the sandbox's skip. A suite whose
// docblock says `@needs <parts>` and misses one of them on this machine is skipped whole — its hooks
// and tests never run (no test bed is started) — and noted for the run's summary line.
import { TestEnvironment } from 'jest-environment-node';
import { missingFor } from '../parts.mjs';
import { recordedPresent, recordSkip } from './provision.mjs';
import { partsOf } from './suites.mjs';

/** Marks a describe block and everything in it skipped. */
function skipAll(block) {
  block.mode = 'skip';
  for (const child of block.children) {
    if (child.type === 'describeBlock') skipAll(child);
    else child.mode = 'skip';
  }
}

export default class SandboxEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.file = context.testPath;
    this.needs = partsOf(context.docblockPragmas?.needs, this.file);
    this.missing = [];
  }

  async setup() {
    await super.setup();
    if (this.needs.length > 0) this.missing = missingFor(this.needs, await recordedPresent());
  }

  handleTestEvent(event, state) {
    if (event.name === 'run_start' && this.missing.length > 0) {
      skipAll(state.rootDescribeBlock);
      recordSkip(this.file, this.missing);
    }
  }
}
