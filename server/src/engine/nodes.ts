// Small, alias-aware accessors over the `yaml` package's node tree. Aliases are followed one hop at a
// time with a depth bound and never expanded recursively, so an alias bomb costs nothing here.
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Alias, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

const MAX_ALIAS_HOPS = 16;
const MAX_MERGE_DEPTH = 8;

type Anchors = Map<string, Node[]>;
const anchorCache = new WeakMap<Document, Anchors>();

function anchorsOf(doc: Document): Anchors {
  let anchors = anchorCache.get(doc);
  if (!anchors) {
    const found: Anchors = new Map();
    visit(doc, {
      Node(_key, node) {
        if (!isAlias(node) && node.anchor) {
          const list = found.get(node.anchor) ?? [];
          list.push(node);
          found.set(node.anchor, list);
        }
      },
    });
    anchors = found;
    anchorCache.set(doc, anchors);
  }
  return anchors;
}

/** The node an alias points at: the last anchor of that name defined before the alias. */
function resolveAlias(doc: Document, alias: Alias): Node | undefined {
  const candidates = anchorsOf(doc).get(alias.source);
  if (!candidates) return undefined;
  const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
  let best: Node | undefined;
  for (const node of candidates) {
    if ((node.range?.[0] ?? 0) < at) best = node;
  }
  return best;
}

/** Follows aliases (bounded) to the node they stand for. */
export function deref(doc: Document, node: unknown): Node | undefined {
  let current = node;
  for (let hops = 0; isAlias(current); hops++) {
    if (hops >= MAX_ALIAS_HOPS) return undefined;
    current = resolveAlias(doc, current);
  }
  return (current ?? undefined) as Node | undefined;
}

export function asMap(doc: Document, node: unknown): YAMLMap | undefined {
  const n = deref(doc, node);
  return isMap(n) ? n : undefined;
}

export function asSeq(doc: Document, node: unknown): YAMLSeq | undefined {
  const n = deref(doc, node);
  return isSeq(n) ? n : undefined;
}

export function asScalar(doc: Document, node: unknown): Scalar | undefined {
  const n = deref(doc, node);
  return isScalar(n) ? n : undefined;
}

function keyText(key: unknown): string | undefined {
  if (!isScalar(key) || key.value === null || key.value === undefined) return undefined;
  // With merge keys enabled the `yaml` package gives `<<` a symbol value.
  if (typeof key.value === 'symbol') return key.source ?? key.value.description;
  return String(key.value);
}

/** The pair for `key` in a map, looking through `<<` merge keys as Kubernetes' YAML parser does. */
export function getPair(doc: Document, map: YAMLMap | undefined, key: string, depth = 0): Pair<unknown, unknown> | undefined {
  if (!map) return undefined;
  let merges: unknown[] | undefined;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k = keyText(item.key);
    if (k === key) return item;
    if (k === '<<') (merges ??= []).push(item.value);
  }
  if (merges && depth < MAX_MERGE_DEPTH) {
    for (const source of merges) {
      const target = deref(doc, source);
      const sources = isSeq(target) ? target.items : [target];
      for (const s of sources) {
        const found = getPair(doc, asMap(doc, s), key, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The value node for `key` (aliases resolved), or undefined. */
export function get(doc: Document, map: YAMLMap | undefined, key: string): Node | undefined {
  const pair = getPair(doc, map, key);
  return pair ? deref(doc, pair.value) : undefined;
}

export function getMap(doc: Document, map: YAMLMap | undefined, ...path: string[]): YAMLMap | undefined {
  let current: YAMLMap | undefined = map;
  for (const key of path) current = asMap(doc, get(doc, current, key));
  return current;
}

/** A scalar's value as a string (numbers and booleans stringified), or undefined. */
export function scalarString(doc: Document, node: unknown): string | undefined {
  const s = asScalar(doc, node);
  if (!s || s.value === null || s.value === undefined) return undefined;
  return typeof s.value === 'string' ? s.value : String(s.value);
}

export function getString(doc: Document, map: YAMLMap | undefined, key: string): string | undefined {
  return scalarString(doc, get(doc, map, key));
}

/** A scalar's value as a number, accepting numeric strings ("3"), or undefined. */
export function scalarNumber(doc: Document, node: unknown): number | undefined {
  const s = asScalar(doc, node);
  if (!s) return undefined;
  if (typeof s.value === 'number') return s.value;
  if (typeof s.value === 'bigint') return Number(s.value);
  if (typeof s.value === 'string' && /^-?\d+$/.test(s.value.trim())) return Number(s.value.trim());
  return undefined;
}

/** [start, end) of a node's value as it appears in the text (quotes included, trailing comment excluded). */
export function nodeRange(node: Node | undefined): [number, number] | undefined {
  const r = node?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** The range a finding on a map should use: its first key (used when the thing it describes has no name). */
export function firstKeyRange(map: YAMLMap): [number, number] | undefined {
  const first = map.items.find(isPair);
  if (first && isScalar(first.key)) return nodeRange(first.key);
  return nodeRange(map);
}
