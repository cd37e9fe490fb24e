// Live data for the editor: what the cluster of the chosen kubeconfig context runs. Used by the image hover
// (on demand, awaited with the request's cancellation) and by the opt-in `live-digest-drift` diagnostic
// (background lookups, never awaited by a lint, like the registry facts). The cluster module and
// @kubernetes/client-node load on first use. Nothing here runs in an untrusted workspace: contacting a
// cluster may run kubeconfig exec plugins.
import type { ClusterClient, ClusterContexts, ClusterStatus, ContainerComparison, ContextInfo, ExpectedDigest, LiveWorkload, WorkloadRef } from '../../../client/src/cluster/index';
import { liveFactKey, parseImageRef, type DeclaredWorkload, type LiveFact, type LiveFacts } from '../engine/index';
import type { LiveSettings } from './settings';

type ClusterModule = typeof import('../../../client/src/cluster/index');

export interface LiveAccessDeps {
  load(): Promise<ClusterModule>;
  /** Lint the document again: live facts it uses changed. */
  relint(uri: string): void;
  /** The context or its reachability changed: the client refreshes its status bar item. */
  statusChanged(): void;
  warn(message: string): void;
  /** The expected digest of a container the file does not pin: the tag's current registry digest, if known. */
  registryDigest(image: string): string | undefined;
  /** The platform manifests of an index (`name` without tag), when a registry can say; else none. */
  platformDigests(name: string, digest: string, signal: AbortSignal): Promise<string[]>;
  /** How long a drift fact counts as fresh before a background lookup refreshes it. */
  factTtlMs: number;
}

/** Background drift lookups refresh this often while a document stays open and is linted. */
export const DEFAULT_LIVE_FACT_TTL_MS = 30_000;

/** What a hover shows about one container. */
export type LiveLookup =
  | { status: 'off'; reason: string }
  | { status: 'error'; context?: string; message: string }
  | { status: 'found'; context: ContextInfo; workload: LiveWorkload; comparison: ContainerComparison };

interface Connection {
  key: string;
  client: Promise<ClusterClient>;
}

interface DocumentLive {
  connectionKey: string;
  workloads: DeclaredWorkload[];
  facts: Map<string, LiveFact>;
  signature: string;
  fetchedAt: number;
  pending: boolean;
}

export class LiveAccess {
  private trustedWorkspace: boolean;
  private connection: Connection | undefined;
  private readonly documents = new Map<string, DocumentLive>();

  constructor(
    trusted: boolean,
    private readonly deps: LiveAccessDeps,
  ) {
    this.trustedWorkspace = trusted;
  }

  get trusted(): boolean {
    return this.trustedWorkspace;
  }

  grantTrust(): void {
    this.trustedWorkspace = true;
    this.deps.statusChanged();
  }

  /** For the status bar: the context and namespace in use, or why there is none. Never contacts the cluster. */
  async status(settings: LiveSettings): Promise<ClusterStatus> {
    if (!this.usable(settings)) return { enabled: false };
    try {
      const { context } = await this.client(settings);
      return { enabled: true, context: context.name, namespace: context.namespace, server: context.server };
    } catch (error) {
      return { enabled: true, error: messageOf(error) };
    }
  }

  /** The kubeconfig's contexts, for Switch Context. Reads the kubeconfig only. */
  async contexts(settings: LiveSettings): Promise<ClusterContexts> {
    if (!this.trustedWorkspace) return { contexts: [], error: 'the workspace is not trusted' };
    try {
      const cluster = await this.deps.load();
      const config = await cluster.loadKubeconfig(kubeconfigOptions(settings));
      const contexts = cluster.listContexts(config).map((c) => {
        const server = config.clusters.get(c.cluster)?.server ?? '';
        return { name: c.name, namespace: c.namespace ?? 'default', server, cluster: c.cluster };
      });
      const current = settings.context ?? config.currentContext;
      return { contexts, ...(current !== undefined && { current }), ...(config.currentContext !== undefined && { kubeconfigCurrent: config.currentContext }) };
    } catch (error) {
      return { contexts: [], error: messageOf(error) };
    }
  }

