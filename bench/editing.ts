// (a) Keystroke → publishDiagnostics through the real server over stdio, on the big file, and (e) the
// server's RSS once that file is open and diagnosed. Edits are one character, sequential, no sleeps:
// each is sent when the previous version's diagnostics have arrived.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { BenchLspClient } from './lsp-client';
import { nowMs } from './stats';

export interface EditingResult {
  /** didOpen → its publishDiagnostics. */
  openMs: number;
  openDiagnostics: number;
  /** The open's publishDiagnostics as JSON: every keystroke's publish carries about as much. */
  publishBytes: number;
  /** VmRSS right after the open's diagnostics arrived. */
  rssAfterOpenBytes: number;
  /** Per edit, send → receipt of the diagnostics for its version. */
  latenciesMs: number[];
  rssAfterEditsBytes: number;
}

interface Keystroke {
  line: number;
  /** Where the digit goes: the end of the line. */
  character: number;
  what: string;
}

/**
 * `count` one-character edits spread over the whole file: pairs that type a digit at the end of a
 * document's `replicas:` value or image tag and delete it again, the documents evenly spaced.
 */
export function planKeystrokes(text: string, count: number): Keystroke[] {
  const lines = text.split('\n');
  const replicas: number[] = [];
  const images: number[] = [];
  lines.forEach((line, i) => {
    if (/^ {2}replicas: \d+$/.test(line)) replicas.push(i);
    else if (/^\s+(- )?image: \S+:\S+$/.test(line)) images.push(i);
  });
  if (replicas.length === 0 || images.length === 0) throw new Error('the corpus has no replicas: or image: line to type into');
  const pairs = Math.ceil(count / 2);
  const plan: Keystroke[] = [];
  for (let p = 0; p < pairs; p++) {
    const targets = p % 2 === 0 ? replicas : images;
    const line = targets[Math.floor(((p + 0.5) * targets.length) / pairs)]!;
    const character = lines[line]!.length;
    const what = p % 2 === 0 ? 'replicas' : 'image tag';
    plan.push({ line, character, what }, { line, character, what });
  }
  return plan.slice(0, count);
}

function keystrokeChange(k: Keystroke, index: number): TextDocumentContentChangeEvent {
  const at = { line: k.line, character: k.character };
  // Even: type a digit; odd: delete it again, so the document returns to the corpus text.
  return index % 2 === 0
    ? { range: { start: at, end: at }, text: String(index % 10) }
    : { range: { start: at, end: { line: k.line, character: k.character + 1 } }, text: '' };
}

export async function measureEditing(
  serverJs: string,
  uri: string,
  text: string,
  edits: number,
  progress: (message: string) => void,
): Promise<EditingResult> {
  const plan = planKeystrokes(text, edits);
  const client = BenchLspClient.spawn(serverJs);
  try {
    await client.initialize();
    const opened = client.diagnostics(uri, 1, 120_000);
    const openSent = nowMs();
    await client.open(uri, text, 1);
    const first = await opened;
    const openMs = first.at - openSent;
    const rssAfterOpenBytes = client.rssBytes();
    progress(`opened: diagnostics after ${openMs.toFixed(0)} ms; typing ${plan.length} keystrokes`);

    const latenciesMs: number[] = [];
    for (let i = 0; i < plan.length; i++) {
      const version = i + 2;
      const published = client.diagnostics(uri, version, 60_000);
      const sent = nowMs();
      await client.change(uri, version, [keystrokeChange(plan[i]!, i)]);
      latenciesMs.push((await published).at - sent);
      if ((i + 1) % 50 === 0) progress(`${i + 1}/${plan.length} keystrokes`);
    }
    return {
      openMs,
      openDiagnostics: first.params.diagnostics.length,
      publishBytes: Buffer.byteLength(JSON.stringify(first.params)),
      rssAfterOpenBytes,
      latenciesMs,
      rssAfterEditsBytes: client.rssBytes(),
    };
  } finally {
    await client.stop();
  }
}
