// Quick fixes for shipshape diagnostics: the finding's own fixes, then "Disable <id> for this line".
// A diagnostic is matched to its finding by rule id (the diagnostic code) and range — never by message.
import { CodeActionKind, TextDocumentEdit, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { disableNextLineFix, findRule, type Finding, type Fix } from '../engine/index';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { LintedFindings } from './document-linter';

export interface QuickFixOptions {
  /** The client accepts versioned `documentChanges` (then a fix for an outdated version is refused, not misapplied). */
  documentChanges: boolean;
}

export function wantsQuickFixes(params: CodeActionParams): boolean {
  const only = params.context.only;
  return !only || only.some((kind) => kind === CodeActionKind.Empty || kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`));
}

export function quickFixes(params: CodeActionParams, linted: LintedFindings, options: QuickFixOptions): CodeAction[] {
  const { snapshot } = linted;
  const actions: CodeAction[] = [];
  const disabledLines = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    const ruleId = diagnostic.code;
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof ruleId !== 'string' || !findRule(ruleId)) continue;
    const finding = findingFor(diagnostic, ruleId, linted);
    for (const fix of finding?.fixes?.() ?? []) actions.push(toAction(fix, diagnostic, snapshot, options, fix.preferred === true));

    const start = finding?.start ?? snapshot.offsetAt(diagnostic.range.start);
    const key = `${ruleId} ${snapshot.positionAt(start).line}`;
    if (disabledLines.has(key)) continue;
    disabledLines.add(key);
    actions.push(toAction(disableNextLineFix(snapshot.getText(), { ruleId, start }), diagnostic, snapshot, options, false));
  }
  return actions;
}

/** The finding behind a diagnostic: same rule, same range in the text the client shows now. */
function findingFor(diagnostic: Diagnostic, ruleId: string, linted: LintedFindings): Finding | undefined {
  const start = linted.snapshot.offsetAt(diagnostic.range.start);
  const end = linted.snapshot.offsetAt(diagnostic.range.end);
  return linted.findings.find((f) => f.ruleId === ruleId && f.start === start && f.end === end);
}

function toAction(fix: Fix, diagnostic: Diagnostic, doc: TextDocument, options: QuickFixOptions, isPreferred: boolean): CodeAction {
  const edits: LspTextEdit[] = fix.edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText }));
  const edit: WorkspaceEdit = options.documentChanges
    ? { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, edits)] }
    : { changes: { [doc.uri]: edits } };
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
  if (isPreferred) action.isPreferred = true;
  return action;
}
