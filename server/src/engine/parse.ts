// YAML text → documents with source ranges. Errors are kept with their offsets; a document with
// errors is still returned (its partial tree is not used by rules).
import { parseAllDocuments, type Document } from 'yaml';

export interface YamlProblem {
  message: string;
  start: number;
  end: number;
}

export interface ParsedDoc {
  doc: Document;
  /** Offsets of the document in the file, directives and `---` included. */
  start: number;
  end: number;
  errors: YamlProblem[];
}

export interface ParsedFile {
  docs: ParsedDoc[];
  /** A failure of the parser itself (e.g. nesting too deep for the stack), covering the whole text. */
  fatal?: YamlProblem;
}

const PARSE_OPTIONS = { prettyErrors: false, merge: true, keepSourceTokens: false } as const;

export function parseYaml(text: string): ParsedFile {
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(text, PARSE_OPTIONS);
  } catch (error) {
    const reason = error instanceof RangeError ? 'the YAML is nested too deeply to analyse' : `the YAML parser failed: ${String(error)}`;
    return { docs: [], fatal: { message: reason, start: 0, end: Math.min(text.length, firstLineEnd(text)) } };
  }
  if (!Array.isArray(parsed)) return { docs: [] };
  const docs: ParsedDoc[] = [];
  let previousEnd = 0;
  for (const doc of parsed) {
    const start = doc.range?.[0] ?? previousEnd;
    const end = doc.range?.[2] ?? text.length;
    const errors = doc.errors.map((e) => toProblem(text, e.message, e.pos));
    docs.push({ doc, start, end, errors });
    previousEnd = end;
  }
  return { docs };
}

function toProblem(text: string, message: string, pos: [number, number] | undefined): YamlProblem {
  let start = Math.max(0, Math.min(pos?.[0] ?? 0, text.length));
  let end = Math.max(start, Math.min(pos?.[1] ?? start, text.length));
  if (text.slice(start, end).trim() === '') {
    // Errors placed on a line break (an unclosed quote or bracket at the end of a line): show the line's content instead.
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const content = text.slice(lineStart, start).replace(/\s+$/, '');
    if (content.trim() !== '') {
      end = lineStart + content.length;
      start = lineStart + (content.length - content.trimStart().length);
    }
  }
  if (end === start) {
    // Give zero-width errors a visible extent: the rest of the line (or the previous character at EOF).
    const lineEnd = text.indexOf('\n', start);
    end = lineEnd === -1 ? text.length : lineEnd;
    if (end > start && text[end - 1] === '\r') end--;
    if (end === start && start > 0) start--;
  }
  // The parser reports a stack overflow on deep nesting as an ordinary error; say what it means.
  const shown = /Maximum call stack size exceeded/.test(message) ? 'the YAML is nested too deeply to analyse' : message.replace(/\s+/g, ' ').trim();
  return { message: shown, start, end };
}

function firstLineEnd(text: string): number {
  const i = text.indexOf('\n');
  return i === -1 ? text.length : i;
}
