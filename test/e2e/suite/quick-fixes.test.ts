// Scenario 2: quick fixes offered for Shipshape's diagnostics, applied through VS Code: the document
// reads exactly as expected afterwards and the finding is gone.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeActions, diagnosticOf, eventually, openEditor, ruleIdOf } from './helpers';

const SHOP_IMAGE = '          image: ghcr.io/acme/shop:1.4.2\n';
const AGENT_IMAGE = '          image: ghcr.io/acme/agent:latest\n';

describe('quick fixes in the editor', () => {
  let document: vscode.TextDocument;
  let original: string;
  before(async () => {
    document = (await openEditor('quick-fixes.yaml')).document;
    original = document.getText();
  });

  /** Applies the quick fix titled `title` for the rule's diagnostic and waits for the diagnostic to go. */
  async function applyFix(ruleId: string, title: string): Promise<void> {
    const diagnostic = await diagnosticOf(document.uri, ruleId);
    const actions = await codeActions(document.uri, diagnostic.range);
    const action = actions.find((a) => a.title === title);
    assert.ok(action?.edit, `"${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(action.edit), `"${title}" applied`);
    await eventually(`${ruleId} to disappear after "${title}"`, () =>
      vscode.languages.getDiagnostics(document.uri).some((d) => d.source === 'shipshape' && ruleIdOf(d) === ruleId) ? undefined : true,
    );
  }

  it('adds imagePullPolicy: Always under the image', async () => {
    await applyFix('pull-policy-missing', 'Add imagePullPolicy: Always');
    assert.equal(document.getText(), original.replace(SHOP_IMAGE, `${SHOP_IMAGE}          imagePullPolicy: Always\n`));
  });

  it('turns a Recreate rollout into a rolling update that adds a pod before removing one', async () => {
    const before = document.getText();
    await applyFix('rollout-recreate', 'Use RollingUpdate with maxUnavailable 0 and maxSurge 1');
    assert.equal(
      document.getText(),
      before.replace('  strategy:\n    type: Recreate\n', '  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 0\n      maxSurge: 1\n'),
    );
  });

  it('disables a rule for the next line with a comment', async () => {
    const before = document.getText();
    await applyFix('image-latest-tag', 'Disable image-latest-tag for this line');
    assert.equal(document.getText(), before.replace(AGENT_IMAGE, `          # shipshape-disable-next-line image-latest-tag\n${AGENT_IMAGE}`));
  });
});
