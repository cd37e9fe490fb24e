// Registry facts for the editor: looked up in the background, never awaited by a lint. A lint takes the
// facts known now (factsFor); its result names the document's image references (observe), for which
// lookups start when there is no fresh fact; when one arrives that changes what a document would show,
// the document is linted again (the engine's LintCache re-analyses only the YAML documents whose
// references got another fact). Nothing here runs in an untrusted workspace.
import type { RegistryFact, RegistryFacts } from '../engine/index';
import { resolveOne, toFact, type DigestResolver } from '../cli/registry';
import type { NetworkSettings } from './settings';

export interface RegistryAccessDeps {
  /** Lint the document again: facts it uses changed. */
  relint(uri: string): void;
  warn(message: string): void;
  /** How long a fact counts as fresh; the registry client caches digests as long. */
  factTtlMs: number;
  userAgent: string;
  /** Builds the client for a settings set (tests and the CLI's resolver shape); default: a RegistryClient. */
  createResolver?: (settings: NetworkSettings) => Promise<DigestResolver>;
}

interface FactEntry {
  fact: RegistryFact | undefined;
  /** Bumped whenever `fact` changes, so a document's facts object is replaced only then. */
  generation: number;
  fetchedAt: number;
  pending: Promise<RegistryFact> | undefined;
}

/** One client and its facts per distinct set of registry settings. */
interface Connection {
  resolver: Promise<DigestResolver | undefined>;
  entries: Map<string, FactEntry>;
  /** References whose lookup failure was logged (once each). */
  warned: Set<string>;
}

interface DocumentFacts {
  connectionKey: string;
  refs: ReadonlySet<string>;
  signature: string;
  facts: RegistryFacts;
}

export class RegistryAccess {
  private trustedWorkspace: boolean;
  private readonly connections = new Map<string, Connection>();
  private readonly documents = new Map<string, DocumentFacts>();

  constructor(
    trusted: boolean,
    private readonly deps: RegistryAccessDeps,
  ) {
    this.trustedWorkspace = trusted;
  }

  get trusted(): boolean {
    return this.trustedWorkspace;
  }

  /** Trust is only ever granted while the server runs (VS Code reloads the window to take it away). */
  grantTrust(): void {
    this.trustedWorkspace = true;
  }

  /**
   * The facts to lint `uri` with now, or undefined when background checks are off or the workspace is
   * untrusted: those known for the references its last lint named (none yet: an empty set).
   */
  factsFor(uri: string, settings: NetworkSettings): RegistryFacts | undefined {
    if (!this.trustedWorkspace || !settings.enable) {
      this.documents.delete(uri);
      return undefined;
    }
    const known = this.documents.get(uri);
    const refs = known && known.connectionKey === connectionKey(settings) ? [...known.refs] : [];
    return this.update(uri, refs, settings, false);
  }

  /**
   * A lint of `uri` found these image references. Starts a lookup for each one without a fresh fact (the
   * lint never waits for one) and, when the facts the document should be linted with differ from the
   * ones it got, asks for another lint. Returns those facts: the same object while nothing changed.
   */
  observe(uri: string, refs: readonly string[], settings: NetworkSettings): RegistryFacts | undefined {
    if (!this.trustedWorkspace || !settings.enable) return undefined;
    return this.update(uri, refs, settings, true);
  }

