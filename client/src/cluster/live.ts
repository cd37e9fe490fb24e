// Live lookups: a workload's pod template as the cluster has it, and its pods with the image each container
// runs. @kubernetes/client-node (≈1.9 MB bundled, ≈120 ms to load) is imported on the first request, never
// before. Every request has a deadline (default 5 s) and follows the caller's AbortSignal; answers are kept
// for a few seconds per namespace, kind and name.
import { readFile } from 'node:fs/promises';
import type * as K8s from '@kubernetes/client-node';
import { ClusterError, isClusterError } from './errors';
import { checkCredentialCommand, contextInfo, describeFsError, loadKubeconfig, resolveContext, type KubeconfigOptions, type ResolvedContext } from './kubeconfig';
import { labelSelectorString, type LabelSelector } from './selector';
import type { ContainerRoleLive, ContextInfo, LiveContainerSpec, LiveContainerStatus, LiveKind, LivePod, LiveWorkload, WorkloadRef } from './types';

export interface ClusterClientOptions extends KubeconfigOptions {
  /** A context other than the kubeconfig's current-context. */
  context?: string;
  /**
   * Whether credentials may come from running a command (exec plugins, gcp/azure auth providers). The editor
   * passes its workspace trust; kubectl would run them.
   */
  allowExec: boolean;
  /** How the `exec-not-allowed` message ends (default: "Shipshape runs it only in a trusted workspace"). */
  execRefusedReason?: string;
  /** Budget for one request, credentials included. Default 5 000. */
  timeoutMs?: number;
  /** How long an answer is reused. Default 5 000; 0 turns the cache off. */
  cacheTtlMs?: number;
  /** The clock for the cache (tests). Default Date.now. */
  now?: () => number;
}

