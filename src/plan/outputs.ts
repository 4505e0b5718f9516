import type { BerthConfig } from '../config/schema.js';
import { configInputs } from '../config/step-inputs.js';
import { selectedComponents, type Plan } from './planner.js';

export interface MatrixEntry {
  component: string;
  environment: string;
  /** JSON of the runner labels, for `runs-on: ${{ fromJSON(matrix.runner) }}` (runs-on takes a list). */
  runner: string;
  /**
   * `image` (built with Docker, run as a container) or `static` (a directory of files: the config's
   * `strategy: static`), so a workflow builds and hands over each kind its own way.
   */
  kind: 'image' | 'static';
  /** `static`: the build directory (the config's `dir`); '' otherwise. */
  dir: string;
  /**
   * The app's public address in this environment (the config's `url`), for `environment.url`; absent
   * when none (`matrix.url` is then null, which GitHub takes as no URL), so a matrix without one reads
   * as it always did.
   */
  url?: string;
}

/** The action outputs of `plan`, exactly as written to GITHUB_OUTPUT. */
export function planOutputs(
  plan: Plan,
  config?: BerthConfig,
): Record<'matrix' | 'components' | 'environment' | 'deploy' | 'has-work', string> {
  const components = selectedComponents(plan);
  const environment = plan.deploy ? (plan.environment?.name ?? '') : '';
  const runner = JSON.stringify(plan.runner);
  const include: MatrixEntry[] = components.map((component) => {
    const inputs = config ? configInputs(config, component, environment, '') : undefined;
    const isStatic = inputs?.get('strategy')?.value === 'static';
    const url = inputs?.get('environment-url')?.value.replace(/\/+$/, '') ?? '';
    return {
      component,
      environment,
      runner,
      kind: isStatic ? 'static' : 'image',
      dir: isStatic ? (inputs?.get('dir')?.value ?? '') : '',
      ...(url === '' ? {} : { url }),
    };
  });
  return {
    matrix: JSON.stringify({ include }),
    components: JSON.stringify(components),
    environment,
    deploy: String(plan.deploy),
    'has-work': String(components.length > 0),
  };
}
