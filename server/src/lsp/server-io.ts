// Small translations between the connection and the pin commands: server-initiated progress and the
// commands' argument.
import type { Connection, Position } from 'vscode-languageserver';
import type { Progress } from './pin';

/** As long as the registry client keeps a digest by default. */
export const DEFAULT_FACT_TTL_MS = 60_000;

/** window/workDoneProgress/create, then begin; cancellable. A no-op reporter when the client has no progress support. */
export async function beginProgress(connection: Connection, title: string): Promise<Progress> {
  const reporter = await connection.window.createWorkDoneProgress();
  reporter.begin(title, 0, undefined, true);
  let finished = false;
  return {
    token: reporter.token,
    report: (percentage, message) => {
      if (!finished) reporter.report(percentage, message);
    },
    done: () => {
      if (finished) return;
      finished = true;
      reporter.done();
    },
  };
}

/** The `{uri, position?}` object the pin commands take as their one argument. */
export function commandArgument(args: unknown[] | undefined): { uri?: string; position?: Position } {
  const arg: unknown = args?.[0];
  if (typeof arg !== 'object' || arg === null) return {};
  const { uri, position } = arg as { uri?: unknown; position?: { line?: unknown; character?: unknown } };
  const result: { uri?: string; position?: Position } = {};
  if (typeof uri === 'string') result.uri = uri;
  if (position && typeof position.line === 'number' && typeof position.character === 'number') result.position = { line: position.line, character: position.character };
  return result;
}
