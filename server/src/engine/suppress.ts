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

/** What the suppression comments of a file say. */
export interface CommentDirectives {
  /** `# shipshape-disable …`: rules off for the whole file. */
  file?: RuleSelection;
  /** `# shipshape-disable-next-line …`: rules off for findings that start on the line after the comment. */
  nextLines: Scope[];
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

/** Finds the directive comments (whole-line comments only) without parsing: a text search for their marker. */
export function collectCommentDirectives(text: string): CommentDirectives {
  const result: CommentDirectives = { nextLines: [] };
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
    } else if (end < text.length) {
      const nextEnd = text.indexOf('\n', end + 1);
      result.nextLines.push({ start: end + 1, end: nextEnd === -1 ? text.length + 1 : nextEnd + 1, rules });
    }
  }
  return result;
}

/** The `shipshape.dev/ignore` annotations: on an object (its whole document) and on its pod template (the template). */
export function annotationScopes(objects: readonly KubeObject[]): Scope[] {
  const scopes: Scope[] = [];
  for (const object of objects) {
    const own = annotationRules(object.doc, getMap(object.doc, object.root, 'metadata'));
    if (own) scopes.push({ start: object.source.start, end: object.source.end, rules: own });
    const template = podTemplateOf(object);
    const range = template?.range;
    const onTemplate = annotationRules(object.doc, getMap(object.doc, template, 'metadata'));
    if (onTemplate && range) scopes.push({ start: range[0], end: range[2], rules: onTemplate });
  }
  return scopes;
}

function podTemplateOf(object: KubeObject): YAMLMap | undefined {
  const spec = getMap(object.doc, object.root, 'spec');
  return getMap(object.doc, spec, 'template') ?? getMap(object.doc, spec, 'jobTemplate', 'spec', 'template');
}

function annotationRules(doc: Document, metadata: YAMLMap | undefined): RuleSelection | undefined {
  const value = getString(doc, getMap(doc, metadata, 'annotations'), IGNORE_ANNOTATION);
  return value === undefined ? undefined : parseRuleList(value);
}

/** Whether a scope covering [start, end) switches off `finding` (matched on where the finding starts). */
export function inScopes(scopes: readonly Scope[], finding: Pick<Finding, 'ruleId' | 'start'>): boolean {
  return scopes.some((scope) => finding.start >= scope.start && finding.start < scope.end && selects(scope.rules, finding.ruleId));
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
