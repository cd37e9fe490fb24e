// What the suites share: the workspace's files, Shipshape's diagnostics in a comparable form, and waiting
// for an effect by polling it against a deadline (never a fixed sleep).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { E2E_ENV, type E2eContext } from '../protocol';

export const DEADLINE_MS = 20_000;
const POLL_MS = 25;

export function e2eContext(): E2eContext {
  const raw = process.env[E2E_ENV.context];
  assert.ok(raw, `the runner passes ${E2E_ENV.context} to the extension host`);
  return JSON.parse(raw) as E2eContext;
}

export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openEditor(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document);
}

/** The text VS Code holds for a file: the editor's (possibly unsaved) text, else what is on disk. */
export async function textOf(relativePath: string): Promise<string> {
  return (await vscode.workspace.openTextDocument(workspaceUri(relativePath))).getText();
}

export function ruleIdOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

/** Shipshape's diagnostics on a file as sorted `rule-id line:col-line:col severity` strings (0-based, as VS Code counts). */
export function shipshapeDiagnostics(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'shipshape')
    .map((d) => `${ruleIdOf(d)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${vscode.DiagnosticSeverity[d.severity].toLowerCase()}`)
    .sort();
}

/** The diagnostic of one rule on a file, once it is there. */
export function diagnosticOf(uri: vscode.Uri, ruleId: string): Promise<vscode.Diagnostic> {
  return eventually(`a ${ruleId} diagnostic on ${uri.path}`, () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'shipshape' && ruleIdOf(d) === ruleId));
}

/** Polls `probe` until it returns something other than undefined; fails at the deadline. */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, deadlineMs = DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Polls until `actual()` deep-equals `expected`; at the deadline fails with the last difference. */
export async function eventuallyEqual<T>(actual: () => T | Promise<T>, expected: T, message?: string, deadlineMs = DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await actual();
    try {
      assert.deepEqual(value, expected, message);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Replaces a document's whole text, as typing would. */
export async function replaceText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `edit applied to ${document.uri.path}`);
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  // Commands have a string `command`; code actions have a title and at most a Command object.
  return (actions ?? []).filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
}
