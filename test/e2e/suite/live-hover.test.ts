// Scenario 4: the image hover against a real kube-apiserver (started by the runner, its pods running the
// registry's images): the live digest, the pod counts and the verdict; and the opt-in live-digest-drift
// diagnostic on the workload whose pods still run another build.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticOf, e2eContext, eventually, openEditor } from './helpers';

/** The hover's markdown at the `image:` value of the file's first container. */
async function imageHover(file: string): Promise<string> {
  const editor = await openEditor(file);
  const line = editor.document.getText().split('\n').findIndex((l) => l.includes('image:'));
  const position = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('image:') + 10);
  return eventually(`a live hover on ${file}`, async () => {
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position)) ?? [];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    return text.includes('**Live**') ? text : undefined;
  });
}

const short = (digest: string) => digest.slice(0, 'sha256:'.length + 12);

describe('live data from a cluster', () => {
  let running: Record<string, string>;
  before(() => {
    const cluster = e2eContext().cluster;
    assert.ok(cluster, 'the runner started a kube-apiserver');
    assert.ok(vscode.workspace.isTrusted, 'the workspace is trusted');
    running = cluster.running;
  });

  it('the hover shows the live digest, the pod counts and "running the declared image"', async () => {
    const text = await imageHover('web.yaml');
    assert.ok(text.includes('**Live** — context `test`, namespace `shop`: ✅ running the declared image'), text);
    assert.ok(text.includes(`| \`${short(running.web!)}\` | expected | 2 | 2 |`), text);
  });

  it('the hover says the pods run something else, and live-digest-drift marks the image', async () => {
    const text = await imageHover('old.yaml');
    assert.ok(text.includes('**Live** — context `test`, namespace `shop`: ❌ running something else'), text);
    assert.ok(text.includes(`| \`${short(running.old!)}\` | **other** | 3 | 3 |`), text);
    const { document } = await openEditor('old.yaml');
    const drift = await diagnosticOf(document.uri, 'live-digest-drift');
    assert.equal(drift.range.start.line, document.getText().split('\n').findIndex((l) => l.includes('image:')));
    assert.match(drift.message, new RegExp(`^Live pods of Deployment "old" \\(context test, namespace shop\\) run ${short(running.old!)} \\(3 pods, 3 ready\\)`));
  });

  it('Refresh Live Data asks again and the answer stands', async () => {
    await vscode.commands.executeCommand('shipshape.refreshLive');
    assert.ok((await imageHover('web.yaml')).includes('✅ running the declared image'));
  });
});
