// Scenario 1: opening manifests shows Shipshape's findings with their rule ids and exact ranges;
// docker compose content gets none.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventuallyEqual, openEditor, replaceText, shipshapeDiagnostics, workspaceUri } from './helpers';

describe('diagnostics in the editor', () => {
  it('reports the :latest image on its value', async () => {
    await openEditor('latest.yaml');
    await eventuallyEqual(() => shipshapeDiagnostics(workspaceUri('latest.yaml')), ['image-latest-tag 15:17-15:40 warning']);
  });

  it('reports newTag: latest in a kustomization.yaml', async () => {
    await openEditor('overlay/kustomization.yaml');
    await eventuallyEqual(() => shipshapeDiagnostics(workspaceUri('overlay/kustomization.yaml')), ['kustomize-image-latest 7:12-7:18 warning']);
  });

  it('reports a probe that names a port the container does not declare', async () => {
    await openEditor('probe.yaml');
    await eventuallyEqual(() => shipshapeDiagnostics(workspaceUri('probe.yaml')), ['probe-port-unknown 20:42-20:49 error']);
    const [diagnostic] = vscode.languages.getDiagnostics(workspaceUri('probe.yaml'));
    assert.match(diagnostic?.message ?? '', /"metrics" names no port of container "api"/);
    assert.ok(typeof diagnostic?.code === 'object' && diagnostic.code.target.toString().endsWith('docs/rules/probe-port-unknown.md'), 'the code links to the rule page');
  });

  it('leaves docker compose files alone', async () => {
    // VS Code gives compose files a language of their own; Shipshape's client asks only for YAML.
    const { document } = await openEditor('compose.yaml');
    assert.equal(document.languageId, 'dockercompose');
    assert.deepEqual(shipshapeDiagnostics(document.uri), []);
  });

  it('finds nothing in compose content in a plain YAML file', async () => {
    // An absence only means something once the server has looked: give the file a Deployment, see it
    // reported, then put the compose text back and see the findings go.
    const editor = await openEditor('stack.yaml');
    assert.equal(editor.document.languageId, 'yaml');
    const compose = editor.document.getText();
    const deployment = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('latest.yaml')));
    await replaceText(editor.document, deployment);
    await eventuallyEqual(() => shipshapeDiagnostics(editor.document.uri), ['image-latest-tag 15:17-15:40 warning']);
    await replaceText(editor.document, compose);
    await eventuallyEqual(() => shipshapeDiagnostics(editor.document.uri), []);
    assert.equal(editor.document.getText(), compose);
  });
});
