// Offset ↔ line lookups, shared by the engine, the CLI formatter and pin targets.
import type { LineRange } from './types';

/** Offsets at which each line starts (for offset → line lookups). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function lineRange(starts: readonly number[], start: number, end: number): LineRange {
  const startLine = lineIndexOf(starts, start);
  const endLine = lineIndexOf(starts, end);
  return { startLine, startCharacter: start - starts[startLine]!, endLine, endCharacter: end - starts[endLine]! };
}

export function lineIndexOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
