/** sandbox/k8s.mjs: a real single-node Kubernetes for the test bed, and everything it changes put back. */
export const K8S_DIR: 'BERTH_K8S_DIR';
export const TEST_KUBECONFIG: 'BERTH_TEST_KUBECONFIG';
export const SERVER_BINARIES: readonly string[];
export const CLIENT_PACKAGE: string;
export const NETWORK: {
  guard: string;
  nodeIp: string;
  podCidr: string;
  podGateway: string;
  serviceCidr: string;
  apiServiceIp: string;
  bridge: string;
  apiPort: number;
  nodeName: string;
};
export const SYSCTLS: readonly string[];
export function k8sDir(env?: NodeJS.ProcessEnv): string;
export function serverBinariesDir(env?: NodeJS.ProcessEnv): string | undefined;
export function clusterPrograms(
  env?: NodeJS.ProcessEnv,
): Record<'etcd' | 'containerd' | 'ctr' | 'runc' | 'iptables' | 'cni', string | undefined>;
export function kubernetesPresent(env?: NodeJS.ProcessEnv): string | undefined;
export function unpackBinaries(options?: { cache?: string; env?: NodeJS.ProcessEnv }): Record<string, string>;

/** What the cluster may change on the host; equal before start and after stop(). */
export interface HostState {
  sysctls: Record<string, string>;
  loAddresses: string[];
  routes: string[];
  iptables: string[];
  netns: string[];
  cgroups: string[];
  links: string[];
  /** Which of HOST_DIRS exist. */
  hostDirs: string[];
  /** The entries of /var/log/pods. */
  podLogs: string[];
}
export const HOST_DIRS: readonly string[];
export function hostState(): HostState;
export function removeChains(before: readonly string[]): void;
export function kubeconfigYaml(options: { server: string; ca: string; user: string; token: string }): string;
export function clientEnv(kubeconfig: string, dir: string): NodeJS.ProcessEnv;
export function rssKiB(pids: readonly number[]): number;

export interface Cluster {
  /** The admin's kubeconfig (system:masters). */
  kubeconfig: string;
  kubectl: string;
  helm: string;
  /** undefined for an existing cluster (BERTH_TEST_KUBECONFIG). */
  nodeIp: string | undefined;
  serviceCidr: string | undefined;
  podCidr: string | undefined;
  /** KUBECONFIG and Helm's directories, for kubectl and helm. */
  env: NodeJS.ProcessEnv;
  /** The pid of each component this started (etcd, containerd, kube-*). */
  pids: Record<string, number>;
  /** ms from the call: unpackMs, apiReadyMs, nodeReadyMs; teardownMs after stop(). */
  timings: {
    unpackMs?: number;
    apiReadyMs?: number;
    /** The pods' sandbox image built and imported into containerd. */
    sandboxImageMs?: number;
    nodeReadyMs?: number;
    teardownMs?: number;
    /** Each teardown step in order (see stop() in k8s.mjs). */
    teardownStepsMs?: number[];
  };
  external: boolean;
  logs?: string;
  /** Resident memory of the components and containerd's shims, KiB. */
  rssKiB: () => number;
  /** Deletes the workloads, stops every process by pid, puts the host back, removes `dir`. */
  stop: () => Promise<void>;
}
export function startCluster(options: {
  dir: string;
  registry?: { host: string; user?: string; password?: string };
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<Cluster>;
