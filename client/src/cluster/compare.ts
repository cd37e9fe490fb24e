// Declared vs live for one container of a workload: which digests its pods run, whether that is the expected
// one, and what to flag. Pure: the live data comes in, plain data goes out (no cluster, no registry).
import { canonicalRef, parseImageRef, type ImageRef } from '../../../server/src/engine/image-ref';
import type { LiveFact } from '../../../server/src/engine/live-facts';
import { parseImageId, shortDigest } from './image-id';
import type {
  ComparisonIssue,
  ContainerComparison,
  ContainerRoleLive,
  DigestGroup,
  ExpectedDigest,
  ImageIdentity,
  LiveContainerStatus,
  LivePod,
  LiveWorkload,
  Verdict,
} from './types';

export interface CompareInput {
  workload: LiveWorkload;
  container: string;
  /** The declared role: init containers' statuses are in `initContainerStatuses`. */
  role: ContainerRoleLive;
  /** The image as the file writes it. */
  declared: string;
  /** What the pods should run; without it, the declared reference's own digest (if it has one). */
  expected?: ExpectedDigest;
  /** The expected index's children (its platform manifests): running one of them counts as running the expected image. */
  acceptedDigests?: readonly string[];
  /** The clock for ages, in ms since the epoch. Default Date.now(). */
  now?: number;
}

/** Kinds whose finished pods are the only evidence of what ran; for the others, finished pods are history. */
const KEEPS_FINISHED_PODS = new Set(['Pod', 'Job', 'CronJob']);

export function compareContainer(input: CompareInput): ContainerComparison {
  const { workload, container, role, declared } = input;
  const now = input.now ?? Date.now();
  const declaredRef = parse(declared);
  const expected = input.expected ?? (declaredRef?.digest ? { digest: declaredRef.digest, from: 'declared' as const } : undefined);
  const accepted = new Set(input.acceptedDigests ?? []);
  const liveImage = workload.containers.find((c) => c.name === container)?.image;

  const pods = workload.pods.filter((pod) => KEEPS_FINISHED_PODS.has(workload.kind) || (pod.phase !== 'Succeeded' && pod.phase !== 'Failed'));
  const groups = groupPods(pods, container, role, now);
  for (const group of groups) {
    if (expected && group.kind === 'digest' && group.digest !== undefined) {
      group.match = group.digest === expected.digest ? 'expected' : accepted.has(group.digest) ? 'child' : 'other';
    }
  }
  const readyCount = groups.reduce((sum, g) => sum + g.readyCount, 0);
  const notReadyCount = role === 'init' ? 0 : pods.filter((pod) => shouldBeReady(pod) && !statusOf(pod, container, role)?.ready).length;

  const verdict = decide(pods.length, groups, expected);
  const mixed = verdict === 'running-other' && groups.some((g) => g.match === 'expected' || g.match === 'child');
  const issues: ComparisonIssue[] = [];
  if (verdict === 'running-other') issues.push('drift');
  if (liveImage === undefined) issues.push('container-missing');
  else if (!sameImage(declared, declaredRef, liveImage)) issues.push('spec-differs');
  if (verdict === 'no-pods' && workload.podsExpected) issues.push('no-pods');
  if (notReadyCount > 0) issues.push('not-ready');

  const comparison: ContainerComparison = {
    container,
    role,
    declared,
    ...(expected && { expected }),
    ...(liveImage !== undefined && { liveImage }),
    verdict,
    mixed,
    issues,
    podCount: pods.length,
    readyCount,
    notReadyCount,
    groups,
    summary: '',
  };
  comparison.summary = summarise(comparison, workload);
  return comparison;
}

function parse(image: string): ImageRef | undefined {
  const parsed = parseImageRef(image);
  return parsed.ok ? parsed.ref : undefined;
}

/** The same repository and the same thing pulled: equal digests when either pins one, else equal tags (`latest` when absent). */
function sameImage(declared: string, declaredRef: ImageRef | undefined, live: string): boolean {
  const liveRef = parse(live);
  if (!declaredRef || !liveRef) return declared === live;
  if (declaredRef.domain !== liveRef.domain || declaredRef.path !== liveRef.path) return false;
  if (declaredRef.digest !== undefined || liveRef.digest !== undefined) return declaredRef.digest === liveRef.digest;
  return canonicalRef(declaredRef) === canonicalRef(liveRef);
}

