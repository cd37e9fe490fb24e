// Scenario 3: pinning images to digests against a real registry on loopback: the pin quick fix, Pin
// Image at Cursor, Pin All Images in File and Pin All Images in Workspace write `tag@<the registry's digest>`.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeActions, diagnosticOf, e2eContext, eventuallyEqual, openEditor, textOf } from './helpers';

describe('pinning images to digests', () => {
  let registry: string;
  let digests: Record<string, string>;
  /** `127.0.0.1:PORT/team/web:1.0` for `web:1.0`. */
  const ref = (image: string): string => `${registry}/team/${image}`;
  const pinned = (image: string): string => `${ref(image)}@${digests[`team/${image}`]}`;
  const original: Record<string, string> = {};

  before(async () => {
    const context = e2eContext().registry;
    assert.ok(context, 'the runner started a registry');
    registry = context.host;
    digests = context.digests;
    assert.match(digests['team/web:1.0'] ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.match(digests['team/worker:2.1'] ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(digests['team/web:1.0'], digests['team/worker:2.1']);
    for (const file of ['quick-fix.yaml', 'one.yaml', 'two.yaml', 'apps/a.yaml', 'apps/b.yaml']) original[file] = await textOf(file);
    assert.ok(vscode.workspace.isTrusted, 'the workspace is trusted');
  });

  it('offers "Pin image to digest" as a quick fix, which writes the digest', async () => {
    const { document } = await openEditor('quick-fix.yaml');
    const diagnostic = await diagnosticOf(document.uri, 'pull-policy-missing');
    const actions = await codeActions(document.uri, diagnostic.range);
    const pin = actions.find((a) => a.title === `Pin image to digest (${ref('web:1.0')})`);
    assert.ok(pin, `a pin quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    // With the digest already known the fix carries the edit; else it runs the pin command when chosen.
    if (pin.edit) assert.ok(await vscode.workspace.applyEdit(pin.edit));
    if (pin.command) await vscode.commands.executeCommand(pin.command.command, ...(pin.command.arguments ?? []));
    await eventuallyEqual(() => document.getText(), original['quick-fix.yaml']!.replace(ref('web:1.0'), pinned('web:1.0')));
  });

  it('pins only the image under the cursor', async () => {
    const editor = await openEditor('one.yaml');
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('team/worker:2.1'));
    const cursor = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('worker:2.1'));
    editor.selection = new vscode.Selection(cursor, cursor);
    await vscode.commands.executeCommand('shipshape.pinImage');
    await eventuallyEqual(() => editor.document.getText(), original['one.yaml']!.replace(ref('worker:2.1'), pinned('worker:2.1')));
  });

  it('pins every image of the file', async () => {
    const editor = await openEditor('two.yaml');
    await vscode.commands.executeCommand('shipshape.pinFile');
    await eventuallyEqual(() => editor.document.getText(), original['two.yaml']!.replace(ref('web:1.0'), pinned('web:1.0')).replace(ref('worker:2.1'), pinned('worker:2.1')));
  });

  it('pins every image in the workspace, across files, and leaves pinned ones as they are', async () => {
    const before = { 'quick-fix.yaml': await textOf('quick-fix.yaml'), 'two.yaml': await textOf('two.yaml') };
    await vscode.commands.executeCommand('shipshape.pinWorkspace');
    const expected = {
      'apps/a.yaml': original['apps/a.yaml']!.replace(ref('web:1.0'), pinned('web:1.0')),
      'apps/b.yaml': original['apps/b.yaml']!.replace(ref('worker:2.1'), pinned('worker:2.1')).replace(ref('web:1.0'), pinned('web:1.0')),
      'one.yaml': original['one.yaml']!.replace(ref('web:1.0'), pinned('web:1.0')).replace(ref('worker:2.1'), pinned('worker:2.1')),
      ...before,
    };
    const files = Object.keys(expected) as (keyof typeof expected)[];
    await eventuallyEqual(async () => Object.fromEntries(await Promise.all(files.map(async (f) => [f, await textOf(f)]))), expected);
  });
});