export interface LookupOptions {
  signal?: AbortSignal;
  /** Ask the cluster even if a recent answer is cached (the new answer replaces it). */
  refresh?: boolean;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_CACHE_TTL_MS = 5_000;

/**
 * A client for one context of the kubeconfig. Reads the kubeconfig and checks it (context, cluster, user,
 * whether a credential command may run) without contacting the cluster. Throws a ClusterError.
 */
export async function connectCluster(options: ClusterClientOptions): Promise<ClusterClient> {
  const config = await loadKubeconfig(options);
  const context = resolveContext(config, options.context);
  checkCredentialCommand(context, options.allowExec, options.execRefusedReason);
  const server = context.cluster.server;
  if (!/^https?:\/\//i.test(server)) throw new ClusterError('bad-kubeconfig', `cluster "${context.clusterName}" of context "${context.name}" has server "${server}", which is not an http(s) URL`, { context: context.name });
  if (/^http:/i.test(server) && !context.cluster.insecureSkipTlsVerify) {
    throw new ClusterError('bad-kubeconfig', `cluster "${context.clusterName}" of context "${context.name}" is plain HTTP (${server}); it is used only when the kubeconfig also sets insecure-skip-tls-verify for it`, { context: context.name });
  }
  return new ClusterClient(context, options);
}

type K8sModule = typeof import('./client-node');

interface Apis {
  k8s: K8sModule;
  core: K8s.CoreV1Api;
  apps: K8s.AppsV1Api;
  batch: K8s.BatchV1Api;
  custom: K8s.CustomObjectsApi;
}

/** What a request asks, kubectl-style, for error messages. */
interface Ask {
  verb: 'get' | 'list';
  resource: string;
  namespace: string;
  name?: string;
  /** For a 404 on a get: the kind to name ("deployment "web" not found"). */
  kind?: LiveKind;
}

type CallOptions = K8s.ConfigurationOptions;

interface CacheEntry {
  value: Promise<LiveWorkload>;
  expiresAt: number;
}

export class ClusterClient {
  readonly context: ContextInfo;
  private readonly timeoutMs: number;
  private readonly cacheTtlMs: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, CacheEntry>();
  private apisPromise: Promise<Apis> | undefined;

  constructor(
    private readonly resolved: ResolvedContext,
    options: Pick<ClusterClientOptions, 'timeoutMs' | 'cacheTtlMs' | 'now'> = {},
  ) {
    this.context = contextInfo(resolved);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** The workload's live template and pods. Namespace: the ref's, else the context's, else `default`. */
  async getWorkload(ref: WorkloadRef, options: LookupOptions = {}): Promise<LiveWorkload> {
    const namespace = ref.namespace !== undefined && ref.namespace !== '' ? ref.namespace : this.context.namespace;
    const key = `${ref.kind}\n${namespace}\n${ref.name}`;
    const cached = this.cache.get(key);
    const joined = !options.refresh && cached !== undefined && cached.expiresAt > this.now();
    let entry: CacheEntry;
    if (joined) {
      entry = cached;
    } else {
      // While in flight the entry never expires, so concurrent callers share the one lookup.
      entry = { value: this.lookup(ref.kind, ref.name, namespace, options.signal), expiresAt: Number.POSITIVE_INFINITY };
      this.cache.set(key, entry);
      const settled = entry;
      settled.value.then(
        () => {
          if (this.cacheTtlMs > 0) settled.expiresAt = this.now() + this.cacheTtlMs;
          else if (this.cache.get(key) === settled) this.cache.delete(key);
        },
        () => {
          if (this.cache.get(key) === settled) this.cache.delete(key);
        },
      );
    }
    try {
      return structuredClone(await raceAbort(entry.value, options.signal));
    } catch (error) {
      // Joined someone else's lookup and they cancelled it: ask again for this caller.
      if (joined && isClusterError(error, 'cancelled') && !options.signal?.aborted) return this.getWorkload(ref, { ...options, refresh: true });
      throw this.translate(error, undefined, options.signal, undefined);
    }
  }

  /** Forgets cached answers. */
  clearCache(): void {
    this.cache.clear();
  }

  private async lookup(kind: LiveKind, name: string, namespace: string, signal: AbortSignal | undefined): Promise<LiveWorkload> {
    const apis = await this.apis();
    const base = { context: this.context.name, namespace, kind, name };
    const fetchedAt = new Date(this.now()).toISOString();
    const get = <T>(resource: string, run: (options: CallOptions) => Promise<T>) => this.call({ verb: 'get', resource, namespace, name, kind }, run, signal);

    switch (kind) {
      case 'Deployment': {
        const object = await get('deployments.apps', (o) => apis.apps.readNamespacedDeployment({ name, namespace }, o));
        return this.withPods(apis, { ...base, uid: object.metadata?.uid, fetchedAt }, object.spec?.template, object.spec?.selector, replicas(object.spec?.replicas), signal);
      }
      case 'StatefulSet': {
        const object = await get('statefulsets.apps', (o) => apis.apps.readNamespacedStatefulSet({ name, namespace }, o));
        return this.withPods(apis, { ...base, uid: object.metadata?.uid, fetchedAt }, object.spec?.template, object.spec?.selector, replicas(object.spec?.replicas), signal);
      }
      case 'DaemonSet': {
        const object = await get('daemonsets.apps', (o) => apis.apps.readNamespacedDaemonSet({ name, namespace }, o));
        return this.withPods(apis, { ...base, uid: object.metadata?.uid, fetchedAt }, object.spec?.template, object.spec?.selector, object.status?.desiredNumberScheduled, signal);
      }
      case 'ReplicaSet': {
        const object = await get('replicasets.apps', (o) => apis.apps.readNamespacedReplicaSet({ name, namespace }, o));
        return this.withPods(apis, { ...base, uid: object.metadata?.uid, fetchedAt }, object.spec?.template, object.spec?.selector, replicas(object.spec?.replicas), signal);
      }
      case 'ReplicationController': {
        const object = await get('replicationcontrollers', (o) => apis.core.readNamespacedReplicationController({ name, namespace }, o));
        const selector = object.spec?.selector ? { matchLabels: object.spec.selector } : undefined;
        return this.withPods(apis, { ...base, uid: object.metadata?.uid, fetchedAt }, object.spec?.template, selector, replicas(object.spec?.replicas), signal);
      }
      case 'Job': {
        const object = await get('jobs.batch', (o) => apis.batch.readNamespacedJob({ name, namespace }, o));
        const active = (object.status?.active ?? 0) > 0;
        return this.withPods(apis, { ...base, uid: object.metadata?.uid, fetchedAt }, object.spec?.template, object.spec?.selector, undefined, signal, active);
      }
      case 'Pod': {
        const pod = await get('pods', (o) => apis.core.readNamespacedPod({ name, namespace }, o));
        return { ...base, ...uidOf(pod.metadata?.uid), containers: templateContainers(pod.spec), desiredReplicas: 1, podsExpected: true, pods: [toPod(pod)], fetchedAt };
      }
      case 'CronJob':
        return this.cronJob(apis, base, fetchedAt, signal);
      case 'Rollout':
        return this.rollout(apis, base, fetchedAt, signal);
    }
  }

  private async cronJob(apis: Apis, base: Pick<LiveWorkload, 'context' | 'namespace' | 'kind' | 'name'>, fetchedAt: string, signal: AbortSignal | undefined): Promise<LiveWorkload> {
    const { name, namespace } = base;
    const cronJob = await this.call({ verb: 'get', resource: 'cronjobs.batch', namespace, name, kind: 'CronJob' }, (o) => apis.batch.readNamespacedCronJob({ name, namespace }, o), signal);
    const uid = cronJob.metadata?.uid;
    const jobs = await this.call({ verb: 'list', resource: 'jobs.batch', namespace }, (o) => apis.batch.listNamespacedJob({ namespace }, o), signal);
    const owned = jobs.items.filter((job) => uid !== undefined && (job.metadata?.ownerReferences ?? []).some((owner) => owner.uid === uid));
    const podLists = await Promise.all(
      owned.map((job) => {
        const selector = labelSelectorString(job.spec?.selector);
        return selector === '' ? Promise.resolve([]) : this.listPods(apis, namespace, selector, signal);
      }),
    );
    return {
      ...base,
      ...uidOf(uid),
      containers: templateContainers(cronJob.spec?.jobTemplate?.spec?.template?.spec),
      jobs: owned.map((job) => job.metadata?.name ?? '').filter((n) => n !== ''),
      podsExpected: false,
      pods: sortPods(podLists.flat()),
      fetchedAt,
    };
  }

  private async rollout(apis: Apis, base: Pick<LiveWorkload, 'context' | 'namespace' | 'kind' | 'name'>, fetchedAt: string, signal: AbortSignal | undefined): Promise<LiveWorkload> {
    const { name, namespace } = base;
    const rollout = (await this.call(
      { verb: 'get', resource: 'rollouts.argoproj.io', namespace, name, kind: 'Rollout' },
      (o) => apis.custom.getNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace, plural: 'rollouts', name }, o),
      signal,
    )) as { metadata?: { uid?: string }; spec?: { replicas?: number; selector?: LabelSelector; template?: K8s.V1PodTemplateSpec; workloadRef?: { kind?: string; name?: string } } };
    let template = rollout.spec?.template;
    const ref = rollout.spec?.workloadRef;
    if (ref?.kind === 'Deployment' && ref.name) {
      // A Rollout may borrow its template from a Deployment (spec.workloadRef).
      const refName = ref.name;
      const deployment = await this.call({ verb: 'get', resource: 'deployments.apps', namespace, name: refName, kind: 'Deployment' }, (o) => apis.apps.readNamespacedDeployment({ name: refName, namespace }, o), signal);
      template = deployment.spec?.template;
    }
    return this.withPods(apis, { ...base, uid: rollout.metadata?.uid, fetchedAt }, template, rollout.spec?.selector, replicas(rollout.spec?.replicas), signal);
  }

  private async withPods(
    apis: Apis,
    head: Pick<LiveWorkload, 'context' | 'namespace' | 'kind' | 'name' | 'fetchedAt'> & { uid: string | undefined },
    template: K8s.V1PodTemplateSpec | undefined,
    selector: LabelSelector | undefined,
    desiredReplicas: number | undefined,
    signal: AbortSignal | undefined,
    podsExpected = desiredReplicas !== 0,
  ): Promise<LiveWorkload> {
    const selectorText = labelSelectorString(selector);
    // An empty selector would list every pod of the namespace: such a workload selects none of them here.
    const pods = selectorText === '' ? [] : await this.listPods(apis, head.namespace, selectorText, signal);
    const { uid, ...rest } = head;
    return {
      ...rest,
      ...uidOf(uid),
      containers: templateContainers(template?.spec),
      ...(selectorText !== '' && { selector: selectorText }),
      ...(desiredReplicas !== undefined && { desiredReplicas }),
      podsExpected,
      pods,
    };
  }

  private async listPods(apis: Apis, namespace: string, labelSelector: string, signal: AbortSignal | undefined): Promise<LivePod[]> {
    const list = await this.call({ verb: 'list', resource: 'pods', namespace }, (o) => apis.core.listNamespacedPod({ namespace, labelSelector }, o), signal);
    return sortPods(list.items.map(toPod));
  }

  /** One request with a deadline and the caller's signal; failures become ClusterErrors. */
  private async call<T>(ask: Ask, run: (options: CallOptions) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const skipTls = this.resolved.cluster.insecureSkipTlsVerify;
    const { Observable } = (await this.apis()).k8s;
    const middleware: NonNullable<CallOptions['middleware']>[number] = {
      pre: (request) => {
        request.setSignal(combined);
        // TLS verification stays on unless the kubeconfig turns it off: not even NODE_TLS_REJECT_UNAUTHORIZED=0 disables it.
        const agent = request.getAgent() as { options?: { rejectUnauthorized?: boolean } } | undefined;
        if (!skipTls && agent?.options) agent.options.rejectUnauthorized = true;
        return new Observable(Promise.resolve(request));
      },
      post: (response) => new Observable(Promise.resolve(response)),
    };
    const options: CallOptions = { middleware: [middleware], middlewareMergeStrategy: 'append' };
    try {
      // Racing also bounds the credential step (an exec plugin), which runs before the request and ignores the signal.
      return await raceAbort(run(options), combined);
    } catch (error) {
      throw this.translate(error, ask, signal, deadline);
    }
  }

  private apis(): Promise<Apis> {
    this.apisPromise ??= this.createApis().catch((error: unknown) => {
      this.apisPromise = undefined;
      throw error;
    });
    return this.apisPromise;
  }

  private async createApis(): Promise<Apis> {
    const { cluster, user } = await this.clientNodeEntries();
    // require, not import(): esbuild keeps it lazy in the bundle, and tsx resolves the .ts source under mocha.
    const k8s = require('./client-node') as K8sModule;
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [cluster],
      users: [user],
      contexts: [{ name: this.context.name, cluster: cluster.name, user: user.name, namespace: this.context.namespace }],
      currentContext: this.context.name,
    });
    return { k8s, core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api), batch: kc.makeApiClient(k8s.BatchV1Api), custom: kc.makeApiClient(k8s.CustomObjectsApi) };
  }

  /**
   * The context's cluster and user in client-node's shape. Certificate and key files are read here, so a
   * missing file is reported as such rather than as a failed request.
   */
  private async clientNodeEntries(): Promise<{ cluster: K8s.Cluster; user: K8s.User }> {
    const { cluster, user, clusterName, userName, name } = this.resolved;
    const read = async (path: string, what: string): Promise<string> => {
      try {
        return (await readFile(path)).toString('base64');
      } catch (error) {
        throw new ClusterError('bad-kubeconfig', `cannot read ${path} (the ${what} of context "${name}"): ${describeFsError(error)}`, { context: name, cause: error });
      }
    };
    const caData = cluster.certificateAuthority ? await read(cluster.certificateAuthority, 'certificate-authority') : cluster.certificateAuthorityData;
    const clientCluster: K8s.Cluster = {
      name: clusterName,
      server: cluster.server.replace(/\/+$/, ''),
      skipTLSVerify: cluster.insecureSkipTlsVerify,
      ...(caData !== undefined && { caData }),
      ...(cluster.tlsServerName !== undefined && { tlsServerName: cluster.tlsServerName }),
      ...(cluster.proxyUrl !== undefined && { proxyUrl: cluster.proxyUrl }),
    };
    // client-node applies the cluster's CA only when the context has a user: an anonymous context gets an empty one.
    const clientUser: { -readonly [K in keyof K8s.User]: K8s.User[K] } = { name: userName ?? `${name}/anonymous` };
    if (user) {
      const certData = user.clientCertificate ? await read(user.clientCertificate, 'client-certificate') : user.clientCertificateData;
      const keyData = user.clientKey ? await read(user.clientKey, 'client-key') : user.clientKeyData;
      if (certData !== undefined) clientUser.certData = certData;
      if (keyData !== undefined) clientUser.keyData = keyData;
      if (user.token !== undefined) clientUser.token = user.token;
      if (user.username !== undefined) clientUser.username = user.username;
      if (user.password !== undefined) clientUser.password = user.password;
      if (user.impersonate !== undefined) clientUser.impersonateUser = user.impersonate;
      if (user.exec) clientUser.exec = user.exec;
      if (user.authProvider) clientUser.authProvider = user.authProvider;
      else if (user.tokenFile !== undefined && user.exec === undefined && user.token === undefined) {
        await read(user.tokenFile, 'tokenFile');
        // client-node's file authenticator re-reads the file every minute, as client-go does (tokens rotate).
        clientUser.authProvider = { name: 'tokenFile', config: { tokenFile: user.tokenFile } };
      }
    }
    return { cluster: clientCluster, user: clientUser as K8s.User };
  }

  private translate(error: unknown, ask: Ask | undefined, signal: AbortSignal | undefined, deadline: AbortSignal | undefined): ClusterError {
    if (isClusterError(error)) return error;
    const context = this.context.name;
    const where = `${this.context.server} (context "${context}")`;
    if (signal?.aborted) return new ClusterError('cancelled', 'the cluster lookup was cancelled', { context, cause: error });
    if (deadline?.aborted) return new ClusterError('unreachable', `no answer from ${where} within ${formatSeconds(this.timeoutMs)}`, { context, cause: error });
    const details = { context, ...(ask && { namespace: ask.namespace, verb: ask.verb, resource: ask.resource }), ...(ask?.name !== undefined && { name: ask.name }), cause: error };

    const status = apiStatus(error);
    if (status !== undefined) {
      const body = parseStatus((error as { body?: unknown }).body);
      const withStatus = { ...details, status };
      const what = ask ? `${ask.verb} ${ask.resource}${ask.name !== undefined ? ` "${ask.name}"` : ''} in namespace "${ask.namespace}"` : 'the request';
      if (status === 401) {
        const who = this.context.user !== undefined ? `user "${this.context.user}"` : 'an anonymous user';
        return new ClusterError('unauthorized', `${where} rejected the credentials of ${who} (401 Unauthorized)`, withStatus);
      }
      if (status === 403) {
        const as = /User "([^"]*)"/.exec(body?.message ?? '')?.[1];
        return new ClusterError('forbidden', `forbidden: cannot ${what} (context "${context}"${as !== undefined ? `, as "${as}"` : ''})`, withStatus);
      }
      if (status === 404 && ask) {
        if (ask.verb === 'get' && ask.kind !== undefined && body?.details?.name !== undefined) {
          return new ClusterError('not-found', `${ask.kind.toLowerCase()} "${ask.name}" not found in namespace "${ask.namespace}" (context "${context}")`, withStatus);
        }
        const hint = ask.resource === 'rollouts.argoproj.io' ? ' (is Argo Rollouts installed?)' : '';
        return new ClusterError('not-found', `the cluster at ${where} does not serve ${ask.resource}${hint}`, withStatus);
      }
      const reason = body?.message ? `: ${body.message}` : '';
      if (status >= 500) return new ClusterError('server-error', `${where} failed with HTTP ${status} to ${what}${reason}`, withStatus);
      return new ClusterError('protocol', `unexpected HTTP ${status} from ${where} to ${what}${reason}`, withStatus);
    }

    const err = error as { name?: string; code?: string; errno?: string; message?: string } | undefined;
    const code = err?.code ?? err?.errno;
    if (err?.name === 'FetchError' || err?.name === 'AbortError') {
      if (code !== undefined && TLS_CODES.test(code)) return new ClusterError('tls', `the TLS certificate of ${where} was not accepted (${code}); the cluster's certificate-authority in the kubeconfig does not vouch for it`, details);
      const reason = code !== undefined ? (NETWORK_REASONS[code] ?? code) : (err.message ?? 'the request failed');
      return new ClusterError('unreachable', `cannot reach ${where}: ${reason}`, details);
    }
    if (error instanceof SyntaxError) {
      // Never quote the text, nor keep the parser's error (its message quotes it): it may be an exec plugin's output, which holds a token.
      const { cause: _dropped, ...withoutCause } = details;
      return new ClusterError('credentials', `the credentials for context "${context}" could not be read (a credential plugin printed something that is not JSON)`, withoutCause);
    }
    if (code === 'ENOENT' && this.resolved.user?.exec) {
      return new ClusterError('credentials', `the exec credential plugin "${this.resolved.user.exec.command}" of context "${context}" was not found`, details);
    }
    const message = firstLine(err?.message ?? String(error));
    if (this.resolved.user?.exec || this.resolved.user?.authProvider) {
      return new ClusterError('credentials', `getting credentials for context "${context}" failed${message ? `: ${message}` : ''}`, details);
    }
    return new ClusterError('protocol', `the request to ${where} failed: ${message}`, details);
  }
}

