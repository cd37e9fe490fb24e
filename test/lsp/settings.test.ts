// Settings over stdio: fetched per document with workspace/configuration, cached, re-fetched after
// didChangeConfiguration, and applied (rule off, severity override, enable, maxFileSize).
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { fixtureText, LspHarness, onlyRules, summarize } from '../fixtures/lsp/harness';

const LATEST = 'image-latest-tag';
const POLICY = 'pull-policy-missing';
const DEPLOYMENT = fixtureText('deployment.yaml');
const LATEST_RANGE: [number, number, number, number] = [14, 33, 14, 56];
const POLICY_RANGE: [number, number, number, number] = [16, 17, 16, 41];

describe('language server: settings', () => {
  let server: LspHarness;
  const uri = 'file:///virtual/settings/deployment.yaml';
  const base = { lintDelayMs: 0, rules: onlyRules(LATEST, POLICY, 'file-skipped') };
  before(async () => {
    server = await LspHarness.started({ settings: base });
    await server.open(uri, DEPLOYMENT);
    await server.diagnostics(uri, 'version 1 with both rules', (p) => p.version === 1 && p.diagnostics.length === 2);
  });
  after(() => server?.kill());

  it('asks for the shipshape section scoped to the document, once until the configuration changes', async () => {
    const forUri = server.configurationRequests.filter((r) => r.items.some((item) => item.scopeUri === uri));
    // With the Kubernetes extension's section, for its kubeconfig setting.
    assert.deepEqual(forUri.map((r) => r.items), [
      [
        { scopeUri: uri, section: 'shipshape' },
        { scopeUri: uri, section: 'vs-kubernetes' },
      ],
    ]);
    const since = server.mark();
    await server.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    await server.diagnostics(uri, 'version 2', (p) => p.version === 2, since);
    assert.equal(server.configurationRequests.filter((r) => r.items.some((item) => item.scopeUri === uri)).length, 1, 'settings are cached per URI');
  });

  it('drops the diagnostics of a rule turned off, without a change to the document', async () => {
    const since = server.mark();
    await server.changeSettings({ ...base, rules: { ...base.rules, [LATEST]: 'off' } });
    const published = await server.diagnostics(uri, 'a publish after the settings change', () => true, since);
    assert.deepEqual(summarize(published.diagnostics), [{ code: POLICY, range: POLICY_RANGE, severity: DiagnosticSeverity.Warning }]);
  });

  it('applies a severity override, and "default" goes back to the rule\'s own severity', async () => {
    let since = server.mark();
    await server.changeSettings({ ...base, rules: { ...base.rules, [LATEST]: 'hint', [POLICY]: 'error' } });
    let published = await server.diagnostics(uri, 'a publish with overridden severities', () => true, since);
    assert.deepEqual(summarize(published.diagnostics), [
      { code: LATEST, range: LATEST_RANGE, severity: DiagnosticSeverity.Hint },
      { code: POLICY, range: POLICY_RANGE, severity: DiagnosticSeverity.Error },
    ]);

    since = server.mark();
    await server.changeSettings(base);
    published = await server.diagnostics(uri, 'a publish with default severities', () => true, since);
    assert.deepEqual(summarize(published.diagnostics), [
      { code: LATEST, range: LATEST_RANGE, severity: DiagnosticSeverity.Warning },
      { code: POLICY, range: POLICY_RANGE, severity: DiagnosticSeverity.Warning },
    ]);
  });

  it('publishes nothing while shipshape.enable is false', async () => {
    let since = server.mark();
    await server.changeSettings({ ...base, enable: false });
    const off = await server.diagnostics(uri, 'a publish with enable: false', () => true, since);
    assert.deepEqual(off.diagnostics, []);

    since = server.mark();
    await server.changeSettings(base);
    const on = await server.diagnostics(uri, 'a publish with enable: true again', () => true, since);
    assert.equal(on.diagnostics.length, 2);
  });

  it('skips a document above shipshape.maxFileSize (MiB) with one file-skipped warning', async () => {
    const since = server.mark();
    await server.changeSettings({ ...base, maxFileSize: 0.0001 }); // ~104 UTF-16 units
    const published = await server.diagnostics(uri, 'a publish with a tiny maxFileSize', () => true, since);
    const firstLineLength = DEPLOYMENT.indexOf('\n');
    assert.deepEqual(summarize(published.diagnostics), [{ code: 'file-skipped', range: [0, 0, 0, Math.min(firstLineLength, 200)], severity: DiagnosticSeverity.Warning }]);
    const restored = server.mark();
    await server.changeSettings(base);
    await server.diagnostics(uri, 'a publish with the default maxFileSize', () => true, restored);
  });

  it('falls back to the defaults for malformed values', async () => {
    const since = server.mark();
    await server.changeSettings({ lintDelayMs: 'soon', enable: 'yes', maxFileSize: -1, rules: { ...onlyRules(LATEST, POLICY), [POLICY]: 'loud' } });
    const published = await server.diagnostics(uri, 'a publish with malformed settings', () => true, since);
    assert.deepEqual(
      summarize(published.diagnostics).map((d) => [d.code, d.severity]),
      [
        [LATEST, DiagnosticSeverity.Warning],
        [POLICY, DiagnosticSeverity.Warning],
      ],
    );
  });
});