  /** The live side of one container, for a hover: awaited, cancellable, short timeouts. */
  async lookUp(workload: DeclaredWorkload, container: string, settings: LiveSettings, signal: AbortSignal): Promise<LiveLookup> {
    if (!this.trustedWorkspace) return { status: 'off', reason: 'untrusted' };
    if (!settings.enable) return { status: 'off', reason: 'disabled' };
    let client: ClusterClient;
    try {
      client = await this.client(settings);
    } catch (error) {
      return { status: 'error', message: messageOf(error) };
    }
    try {
      const live = await client.getWorkload(workloadRef(workload), { signal });
      const comparison = await this.compare(workload, container, live, signal);
      return { status: 'found', context: client.context, workload: live, comparison };
    } catch (error) {
      return { status: 'error', context: client.context.name, message: messageOf(error) };
    }
  }

  /**
   * The live facts to lint `uri` with now (the drift diagnostic), or undefined when it is off, untrusted
   * or has no workloads known yet.
   */
  factsFor(uri: string, settings: LiveSettings): LiveFacts | undefined {
    if (!this.driftOn(settings)) {
      this.documents.delete(uri);
      return undefined;
    }
    const known = this.documents.get(uri);
    return known && known.connectionKey === connectionKey(settings) ? known.facts : new Map();
  }

  /** A lint with live facts found these workloads: look them up in the background when needed; re-lint on news. */
  observe(uri: string, workloads: readonly DeclaredWorkload[], settings: LiveSettings): void {
    if (!this.driftOn(settings)) return;
    const key = connectionKey(settings);
    const signature = JSON.stringify(workloads.map((w) => [w.kind, w.namespace, w.name, w.containers.map((c) => [c.name, c.image])]));
    let doc = this.documents.get(uri);
    const fresh = doc !== undefined && doc.connectionKey === key && doc.signature === signature && Date.now() - doc.fetchedAt < this.deps.factTtlMs;
    if (fresh || doc?.pending) return;
    if (!doc || doc.connectionKey !== key) this.documents.set(uri, (doc = { connectionKey: key, workloads: [], facts: new Map(), signature: '', fetchedAt: 0, pending: false }));
    doc.workloads = [...workloads];
    doc.signature = signature;
    doc.pending = true;
    const current = doc;
    void this.collect(current.workloads, settings)
      .catch((error: unknown) => {
        this.deps.warn(`Shipshape could not compare live data for ${uri}: ${messageOf(error)}`);
        return current.facts;
      })
      .then((facts) => {
        current.pending = false;
        current.fetchedAt = Date.now();
        if (this.documents.get(uri) !== current) return;
        if (sameFacts(current.facts, facts)) return;
        current.facts = facts;
        this.deps.relint(uri);
      });
  }

  /** Refresh Live Data: re-read the kubeconfig, forget cached answers, look again. */
  refresh(): void {
    this.connection = undefined;
    const uris = [...this.documents.keys()];
    this.documents.clear();
    for (const uri of uris) this.deps.relint(uri);
    this.deps.statusChanged();
  }

  forget(uri: string): void {
    this.documents.delete(uri);
  }

  private usable(settings: LiveSettings): boolean {
    return this.trustedWorkspace && (settings.enable || settings.driftDiagnostics);
  }

  private driftOn(settings: LiveSettings): boolean {
    return this.trustedWorkspace && settings.driftDiagnostics;
  }

