// Quick fixes over stdio: the finding's own fix (exact text after applying it), the disable-line
// action, matching by diagnostic code and range rather than message, and a document changed since.
import assert from 'node:assert/strict';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { applyWorkspaceEdit, fixtureText, LspHarness, onlyRules } from '../fixtures/lsp/harness';

const LATEST = 'image-latest-tag';
const POLICY = 'pull-policy-missing';
const DEPLOYMENT = fixtureText('deployment.yaml');
const AGENT_IMAGE_LINE = '          image: ghcr.io/acme/agent:1.4.2\n';

function diagnosticOf(published: PublishDiagnosticsParams, code: string): Diagnostic {
  const diagnostic = published.diagnostics.find((d) => d.code === code);
  assert.ok(diagnostic, `a ${code} diagnostic in ${JSON.stringify(published.diagnostics.map((d) => d.code))}`);
  return diagnostic;
}

describe('language server: code actions', () => {
  let server: LspHarness;
  const uri = 'file:///virtual/actions/deployment.yaml';
  let published: PublishDiagnosticsParams;
  before(async () => {
    server = await LspHarness.started({ settings: { lintDelayMs: 0, rules: onlyRules(LATEST, POLICY) } });
    await server.open(uri, DEPLOYMENT);
    published = await server.diagnostics(uri, 'version 1', (p) => p.version === 1);
  });
  after(() => server?.kill());

  it("offers the finding's fix first (preferred), then disabling the rule for the line", async () => {
    const diagnostic = diagnosticOf(published, POLICY);
    const actions = await server.codeActions(uri, diagnostic.range, [diagnostic]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Add imagePullPolicy: Always', 'quickfix', true],
        [`Disable ${POLICY} for this line`, 'quickfix', false],
      ],
    );
    for (const action of actions) assert.deepEqual(action.diagnostics, [diagnostic]);
    assert.deepEqual(actions[0]?.edit?.documentChanges?.[0] && 'textDocument' in actions[0].edit.documentChanges[0] ? actions[0].edit.documentChanges[0].textDocument : undefined, { uri, version: 1 });

    assert.equal(applyWorkspaceEdit(DEPLOYMENT, uri, actions[0]?.edit), DEPLOYMENT.replace(AGENT_IMAGE_LINE, `${AGENT_IMAGE_LINE}          imagePullPolicy: Always\n`));
    assert.equal(
      applyWorkspaceEdit(DEPLOYMENT, uri, actions[1]?.edit),
      DEPLOYMENT.replace(AGENT_IMAGE_LINE, `          # shipshape-disable-next-line ${POLICY}\n${AGENT_IMAGE_LINE}`),
    );
  });

  it('offers only the disable action for a finding without fixes, indented like its line', async () => {
    const diagnostic = diagnosticOf(published, LATEST);
    const actions = await server.codeActions(uri, diagnostic.range, [diagnostic]);
    assert.deepEqual(actions.map((a) => a.title), [`Disable ${LATEST} for this line`]);
    const line = '        - {name: "🚢web", image: ghcr.io/acme/web:latest}\n';
    assert.equal(applyWorkspaceEdit(DEPLOYMENT, uri, actions[0]?.edit), DEPLOYMENT.replace(line, `        # shipshape-disable-next-line ${LATEST}\n${line}`));
  });

  it('matches fixes by code and range, not by message', async () => {
    const diagnostic = diagnosticOf(published, POLICY);
    const reworded = await server.codeActions(uri, diagnostic.range, [{ ...diagnostic, message: 'reworded by another extension' }]);
    assert.deepEqual(reworded.map((a) => a.title), ['Add imagePullPolicy: Always', `Disable ${POLICY} for this line`]);

    // Same range and message, another rule's code: the pull-policy fix is not that rule's to offer.
    const otherCode = await server.codeActions(uri, diagnostic.range, [{ ...diagnostic, code: 'image-not-pinned', data: undefined }]);
    assert.deepEqual(otherCode.map((a) => a.title), ['Disable image-not-pinned for this line']);

    const foreign = await server.codeActions(uri, diagnostic.range, [{ ...diagnostic, source: 'yaml' }]);
    assert.deepEqual(foreign, [], 'diagnostics of other sources get nothing');
  });

  it('returns nothing when the client asks only for other kinds of actions', async () => {
    const diagnostic = diagnosticOf(published, POLICY);
    const result = await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['refactor'] },
    });
    assert.deepEqual(result, []);
  });

  it('recomputes the lint for the current version when the document changed since the diagnostics', async () => {
    const slowUri = 'file:///virtual/actions/changed.yaml';
    // A long debounce for this document: its version 2 is never linted before the code action asks.
    server.settingsFor = (scopeUri) => ({ lintDelayMs: scopeUri === slowUri ? 1500 : 0, rules: onlyRules(LATEST, POLICY) });
    try {
      await server.open(slowUri, DEPLOYMENT);
      const first = await server.diagnostics(slowUri, 'version 1', (p) => p.version === 1);
      const diagnostic = diagnosticOf(first, POLICY);
      const since = server.mark();
      // Appended after the finding: its range holds, the offsets of the end of the file do not.
      const appended = '        - name: sidecar\n          image: ghcr.io/acme/sidecar:2.0.0\n';
      await server.change(slowUri, 2, [{ range: { start: { line: 17, character: 0 }, end: { line: 17, character: 0 } }, text: appended }]);
      const actions = await server.codeActions(slowUri, diagnostic.range, [diagnostic]);
      assert.equal(server.published.slice(since).filter((p) => p.uri === slowUri).length, 0, 'version 2 was not linted by the scheduler yet');
      assert.deepEqual(actions.map((a) => a.title), ['Add imagePullPolicy: Always', `Disable ${POLICY} for this line`]);
      const change = actions[0]?.edit?.documentChanges?.[0];
      assert.ok(change && 'textDocument' in change);
      assert.deepEqual(change.textDocument, { uri: slowUri, version: 2 });
      const v2 = DEPLOYMENT + appended;
      assert.equal(applyWorkspaceEdit(v2, slowUri, actions[0]?.edit), v2.replace(AGENT_IMAGE_LINE, `${AGENT_IMAGE_LINE}          imagePullPolicy: Always\n`));
    } finally {
      server.settingsFor = undefined;
    }
  });
});
