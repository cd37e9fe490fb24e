// Push diagnostics from the built server over stdio: exact ranges and codes, incremental changes,
// only the latest version's result, several documents, close.
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { ruleDocUrl } from '../../server/src/engine/index';
import { fixtureText, LspHarness, messageOf, onlyRules, summarize, type DiagnosticSummary } from '../fixtures/lsp/harness';

const LATEST = 'image-latest-tag';
const POLICY = 'pull-policy-missing';
const DEPLOYMENT = fixtureText('deployment.yaml');
const LATEST_AT: DiagnosticSummary = { code: LATEST, range: [14, 33, 14, 56], severity: DiagnosticSeverity.Warning };
const POLICY_AT: DiagnosticSummary = { code: POLICY, range: [16, 17, 16, 41], severity: DiagnosticSeverity.Warning };

describe('language server: diagnostics', () => {
  let server: LspHarness;
  before(async () => {
    server = await LspHarness.started({ settings: { lintDelayMs: 0, rules: onlyRules(LATEST, POLICY) } });
  });
  after(() => server?.kill());

  it('publishes the findings of an opened document with exact ranges, codes and doc links', async () => {
    const uri = 'file:///virtual/open/deployment.yaml';
    await server.open(uri, DEPLOYMENT);
    const published = await server.diagnostics(uri, 'version 1', (p) => p.version === 1);
    assert.deepEqual(summarize(published.diagnostics), [LATEST_AT, POLICY_AT]);
    for (const diagnostic of published.diagnostics) {
      assert.equal(diagnostic.source, 'shipshape');
      assert.deepEqual(diagnostic.codeDescription, { href: ruleDocUrl(String(diagnostic.code)) });
      assert.ok(messageOf(diagnostic).length > 20, `a real message for ${String(diagnostic.code)}`);
    }
    assert.equal(published.diagnostics[1]?.data, undefined, 'no data: code actions match on code and range');
  });

  it('applies incremental changes and publishes only results that match their own version', async () => {
    const uri = 'file:///virtual/incremental/deployment.yaml';
    const since = server.mark();
    // Each version's expected diagnostics; the edits below turn one into the next.
    const expected = new Map<number, DiagnosticSummary[]>([
      [1, [LATEST_AT, POLICY_AT]],
      // :latest → :1.0.0: the flow-map container now has a version tag and no pull policy.
      [2, [{ ...POLICY_AT, range: [14, 33, 14, 55] }, POLICY_AT]],
      // A comment line inserted at the top moves everything down by one line.
      [3, [{ ...POLICY_AT, range: [15, 33, 15, 55] }, { ...POLICY_AT, range: [17, 17, 17, 41] }]],
      // The agent gets an imagePullPolicy: only the first container is left.
      [4, [{ ...POLICY_AT, range: [15, 33, 15, 55] }]],
      // Back to :latest.
      [5, [{ ...LATEST_AT, range: [15, 33, 15, 56] }]],
    ]);
    await server.open(uri, DEPLOYMENT);
    await server.change(uri, 2, [{ range: { start: { line: 14, character: 50 }, end: { line: 14, character: 56 } }, text: '1.0.0' }]);
    await server.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# moved\n' }]);
    await server.change(uri, 4, [{ range: { start: { line: 17, character: 41 }, end: { line: 17, character: 41 } }, text: '\n          imagePullPolicy: Always' }]);
    const atFour = await server.diagnostics(uri, 'version 4', (p) => p.version === 4, since);
    assert.deepEqual(summarize(atFour.diagnostics), expected.get(4));
    await server.change(uri, 5, [{ range: { start: { line: 15, character: 50 }, end: { line: 15, character: 55 } }, text: 'latest' }]);
    await server.diagnostics(uri, 'version 5', (p) => p.version === 5, since);

    const ours = server.published.slice(since).filter((p) => p.uri === uri);
    const versions = ours.map((p) => p.version ?? -1);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `versions arrive in order: ${versions.join(', ')}`);
    for (const p of ours) assert.deepEqual(summarize(p.diagnostics), expected.get(p.version ?? -1), `diagnostics published for version ${p.version}`);
  });

  it('never publishes a result computed for a version that was replaced while it waited for settings', async () => {
    const uri = 'file:///virtual/race/deployment.yaml';
    const since = server.mark();
    let release!: () => void;
    server.configurationGate = new Promise<void>((resolve) => (release = resolve));
    try {
      await server.open(uri, DEPLOYMENT);
      await server.waitFor('the configuration request for the new document', () =>
        server.configurationRequests.find((r) => r.items.some((item) => item.scopeUri === uri)),
      );
      await server.change(uri, 2, [{ range: { start: { line: 14, character: 50 }, end: { line: 14, character: 56 } }, text: '1.0.0' }]);
    } finally {
      server.configurationGate = undefined;
      release();
    }
    const published = await server.diagnostics(uri, 'version 2', (p) => p.version === 2, since);
    assert.deepEqual(summarize(published.diagnostics), [{ ...POLICY_AT, range: [14, 33, 14, 55] }, POLICY_AT]);
    await server.change(uri, 3, [{ range: { start: { line: 14, character: 50 }, end: { line: 14, character: 55 } }, text: 'latest' }]);
    await server.diagnostics(uri, 'version 3', (p) => p.version === 3, since);
    const versions = server.published.slice(since).filter((p) => p.uri === uri).map((p) => p.version);
    assert.ok(!versions.includes(1), `version 1 was replaced before it was linted, yet published: ${versions.join(', ')}`);
  });

  it('publishes nothing for a document closed while its lint waited for settings', async () => {
    const uri = 'file:///virtual/race/closed.yaml';
    const since = server.mark();
    let release!: () => void;
    server.configurationGate = new Promise<void>((resolve) => (release = resolve));
    try {
      await server.open(uri, DEPLOYMENT);
      await server.waitFor('the configuration request for the new document', () =>
        server.configurationRequests.find((r) => r.items.some((item) => item.scopeUri === uri)),
      );
      await server.close(uri);
      await server.diagnostics(uri, 'the clearing publish', () => true, since);
    } finally {
      server.configurationGate = undefined;
      release();
    }
    // A document opened after the release is linted after anything the closed one had pending.
    const witness = 'file:///virtual/race/witness.yaml';
    await server.open(witness, DEPLOYMENT);
    await server.diagnostics(witness, 'version 1', (p) => p.version === 1, since);
    const ours = server.published.slice(since).filter((p) => p.uri === uri);
    assert.deepEqual(ours.map((p) => p.diagnostics), [[]], 'only the clearing publish');
  });

  it('lints several documents independently, each with its own debounce', async () => {
    const uris = ['a', 'b', 'c'].map((name) => `file:///virtual/several/${name}.yaml`);
    server.settingsFor = (scopeUri) => ({ lintDelayMs: 50, rules: onlyRules(LATEST, POLICY), enable: scopeUri !== uris[2] });
    try {
      const since = server.mark();
      const agentOnly = DEPLOYMENT.replace('ghcr.io/acme/web:latest', 'ghcr.io/acme/web@sha256:' + 'a'.repeat(64));
      await server.open(uris[0]!, DEPLOYMENT);
      await server.open(uris[1]!, agentOnly);
      await server.open(uris[2]!, DEPLOYMENT);
      const [a, b, c] = await Promise.all(uris.map((uri) => server.diagnostics(uri, 'version 1', (p) => p.version === 1, since)));
      assert.deepEqual(summarize(a!.diagnostics), [LATEST_AT, POLICY_AT]);
      assert.deepEqual(summarize(b!.diagnostics), [POLICY_AT]);
      assert.deepEqual(c!.diagnostics, [], 'shipshape.enable is false for the third document');
    } finally {
      server.settingsFor = undefined;
    }
  });

  it('clears the diagnostics of a closed document, and lints it afresh when reopened', async () => {
    const uri = 'file:///virtual/close/deployment.yaml';
    await server.open(uri, DEPLOYMENT);
    await server.diagnostics(uri, 'version 1 before close', (p) => p.version === 1 && p.diagnostics.length === 2);
    const beforeClose = server.mark();
    await server.close(uri);
    const cleared = await server.diagnostics(uri, 'the clearing publish', () => true, beforeClose);
    assert.deepEqual(cleared.diagnostics, []);

    const reopened = server.mark();
    await server.open(uri, DEPLOYMENT.replace('ghcr.io/acme/agent:1.4.2', 'ghcr.io/acme/agent:latest'), 1);
    const fresh = await server.diagnostics(uri, 'the reopened document', (p) => p.version === 1, reopened);
    assert.deepEqual(summarize(fresh.diagnostics), [LATEST_AT, { ...LATEST_AT, range: [16, 17, 16, 42] }]);
  });
});