const TLS_CODES = /^(?:CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_|HOSTNAME_MISMATCH)/;

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS failure)',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  EPIPE: 'the connection was closed',
};

function apiStatus(error: unknown): number | undefined {
  const e = error as { code?: unknown; body?: unknown; headers?: unknown } | undefined;
  // client-node's ApiException: a numeric HTTP code (network errors carry string codes).
  return e && typeof e.code === 'number' && 'headers' in e ? e.code : undefined;
}

interface StatusBody {
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string };
}

function parseStatus(body: unknown): StatusBody | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const status = value as StatusBody;
  return {
    ...(typeof status.message === 'string' && { message: status.message }),
    ...(typeof status.reason === 'string' && { reason: status.reason }),
    ...(typeof status.details === 'object' && status.details !== null && { details: status.details }),
  };
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (the work itself is not stopped by this). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function replicas(value: number | undefined): number {
  return value ?? 1;
}

function uidOf(uid: string | undefined): { uid?: string } {
  return uid !== undefined ? { uid } : {};
}

function templateContainers(spec: { containers?: K8s.V1Container[]; initContainers?: K8s.V1Container[] } | undefined): LiveContainerSpec[] {
  const containers: LiveContainerSpec[] = [];
  for (const c of spec?.containers ?? []) containers.push({ name: c.name, image: c.image ?? '', role: 'container' });
  for (const c of spec?.initContainers ?? []) containers.push({ name: c.name, image: c.image ?? '', role: initRole(c.restartPolicy) });
  return containers;
}

