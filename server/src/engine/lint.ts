// The engine's entry point: text in, findings out. Pure — no fs, no network, no editor types.
//
// A file is analysed one YAML document at a time (split.ts finds the documents without parsing). Each
// document's analysis depends only on its own text, so a LintCache can reuse it when a later version of
// the file contains the same document again: an edit re-parses only the documents it touched. Registry
// and live facts (LintOptions.registry, .live) are the other inputs: an analysis made with facts records
// the image references and workloads it holds and what the facts said about them, and is reused only
// while that still holds.
import { asKustomization, asWorkload, isKustomizationFileName, toObject, type Kustomization, type KubeObject, type Workload } from './kube';
import { parseYaml } from './parse';
import { declaredWorkloads, type DeclaredWorkload } from './declared';
import { liveFactKey, type LiveFacts } from './live-facts';
import type { RegistryFacts } from './registry-facts';
import type { Report, Rule, RuleContext } from './rule';
import type { SkipReason } from './rules/file-skipped';
import { FILE_SKIPPED, RULES } from './rules/index';
import { pinTargets } from './pin';
import { splitDocuments, type Chunk } from './split';
import { annotationScopes, collectCommentDirectives, inScopes, selects } from './suppress';
import { lineRange, lineStarts } from './lines';
import type { Finding, Fix, LineRange, RuleSetting, Severity } from './types';

export type { SkipReason };

export interface LintOptions {
  /** Path or name of the file (used to recognise kustomization files and Helm chart templates). */
  fileName?: string;
  /** Rule id → setting; absent ids use the rule's default severity. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** Files longer than this (in UTF-16 code units) are skipped with one finding. */
  maxLength?: number;
  /** Called when a rule throws; the other rules still run. */
  onRuleError?: (ruleId: string, error: unknown) => void;
  /** Reuses the analysis of documents seen in the previous lint of the same file. */
  cache?: LintCache;
  /**
   * What a registry said about the file's image references (keyed by PinTarget.ref). The network rules
   * (image-tag-not-found, image-digest-stale) report only with facts: without them they are silent.
   */
  registry?: RegistryFacts;
  /** What the cluster runs for the file's workloads (keyed by liveFactKey); `live-digest-drift` reports only with them. */
  live?: LiveFacts;
}

export interface LintResult {
  findings: Finding[];
  /**
   * With `registry` facts: every image reference of the file the network rules look up (PinTarget.ref),
   * distinct — what a caller should have facts for in the next lint.
   */
  imageRefs?: string[];
  /** With `live` facts: the workloads the file declares (offsets into the whole text), to look up for the next lint. */
  workloads?: DeclaredWorkload[];
  /** Set when the file was not analysed (a `file-skipped` finding says why), or `helm` when skipped quietly. */
  skipped?: SkipReason | 'helm';
}

export const DEFAULT_MAX_LENGTH = 10 * 1024 * 1024;

/** A finding as one document's analysis yields it: offsets relative to the document, no closures kept. */
interface DocumentFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** Relative to the document's first line. */
  lines: LineRange;
  hasFixes: boolean;
}

/** Everything the analysis of one document yields. It depends on the document's text, whether the file is a kustomization and the registry facts only. */
interface DocumentAnalysis {
  findings: DocumentFinding[];
  /** The document is a workload or a kustomization. */
  isKubernetes: boolean;
  /** The document has YAML errors. */
  broken: boolean;
  /** How many line breaks the document's text holds (where the next document's lines start). */
  lineBreaks: number;
  ruleErrors: Array<{ ruleId: string; error: unknown }>;
  /** Made with registry or live facts: the document's image references and workloads, and what the facts said about them. */
  facts?: { refs: string[]; workloads: DeclaredWorkload[]; liveKeys: string[]; seen: string };
}

/**
 * Per-file memory of document analyses, keyed by document text. After a complete lint it holds what that
 * lint used, so it stays as large as one file's results (the parse trees are not kept). A lint dropped
 * half-way leaves what it analysed for the next one.
 */
export class LintCache {
  private committed = new Map<string, DocumentAnalysis>();
  private pending = new Map<string, DocumentAnalysis>();
  private kustomizationFile: boolean | undefined;

