// The hover on a container's image: the reference as parsed, what its registry serves for the tag now,
// and what the cluster runs. The registry and cluster parts are looked up on demand (cancelled with the
// request, short timeouts, cached briefly) and only in a trusted workspace.
import type { CancellationToken, Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
// compare.ts is pure and small (no Kubernetes client): fine in the server bundle.
import { formatAge } from '../../../client/src/cluster/compare';
import type { ContainerComparison, DigestGroup } from '../../../client/src/cluster/index';
import { declaredAt, parseImageRef, type DeclaredAt, type RegistryFact } from '../engine/index';
import type { LiveAccess, LiveLookup } from './live';
import type { RegistryAccess } from './network';
import type { SettingsCache, ShipshapeSettings } from './settings';

export interface HoverDeps {
  settings: SettingsCache;
  registry: RegistryAccess;
  live: LiveAccess;
}

/** A hover waits at most this long for the registry (the live part has its own timeout setting). */
const REGISTRY_HOVER_TIMEOUT_MS = 5_000;

export async function imageHover(doc: TextDocument, position: Position, deps: HoverDeps, token: CancellationToken): Promise<Hover | null> {
  const text = doc.getText();
  const at = containerAt(text, doc, position);
  if (!at) return null;
  const settings = await deps.settings.get(doc.uri);
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  try {
    const parsed = parseImageRef(at.container.image);
    const registryRef = parsed.ok ? `${parsed.ref.name}:${parsed.ref.tag ?? 'latest'}` : undefined;
    const [fact, live] = await Promise.all([
      registryRef ? registryPart(registryRef, settings, deps.registry, abort.signal) : Promise.resolve(undefined),
      deps.live.lookUp(at.workload, at.container.name, settings.live, abort.signal),
    ]);
    if (token.isCancellationRequested) return null;
    const sections = [declaredSection(at), registrySection(at, registryRef, fact, deps.registry.trusted), liveSection(at, live)];
    return {
      contents: { kind: 'markdown', value: sections.filter((s) => s !== '').join('\n\n---\n\n') },
      range: { start: { line: at.container.lines.startLine, character: at.container.lines.startCharacter }, end: { line: at.container.lines.endLine, character: at.container.lines.endCharacter } },
    };
  } finally {
    cancelled.dispose();
  }
}

/** The container whose image value is under the cursor, or whose `image:` line the cursor is on. */
function containerAt(text: string, doc: TextDocument, position: Position): DeclaredAt | undefined {
  const offset = doc.offsetAt(position);
  const direct = declaredAt(text, offset);
  if (direct) return direct;
  const lineStart = doc.offsetAt({ line: position.line, character: 0 });
  const line = text.slice(lineStart, doc.offsetAt({ line: position.line + 1, character: 0 }));
  const key = /^(\s*(?:-\s+)?)image\s*:\s*/.exec(line);
  return key ? declaredAt(text, lineStart + key[0].length) : undefined;
}

async function registryPart(ref: string, settings: ShipshapeSettings, registry: RegistryAccess, signal: AbortSignal): Promise<RegistryFact | undefined> {
  if (!registry.trusted) return undefined;
  const known = registry.known(ref, settings.network);
  if (known || !settings.network.enable) return known;
  const timeout = AbortSignal.timeout(Math.min(settings.network.timeoutSeconds * 1000, REGISTRY_HOVER_TIMEOUT_MS));
  return registry.resolve(ref, settings.network, AbortSignal.any([signal, timeout]));
}

function declaredSection({ workload, container }: DeclaredAt): string {
  const parsed = parseImageRef(container.image);
  const lines = [`**Image** \`${container.image}\` — container \`${container.name}\` of ${workload.kind} \`${workload.name}\``];
  if (!parsed.ok) {
    lines.push(`Not a valid image reference: ${parsed.error}`);
    return lines.join('\n\n');
  }
  const { domain, path, tag, digest } = parsed.ref;
  const parts = [`registry \`${domain}\``, `repository \`${path}\``, tag !== undefined ? `tag \`${tag}\`` : 'no tag (`latest` is pulled)', digest !== undefined ? `digest \`${digest}\`` : 'no digest'];
  lines.push(parts.join(' · '));
  return lines.join('\n\n');
}

function registrySection({ container }: DeclaredAt, ref: string | undefined, fact: RegistryFact | undefined, trusted: boolean): string {
  if (ref === undefined) return '';
  const tag = ref.slice(ref.lastIndexOf(':') + 1);
  if (!trusted) return '**Registry:** not asked — the workspace is not trusted.';
  if (!fact) return `**Registry:** not asked — background registry checks are off (\`shipshape.network.enable\`); **Pin Image to Digest** asks when you choose it.`;
  if (fact.status === 'error') return `**Registry:** could not be asked — ${escape(fact.message)}`;
  if (fact.status === 'not-found') return fact.missing === 'repository' ? '**Registry:** the repository does not exist (or is not visible with your credentials).' : `**Registry:** tag \`${tag}\` does not exist.`;
  const pinned = /@(sha256:[a-f0-9]{64})$/.exec(container.image)?.[1];
  const verdict = pinned === undefined ? '' : pinned === fact.digest ? ' — the pinned digest is current.' : ` — **the pinned digest ${short(pinned)} is no longer the tag's.**`;
  return `**Registry now:** \`${tag}\` → \`${fact.digest}\`${verdict}`;
}

function liveSection(_at: DeclaredAt, live: LiveLookup): string {
  if (live.status === 'off') {
    return live.reason === 'untrusted'
      ? '**Live:** off — Shipshape does not contact clusters in an untrusted workspace (kubeconfig credential plugins could run).'
      : '**Live:** off (`shipshape.live.enable`).';
  }
  if (live.status === 'error') return `**Live${live.context !== undefined ? ` (context \`${live.context}\`)` : ''}:** ${escape(live.message)}`;
  const { context, workload, comparison } = live;
  const head = `**Live** — context \`${context.name}\`, namespace \`${workload.namespace}\`: ${verdictText(comparison)}`;
  const lines = [head, escape(comparison.summary)];
  const table = groupsTable(comparison.groups);
  if (table) lines.push(table);
  if (comparison.issues.includes('spec-differs') && comparison.liveImage !== undefined) {
    lines.push(`The live template's image is \`${comparison.liveImage}\`, not the file's: the change is not applied, or not synced.`);
  }
  return lines.join('\n\n');
}

function verdictText(c: ContainerComparison): string {
  switch (c.verdict) {
    case 'running-declared':
      return c.expected?.from === 'registry' ? '✅ running the tag’s current image' : '✅ running the declared image';
    case 'running-other':
      return c.mixed ? '⚠️ partly running something else (a rollout in progress or stuck)' : '❌ running something else';
    case 'no-pods':
      return 'no pods';
    case 'not-comparable':
      return 'not comparable (the pods report image IDs, not registry digests)';
    case 'unknown':
      return 'running, nothing to compare with (no digest in the file, no registry lookup)';
  }
}

function groupsTable(groups: readonly DigestGroup[]): string {
  if (groups.length === 0) return '';
  const rows = groups.map((g) => {
    const identity = g.kind === 'digest' ? `\`${short(g.digest ?? '')}\`` : g.kind === 'none' ? 'not pulled yet' : `image ID \`${short(g.digest ?? '')}\` (not comparable)`;
    const match = g.match === 'expected' ? 'expected' : g.match === 'child' ? 'expected (platform manifest)' : g.match === 'other' ? '**other**' : '';
    const age = g.oldestAgeSeconds === undefined ? '' : formatAge(g.oldestAgeSeconds);
    return `| ${identity} | ${match} | ${g.podCount} | ${g.readyCount} | ${age} |`;
  });
  return ['| digest | | pods | ready | age |', '| --- | --- | ---: | ---: | ---: |', ...rows].join('\n');
}

function short(digest: string): string {
  const colon = digest.indexOf(':');
  return colon === -1 ? digest : digest.slice(0, colon + 13);
}

/** Markdown-inert text (messages come from servers). */
function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}
