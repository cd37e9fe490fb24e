// The cluster module's public data: what a live lookup returns and what a comparison concludes. All of it is
// plain, JSON-serialisable data (strings, numbers, booleans, arrays, objects; times as ISO 8601 strings), so
// the language server can send it to the client and the CLI can print it as is.

/** The workload kinds a live lookup understands (Rollout is Argo Rollouts' argoproj.io/v1alpha1). */
export type LiveKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'ReplicationController' | 'Pod' | 'Job' | 'CronJob' | 'Rollout';

export const LIVE_KINDS: readonly LiveKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod', 'Job', 'CronJob', 'Rollout'];

export interface WorkloadRef {
  kind: LiveKind;
  name: string;
  /** The file's `metadata.namespace`; absent means the context's namespace, else `default`. */
  namespace?: string;
}

/** The context a client talks to, as the kubeconfig describes it (no credentials). */
export interface ContextInfo {
  name: string;
  cluster: string;
  /** The API server URL. */
  server: string;
  /** The kubeconfig user entry's name (absent for an anonymous context). */
  user?: string;
  /** The context's namespace, else `default`: where a workload without `metadata.namespace` is looked up. */
  namespace: string;
  /** The kubeconfig files merged, in precedence order. */
  files: string[];
}

export type ContainerRoleLive = 'container' | 'init' | 'sidecar';

/** A container of the live pod template (what the cluster was told to run). */
export interface LiveContainerSpec {
  name: string;
  image: string;
  /** `init` for init containers; `sidecar` for init containers with `restartPolicy: Always`. */
  role: ContainerRoleLive;
}

/** One container's status in one pod (what the kubelet reports is running). */
export interface LiveContainerStatus {
  name: string;
  /** `status.image`: may name another tag of the same image; trust imageID. */
  image: string;
  /** `status.imageID`: `docker-pullable://repo@sha256:…`, `repo@sha256:…`, a bare config ID, or '' before the pull. */
  imageID: string;
  ready: boolean;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** The waiting or terminated reason (ImagePullBackOff, Completed, …). */
  reason?: string;
  /** When the current (or last, if terminated) run of the container started. */
  startedAt?: string;
  restartCount: number;
}

export interface LivePod {
  name: string;
  /** Pending, Running, Succeeded, Failed or Unknown. */
  phase: string;
  createdAt?: string;
  /** The pod has a deletionTimestamp: it is going away. */
  deleting: boolean;
  containers: LiveContainerStatus[];
  initContainers: LiveContainerStatus[];
}

export interface LiveWorkload {
  context: string;
  namespace: string;
  kind: LiveKind;
  name: string;
  uid?: string;
  /** The live pod template's containers and init containers, in that order. */
  containers: LiveContainerSpec[];
  /** The label selector the pods were listed with (absent for a Pod and a CronJob). */
  selector?: string;
  /** For a CronJob: the Jobs it owns whose pods are listed. */
  jobs?: string[];
  /** The replicas the workload asks for, where it has such a number (absent for Jobs and CronJobs). */
  desiredReplicas?: number;
  /**
   * Whether pods should exist now: false for a workload scaled to 0, a CronJob (its jobs come and go) and a
   * Job (finished pods may be cleaned up). A missing pod is a problem only when this is true.
   */
  podsExpected: boolean;
  pods: LivePod[];
  /** When the cluster was asked. */
  fetchedAt: string;
}

/** What a pod's imageID says about the image the container runs. */
export type ImageIdentity =
  /** A manifest digest (the pulled reference's: for a multi-arch tag, the index digest). */
  | { kind: 'digest'; digest: string; repository?: string }
  /** An image config ID (a bare `sha256:…`, `docker://sha256:…`): an image loaded without a registry. Not comparable. */
  | { kind: 'config'; id: string }
  /** No imageID yet: the image is still being pulled, or the container never started. */
  | { kind: 'none' }
  /** A form we do not know: not comparable. */
  | { kind: 'unrecognised'; raw: string };

export type Verdict =
  /** Every pod that reports a digest runs the expected one (or one of its index's children). */
  | 'running-declared'
  /** At least one pod runs another digest: drift (`mixed` says whether some pods already run the expected one). */
  | 'running-other'
  | 'no-pods'
  /** No pod reports a comparable digest (image config IDs only, or nothing pulled yet), and none runs another. */
  | 'not-comparable'
  /** No expected digest to compare with (an unpinned tag without a registry lookup): `groups` still say what runs. */
  | 'unknown';

/** Something a caller should flag; a comparison without issues means "running what is declared, and ready". */
export type ComparisonIssue =
  /** Pods run another digest than the expected one. */
  | 'drift'
  /** The live template's image is not the file's: the file was not applied, or not synced. */
  | 'spec-differs'
  /** The live template has no container of this name. */
  | 'container-missing'
  /** No pods, while the workload should have some. */
  | 'no-pods'
  /** Pods that should be ready are not (this container is not ready in them). */
  | 'not-ready';

/** The pods whose container reports one image identity. */
export interface DigestGroup {
  /** `digest`: comparable; `config`/`unrecognised`: not comparable; `none`: not pulled or started yet. */
  kind: ImageIdentity['kind'];
  /** The manifest digest (kind `digest`), or the config ID / raw imageID otherwise; absent for `none`. */
  digest?: string;
  /** Against the expected digest: `expected`, an index `child`, `other`; absent when not comparable or nothing is expected. */
  match?: 'expected' | 'child' | 'other';
  /** Distinct repositories named in the imageIDs (`registry.example/team/app`). */
  repositories: string[];
  /** Distinct `status.image` values (they may name another tag than the template). */
  images: string[];
  pods: string[];
  podCount: number;
  readyCount: number;
  oldestCreatedAt?: string;
  newestCreatedAt?: string;
  /** Ages in whole seconds at the time of the comparison. */
  oldestAgeSeconds?: number;
  newestAgeSeconds?: number;
}

export interface ExpectedDigest {
  digest: string;
  /** `declared`: the reference's own digest; `registry`: what the tag points at now. */
  from: 'declared' | 'registry';
}

export interface ContainerComparison {
  container: string;
  role: ContainerRoleLive;
  /** The image as the file writes it. */
  declared: string;
  expected?: ExpectedDigest;
  /** The live template's image for this container (absent when the template has no such container). */
  liveImage?: string;
  verdict: Verdict;
  /** With `running-other`: some pods run the expected digest and others do not (a rollout in progress, or stuck). */
  mixed: boolean;
  issues: ComparisonIssue[];
  /** Pods counted (for Deployments and the like, finished and failed pods are left out). */
  podCount: number;
  readyCount: number;
  /** Pods that should be ready but whose container is not (init containers never count). */
  notReadyCount: number;
  /** One group per distinct image identity, newest pods first. */
  groups: DigestGroup[];
  /** One line saying what runs, for a hover or a terminal. */
  summary: string;
}

/** The editor's status bar question (`shipshape/clusterStatus`): the context in use, no credentials. */
export interface ClusterStatus {
  /** False in an untrusted workspace, or with both live settings off. */
  enabled: boolean;
  context?: string;
  namespace?: string;
  server?: string;
  /** Why there is no context (no kubeconfig, an unknown context, …). */
  error?: string;
}

/** The answer to Switch Context (`shipshape/clusterContexts`). */
export interface ClusterContexts {
  contexts: Array<{ name: string; namespace: string; server: string; cluster: string }>;
  /** The context Shipshape uses now. */
  current?: string;
  /** The kubeconfig's own current-context. */
  kubeconfigCurrent?: string;
  error?: string;
}
