// Lints one open document with its settings and its folder's `.shipshape.yaml`, and keeps the result
// of the latest lint per URI (with a snapshot of the text it was computed on) for code actions.
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { combineRuleSettings, LintCache, lintSteps, type DeclaredWorkload, type Finding, type LintResult, type LiveFacts, type RegistryFacts } from '../engine/index';
import { configProblemsDiagnostic, toDiagnostic } from './diagnostics';
import { filePathOf, isIgnored, type FolderConfig, type ProjectConfigs } from './project-config';
import type { SettingsCache, ShipshapeSettings } from './settings';

/** What code actions need of a lint: the findings and the text they were computed on. */
export interface LintedFindings {
  snapshot: TextDocument;
  findings: Finding[];
}

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
  /** Whether `version` is still the open document's version (else a lint in progress gives way). */
  isCurrent(uri: string, version: number): boolean;
  /** The registry facts to lint with now (never waits for the network); undefined for none. */
  registryFacts?(uri: string, settings: ShipshapeSettings): RegistryFacts | undefined;
  /** A lint with registry facts found these image references (lookups may start; a re-lint may follow). */
  observeImageRefs?(uri: string, refs: readonly string[], settings: ShipshapeSettings): void;
  /** The live facts to lint with now (the drift diagnostic; never waits for the cluster); undefined for none. */
  liveFacts?(uri: string, settings: ShipshapeSettings): LiveFacts | undefined;
  /** A lint with live facts found these workloads (lookups may start; a re-lint may follow). */
  observeWorkloads?(uri: string, workloads: readonly DeclaredWorkload[], settings: ShipshapeSettings): void;
}

const MIB = 1024 * 1024;
/** The longest the linter holds the event loop before letting queued messages (keystrokes, requests) through. */
const SLICE_MS = 12;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class DocumentLinter {
  /** Diagnostics are not kept: once published they are the client's, and they are the bulk of a large file's result. */
  private readonly latest = new Map<string, LintedFindings>();
  /** Per open document: the analysis of its YAML documents, reused across versions. */
  private readonly caches = new Map<string, LintCache>();
  /** URI → the version whose rule failures were logged, and the rules that failed on it. */
  private readonly loggedFailures = new Map<string, { version: number; ruleIds: Set<string> }>();

  constructor(private readonly deps: DocumentLinterDeps) {}

  /**
   * Lints the document as it is once settings and project config are known. The work runs in slices of
   * a few milliseconds; with `yieldToNewer`, it stops (resolving undefined) as soon as the document has a
   * newer version — what it analysed so far stays cached for the next lint.
   */
  async lint(doc: TextDocument, yieldToNewer = false): Promise<LintedDocument | undefined> {
    const [settings, folder, ownerOfConfig] = await Promise.all([
      this.deps.settings.get(doc.uri),
      this.deps.projects.forDocument(doc.uri),
      this.deps.projects.ownerOfConfigFile(doc.uri),
    ]);
    const snapshot = TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
    const linted = await this.lintSnapshot(snapshot, settings, folder, ownerOfConfig, yieldToNewer);
    if (linted && this.deps.isOpen(doc.uri)) this.latest.set(doc.uri, { snapshot: linted.snapshot, findings: linted.findings });
    return linted;
  }

  /** The latest result if it is for the document's current version, else a fresh lint. */
  async current(doc: TextDocument): Promise<LintedFindings> {
    const latest = this.latest.get(doc.uri);
    if (latest && latest.snapshot.version === doc.version) return latest;
    return (await this.lint(doc)) as LintedDocument;
  }

  /** How many YAML documents of `uri` have their analysis cached. */
  cachedDocuments(uri: string): number {
    return this.caches.get(uri)?.size ?? 0;
  }

  forget(uri: string): void {
    this.latest.delete(uri);
    this.caches.delete(uri);
    this.loggedFailures.delete(uri);
  }

  private async lintSnapshot(
    snapshot: TextDocument,
    settings: ShipshapeSettings,
    folder: FolderConfig | undefined,
    ownerOfConfig: FolderConfig | undefined,
    yieldToNewer: boolean,
  ): Promise<LintedDocument | undefined> {
    if (!settings.enable || (folder && isIgnored(folder, snapshot.uri))) return { snapshot, findings: [], diagnostics: [] };
    let cache = this.caches.get(snapshot.uri);
    if (!cache && this.deps.isOpen(snapshot.uri)) this.caches.set(snapshot.uri, (cache = new LintCache()));
    const fileName = filePathOf(snapshot.uri) ?? snapshot.uri;
    const registry = this.deps.registryFacts?.(snapshot.uri, settings);
    const live = this.deps.liveFacts?.(snapshot.uri, settings);
    const steps = lintSteps(snapshot.getText(), {
      fileName,
      rules: combineRuleSettings(folder?.config.rules, settings.rules),
      maxLength: Math.floor(settings.maxFileSize * MIB),
      onRuleError: (ruleId, error) => this.logRuleError(snapshot, ruleId, error),
      ...(cache ? { cache } : {}),
      ...(registry ? { registry } : {}),
      ...(live ? { live } : {}),
    });
    let result: LintResult | undefined;
    let sliceStart = performance.now();
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        result = step.value;
        break;
      }
      if (performance.now() - sliceStart >= SLICE_MS) {
        await yieldToEventLoop();
        if (yieldToNewer && !this.deps.isCurrent(snapshot.uri, snapshot.version)) return undefined;
        sliceStart = performance.now();
      }
    }
    if (result.imageRefs) this.deps.observeImageRefs?.(snapshot.uri, result.imageRefs, settings);
    if (result.workloads) this.deps.observeWorkloads?.(snapshot.uri, result.workloads, settings);
    const findings = result.findings;
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
