// Minimal text edits for fixes: they touch only the bytes they target, keep comments and layout, and
// follow the file's line endings.
import { isPair, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextEdit } from './types';

export function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The leading whitespace of the line holding `offset`. */
export function lineIndentOf(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(start, i);
}

export function replaceNode(node: Node, newText: string): TextEdit | undefined {
  const r = node.range;
  return r ? { start: r[0], end: r[1], newText } : undefined;
}

/**
 * Inserts whole lines after the line that holds `offset`, each indented by `column` spaces.
 * `lines` may carry their own extra indentation for nesting.
 */
export function insertLinesAfter(text: string, offset: number, column: number, lines: string[]): TextEdit {
  const eol = eolOf(text);
  let at = offset;
  // A value that ends with its newline (block scalars) belongs to the line before.
  if (at > 0 && text[at - 1] === '\n') at--;
  const nl = text.indexOf('\n', at);
  const indent = ' '.repeat(column);
  const body = lines.map((line) => indent + line).join(eol);
  if (nl === -1) return { start: text.length, end: text.length, newText: eol + body + (text.length ? '' : eol) };
  return { start: nl + 1, end: nl + 1, newText: body + eol };
}

/** Column of a block map's keys, or undefined for flow maps (`{a: 1}`) where line edits do not apply. */
export function blockMapColumn(text: string, map: YAMLMap): number | undefined {
  if (map.flow) return undefined;
  const first = map.items.find(isPair);
  const key = first?.key;
  if (!isScalar(key) || !key.range) return undefined;
  return columnOf(text, key.range[0]);
}

/** Inserts lines as new entries right after `pair` (after its whole value) in a block map. */
export function insertAfterPair(text: string, map: YAMLMap, pair: Pair<unknown, unknown>, lines: string[]): TextEdit | undefined {
  const column = blockMapColumn(text, map);
  if (column === undefined) return undefined;
  const end = pairEnd(pair);
  return end === undefined ? undefined : insertLinesAfter(text, end, column, lines);
}

/** Appends lines as new entries at the end of a block map. */
export function appendToBlockMap(text: string, map: YAMLMap, lines: string[]): TextEdit | undefined {
  const pairs = map.items.filter(isPair);
  const last = pairs[pairs.length - 1];
  return last ? insertAfterPair(text, map, last, lines) : undefined;
}

function pairEnd(pair: Pair<unknown, unknown>): number | undefined {
  const value = pair.value as Node | null;
  if (value && value.range) return value.range[1];
  const key = pair.key as Node | null;
  return key?.range?.[1];
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error('overlapping edits');
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}