  private client(settings: LiveSettings): Promise<ClusterClient> {
    const key = connectionKey(settings);
    if (this.connection?.key !== key) {
      const client = this.deps.load().then((cluster) =>
        cluster.connectCluster({
          ...kubeconfigOptions(settings),
          ...(settings.context !== undefined && { context: settings.context }),
          // Only ever reached in a trusted workspace (see usable()): the user's own credential plugins may run.
          allowExec: true,
          timeoutMs: settings.timeoutSeconds * 1000,
        }),
      );
      // A kubeconfig problem is reported where it is used; a later settings change or Refresh tries again.
      client.catch(() => undefined);
      this.connection = { key, client };
    }
    return this.connection.client;
  }

  private async compare(workload: DeclaredWorkload, container: string, live: LiveWorkload, signal: AbortSignal): Promise<ContainerComparison> {
    const cluster = await this.deps.load();
    const declared = workload.containers.find((c) => c.name === container);
    const image = declared?.image ?? '';
    const pinned = /@(sha256:[a-f0-9]{64})$/.exec(image)?.[1];
    const fromRegistry = pinned === undefined ? this.deps.registryDigest(image) : undefined;
    const expected: ExpectedDigest | undefined = pinned !== undefined ? { digest: pinned, from: 'declared' } : fromRegistry !== undefined ? { digest: fromRegistry, from: 'registry' } : undefined;
    const input = { workload: live, container, role: declared?.role === 'init' ? ('init' as const) : ('container' as const), declared: image, ...(expected && { expected }) };
    const comparison = cluster.compareContainer(input);
    // Pods that pulled one platform of a multi-arch index run that index: ask for its platforms only on a mismatch.
    const parsed = parseImageRef(image);
    const name = parsed.ok ? parsed.ref.name : undefined;
    if (comparison.verdict !== 'running-other' || !comparison.expected || name === undefined) return comparison;
    const accepted = await this.deps.platformDigests(name, comparison.expected.digest, signal);
    return accepted.length > 0 ? cluster.compareContainer({ ...input, acceptedDigests: accepted }) : comparison;
  }

  /** Looks up every workload (in parallel, a failure costs only that workload's facts). */
  private async collect(workloads: readonly DeclaredWorkload[], settings: LiveSettings): Promise<Map<string, LiveFact>> {
    const facts = new Map<string, LiveFact>();
    let client: ClusterClient;
    try {
      client = await this.client(settings);
    } catch (error) {
      this.deps.warn(`Shipshape cannot read live data: ${messageOf(error)}`);
      return facts;
    }
    const cluster = await this.deps.load();
    const timeout = AbortSignal.timeout(settings.timeoutSeconds * 1000 * 2);
    await Promise.all(
      workloads.map(async (workload) => {
        let live: LiveWorkload;
        try {
          live = await client.getWorkload(workloadRef(workload), { signal: timeout });
        } catch {
          return; // not found, forbidden, unreachable: the hover explains; no drift is claimed
        }
        for (const container of workload.containers) {
          const comparison = await this.compare(workload, container.name, live, timeout);
          facts.set(liveFactKey(workload, container.name), cluster.toLiveFact(comparison, live));
        }
      }),
    );
    return facts;
  }
}

function workloadRef(workload: DeclaredWorkload): WorkloadRef {
  return { kind: workload.kind as WorkloadRef['kind'], name: workload.name, ...(workload.namespace !== undefined && { namespace: workload.namespace }) };
}

function kubeconfigOptions(settings: LiveSettings): { paths: string[]; extensionKubeconfig?: string } {
  return { paths: settings.kubeconfig, ...(settings.extensionKubeconfig !== undefined && { extensionKubeconfig: settings.extensionKubeconfig }) };
}

function connectionKey(settings: LiveSettings): string {
  return JSON.stringify([settings.kubeconfig, settings.extensionKubeconfig ?? null, settings.context ?? null, settings.timeoutSeconds]);
}

function sameFacts(a: ReadonlyMap<string, LiveFact>, b: ReadonlyMap<string, LiveFact>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, fact] of a) if (JSON.stringify(fact) !== JSON.stringify(b.get(key))) return false;
  return true;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
