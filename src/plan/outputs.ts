import { selectedComponents, type Plan } from './planner.js';

export interface MatrixEntry {
  component: string;
  environment: string;
  /** JSON of the runner labels, for `runs-on: ${{ fromJSON(matrix.runner) }}` (runs-on takes a list). */
  runner: string;
}

/** The action outputs of `plan`, exactly as written to GITHUB_OUTPUT. */
export function planOutputs(
  plan: Plan,
): Record<'matrix' | 'components' | 'environment' | 'deploy' | 'has-work', string> {
  const components = selectedComponents(plan);
  const environment = plan.deploy ? (plan.environment?.name ?? '') : '';
  const runner = JSON.stringify(plan.runner);
  const include: MatrixEntry[] = components.map((component) => ({ component, environment, runner }));
  return {
    matrix: JSON.stringify({ include }),
    components: JSON.stringify(components),
    environment,
    deploy: String(plan.deploy),
    'has-work': String(components.length > 0),
  };
}