function statusOf(pod: LivePod, container: string, role: ContainerRoleLive): LiveContainerStatus | undefined {
  const [first, second] = role === 'container' ? [pod.containers, pod.initContainers] : [pod.initContainers, pod.containers];
  return first.find((s) => s.name === container) ?? second.find((s) => s.name === container);
}

/** A pod that is neither finished nor going away should have its containers ready. */
function shouldBeReady(pod: LivePod): boolean {
  return !pod.deleting && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

function groupKey(identity: ImageIdentity): string {
  switch (identity.kind) {
    case 'digest':
      return `digest ${identity.digest}`;
    case 'config':
      return `config ${identity.id}`;
    case 'unrecognised':
      return `raw ${identity.raw}`;
    case 'none':
      return 'none';
  }
}

function groupPods(pods: readonly LivePod[], container: string, role: ContainerRoleLive, now: number): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const pod of pods) {
    const status = statusOf(pod, container, role);
    const identity = parseImageId(status?.imageID ?? '');
    const key = groupKey(identity);
    let group = groups.get(key);
    if (!group) {
      const shown = identity.kind === 'digest' ? identity.digest : identity.kind === 'config' ? identity.id : identity.kind === 'unrecognised' ? identity.raw : undefined;
      group = { kind: identity.kind, ...(shown !== undefined && { digest: shown }), repositories: [], images: [], pods: [], podCount: 0, readyCount: 0 };
      groups.set(key, group);
    }
    group.pods.push(pod.name);
    group.podCount++;
    if (status?.ready) group.readyCount++;
    if (identity.kind === 'digest' && identity.repository !== undefined && !group.repositories.includes(identity.repository)) group.repositories.push(identity.repository);
    if (status?.image && !group.images.includes(status.image)) group.images.push(status.image);
    if (pod.createdAt !== undefined) {
      if (group.oldestCreatedAt === undefined || pod.createdAt < group.oldestCreatedAt) group.oldestCreatedAt = pod.createdAt;
      if (group.newestCreatedAt === undefined || pod.createdAt > group.newestCreatedAt) group.newestCreatedAt = pod.createdAt;
    }
  }
  const list = [...groups.values()];
  for (const group of list) {
    if (group.oldestCreatedAt !== undefined) group.oldestAgeSeconds = ageSeconds(group.oldestCreatedAt, now);
    if (group.newestCreatedAt !== undefined) group.newestAgeSeconds = ageSeconds(group.newestCreatedAt, now);
  }
  // Newest first (ISO 8601 UTC strings order as times do); groups without times last.
  return list.sort((a, b) => compareDesc(a.newestCreatedAt, b.newestCreatedAt) || compareAsc(a.digest ?? '', b.digest ?? ''));
}

function compareDesc(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a > b ? -1 : 1;
}

function compareAsc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ageSeconds(iso: string, now: number): number | undefined {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.floor((now - at) / 1000));
}

function decide(podCount: number, groups: readonly DigestGroup[], expected: ExpectedDigest | undefined): Verdict {
  if (podCount === 0) return 'no-pods';
  if (!expected) return 'unknown';
  if (groups.some((g) => g.match === 'other')) return 'running-other';
  // An image config ID could be any version: with one among them, no claim about all pods can be made.
  if (groups.some((g) => g.kind === 'config' || g.kind === 'unrecognised')) return 'not-comparable';
  return groups.some((g) => g.kind === 'digest') ? 'running-declared' : 'not-comparable';
}

