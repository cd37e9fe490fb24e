// Suppression: `# shipshape-disable-next-line <ids>` and `# shipshape-disable <ids>` comments, and the
// `shipshape.dev/ignore` annotation on an object or its pod template.
import type { Document, YAMLMap } from 'yaml';
import type { KubeObject } from './kube';
import { eolOf, lineIndentOf, lineStartOf } from './edit';
import { getMap, getString } from './nodes';
import type { Finding, Fix } from './types';

export const IGNORE_ANNOTATION = 'shipshape.dev/ignore';
const DIRECTIVE = /^[ \t]*#[ \t]*shipshape-(disable-next-line|disable)(?![\w-])(.*)$/;

/** `all` when a directive names no rule (or `*`), else the set of rule ids it names. */
export type RuleSelection = 'all' | Set<string>;

export interface Scope {
  start: number;
  end: number;
  rules: RuleSelection;
}

export interface Suppressions {
  file?: RuleSelection;
  /** 0-based line number → rules disabled on that line. */
  lines: Map<number, RuleSelection>;
  scopes: Scope[];
}

export function parseRuleList(text: string): RuleSelection {
  const body = text.split(/\s--\s|^--\s/)[0] ?? '';
  const ids = body.split(/[\s,]+/).filter((s) => s.length > 0);
  if (ids.length === 0 || ids.includes('*') || ids.includes('all')) return 'all';
  return new Set(ids);
}

function merge(a: RuleSelection | undefined, b: RuleSelection): RuleSelection {
  if (a === 'all' || b === 'all') return 'all';
  return a ? new Set([...a, ...b]) : b;
}

export function selects(selection: RuleSelection | undefined, ruleId: string): boolean {
  return selection === 'all' || (selection !== undefined && selection.has(ruleId));
}

export function collectSuppressions(text: string, objects: readonly KubeObject[], lineOf: (offset: number) => number): Suppressions {
  const result: Suppressions = { lines: new Map(), scopes: [] };
  let from = 0;
  for (;;) {
    const hit = text.indexOf('shipshape-disable', from);
    if (hit === -1) break;
    const start = lineStartOf(text, hit);
    let end = text.indexOf('\n', hit);
    if (end === -1) end = text.length;
    from = end;
    const match = DIRECTIVE.exec(text.slice(start, end).replace(/\r$/, ''));
    if (!match) continue;
    const rules = parseRuleList(match[2] ?? '');
    if (match[1] === 'disable') {
      result.file = merge(result.file, rules);
    } else {
      const next = lineOf(start) + 1;
      result.lines.set(next, merge(result.lines.get(next), rules));
    }
  }
  for (const object of objects) {
    const own = annotationRules(object.doc, getMap(object.doc, object.root, 'metadata'));
    if (own) result.scopes.push({ start: object.source.start, end: object.source.end, rules: own });
    const template = podTemplateOf(object);
    const range = template?.range;
    const onTemplate = annotationRules(object.doc, getMap(object.doc, template, 'metadata'));
    if (onTemplate && range) result.scopes.push({ start: range[0], end: range[2], rules: onTemplate });
  }
  return result;
}

function podTemplateOf(object: KubeObject): YAMLMap | undefined {
  const spec = getMap(object.doc, object.root, 'spec');
  return getMap(object.doc, spec, 'template') ?? getMap(object.doc, spec, 'jobTemplate', 'spec', 'template');
}

function annotationRules(doc: Document, metadata: YAMLMap | undefined): RuleSelection | undefined {
  const value = getString(doc, getMap(doc, metadata, 'annotations'), IGNORE_ANNOTATION);
  return value === undefined ? undefined : parseRuleList(value);
}

export function isSuppressed(s: Suppressions, finding: Finding, line: number): boolean {
  if (selects(s.file, finding.ruleId) || selects(s.lines.get(line), finding.ruleId)) return true;
  return s.scopes.some((scope) => finding.start >= scope.start && finding.start < scope.end && selects(scope.rules, finding.ruleId));
}

/**
 * The "disable for this line" fix: a `# shipshape-disable-next-line` comment above the finding's line,
 * or the rule id added to such a comment that is already there.
 */
export function disableNextLineFix(text: string, finding: Pick<Finding, 'ruleId' | 'start'>): Fix {
  const title = `Disable ${finding.ruleId} for this line`;
  const lineStart = lineStartOf(text, finding.start);
  if (lineStart > 0) {
    const prevStart = lineStartOf(text, lineStart - 1);
    const prev = text.slice(prevStart, lineStart - 1).replace(/\r$/, '');
    const match = DIRECTIVE.exec(prev);
    if (match && match[1] === 'disable-next-line') {
      const existing = match[2] ?? '';
      const cut = existing.search(/\s--\s/);
      const listEnd = prevStart + prev.length - (cut === -1 ? 0 : existing.length - cut);
      const hasIds = existing.slice(0, cut === -1 ? undefined : cut).trim().length > 0;
      return { title, edits: [{ start: listEnd, end: listEnd, newText: hasIds ? `, ${finding.ruleId}` : ` ${finding.ruleId}` }] };
    }
  }
  const indent = lineIndentOf(text, finding.start);
  // A byte-order mark stays the first character of the file.
  const at = lineStart === 0 && text.startsWith('\uFEFF') ? 1 : lineStart;
  return { title, edits: [{ start: at, end: at, newText: `${indent}# shipshape-disable-next-line ${finding.ruleId}${eolOf(text)}` }] };
}
