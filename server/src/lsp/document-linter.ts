// Lints one open document with its settings and its folder's `.shipshape.yaml`, and keeps the result
// of the latest lint per URI (with a snapshot of the text it was computed on) for code actions.
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { combineRuleSettings, lint, type Finding } from '../engine/index';
import { configProblemsDiagnostic, toDiagnostic } from './diagnostics';
import { filePathOf, isIgnored, type FolderConfig, type ProjectConfigs } from './project-config';
import type { SettingsCache, ShipshapeSettings } from './settings';

export interface LintedDocument {
  /** The text and version the findings were computed on (the open document keeps changing). */
  snapshot: TextDocument;
  findings: Finding[];
  diagnostics: Diagnostic[];
}

export interface DocumentLinterDeps {
  settings: SettingsCache;
  projects: ProjectConfigs;
  logError(message: string): void;
  /** Results are kept only for documents still open. */
  isOpen(uri: string): boolean;
}

const MIB = 1024 * 1024;

export class DocumentLinter {
  private readonly latest = new Map<string, LintedDocument>();
  /** URI → the version whose rule failures were logged, and the rules that failed on it. */
  private readonly loggedFailures = new Map<string, { version: number; ruleIds: Set<string> }>();

  constructor(private readonly deps: DocumentLinterDeps) {}

  /** Lints the document as it is once settings and project config are known. */
  async lint(doc: TextDocument): Promise<LintedDocument> {
    const [settings, folder, ownerOfConfig] = await Promise.all([
      this.deps.settings.get(doc.uri),
      this.deps.projects.forDocument(doc.uri),
      this.deps.projects.ownerOfConfigFile(doc.uri),
    ]);
    const linted = this.lintNow(doc, settings, folder, ownerOfConfig);
    if (this.deps.isOpen(doc.uri)) this.latest.set(doc.uri, linted);
    return linted;
  }

  /** The latest result if it is for the document's current version, else a fresh lint. */
  async current(doc: TextDocument): Promise<LintedDocument> {
    const latest = this.latest.get(doc.uri);
    return latest && latest.snapshot.version === doc.version ? latest : this.lint(doc);
  }

  forget(uri: string): void {
    this.latest.delete(uri);
    this.loggedFailures.delete(uri);
  }

  private lintNow(doc: TextDocument, settings: ShipshapeSettings, folder: FolderConfig | undefined, ownerOfConfig: FolderConfig | undefined): LintedDocument {
    const snapshot = TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
    if (!settings.enable || (folder && isIgnored(folder, doc.uri))) return { snapshot, findings: [], diagnostics: [] };
    const { findings } = lint(snapshot.getText(), {
      fileName: filePathOf(doc.uri) ?? doc.uri,
      rules: combineRuleSettings(folder?.config.rules, settings.rules),
      maxLength: Math.floor(settings.maxFileSize * MIB),
      onRuleError: (ruleId, error) => this.logRuleError(snapshot, ruleId, error),
    });
    const diagnostics = findings.map((finding) => toDiagnostic(snapshot, finding));
    const problems = ownerOfConfig?.config.problems ?? [];
    if (problems.length > 0) diagnostics.unshift(configProblemsDiagnostic(snapshot, problems));
    return { snapshot, findings, diagnostics };
  }

  private logRuleError(doc: TextDocument, ruleId: string, error: unknown): void {
    let logged = this.loggedFailures.get(doc.uri);
    if (!logged || logged.version !== doc.version) this.loggedFailures.set(doc.uri, (logged = { version: doc.version, ruleIds: new Set() }));
    if (logged.ruleIds.has(ruleId)) return;
    logged.ruleIds.add(ruleId);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.deps.logError(`Rule ${ruleId} failed on ${doc.uri} (version ${doc.version}); its findings are missing, the other rules ran. ${detail}`);
  }
}
