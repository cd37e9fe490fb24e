// Splits a YAML stream into its documents without parsing it. A line that starts with `---` followed by
// a space, a tab or the end of the line is always a document marker: YAML forbids it inside any scalar.
// Each piece parses alone exactly as it would in the stream (anchors and tags are per document), except
// after `%` directives, which reach into the next document: then the stream stays in one piece.

export interface Chunk {
  /** Offset of the chunk in the whole text. */
  start: number;
  text: string;
}

const MARKER_END = new Set([' ', '\t', '\r', '\n']);

function isMarkerAt(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 45 || text.charCodeAt(i + 2) !== 45) return false;
  return i + 3 >= text.length || MARKER_END.has(text[i + 3]!);
}

export function splitDocuments(text: string): Chunk[] {
  if (text.startsWith('%') || text.includes('\n%')) return [{ start: 0, text }];
  const starts: number[] = [];
  for (let nl = -1; ; ) {
    const lineStart = nl + 1;
    if (lineStart > 0 && isMarkerAt(text, lineStart)) starts.push(lineStart);
    nl = text.indexOf('\n---', lineStart);
    if (nl === -1) break;
  }
  const chunks: Chunk[] = [];
  let previous = 0;
  for (const start of starts) {
    chunks.push({ start: previous, text: text.slice(previous, start) });
    previous = start;
  }
  chunks.push({ start: previous, text: text.slice(previous) });
  return chunks;
}
