// Scenario 6: in an untrusted workspace Shipshape still lints, but pinning is off: no pin quick fixes,
// and the pin commands change nothing (they show a warning instead, which the runner looks for).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeActions, diagnosticOf, eventually, openEditor, textOf, workspaceUri } from './helpers';

const FILES = ['quick-fix.yaml', 'one.yaml', 'two.yaml', 'apps/a.yaml', 'apps/b.yaml'];

describe('an untrusted workspace', () => {
  const original: Record<string, string> = {};
  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the runner opened this workspace without trusting it');
    for (const file of FILES) original[file] = await textOf(file);
  });

  it('still lints, and offers the edit-only quick fixes but no pin quick fix', async () => {
    const { document } = await openEditor('quick-fix.yaml');
    const diagnostic = await diagnosticOf(document.uri, 'pull-policy-missing');
    const titles = (await codeActions(document.uri, diagnostic.range)).map((a) => a.title);
    assert.ok(titles.includes('Add imagePullPolicy: Always'), `the rule's own fix is offered: ${JSON.stringify(titles)}`);
    assert.deepEqual(titles.filter((t) => t.startsWith('Pin image to digest')), []);
  });

  it('the image hover says live data and registry lookups are off, and why', async () => {
    // Opened, not shown: the runner's UI checks type into whatever has the focus.
    const document = await vscode.workspace.openTextDocument(workspaceUri('two.yaml'));
    const line = document.getText().split('\n').findIndex((l) => l.includes('team/web:1.0'));
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('team/web'));
    const text = await eventually('the image hover', async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
      const joined = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return joined.includes('**Live') ? joined : undefined;
    });
    assert.ok(text.includes('**Live:** off — Shipshape does not contact clusters in an untrusted workspace'), text);
    assert.ok(text.includes('**Registry:** not asked — the workspace is not trusted.'), text);
  });

  // Each command has returned once executeCommand resolves: a pin would have been applied by then.
  it('Pin Image at Cursor changes nothing', async () => {
    const editor = await openEditor('one.yaml');
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('team/worker:2.1'));
    editor.selection = new vscode.Selection(line, 20, line, 20);
    await vscode.commands.executeCommand('shipshape.pinImage');
    assert.equal(editor.document.getText(), original['one.yaml']);
    assert.equal(editor.document.isDirty, false);
  });

  it('Pin All Images in File changes nothing', async () => {
    const editor = await openEditor('two.yaml');
    await vscode.commands.executeCommand('shipshape.pinFile');
    assert.equal(editor.document.getText(), original['two.yaml']);
    assert.equal(editor.document.isDirty, false);
  });

  it('Pin All Images in Workspace changes nothing', async () => {
    await vscode.commands.executeCommand('shipshape.pinWorkspace');
    for (const file of FILES) assert.equal(await textOf(file), original[file], file);
  });
});
