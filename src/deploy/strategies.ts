/**
 * Every deploy strategy behind one table (what a strategy is: ./strategy.ts). A strategy's module, and
 * its SDKs, load only when it is chosen.
 */
import type { Inputs } from '../inputs.js';
import type { Strategy } from './strategy.js';

export type StrategyName = Inputs['strategy'];

/** The table: blue-green and recreate run containers; static publishes a build; kubernetes, a Helm release. */
export const STRATEGIES: Record<StrategyName, () => Promise<Strategy>> = {
  'blue-green': async () => (await import('./containers/strategy.js')).containerStrategy,
  recreate: async () => (await import('./containers/strategy.js')).containerStrategy,
  // Its planners and the S3/CloudFront SDKs are no part of the container deploys' start-up.
  static: async () => (await import('./static/strategy.js')).staticStrategy,
  // helm and kubectl run as programs; nothing of Kubernetes loads for the other strategies.
  kubernetes: async () => (await import('./kubernetes/strategy.js')).kubernetesStrategy,
};