  /**
   * @internal Starts a lint. Results depend on whether the file is a kustomization by name (a change
   * clears the cache) and on registry facts (checked per document, see reusable()).
   */
  begin(kustomizationFile: boolean): void {
    if (this.kustomizationFile === kustomizationFile) return;
    this.kustomizationFile = kustomizationFile;
    this.committed.clear();
    this.pending.clear();
  }

  /** @internal */
  get(text: string): DocumentAnalysis | undefined {
    return this.pending.get(text) ?? this.committed.get(text);
  }

  /** @internal */
  remember(text: string, analysis: DocumentAnalysis): void {
    this.pending.set(text, analysis);
  }

  /** @internal Ends a complete lint: keep exactly what it used. */
  commit(used: Map<string, DocumentAnalysis>): void {
    this.committed = used;
    this.pending = new Map();
  }

  /** How many documents' analyses are held. */
  get size(): number {
    return this.committed.size + this.pending.size;
  }
}

export function lint(text: string, options: LintOptions = {}): LintResult {
  const steps = lintSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same as lint(), one document per step: a caller that must stay responsive (the language server)
 * runs steps until its time slice is used, yields to other work, and continues — or drops the iterator
 * when a newer version arrived (documents analysed so far stay in the cache).
 */
export function* lintSteps(text: string, options: LintOptions = {}): Generator<void, LintResult, void> {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) return skip(text, 'too-large', options);
  if (looksBinary(text)) return skip(text, 'binary', options);
  if (looksLikeHelmTemplate(text, options.fileName)) return { findings: [], skipped: 'helm' };

  const kustomizationFile = isKustomizationFileName(options.fileName);
  const cache = options.cache;
  cache?.begin(kustomizationFile);
  const used = new Map<string, DocumentAnalysis>();
  const chunks = splitDocuments(text);
  const analyses: DocumentAnalysis[] = [];
  for (const chunk of chunks) {
    let analysis = used.get(chunk.text) ?? cache?.get(chunk.text);
    if (analysis && !reusable(analysis, options)) analysis = undefined;
    if (!analysis) {
      analysis = analyseDocument(chunk.text, options.fileName, options).analysis;
      cache?.remember(chunk.text, analysis);
      yield;
    }
    used.set(chunk.text, analysis);
    analyses.push(analysis);
  }
  cache?.commit(used);

  for (const analysis of analyses) for (const { ruleId, error } of analysis.ruleErrors) options.onRuleError?.(ruleId, error);
  const isKubernetes = analyses.some((a) => a.isKubernetes) || kustomizationFile || (analyses.some((a) => a.broken) && looksLikeKubernetes(text));
  const extras: Pick<LintResult, 'imageRefs' | 'workloads'> = {};
  if (options.registry) extras.imageRefs = isKubernetes ? [...new Set(analyses.flatMap((a) => a.facts?.refs ?? []))] : [];
  if (options.live) extras.workloads = isKubernetes ? shiftedWorkloads(chunks, analyses) : [];
  if (!isKubernetes) return { findings: [], ...extras };
  return { findings: assemble(text, chunks, analyses, options), ...extras };
}

/** An analysis is made again when it was made with other facts than these (or with none, or with some). */
function reusable(analysis: DocumentAnalysis, options: LintOptions): boolean {
  if (!options.registry && !options.live) return analysis.facts === undefined;
  return analysis.facts !== undefined && analysis.facts.seen === factsSeen(analysis.facts.refs, analysis.facts.liveKeys, options);
}

/** What the facts say about these references and workloads, as a string to compare. */
function factsSeen(refs: readonly string[], liveKeys: readonly string[], { registry, live }: LintOptions): string {
  let seen = `${registry ? 'registry' : '-'} ${live ? 'live' : '-'}\n`;
  if (registry) {
    for (const ref of refs) {
      const fact = registry.get(ref);
      seen += `${ref}=${fact ? JSON.stringify(fact) : '-'}\n`;
    }
  }
  if (live) {
    for (const key of liveKeys) {
      const fact = live.get(key);
      seen += `${key}=${fact ? JSON.stringify(fact) : '-'}\n`;
    }
  }
  return seen;
}

