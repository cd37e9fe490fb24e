// `.shipshape.yaml` in a real temporary workspace folder: its rules under the VS Code settings, its
// ignore patterns, its problems, and a reload when the client reports the file changed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity, FileChangeType, MessageType } from 'vscode-languageserver-protocol/node';
import { fileUri, fixtureText, LspHarness, messageOf, onlyRules, summarize } from '../fixtures/lsp/harness';

const LATEST = 'image-latest-tag';
const POLICY = 'pull-policy-missing';
const DEPLOYMENT = fixtureText('deployment.yaml');
const LATEST_RANGE: [number, number, number, number] = [14, 33, 14, 56];
const POLICY_RANGE: [number, number, number, number] = [16, 17, 16, 41];

describe('language server: .shipshape.yaml', () => {
  let folder: string;
  let configPath: string;
  let server: LspHarness;
  let deployUri: string;
  let ignoredUri: string;
  let overriddenUri: string;
  let outsideUri: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'shipshape-lsp-'));
    configPath = join(folder, '.shipshape.yaml');
    mkdirSync(join(folder, 'generated'));
    writeFileSync(configPath, `rules:\n  ${LATEST}: off\n  ${POLICY}: error\nignore:\n  - generated/\n  - "*.rendered.yaml"\n`);
    deployUri = fileUri(join(folder, 'apps', 'deployment.yaml'));
    ignoredUri = fileUri(join(folder, 'generated', 'deployment.yaml'));
    overriddenUri = fileUri(join(folder, 'apps', 'override.yaml'));
    outsideUri = fileUri(join(tmpdir(), 'shipshape-lsp-outside', 'deployment.yaml'));
    server = await LspHarness.started({ workspaceFolders: [folder] });
    // VS Code values: "default" for both rules (does not override the file), except one document
    // where pull-policy-missing is set to hint (overrides the file's error).
    server.settingsFor = (scopeUri) => ({
      lintDelayMs: 0,
      rules: scopeUri === overriddenUri ? { ...onlyRules(LATEST, POLICY), [POLICY]: 'hint' } : onlyRules(LATEST, POLICY),
    });
  });
  after(() => {
    server?.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  it('applies its rules under the VS Code settings: off and a severity, unless VS Code sets one', async () => {
    await server.open(deployUri, DEPLOYMENT);
    await server.open(overriddenUri, DEPLOYMENT);
    await server.open(outsideUri, DEPLOYMENT);
    const deploy = await server.diagnostics(deployUri, 'version 1', (p) => p.version === 1);
    assert.deepEqual(summarize(deploy.diagnostics), [{ code: POLICY, range: POLICY_RANGE, severity: DiagnosticSeverity.Error }]);
    const overridden = await server.diagnostics(overriddenUri, 'version 1', (p) => p.version === 1);
    assert.deepEqual(summarize(overridden.diagnostics), [{ code: POLICY, range: POLICY_RANGE, severity: DiagnosticSeverity.Hint }]);
    const outside = await server.diagnostics(outsideUri, 'version 1', (p) => p.version === 1);
    assert.deepEqual(summarize(outside.diagnostics).map((d) => d.code), [LATEST, POLICY], 'a file outside the folder is not governed by its config');
  });

  it('publishes empty diagnostics for documents its ignore patterns match', async () => {
    const rendered = fileUri(join(folder, 'apps', 'web.rendered.yaml'));
    await server.open(ignoredUri, DEPLOYMENT);
    await server.open(rendered, DEPLOYMENT);
    assert.deepEqual((await server.diagnostics(ignoredUri, 'version 1', (p) => p.version === 1)).diagnostics, []);
    assert.deepEqual((await server.diagnostics(rendered, 'version 1', (p) => p.version === 1)).diagnostics, []);
  });

  it('is re-read when the client reports a change, and open documents are linted again', async () => {
    writeFileSync(configPath, `rules:\n  ${POLICY}: information\n`);
    const since = server.mark();
    await server.fileChanged(configPath);
    const deploy = await server.diagnostics(deployUri, 'a publish after the config changed', () => true, since);
    assert.deepEqual(summarize(deploy.diagnostics), [
      { code: LATEST, range: LATEST_RANGE, severity: DiagnosticSeverity.Warning },
      { code: POLICY, range: POLICY_RANGE, severity: DiagnosticSeverity.Information },
    ]);
    const unignored = await server.diagnostics(ignoredUri, 'a publish after the ignore list went away', () => true, since);
    assert.deepEqual(summarize(unignored.diagnostics).map((d) => d.code), [LATEST, POLICY]);
  });

  it('reports its problems: logged, and one warning at the top of the open .shipshape.yaml', async () => {
    const text = `# project settings\nrules:\n  no-such-rule: warning\n  ${LATEST}: loud\n  ${POLICY}: off\n`;
    writeFileSync(configPath, text);
    const since = server.mark();
    const logsBefore = server.logs.length;
    await server.fileChanged(configPath);
    const deploy = await server.diagnostics(deployUri, 'a publish after the broken config was read', () => true, since);
    assert.deepEqual(summarize(deploy.diagnostics).map((d) => d.code), [LATEST], 'the valid part of the file still applies');

    const configUri = fileUri(configPath);
    await server.open(configUri, text);
    const published = await server.diagnostics(configUri, 'version 1', (p) => p.version === 1);
    assert.equal(published.diagnostics.length, 1);
    const [problem] = published.diagnostics;
    assert.deepEqual(summarize(published.diagnostics), [{ code: 'config-problem', range: [0, 0, 0, '# project settings'.length], severity: DiagnosticSeverity.Warning }]);
    assert.equal(problem?.source, 'shipshape');
    assert.match(problem ? messageOf(problem) : '', /no-such-rule/);
    assert.match(problem ? messageOf(problem) : '', new RegExp(`${LATEST}`));

    const warnings = server.logs.slice(logsBefore).filter((l) => l.type === MessageType.Warning);
    assert.ok(warnings.some((l) => l.message.includes(configPath) && l.message.includes('no-such-rule')), JSON.stringify(server.logs.slice(logsBefore)));
  });

  it('a deleted config means no project settings, and the config document loses its warning', async () => {
    rmSync(configPath);
    let since = server.mark();
    await server.fileChanged(configPath, FileChangeType.Deleted);
    const deploy = await server.diagnostics(deployUri, 'a publish after the config was deleted', () => true, since);
    assert.deepEqual(summarize(deploy.diagnostics).map((d) => [d.code, d.severity]), [
      [LATEST, DiagnosticSeverity.Warning],
      [POLICY, DiagnosticSeverity.Warning],
    ]);
    const configUri = fileUri(configPath);
    const configDoc = await server.diagnostics(configUri, 'the config document without problems', (p) => p.diagnostics.length === 0, since);
    assert.deepEqual(configDoc.diagnostics, []);
    since = server.mark();
    await server.close(configUri);
    await server.diagnostics(configUri, 'the clearing publish', () => true, since);
  });
});
