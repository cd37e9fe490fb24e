// The server's life over stdio: initialize, what it registers, bad input that must not kill it,
// non-Kubernetes YAML, and shutdown/exit.
import assert from 'node:assert/strict';
import { DiagnosticSeverity, TextDocumentSyncKind } from 'vscode-languageserver-protocol/node';
import { LspHarness, summarize } from '../fixtures/lsp/harness';

describe('language server: lifecycle', () => {
  describe('initialize', () => {
    let server: LspHarness;
    after(() => server?.kill());

    it('announces incremental sync with open/close, quick fixes and workspace folder support', async () => {
      server = await LspHarness.start();
      const result = await server.initialize();
      assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
      assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
      assert.deepEqual(result.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
      assert.equal(result.serverInfo?.name, 'shipshape');
    });

    it('registers for configuration changes of the shipshape section', async () => {
      const registration = await server.waitFor('a client/registerCapability request', () => server.registrations[0]);
      assert.deepEqual(registration.registrations.map((r) => [r.method, r.registerOptions]), [['workspace/didChangeConfiguration', { section: 'shipshape' }]]);
    });

    it('shuts down and exits with code 0', async () => {
      assert.equal(await server.stop(), 0);
    });
  });

  describe('robustness', () => {
    let server: LspHarness;
    before(async () => {
      server = await LspHarness.started({ settings: { lintDelayMs: 0 } });
    });
    after(() => server?.kill());

    it('publishes empty diagnostics for YAML that is not Kubernetes', async () => {
      const uri = 'file:///virtual/robust/compose.yaml';
      await server.open(uri, 'services:\n  web:\n    image: nginx:latest\n    ports: ["80:80"]\n');
      const published = await server.diagnostics(uri, 'version 1', (p) => p.version === 1);
      assert.deepEqual(published.diagnostics, []);
    });

    it('reports broken YAML in a manifest and keeps answering', async () => {
      const uri = 'file:///virtual/robust/broken.yaml';
      const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec:\n  template: {spec: [unclosed\n';
      await server.open(uri, text);
      const published = await server.diagnostics(uri, 'version 1', (p) => p.version === 1);
      assert.ok(published.diagnostics.length > 0, 'the YAML error is reported');
      assert.ok(
        summarize(published.diagnostics).every((d) => d.code === 'yaml-syntax' && d.severity === DiagnosticSeverity.Error),
        JSON.stringify(summarize(published.diagnostics)),
      );
      const actions = await server.codeActions(uri, published.diagnostics[0]!.range, published.diagnostics);
      assert.ok(actions.every((a) => a.title.startsWith('Disable yaml-syntax')), 'a later request is still answered');
      assert.ok(server.isRunning);
    });

    it('survives garbage: binary text, deep nesting, lone surrogates, an emptied document', async () => {
      const uri = 'file:///virtual/robust/garbage.yaml';
      const inputs = [
        'apiVersion: v1\nkind: Pod\n\u0000\u0001\u0002',
        `apiVersion: v1\nkind: Pod\nspec: ${'['.repeat(5000)}`,
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "\ud800"\nspec:\n  containers:\n    - name: \udc00\n      image: a:latest\n',
        '',
      ];
      await server.open(uri, 'kind: Pod\n');
      let version = 1;
      for (const text of inputs) {
        version += 1;
        await server.change(uri, version, [{ text }]);
      }
      const last = await server.diagnostics(uri, `version ${version}`, (p) => p.version === version);
      assert.deepEqual(last.diagnostics, []);
      const binary = 'file:///virtual/robust/binary.yaml';
      await server.open(binary, inputs[0]!);
      const skipped = await server.diagnostics(binary, 'version 1', (p) => p.version === 1);
      assert.deepEqual(summarize(skipped.diagnostics).map((d) => d.code), ['file-skipped']);
      assert.ok(server.isRunning);
    });
  });
});
