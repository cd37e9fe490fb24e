// What a cluster runs for the workloads a file declares, handed to the engine by whoever looked (the
// editor, with the opt-in drift diagnostic). Like registry facts, they keep the engine pure: the
// `live-digest-drift` rule's findings are a function of the text and these facts.

export type LiveVerdict =
  /** Every pod with a comparable imageID runs the expected digest (or one of its index's children). */
  | 'running-declared'
  /** Some or all pods run another digest: not applied, not synced, or a rollout in progress or stuck. */
  | 'running-other'
  /** The object exists but no pod matches its selector. */
  | 'no-pods'
  /** The pods report image config IDs only (images loaded without a registry): nothing to compare. */
  | 'not-comparable'
  /** No expected digest (an unpinned tag without a registry lookup): what runs is known, not whether it is right. */
  | 'unknown';

export interface LiveFact {
  /** Where it was looked up: the kubeconfig context and the namespace used. */
  context: string;
  namespace: string;
  verdict: LiveVerdict;
  /** The digest the pods should run: the declared digest, else the tag's current digest in the registry. */
  expected?: string;
  /** Where `expected` comes from. */
  expectedFrom?: 'declared' | 'registry';
  /** The comparable digests the pods run, most pods first, with how many pods run each and how many are ready. */
  running: Array<{ digest: string; pods: number; ready: number; matches: boolean }>;
  /** Pods of the workload in all (including those without a comparable imageID). */
  pods: number;
}

/** Keyed by liveFactKey(): the workload as the file names it and one container's name. */
export type LiveFacts = ReadonlyMap<string, LiveFact>;

/** `Deployment/shop/web/api`; the namespace is as written (empty when the file names none). */
export function liveFactKey(workload: { kind: string; namespace?: string; name: string }, container: string): string {
  return `${workload.kind}/${workload.namespace ?? ''}/${workload.name}/${container}`;
}
