// Rollout knowledge shared by the rollout rules: where each kind keeps its update strategy and its
// defaults, how int-or-percent values read, and the edits that make a rolling update surge a new pod
// before it takes an old one down.
import { isMap, isNode, isScalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { appendToBlockMap, blockMapColumn, columnOf, insertAfterPair, replaceNode } from './edit';
import { apiGroup, type Workload } from './kube';
import { getMap, getPair, getString, scalarNumber, scalarString } from './nodes';
import type { TextEdit } from './types';

/** A `maxSurge`/`maxUnavailable` value: an absolute count or a percentage. */
export interface IntOrPercent {
  percent: boolean;
  value: number;
}

// The API's own percentage syntax (validation.IsValidPercent): digits then `%`, nothing else.
const PERCENT = /^[0-9]+%$/;

/** Reads `3`, `"3"` or `"25%"`; anything else (including `" 25%"`) is undefined. */
export function intOrPercent(doc: Document, node: unknown): IntOrPercent | undefined {
  const text = scalarString(doc, node);
  if (text !== undefined && PERCENT.test(text)) return { percent: true, value: Number(text.slice(0, -1)) };
  const value = scalarNumber(doc, node);
  return value === undefined ? undefined : { percent: false, value };
}

export function formatIntOrPercent(v: IntOrPercent): string {
  return v.percent ? `${v.value}%` : String(v.value);
}

/** A key's value as written (an alias stays the alias node, so the finding sits where the key is) and its reading. */
export interface Field<T> {
  pair: Pair<unknown, unknown>;
  node: Node;
  value: T;
}

function field<T>(doc: Document, map: YAMLMap | undefined, key: string, read: (doc: Document, node: unknown) => T | undefined): Field<T> | undefined {
  const pair = getPair(doc, map, key);
  if (!pair || !isNode(pair.value) || !pair.value.range) return undefined;
  const value = read(doc, pair.value);
  return value === undefined ? undefined : { pair, node: pair.value, value };
}

export const numberField = (doc: Document, map: YAMLMap | undefined, key: string) => field(doc, map, key, scalarNumber);
export const stringField = (doc: Document, map: YAMLMap | undefined, key: string) => field(doc, map, key, scalarString);
export const intOrPercentField = (doc: Document, map: YAMLMap | undefined, key: string) => field(doc, map, key, intOrPercent);

/** What the API fills in for an unset `progressDeadlineSeconds` (apps/v1 Deployments, Argo Rollouts). */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** Whether the workload is served under the old `extensions` group, whose defaults differ from apps/v1. */
export function isLegacyExtensions(workload: Workload): boolean {
  return workload.apiVersion !== undefined && apiGroup(workload.apiVersion) === 'extensions';
}

/** The default `progressDeadlineSeconds`, or undefined when there is none (extensions/v1beta1 Deployments had no deadline). */
export function defaultProgressDeadline(workload: Workload): number | undefined {
  if (workload.kind === 'Deployment' && isLegacyExtensions(workload)) return undefined;
  return DEFAULT_PROGRESS_DEADLINE_SECONDS;
}

/** The map that holds `maxSurge`/`maxUnavailable` and where it sits, for messages. */
export interface RollingParams {
  map: YAMLMap;
  path: string;
}

/**
 * Where a workload's rolling-update parameters live, when its strategy is a rolling one:
 * Deployment `strategy.rollingUpdate` (type unset or RollingUpdate), DaemonSet `updateStrategy.rollingUpdate`
 * (type unset — RollingUpdate in apps/v1, OnDelete in extensions/v1beta1 — or RollingUpdate) and
 * Argo Rollout `strategy.canary`.
 */
export function rollingParams(workload: Workload): RollingParams | undefined {
  const { doc, spec } = workload;
  switch (workload.kind) {
    case 'Deployment': {
      const strategy = getMap(doc, spec, 'strategy');
      if ((getString(doc, strategy, 'type') ?? 'RollingUpdate') !== 'RollingUpdate') return undefined;
      const map = getMap(doc, strategy, 'rollingUpdate');
      return map && { map, path: 'strategy.rollingUpdate' };
    }
    case 'DaemonSet': {
      const strategy = getMap(doc, spec, 'updateStrategy');
      const defaultType = isLegacyExtensions(workload) ? 'OnDelete' : 'RollingUpdate';
      if ((getString(doc, strategy, 'type') ?? defaultType) !== 'RollingUpdate') return undefined;
      const map = getMap(doc, strategy, 'rollingUpdate');
      return map && { map, path: 'updateStrategy.rollingUpdate' };
    }
    case 'Rollout': {
      const map = getMap(doc, spec, 'strategy', 'canary');
      return map && { map, path: 'strategy.canary' };
    }
    default:
      return undefined;
  }
}

/** How the object fails when the API (or, for a Rollout, the Argo Rollouts controller) refuses its spec. */
export function rejectedBy(workload: Workload): string {
  return workload.kind === 'Rollout' ? 'Argo Rollouts marks the Rollout InvalidSpec and never rolls it out' : `the API server rejects the ${workload.kind}`;
}

// ——— Fix building ———

/** A key written in this map itself (not reached through a `<<` merge): the only kind an edit may touch. */
export function ownPair(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  return map.items.find((item) => isScalar(item.key) && item.key.value !== null && String(item.key.value) === key);
}

/** Replaces a pair's value as written; undefined for an empty value (`key:`), where a bare replacement would not parse. */
export function replaceValue(pair: Pair<unknown, unknown>, newText: string): TextEdit | undefined {
  const value = pair.value;
  if (!isNode(value) || !value.range || value.range[0] === value.range[1]) return undefined;
  return replaceNode(value, newText);
}

/** Spaces one nesting level adds in this file, judged from a block map and the key that holds it (2 when unclear). */
export function nestingStep(text: string, parentKey: unknown, map: YAMLMap): number {
  const column = blockMapColumn(text, map);
  const key = isNode(parentKey) ? parentKey.range : undefined;
  if (column === undefined || !key) return 2;
  const step = column - columnOf(text, key[0]);
  return step > 0 ? step : 2;
}

/**
 * Edits that make a block map of rolling-update parameters read `maxUnavailable: 0` and `maxSurge: 1`:
 * values present are replaced (unless already right), missing keys are inserted next to the other one
 * (or at the end of the map). Undefined for flow-style maps and for values that cannot be replaced.
 * Keys reached only through a `<<` merge get an own entry, which overrides the merged one.
 */
export function surgeOnlyEdits(text: string, doc: Document, map: YAMLMap): TextEdit[] | undefined {
  if (blockMapColumn(text, map) === undefined) return undefined;
  const unavailable = ownPair(map, 'maxUnavailable');
  const surge = ownPair(map, 'maxSurge');
  const edits: TextEdit[] = [];
  if (unavailable && intOrPercent(doc, unavailable.value)?.value !== 0) {
    const edit = replaceValue(unavailable, '0');
    if (!edit) return undefined;
    edits.push(edit);
  }
  if (surge) {
    const current = intOrPercent(doc, surge.value);
    if (!(current && !current.percent && current.value === 1)) {
      const edit = replaceValue(surge, '1');
      if (!edit) return undefined;
      edits.push(edit);
    }
  }
  let insert: TextEdit | undefined;
  if (!unavailable && !surge) insert = appendToBlockMap(text, map, ['maxUnavailable: 0', 'maxSurge: 1']);
  else if (!surge && unavailable) insert = insertAfterPair(text, map, unavailable, ['maxSurge: 1']);
  else if (!unavailable && surge) insert = insertAfterPair(text, map, surge, ['maxUnavailable: 0']);
  else return edits;
  return insert ? [...edits, insert] : undefined;
}

/**
 * Turns a block-style Deployment `strategy` map from Recreate into a RollingUpdate that surges one pod and
 * takes none down: `type` becomes RollingUpdate and a `rollingUpdate` entry follows it (or an existing one
 * gets the two keys). `step` is the file's nesting width. Undefined for flow-style maps.
 */
export function recreateToRollingEdits(text: string, doc: Document, strategy: YAMLMap, step: number): TextEdit[] | undefined {
  if (blockMapColumn(text, strategy) === undefined) return undefined;
  const typePair = ownPair(strategy, 'type');
  const typeEdit = typePair && replaceValue(typePair, 'RollingUpdate');
  if (!typePair || !typeEdit) return undefined;
  const existing = ownPair(strategy, 'rollingUpdate');
  if (!existing) {
    const pad = ' '.repeat(step);
    const insert = insertAfterPair(text, strategy, typePair, ['rollingUpdate:', `${pad}maxUnavailable: 0`, `${pad}maxSurge: 1`]);
    return insert && [typeEdit, insert];
  }
  // An alias or an empty value would need more than line edits; leave those to the user.
  const params = isMap(existing.value) ? existing.value : undefined;
  const rest = params && surgeOnlyEdits(text, doc, params);
  return rest && [typeEdit, ...rest];
}