/** Each document's declared workloads with offsets and lines into the whole text. */
function shiftedWorkloads(chunks: readonly Chunk[], analyses: readonly DocumentAnalysis[]): DeclaredWorkload[] {
  const result: DeclaredWorkload[] = [];
  let firstLine = 0;
  chunks.forEach((chunk, i) => {
    const analysis = analyses[i]!;
    const shiftLines = <T extends { startLine: number; endLine: number }>(lines: T): T => ({ ...lines, startLine: lines.startLine + firstLine, endLine: lines.endLine + firstLine });
    for (const w of analysis.facts?.workloads ?? []) {
      result.push({
        ...w,
        range: [w.range[0] + chunk.start, w.range[1] + chunk.start],
        lines: shiftLines(w.lines),
        containers: w.containers.map((c) => ({ ...c, range: [c.range[0] + chunk.start, c.range[1] + chunk.start], lines: shiftLines(c.lines) })),
      });
    }
    firstLine += analysis.lineBreaks;
  });
  return result;
}

/** Document findings → file findings: offsets shifted, settings and comment directives applied, sorted, duplicates dropped. */
function assemble(text: string, chunks: readonly Chunk[], analyses: readonly DocumentAnalysis[], options: LintOptions): Finding[] {
  const directives = collectCommentDirectives(text);
  const findings: Finding[] = [];
  let firstLine = 0;
  chunks.forEach((chunk, i) => {
    const analysis = analyses[i]!;
    for (const f of analysis.findings) {
      const setting = options.rules?.[f.ruleId] ?? 'default';
      if (setting === 'off' || selects(directives.file, f.ruleId)) continue;
      const finding: Finding = {
        ruleId: f.ruleId,
        severity: setting === 'default' ? f.severity : setting,
        message: f.message,
        start: f.start + chunk.start,
        end: f.end + chunk.start,
        lines: { ...f.lines, startLine: f.lines.startLine + firstLine, endLine: f.lines.endLine + firstLine },
      };
      if (inScopes(directives.nextLines, finding)) continue;
      if (f.hasFixes) finding.fixes = () => fixesFor(chunk, f, options.fileName, options);
      findings.push(finding);
    }
    firstLine += analysis.lineBreaks;
  });
  findings.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  return withoutDuplicates(findings);
}

/** Fixes are rebuilt on demand from a fresh analysis of the one document, so no parse tree is kept for them. */
function fixesFor(chunk: Chunk, target: DocumentFinding, fileName: string | undefined, facts: Pick<LintOptions, 'registry' | 'live'>): Fix[] {
  const fresh = analyseDocument(chunk.text, fileName, facts).withFixes;
  const match = fresh.find((f) => f.ruleId === target.ruleId && f.start === target.start && f.end === target.end && f.message === target.message);
  return (match?.fixes?.() ?? []).map((fix) => ({
    ...fix,
    edits: fix.edits.map((edit) => ({ start: edit.start + chunk.start, end: edit.end + chunk.start, newText: edit.newText })),
  }));
}

function analyseDocument(text: string, fileName: string | undefined, facts: Pick<LintOptions, 'registry' | 'live'>): { analysis: DocumentAnalysis; withFixes: Finding[] } {
  const { registry, live } = facts;
  const file = parseYaml(text);
  const objects: KubeObject[] = [];
  const workloads: Workload[] = [];
  const kustomizations: Kustomization[] = [];
  for (const source of file.docs) {
    if (source.errors.length > 0) continue;
    const object = toObject(source);
    if (!object) continue;
    const workload = asWorkload(object);
    const kustomization = workload ? undefined : asKustomization(object, fileName);
    if (workload) workloads.push(workload);
    if (kustomization) kustomizations.push(kustomization);
    if (workload || kustomization) objects.push(object);
  }
  const ruleErrors: DocumentAnalysis['ruleErrors'] = [];
  // Whether the file as a whole is Kubernetes is decided over all its documents, after this.
  const context = { text, fileName, file, isKubernetes: true, objects, workloads, kustomizations, registry, live };
  const all = runRules(RULES, context, (ruleId, error) => ruleErrors.push({ ruleId, error }));
  const scopes = annotationScopes(objects);
  const withFixes = all.filter((f) => !inScopes(scopes, f));
  const starts = lineStarts(text);
  const findings = withFixes.map(({ ruleId, severity, message, start, end, fixes }) => ({ ruleId, severity, message, start, end, lines: lineRange(starts, start, end), hasFixes: fixes !== undefined }));
  const broken = file.fatal !== undefined || file.docs.some((d) => d.errors.length > 0);
  const analysis: DocumentAnalysis = { findings, isKubernetes: objects.length > 0, broken, lineBreaks: starts.length - 1, ruleErrors };
  if (registry || live) {
    const refs = registry ? [...new Set(pinTargets(text, { fileName, parsed: file }).map((t) => t.ref))] : [];
    const declared = live ? declaredWorkloads(text, { parsed: file }) : [];
    const liveKeys = declared.flatMap((w) => w.containers.map((c) => liveFactKey(w, c.name)));
    analysis.facts = { refs, workloads: declared, liveKeys, seen: factsSeen(refs, liveKeys, facts) };
  }
  return { analysis, withFixes };
}