  private update(uri: string, refs: readonly string[], settings: NetworkSettings, relintOnChange: boolean): RegistryFacts {
    const key = connectionKey(settings);
    const connection = this.connection(key, settings);
    const distinct = [...new Set(refs)].sort();
    const now = Date.now();
    const parts: string[] = [];
    for (const ref of distinct) {
      const entry = connection.entries.get(ref);
      if (!entry || (!entry.pending && now - entry.fetchedAt >= this.deps.factTtlMs)) void this.lookUp(key, connection, ref);
      const known = connection.entries.get(ref);
      parts.push(`${ref}#${known?.fact ? known.generation : '-'}`);
    }
    const signature = parts.join(' ');
    const previous = this.documents.get(uri);
    if (previous && previous.connectionKey === key && previous.signature === signature) return previous.facts;
    const facts = new Map<string, RegistryFact>();
    for (const ref of distinct) {
      const fact = connection.entries.get(ref)?.fact;
      if (fact) facts.set(ref, fact);
    }
    this.documents.set(uri, { connectionKey: key, refs: new Set(distinct), signature, facts });
    // A lint made with the previous facts shows less (or other) than these would.
    if (relintOnChange && previous && [...facts].some(([ref, fact]) => previous.facts.get(ref) !== fact)) this.deps.relint(uri);
    return facts;
  }

  /**
   * What the registry says about `ref` now, for an explicit action (a pin): a fresh known fact, else a
   * lookup awaited. Works with background checks off, never in an untrusted workspace.
   */
  async resolve(ref: string, settings: NetworkSettings, signal?: AbortSignal): Promise<RegistryFact> {
    if (!this.trustedWorkspace) return { status: 'error', message: 'the workspace is not trusted' };
    const key = connectionKey(settings);
    const connection = this.connection(key, settings);
    const entry = connection.entries.get(ref);
    if (entry?.fact && Date.now() - entry.fetchedAt < this.deps.factTtlMs) return entry.fact;
    if (!signal) return this.lookUp(key, connection, ref);
    // Not shared with other callers (this one may be cancelled), but what it learns is kept.
    const fact = await this.fetch(connection, ref, signal);
    if (!signal.aborted) this.record(key, connection, ref, fact);
    return fact;
  }

  /** A fresh fact about `ref` if one is known; never looks anything up. */
  known(ref: string, settings: NetworkSettings): RegistryFact | undefined {
    if (!this.trustedWorkspace) return undefined;
    const entry = this.connections.get(connectionKey(settings))?.entries.get(ref);
    return entry?.fact && Date.now() - entry.fetchedAt < this.deps.factTtlMs ? entry.fact : undefined;
  }

  /** The digest a fresh fact gives `ref` under any registry settings in use (the live comparison's fallback). */
  knownDigest(ref: string): string | undefined {
    if (!this.trustedWorkspace) return undefined;
    for (const connection of this.connections.values()) {
      const entry = connection.entries.get(ref);
      if (entry?.fact?.status === 'found' && Date.now() - entry.fetchedAt < this.deps.factTtlMs) return entry.fact.digest;
    }
    return undefined;
  }

  /**
   * The platform manifests of the index `name@digest`, through the registry client most recently used (none
   * when no registry has been asked yet, or it cannot say): a pod running one of them runs that index.
   */
  async platformDigests(name: string, digest: string, signal: AbortSignal): Promise<string[]> {
    if (!this.trustedWorkspace) return [];
    const connection = [...this.connections.values()].at(-1);
    const resolver = await connection?.resolver;
    if (!resolver) return [];
    try {
      const resolved = await resolver.resolveDigest(`${name}@${digest}`, { platforms: true, signal });
      return (resolved.platforms ?? []).map((p) => p.digest);
    } catch {
      return [];
    }
  }

  forget(uri: string): void {
    this.documents.delete(uri);
  }

  dispose(): void {
    for (const connection of this.connections.values()) void connection.resolver.then((resolver) => resolver?.close());
    this.connections.clear();
    this.documents.clear();
  }

  private connection(key: string, settings: NetworkSettings): Connection {
    let connection = this.connections.get(key);
    if (!connection) {
      const create = this.deps.createResolver ?? ((s: NetworkSettings) => createResolver(s, this.deps.userAgent, this.deps.factTtlMs));
      const resolver = create(settings).catch((error: unknown) => {
        this.deps.warn(`Shipshape cannot reach registries with these settings: ${messageOf(error)}`);
        return undefined;
      });
      connection = { resolver, entries: new Map(), warned: new Set() };
      this.connections.set(key, connection);
      // Settings changed (or folders differ): clients for settings no longer used are closed.
      for (const [oldKey, old] of this.connections) {
        if (this.connections.size <= MAX_CONNECTIONS) break;
        this.connections.delete(oldKey);
        void old.resolver.then((resolver) => resolver?.close());
      }
    } else {
      // Most recently used last.
      this.connections.delete(key);
      this.connections.set(key, connection);
    }
    return connection;
  }

