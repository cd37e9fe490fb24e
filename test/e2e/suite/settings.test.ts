// Scenario 5: the rule settings and the workspace's .shipshape.yaml change the diagnostics live.
import * as vscode from 'vscode';
import { eventuallyEqual, openEditor, shipshapeDiagnostics, workspaceUri } from './helpers';

const LATEST = 'image-latest-tag 15:17-15:42 warning';
/** image-not-pinned is a hint by default; the workspace's .shipshape.yaml makes it an error. */
const NOT_PINNED_ERROR = 'image-not-pinned 21:17-21:44 error';

describe('settings', () => {
  let uri: vscode.Uri;
  let projectConfig: Uint8Array;
  before(async () => {
    uri = (await openEditor('settings.yaml')).document.uri;
    projectConfig = await vscode.workspace.fs.readFile(workspaceUri('.shipshape.yaml'));
  });
  after(async () => {
    const config = vscode.workspace.getConfiguration('shipshape');
    await config.update('rules.image-latest-tag', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('rules.image-not-pinned', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.writeFile(workspaceUri('.shipshape.yaml'), projectConfig);
  });

  it("honours the workspace's .shipshape.yaml (a rule off, another raised to error)", async () => {
    // Without it there would also be rollout-single-replica on `replicas: 1`, and image-not-pinned a hint.
    await eventuallyEqual(() => shipshapeDiagnostics(uri), [LATEST, NOT_PINNED_ERROR]);
  });

  it("removes a rule's diagnostics as soon as its setting is turned off, and brings them back", async () => {
    const config = vscode.workspace.getConfiguration('shipshape');
    await config.update('rules.image-latest-tag', 'off', vscode.ConfigurationTarget.Workspace);
    await eventuallyEqual(() => shipshapeDiagnostics(uri), [NOT_PINNED_ERROR]);
    await config.update('rules.image-latest-tag', undefined, vscode.ConfigurationTarget.Workspace);
    await eventuallyEqual(() => shipshapeDiagnostics(uri), [LATEST, NOT_PINNED_ERROR]);
  });

  it('lets a setting override .shipshape.yaml', async () => {
    await vscode.workspace.getConfiguration('shipshape').update('rules.image-not-pinned', 'information', vscode.ConfigurationTarget.Workspace);
    await eventuallyEqual(() => shipshapeDiagnostics(uri), [LATEST, 'image-not-pinned 21:17-21:44 information']);
  });

  it('follows edits to .shipshape.yaml on disk', async () => {
    await vscode.workspace.fs.writeFile(workspaceUri('.shipshape.yaml'), new TextEncoder().encode('rules:\n  rollout-single-replica: warning\n'));
    await eventuallyEqual(() => shipshapeDiagnostics(uri), [LATEST, 'image-not-pinned 21:17-21:44 information', 'rollout-single-replica 6:12-6:13 warning']);
  });
});