type ContextData = Omit<RuleContext, 'report'>;

function runRules(rules: readonly Rule[], data: ContextData, onRuleError: (ruleId: string, error: unknown) => void): Finding[] {
  const findings: Finding[] = [];
  // One context for all rules (this runs for every document of every file): `report` reads the rule being run.
  let rule: Rule | undefined;
  const ctx: RuleContext = {
    ...data,
    report(report: Report) {
      const range = Array.isArray(report.at) ? report.at : report.at?.range;
      if (!range || !rule) return;
      const finding: Finding = { ruleId: rule.id, severity: report.severity ?? rule.defaultSeverity, message: report.message, start: range[0], end: range[1] };
      if (report.fixes) finding.fixes = report.fixes;
      findings.push(finding);
    },
  };
  for (rule of rules) {
    try {
      rule.check(ctx);
    } catch (error) {
      onRuleError(rule.id, error);
    }
  }
  rule = undefined;
  return findings;
}

/** Containers that share a node through an alias yield the same finding twice: keep one. Input is sorted. */
function withoutDuplicates(sorted: Finding[]): Finding[] {
  return sorted.filter((f, i) => {
    const prev = sorted[i - 1];
    return !prev || prev.start !== f.start || prev.end !== f.end || prev.ruleId !== f.ruleId || prev.message !== f.message;
  });
}

function skip(text: string, reason: SkipReason, options: LintOptions): LintResult {
  const setting = options.rules?.[FILE_SKIPPED.id] ?? 'default';
  if (setting === 'off') return { findings: [], skipped: reason };
  const data: ContextData = { text, fileName: options.fileName, file: { docs: [] }, isKubernetes: false, objects: [], workloads: [], kustomizations: [] };
  const findings = runRules([FILE_SKIPPED.forReason(reason, options.maxLength ?? DEFAULT_MAX_LENGTH)], data, (id, e) => options.onRuleError?.(id, e));
  if (setting !== 'default') for (const f of findings) f.severity = setting;
  return { findings, skipped: reason };
}

/** NUL characters or many replacement/control characters near the start mean this is not text. */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return true;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) odd++;
  }
  return head.length > 0 && odd / head.length > 0.1;
}

const HELM_ACTION = /\{\{-?\s*(?:[-$.]|include\b|if\b|else\b|end\b|range\b|with\b|define\b|template\b|toYaml\b|tpl\b|default\b|required\b|quote\b)|-\}\}/;

/** Helm chart templates are not YAML until rendered: skip them quietly. */
export function looksLikeHelmTemplate(text: string, fileName: string | undefined): boolean {
  const first = text.indexOf('{{');
  if (first === -1) return false;
  if (fileName !== undefined && /(^|[\\/])templates[\\/]/.test(fileName)) return true;
  return HELM_ACTION.test(text.slice(first));
}

const TOP_LEVEL_KIND = /^kind:[ \t]*["']?[A-Za-z]/m;
const TOP_LEVEL_API_VERSION = /^apiVersion:[ \t]*\S/m;

/** Whether a file whose documents did not all parse still reads as Kubernetes (so its YAML errors matter). */
function looksLikeKubernetes(text: string): boolean {
  return TOP_LEVEL_KIND.test(text) && TOP_LEVEL_API_VERSION.test(text);
}