  /** A background lookup that records its fact and re-lints the documents it changes. */
  private lookUp(key: string, connection: Connection, ref: string): Promise<RegistryFact> {
    let entry = connection.entries.get(ref);
    if (entry?.pending) return entry.pending;
    if (!entry) connection.entries.set(ref, (entry = { fact: undefined, generation: 0, fetchedAt: 0, pending: undefined }));
    const current = entry;
    const pending = this.fetch(connection, ref).then((fact) => {
      current.pending = undefined;
      this.record(key, connection, ref, fact);
      return fact;
    });
    current.pending = pending;
    return pending;
  }

  /** Keeps a fact just learnt and re-lints the documents it changes. */
  private record(key: string, connection: Connection, ref: string, fact: RegistryFact): void {
    let entry = connection.entries.get(ref);
    if (!entry) connection.entries.set(ref, (entry = { fact: undefined, generation: 0, fetchedAt: 0, pending: undefined }));
    entry.fetchedAt = Date.now();
    if (this.connections.get(key) !== connection) return;
    if (entry.fact && sameFact(entry.fact, fact)) return;
    entry.fact = fact;
    entry.generation++;
    for (const [uri, doc] of this.documents) if (doc.connectionKey === key && doc.refs.has(ref)) this.deps.relint(uri);
  }

  private async fetch(connection: Connection, ref: string, signal?: AbortSignal): Promise<RegistryFact> {
    const resolver = await connection.resolver;
    if (!resolver) return { status: 'error', message: 'the registry settings are not usable (see the log)' };
    const fact = toFact(await resolveOne(resolver, ref, signal));
    if (fact.status === 'error' && !signal?.aborted && !connection.warned.has(ref)) {
      connection.warned.add(ref);
      this.deps.warn(`Shipshape could not look up ${ref}: ${fact.message}`);
    }
    return fact;
  }
}

/** Registry clients kept for different settings at once (folders may differ; old settings are dropped). */
const MAX_CONNECTIONS = 4;

/** Settings that need their own client (and their own facts: another CA may see another registry). */
function connectionKey(settings: NetworkSettings): string {
  return JSON.stringify([settings.caFile ?? null, settings.insecureRegistries, settings.skipTlsVerify, settings.timeoutSeconds]);
}

async function createResolver(settings: NetworkSettings, userAgent: string, cacheTtlMs: number): Promise<DigestResolver> {
  // Loaded on first use: a server with network checks off never loads the HTTP stack.
  const [{ RegistryClient }, { DockerCredentials }] = await Promise.all([import('../../../client/src/registry/index'), import('../../../client/src/registry/credentials')]);
  return new RegistryClient({
    // Only ever built in a trusted workspace: credential helpers are the user's to run there.
    credentials: new DockerCredentials({ allowHelpers: true }),
    timeoutMs: settings.timeoutSeconds * 1000,
    ...(settings.caFile !== undefined && { caFile: settings.caFile }),
    insecureRegistries: settings.insecureRegistries,
    skipTlsVerify: settings.skipTlsVerify,
    userAgent,
    cacheTtlMs,
  });
}

function sameFact(a: RegistryFact, b: RegistryFact): boolean {
  if (a.status !== b.status) return false;
  if (a.status === 'found' && b.status === 'found') return a.digest === b.digest;
  if (a.status === 'not-found' && b.status === 'not-found') return a.missing === b.missing && a.suggestions.join(' ') === b.suggestions.join(' ');
  return true;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