function summarise(c: ContainerComparison, workload: LiveWorkload): string {
  const expectedLabel = c.expected ? `${c.expected.from === 'declared' ? 'pinned' : 'tag’s current'} digest ${shortDigest(c.expected.digest)}` : '';
  const digestGroups = c.groups.filter((g) => g.kind === 'digest');
  let text: string;
  switch (c.verdict) {
    case 'no-pods':
      text = `no pods${noPodsReason(workload)}`;
      break;
    case 'unknown':
      text = `${describeGroups(c.groups)}; nothing to compare with (${c.declared} pins no digest)`;
      break;
    case 'running-declared': {
      const viaChild = digestGroups.some((g) => g.match === 'child') ? ' (some through a platform manifest of its index)' : '';
      const running = digestGroups.reduce((n, g) => n + g.podCount, 0);
      const counted = running === c.podCount ? pods(running) : `${running} of ${pods(c.podCount)}`;
      text = `${counted} ${running === 1 && running === c.podCount ? 'runs' : 'run'} the ${expectedLabel}${viaChild}${pendingNote(c.groups)}`;
      break;
    }
    case 'running-other': {
      const others = c.groups.filter((g) => g.match === 'other');
      const otherText = others.map((g) => `${pods(g.podCount)} ${g.podCount === 1 ? 'runs' : 'run'} ${shortDigest(g.digest ?? '')}${since(g)}`).join(', ');
      if (c.mixed) {
        const current = c.groups.filter((g) => g.match === 'expected' || g.match === 'child').reduce((n, g) => n + g.podCount, 0);
        text = `mixed, a rollout in progress or stuck: ${current} of ${pods(c.podCount)} run the ${expectedLabel}, ${otherText}`;
      } else {
        text = `${otherText}, not the ${expectedLabel}`;
      }
      break;
    }
    case 'not-comparable':
      text = describeNotComparable(c);
      break;
  }
  const notes: string[] = [];
  if (c.podCount > 0 && c.role !== 'init') notes.push(`${c.readyCount}/${c.podCount} ready`);
  if (c.issues.includes('container-missing')) notes.push(`the live template has no container "${c.container}"`);
  if (c.issues.includes('spec-differs')) notes.push(`the live template says ${c.liveImage} (the file is not applied, or not synced)`);
  return [text, ...notes].join('; ');
}

function noPodsReason(workload: LiveWorkload): string {
  if (workload.kind === 'CronJob') return ' (none of its jobs has pods now)';
  if (workload.kind === 'Job') return ' (finished pods may have been cleaned up)';
  if (workload.desiredReplicas === 0) return ' (scaled to 0)';
  return workload.selector ? ` match ${workload.selector}` : '';
}

function describeGroups(groups: readonly DigestGroup[]): string {
  return groups.map((g) => `${pods(g.podCount)} ${g.podCount === 1 ? 'runs' : 'run'} ${identityText(g)}${since(g)}`).join(', ');
}

function describeNotComparable(c: ContainerComparison): string {
  const config = c.groups.filter((g) => g.kind === 'config' || g.kind === 'unrecognised');
  const matching = c.groups.filter((g) => g.match === 'expected' || g.match === 'child').reduce((n, g) => n + g.podCount, 0);
  if (config.length === 0) return `${pods(c.podCount)} ${c.podCount === 1 ? 'has' : 'have'} not pulled the image yet`;
  const count = config.reduce((n, g) => n + g.podCount, 0);
  const ids = config.map((g) => shortDigest(g.digest ?? '')).join(', ');
  const prefix = matching > 0 ? `${matching} of ${pods(c.podCount)} run the expected digest, but ` : '';
  return `${prefix}${pods(count)} report only an image ID (${ids}), not a registry digest: an image loaded without a registry cannot be compared with ${c.expected ? shortDigest(c.expected.digest) : 'a manifest digest'}`;
}

function identityText(group: DigestGroup): string {
  if (group.kind === 'none') return 'nothing yet (image not pulled)';
  if (group.kind === 'digest') return shortDigest(group.digest ?? '');
  return `image ID ${shortDigest(group.digest ?? '')} (not comparable)`;
}

function pendingNote(groups: readonly DigestGroup[]): string {
  const pending = groups.filter((g) => g.kind === 'none').reduce((n, g) => n + g.podCount, 0);
  return pending > 0 ? ` (${pods(pending)} still pulling)` : '';
}

function since(group: DigestGroup): string {
  return group.oldestAgeSeconds === undefined ? '' : ` (oldest ${formatAge(group.oldestAgeSeconds)})`;
}

function pods(count: number): string {
  return `${count} ${count === 1 ? 'pod' : 'pods'}`;
}

/** kubectl's ages: 45s, 12m, 5h, 3d. */
export function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

/** A comparison as the engine's `live-digest-drift` rule reads it (key it with the engine's liveFactKey()). */
export function toLiveFact(comparison: ContainerComparison, workload: Pick<LiveWorkload, 'context' | 'namespace'>): LiveFact {
  const running = comparison.groups
    .filter((g) => g.kind === 'digest' && g.digest !== undefined)
    .map((g) => ({ digest: g.digest!, pods: g.podCount, ready: g.readyCount, matches: g.match === 'expected' || g.match === 'child' }))
    .sort((a, b) => b.pods - a.pods);
  return {
    context: workload.context,
    namespace: workload.namespace,
    verdict: comparison.verdict,
    ...(comparison.expected && { expected: comparison.expected.digest, expectedFrom: comparison.expected.from }),
    running,
    pods: comparison.podCount,
  };
}
