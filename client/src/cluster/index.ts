// The cluster module's public surface: kubeconfig handling, live lookups and the pure declared-vs-live
// comparison. Built as its own bundle (dist/cluster.js); the server and the CLI reach it through load.ts.
export { ClusterError, isClusterError, type ClusterErrorKind, type ClusterErrorDetails } from './errors';
export {
  loadKubeconfig,
  kubeconfigCandidates,
  resolveContext,
  listContexts,
  credentialCommand,
  checkCredentialCommand,
  contextInfo,
  type Kubeconfig,
  type KubeconfigOptions,
  type KubeconfigSource,
  type KubeconfigCluster,
  type KubeconfigUser,
  type KubeconfigContext,
  type ExecCredentialPlugin,
  type ResolvedContext,
  type ContextSummary,
} from './kubeconfig';
export { connectCluster, ClusterClient, type ClusterClientOptions, type LookupOptions } from './live';
export { compareContainer, toLiveFact, formatAge, type CompareInput } from './compare';
export { parseImageId, shortDigest } from './image-id';
export { labelSelectorString, type LabelSelector, type LabelSelectorRequirement } from './selector';
export * from './types';
export type { ClusterModule } from './load';
