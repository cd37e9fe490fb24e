// The built server with one rule made to fail (SHIPSHAPE_INJECT_RULE_FAULT): the other rules' diagnostics
// are published, the failure is logged once per document version, and the server keeps answering.
import assert from 'node:assert/strict';
import { MessageType } from 'vscode-languageserver-protocol/node';
import { LspHarness, summarize } from '../fixtures/lsp/harness';

const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:latest\n      imagePullPolicy: IfNotPresent\n';

describe('language server: a rule that throws', () => {
  let server: LspHarness;
  before(async () => {
    server = await LspHarness.started({ settings: { lintDelayMs: 0 }, env: { SHIPSHAPE_INJECT_RULE_FAULT: 'image-latest-tag' } });
  });
  after(() => server?.kill());

  it('costs only its own diagnostics and is logged with the rule and the document', async () => {
    const uri = 'file:///virtual/fault/pod.yaml';
    await server.open(uri, text);
    const published = await server.diagnostics(uri, 'version 1', (p) => p.version === 1);
    const codes = summarize(published.diagnostics).map((d) => d.code);
    assert.ok(codes.includes('pull-policy-stale-cache'), codes.join());
    assert.ok(!codes.includes('image-latest-tag'), codes.join());
    const logged = await server.waitFor('the rule failure in the log', () =>
      server.logs.find((l) => l.type === MessageType.Error && l.message.includes('image-latest-tag') && l.message.includes(uri)),
    );
    assert.match(logged.message, /fault injected into image-latest-tag/);
  });

  it('keeps serving: a change is linted, code actions are answered, the failure is logged once per version', async () => {
    const uri = 'file:///virtual/fault/pod.yaml';
    const since = server.mark();
    await server.change(uri, 2, [{ text: text.replace('IfNotPresent', 'Never') }]);
    const published = await server.diagnostics(uri, 'version 2', (p) => p.version === 2, since);
    const stale = published.diagnostics.find((d) => d.code === 'pull-policy-stale-cache');
    assert.ok(stale, 'the other rule still reports');
    const actions = await server.codeActions(uri, stale.range, [stale]);
    assert.ok(actions.some((a) => a.title === 'Set imagePullPolicy: Always'), actions.map((a) => a.title).join());
    const failures = server.logs.filter((l) => l.type === MessageType.Error && l.message.includes('image-latest-tag'));
    assert.deepEqual(failures.map((l) => /\(version (\d+)\)/.exec(l.message)?.[1]), ['1', '2']);
    assert.ok(server.isRunning);
  });
});
