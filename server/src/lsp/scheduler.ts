// When to lint: per document, `lintDelayMs` after its last change; documents do not delay each other.
// Only a result for the version that is still current is published.
import type { Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentLinter } from './document-linter';
import type { SettingsCache } from './settings';

export interface LintSchedulerDeps {
  documents: TextDocuments<TextDocument>;
  linter: DocumentLinter;
  settings: SettingsCache;
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void;
  logError(message: string): void;
}

export class LintScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Bumped on every schedule/cancel, so a schedule still waiting for settings knows it was superseded. */
  private readonly tickets = new Map<string, number>();
  private disposed = false;

  constructor(private readonly deps: LintSchedulerDeps) {}

  schedule(uri: string): void {
    const ticket = this.supersede(uri);
    this.deps.settings.get(uri).then(
      ({ lintDelayMs }) => {
        if (this.disposed || this.tickets.get(uri) !== ticket) return;
        // At 0, run once the messages already queued (more keystrokes, perhaps) are processed.
        this.timers.set(uri, setTimeout(() => void this.run(uri), lintDelayMs));
      },
      (error: unknown) => this.deps.logError(`Could not schedule a lint of ${uri}: ${String(error)}`),
    );
  }

  scheduleAll(): void {
    for (const doc of this.deps.documents.all()) this.schedule(doc.uri);
  }

  cancel(uri: string): void {
    this.supersede(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private supersede(uri: string): number {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const ticket = (this.tickets.get(uri) ?? 0) + 1;
    this.tickets.set(uri, ticket);
    return ticket;
  }

  private async run(uri: string): Promise<void> {
    this.timers.delete(uri);
    const doc = this.deps.documents.get(uri);
    if (!doc) return;
    try {
      const linted = await this.deps.linter.lint(doc, true);
      // Superseded while it ran (a newer version is scheduled), or the document changed or closed since.
      const current = this.deps.documents.get(uri);
      if (!linted || current !== doc || current.version !== linted.snapshot.version) return;
      this.deps.publish(uri, linted.snapshot.version, linted.diagnostics);
    } catch (error) {
      this.deps.logError(`Linting ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