function initRole(restartPolicy: string | undefined): ContainerRoleLive {
  return restartPolicy === 'Always' ? 'sidecar' : 'init';
}

function toPod(pod: K8s.V1Pod): LivePod {
  const createdAt = isoTime(pod.metadata?.creationTimestamp);
  return {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ...(createdAt !== undefined && { createdAt }),
    deleting: pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null,
    containers: (pod.status?.containerStatuses ?? []).map(toStatus),
    initContainers: (pod.status?.initContainerStatuses ?? []).map(toStatus),
  };
}

function toStatus(status: K8s.V1ContainerStatus): LiveContainerStatus {
  const state = status.state;
  const kind = state?.running ? 'running' : state?.waiting ? 'waiting' : state?.terminated ? 'terminated' : 'unknown';
  const reason = state?.waiting?.reason ?? state?.terminated?.reason;
  const startedAt = isoTime(state?.running?.startedAt ?? state?.terminated?.startedAt);
  return {
    name: status.name,
    image: status.image ?? '',
    imageID: status.imageID ?? '',
    ready: status.ready === true,
    state: kind,
    ...(reason !== undefined && { reason }),
    ...(startedAt !== undefined && { startedAt }),
    restartCount: status.restartCount ?? 0,
  };
}

function sortPods(pods: LivePod[]): LivePod[] {
  return pods.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Dates (client-node's models) and strings (custom objects) alike, as ISO 8601 UTC. */
function isoTime(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]!.slice(0, 300);
}
