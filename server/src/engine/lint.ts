// The engine's entry point: text in, findings out. Pure — no fs, no network, no editor types.
import { asKustomization, asWorkload, isKustomizationFileName, toObject, type Kustomization, type KubeObject, type Workload } from './kube';
import { parseYaml, type ParsedFile } from './parse';
import type { Report, Rule, RuleContext } from './rule';
import { FILE_SKIPPED, RULES } from './rules/index';
import { collectSuppressions, isSuppressed } from './suppress';
import type { Finding, RuleSetting } from './types';

export interface LintOptions {
  /** Path or name of the file (used to recognise kustomization files and Helm chart templates). */
  fileName?: string;
  /** Rule id → setting; absent ids use the rule's default severity. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** Files longer than this (in UTF-16 code units) are skipped with one finding. */
  maxLength?: number;
  /** Called when a rule throws; the other rules still run. */
  onRuleError?: (ruleId: string, error: unknown) => void;
}

import type { SkipReason } from './rules/file-skipped';
export type { SkipReason };

export interface LintResult {
  findings: Finding[];
  /** Set when the file was not analysed (a `file-skipped` finding says why), or `helm` when skipped quietly. */
  skipped?: SkipReason | 'helm';
}

export const DEFAULT_MAX_LENGTH = 10 * 1024 * 1024;

export function lint(text: string, options: LintOptions = {}): LintResult {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) return skip(text, 'too-large', options);
  if (looksBinary(text)) return skip(text, 'binary', options);
  if (looksLikeHelmTemplate(text, options.fileName)) return { findings: [], skipped: 'helm' };

  const file = parseYaml(text);
  const objects: KubeObject[] = [];
  const workloads: Workload[] = [];
  const kustomizations: Kustomization[] = [];
  for (const source of file.docs) {
    if (source.errors.length > 0) continue;
    const object = toObject(source);
    if (!object) continue;
    const workload = asWorkload(object);
    const kustomization = workload ? undefined : asKustomization(object, options.fileName);
    if (workload) workloads.push(workload);
    if (kustomization) kustomizations.push(kustomization);
    if (workload || kustomization) objects.push(object);
  }
  const isKubernetes = objects.length > 0 || looksLikeKubernetes(text, file, options.fileName);
  if (!isKubernetes) return { findings: [] };

  const findings = runRules(RULES, { text, fileName: options.fileName, file, isKubernetes, objects, workloads, kustomizations }, options);
  const lines = lineStarts(text);
  const lineOf = (offset: number) => lineIndexOf(lines, offset);
  const suppressions = collectSuppressions(text, objects, lineOf);
  const kept = findings.filter((f) => !isSuppressed(suppressions, f, lineOf(f.start)));
  kept.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  return { findings: withoutDuplicates(kept) };
}

type ContextData = Omit<RuleContext, 'report'>;

function runRules(rules: readonly Rule[], data: ContextData, options: LintOptions): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = options.rules?.[rule.id] ?? 'default';
    if (setting === 'off') continue;
    const ctx: RuleContext = {
      ...data,
      report(report: Report) {
        const range = Array.isArray(report.at) ? report.at : report.at?.range;
        if (!range) return;
        const finding: Finding = {
          ruleId: rule.id,
          severity: setting === 'default' ? (report.severity ?? rule.defaultSeverity) : setting,
          message: report.message,
          start: range[0],
          end: range[1],
        };
        if (report.fixes) finding.fixes = report.fixes;
        findings.push(finding);
      },
    };
    try {
      rule.check(ctx);
    } catch (error) {
      options.onRuleError?.(rule.id, error);
    }
  }
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
  const data: ContextData = { text, fileName: options.fileName, file: { docs: [] }, isKubernetes: false, objects: [], workloads: [], kustomizations: [] };
  const setting = options.rules?.[FILE_SKIPPED.id];
  const findings = setting === 'off' ? [] : runRules([FILE_SKIPPED.forReason(reason, options.maxLength ?? DEFAULT_MAX_LENGTH)], data, options);
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
function looksLikeKubernetes(text: string, file: ParsedFile, fileName: string | undefined): boolean {
  if (isKustomizationFileName(fileName)) return true;
  const broken = file.fatal !== undefined || file.docs.some((d) => d.errors.length > 0);
  return broken && TOP_LEVEL_KIND.test(text) && TOP_LEVEL_API_VERSION.test(text);
}

/** Offsets at which each line starts (for offset → line lookups). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
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
