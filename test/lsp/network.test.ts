// Registry checks and pinning in the language server, over stdio, against a real docker-registry with
// images the tests push. A proxy in front of the registry counts what reaches it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApplyWorkspaceEditParams, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { applyWorkspaceEdit, fileUri, LspHarness, onlyRules } from '../fixtures/lsp/harness';
import { image, push, uniqueRepo, type Manifest } from '../registry/harness/images';
import { startProxy, waitFor, type Proxy } from '../registry/harness/proxy';
import { startRegistry, type RunningRegistry } from '../registry/harness/registry';
import type { DigestResolver } from '../../server/src/cli/registry';
import { RegistryAccess } from '../../server/src/lsp/network';
import { DEFAULT_NETWORK_SETTINGS, type NetworkSettings } from '../../server/src/lsp/settings';

const RULES = onlyRules('image-tag-not-found', 'image-digest-stale', 'image-not-pinned', 'pull-policy-missing', 'pull-policy-stale-cache');
const NETWORK_DEADLINE_MS = 15_000;

function pod(...images: string[]): string {
  const containers = images.map((ref, i) => `    - name: c${i}\n      image: ${ref}\n      imagePullPolicy: Always\n`).join('');
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n${containers}`;
}

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));
const has = (code: string) => (p: PublishDiagnosticsParams) => codes(p).includes(code);

describe('lsp: RegistryAccess (background facts)', () => {
  const settings = (enable = true): NetworkSettings => ({ ...DEFAULT_NETWORK_SETTINGS, enable });

  function fakeAccess(trusted: boolean, answers: Record<string, () => Promise<string>>) {
    const asked: string[] = [];
    const relinted: string[] = [];
    const warnings: string[] = [];
    const resolver: DigestResolver = {
      resolveDigest: async (reference) => {
        asked.push(String(reference));
        const answer = answers[String(reference)];
        if (!answer) throw new Error(`unexpected lookup of ${String(reference)}`);
        return { digest: await answer(), mediaType: 'application/vnd.oci.image.manifest.v1+json' };
      },
      close: () => undefined,
    };
    const access = new RegistryAccess(trusted, {
      relint: (uri) => relinted.push(uri),
      warn: (message) => warnings.push(message),
      factTtlMs: 60_000,
      userAgent: 'test',
      createResolver: async () => resolver,
    });
    return { access, asked, relinted, warnings };
  }

  const until = async (what: string, check: () => boolean): Promise<void> => {
    for (let turns = 0; !check(); turns++) {
      if (turns > 1000) throw new Error(`never: ${what}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  it('looks nothing up when disabled or untrusted', async () => {
    const off = fakeAccess(true, {});
    assert.equal(off.access.observe('u', ['r:v1'], settings(false)), undefined);
    const untrusted = fakeAccess(false, {});
    assert.equal(untrusted.access.observe('u', ['r:v1'], settings(true)), undefined);
    assert.deepEqual(await untrusted.access.resolve('r:v1', settings(true)), { status: 'error', message: 'the workspace is not trusted' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([...off.asked, ...untrusted.asked], []);
  });

  it('answers at once, re-lints when a fact arrives, and keeps the facts object until a fact changes', async () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { access, asked, relinted } = fakeAccess(true, { 'r:v1': async () => digest });
    const first = access.observe('u', ['r:v1', 'r:v1'], settings());
    assert.deepEqual(first && [...first], []);
    await until('the re-lint', () => relinted.length > 0);
    assert.deepEqual(relinted, ['u']);
    const second = access.factsFor('u', settings());
    assert.notEqual(second, first);
    assert.deepEqual(second && [...second], [['r:v1', { status: 'found', digest }]]);
    assert.equal(access.observe('u', ['r:v1'], settings()), second, 'same facts: same object');
    assert.deepEqual(relinted, ['u'], 'a lint made with these facts is not asked for again');
    assert.deepEqual(asked, ['r:v1']);
  });

  it('logs a failed lookup once per reference, without a fact that would make a finding', async () => {
    const { access, relinted, warnings } = fakeAccess(true, { 'r:v1': async () => Promise.reject(new Error('401 unauthorized')) });
    access.observe('u', ['r:v1'], settings());
    await until('the re-lint', () => relinted.length > 0);
    assert.deepEqual(await access.resolve('r:v1', settings(), new AbortController().signal), { status: 'error', message: '401 unauthorized' });
    assert.deepEqual(warnings, ['Shipshape could not look up r:v1: 401 unauthorized']);
    assert.deepEqual([...(access.factsFor('u', settings()) ?? [])], [['r:v1', { status: 'error', message: '401 unauthorized' }]]);
  });

  it('starts looking up once trust is granted', async () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const { access, asked } = fakeAccess(false, { 'r:v1': async () => digest });
    assert.equal(access.observe('u', ['r:v1'], settings()), undefined);
    access.grantTrust();
    assert.deepEqual(await access.resolve('r:v1', settings()), { status: 'found', digest });
    assert.deepEqual(asked, ['r:v1']);
  });
});

describe('lsp: registry checks and pinning', function () {
  this.timeout(30_000);
  let registry: RunningRegistry;
  let proxy: Proxy;
  let repo: string;
  let v1: Manifest;
  const harnesses: LspHarness[] = [];
  const dirs: string[] = [];

  const ref = (tag: string): string => `${proxy.host}/${repo}:${tag}`;
  const start = async (options: Parameters<typeof LspHarness.started>[0]): Promise<LspHarness> => {
    const harness = await LspHarness.started(options);
    harnesses.push(harness);
    return harness;
  };
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-lsp-net-'));
    dirs.push(dir);
    return dir;
  };

  before(async () => {
    registry = await startRegistry();
    proxy = await startProxy(registry.origin);
    repo = uniqueRepo();
    v1 = image('oci');
    await push({ origin: registry.origin }, repo, 'v1', v1);
  });

  afterEach(() => {
    for (const harness of harnesses.splice(0)) harness.kill();
  });

  after(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await proxy?.stop();
    await registry?.stop();
  });

  it('with network checks off (the default) sends nothing to the registry and reports no network finding', async () => {
    const harness = await start({ settings: { rules: RULES }, initializationOptions: { trusted: true } });
    const uri = 'untitled:off.yaml';
    const before = proxy.requests.length;
    await harness.open(uri, pod(ref('v1'), ref('nope')));
    await harness.diagnostics(uri, 'the first lint');
    const since = harness.mark();
    await harness.change(uri, 2, [{ text: `# edited\n${pod(ref('v1'), ref('nope'))}` }]);
    const second = await harness.diagnostics(uri, 'the lint of version 2', (p) => p.version === 2, since);
    assert.ok(!has('image-tag-not-found')(second));
    assert.equal(proxy.requests.length, before, 'no request reached the registry');

    // The same server with the setting on: the lookup happens, so the silence above was the setting's.
    await harness.changeSettings({ rules: RULES, network: { enable: true } });
    await harness.waitFor('image-tag-not-found', () => harness.published.find((p) => p.uri === uri && has('image-tag-not-found')(p)), NETWORK_DEADLINE_MS);
    assert.ok(proxy.requests.length > before);
  });

  it('with network checks on in a trusted workspace reports a missing tag once the background lookup answers', async () => {
    const harness = await start({ settings: { rules: RULES, network: { enable: true } }, initializationOptions: { trusted: true } });
    const uri = 'untitled:missing.yaml';
    await harness.open(uri, pod(ref('v1'), ref('nope')));
    const published = await harness.waitFor(
      'a publish with image-tag-not-found',
      () => harness.published.find((p) => p.uri === uri && has('image-tag-not-found')(p)),
      NETWORK_DEADLINE_MS,
    );
    const notFound = published.diagnostics.filter((d) => d.code === 'image-tag-not-found');
    assert.equal(notFound.length, 1);
    assert.equal(notFound[0]!.range.start.line, 10, 'on the second container, whose tag is missing');
    assert.ok(!has('image-digest-stale')(published));
  });

  it('reports image-digest-stale after the tag is pushed again', async () => {
    const staleRepo = uniqueRepo();
    const first = image('oci');
    await push({ origin: registry.origin }, staleRepo, 'v1', first);
    // Facts stay fresh for 1 ms: every lint refreshes them in the background.
    const harness = await start({
      settings: { rules: RULES, network: { enable: true } },
      initializationOptions: { trusted: true },
      env: { SHIPSHAPE_REGISTRY_FACT_TTL_MS: '1' },
    });
    const uri = 'untitled:stale.yaml';
    const text = pod(`${proxy.host}/${staleRepo}:v1@${first.digest}`, `${proxy.host}/${staleRepo}:gone`);
    await harness.open(uri, text);
    // The missing tag's finding shows the first lookups answered; the pinned digest is still current.
    const fresh = await harness.waitFor('the first facts', () => harness.published.find((p) => p.uri === uri && has('image-tag-not-found')(p)), NETWORK_DEADLINE_MS);
    assert.ok(!has('image-digest-stale')(fresh));

    await push({ origin: registry.origin }, staleRepo, 'v1', image('oci'));
    await harness.change(uri, 2, [{ text: `# after the re-push\n${text}` }]);
    const stale = await harness.waitFor('image-digest-stale', () => harness.published.find((p) => p.uri === uri && has('image-digest-stale')(p)), NETWORK_DEADLINE_MS);
    assert.equal(stale.diagnostics.filter((d) => d.code === 'image-digest-stale').length, 1);
  });

  it('in an untrusted workspace contacts no registry, even with network checks on, and refuses to pin', async () => {
    const harness = await start({ settings: { rules: RULES, network: { enable: true } }, initializationOptions: { trusted: false } });
    const uri = 'untitled:untrusted.yaml';
    const before = proxy.requests.length;
    await harness.open(uri, pod(ref('v1'), ref('nope')));
    const published = await harness.diagnostics(uri, 'the first lint');
    assert.ok(!has('image-tag-not-found')(published));

    const notPinned = published.diagnostics.find((d) => d.code === 'image-not-pinned');
    assert.ok(notPinned, 'image-not-pinned is reported without the network');
    const actions = await harness.codeActions(uri, notPinned.range, [notPinned]);
    assert.deepEqual(actions.filter((a) => a.title.startsWith('Pin ')), []);

    await harness.executeCommand('shipshape.server.pinFile', [{ uri }]);
    const refusal = await harness.waitFor('the refusal', () => harness.messages.find((m) => /untrusted/.test(m.message)));
    assert.match(refusal.message, /contacts registries/);
    assert.deepEqual(harness.appliedEdits, []);
    await harness.stop();
    assert.equal(proxy.requests.length, before, 'no request reached the registry');
  });

  it('treats a client that says nothing about trust as untrusted', async () => {
    const harness = await start({ settings: { rules: RULES, network: { enable: true } } });
    const uri = 'untitled:silent.yaml';
    const before = proxy.requests.length;
    await harness.open(uri, pod(ref('v1')));
    await harness.diagnostics(uri, 'the first lint');
    await harness.executeCommand('shipshape.server.pinFile', [{ uri }]);
    await harness.waitFor('the refusal', () => harness.messages.find((m) => /untrusted/.test(m.message)));
    await harness.stop();
    assert.equal(proxy.requests.length, before, 'no request reached the registry');
  });

  it('starts the background checks when the client reports that the workspace is now trusted', async () => {
    const harness = await start({ settings: { rules: RULES, network: { enable: true } }, initializationOptions: { trusted: false } });
    const uri = 'untitled:granted.yaml';
    await harness.open(uri, pod(ref('nope')));
    const first = await harness.diagnostics(uri, 'the first lint');
    assert.ok(!has('image-tag-not-found')(first));
    await harness.connection.sendNotification('shipshape/trustChanged', { trusted: true });
    await harness.waitFor('image-tag-not-found', () => harness.published.find((p) => p.uri === uri && has('image-tag-not-found')(p)), NETWORK_DEADLINE_MS);
  });

  it('offers "Pin image to digest" without waiting for the registry: the action pins when chosen, and carries the edit once the digest is known', async () => {
    const harness = await start({ settings: { rules: RULES }, initializationOptions: { trusted: true } });
    const uri = 'untitled:quickfix.yaml';
    const text = pod(ref('v1'));
    await harness.open(uri, text);
    const published = await harness.diagnostics(uri, 'the first lint', has('image-not-pinned'));
    const diagnostic = published.diagnostics.find((d) => d.code === 'image-not-pinned') as Diagnostic;
    const requestsBefore = proxy.requests.length;
    const actions = await harness.codeActions(uri, diagnostic.range, [diagnostic]);
    assert.equal(proxy.requests.length, requestsBefore, 'asking for code actions sends nothing to the registry');
    const pin = actions.find((a) => a.title === `Pin image to digest (${ref('v1')})`);
    assert.ok(pin?.command, `a pin action that runs a command among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(pin.edit, undefined);
    // What VS Code does when the user picks it: runs the command, which applies the edit itself.
    await harness.executeCommand(pin.command.command, pin.command.arguments, NETWORK_DEADLINE_MS);
    assert.equal(harness.appliedEdits.length, 1);
    assert.equal(applyWorkspaceEdit(text, uri, harness.appliedEdits[0]!.edit), text.replace(`:v1\n`, `:v1@${v1.digest}\n`));
    // The digest is known now: the quick fix carries the edit, only the image's bytes change.
    const again = (await harness.codeActions(uri, diagnostic.range, [diagnostic])).find((a) => a.title === pin.title);
    assert.ok(again?.edit, 'the quick fix carries its edit once the digest is known');
    assert.equal(applyWorkspaceEdit(text, uri, again.edit), text.replace(`:v1\n`, `:v1@${v1.digest}\n`));
    const edit = (again.edit.documentChanges?.[0] as TextDocumentEdit).edits[0] as TextEdit;
    assert.equal(edit.newText, `@${v1.digest}`);
  });

  it('offers the pin on a stale pull policy for the image of the same container, and none once the tag is known to be missing', async () => {
    const harness = await start({ settings: { rules: RULES }, initializationOptions: { trusted: true } });
    const uri = 'untitled:policy.yaml';
    const text = pod(ref('nope'), ref('v1')).replaceAll('Always', 'IfNotPresent');
    await harness.open(uri, text);
    const published = await harness.diagnostics(uri, 'the first lint', has('pull-policy-stale-cache'));
    const policies = published.diagnostics.filter((d) => d.code === 'pull-policy-stale-cache');
    assert.deepEqual(
      policies.map((d) => d.range.start.line),
      [8, 11],
    );
    const actions = await harness.codeActions(uri, policies[1]!.range, [policies[1]!]);
    const pin = actions.find((a) => a.title.startsWith('Pin '));
    assert.equal(pin?.title, `Pin image to digest (${ref('v1')})`);
    assert.deepEqual(pin.command?.arguments, [{ uri, position: { line: 10, character: 13 } }], 'the command pins the second image');
    await harness.executeCommand(pin.command!.command, pin.command!.arguments, NETWORK_DEADLINE_MS);
    assert.equal(applyWorkspaceEdit(text, uri, harness.appliedEdits[0]!.edit), pod(ref('nope'), `${ref('v1')}@${v1.digest}`).replaceAll('Always', 'IfNotPresent'));
    // The first container's tag does not exist: choosing its pin says so, and then it is no longer offered.
    const first = (await harness.codeActions(uri, policies[0]!.range, [policies[0]!])).find((a) => a.title.startsWith('Pin '));
    assert.equal(first?.title, `Pin image to digest (${ref('nope')})`);
    await harness.executeCommand(first.command!.command, first.command!.arguments, NETWORK_DEADLINE_MS);
    const failed = await harness.waitFor('the failure message', () => harness.messages.find((m) => m.message.includes(`${ref('nope')} — tag not found`)));
    assert.match(failed.message, /^Pinned 0 images in 0 files; 1 could not be resolved/);
    const none = await harness.codeActions(uri, policies[0]!.range, [policies[0]!]);
    assert.deepEqual(none.filter((a) => a.title.startsWith('Pin ')), []);
  });

  it('pinFile with a position pins only the image there', async () => {
    const harness = await start({ settings: { rules: RULES }, initializationOptions: { trusted: true } });
    const uri = 'untitled:pinone.yaml';
    const text = pod(ref('v1'), ref('v1'));
    await harness.open(uri, text);
    await harness.executeCommand('shipshape.server.pinFile', [{ uri, position: { line: 10, character: 14 } }], NETWORK_DEADLINE_MS);
    assert.equal(harness.appliedEdits.length, 1);
    assert.equal(applyWorkspaceEdit(text, uri, harness.appliedEdits[0]!.edit), pod(ref('v1'), `${ref('v1')}@${v1.digest}`));
  });

  it('pinFile applies one versioned edit to the open document and reports what it did', async () => {
    const harness = await start({ settings: { rules: RULES }, initializationOptions: { trusted: true } });
    const uri = 'untitled:pinfile.yaml';
    const text = pod(ref('v1'), ref('nope'), `${proxy.host}/${repo}`);
    await harness.open(uri, text, 7);
    await harness.executeCommand('shipshape.server.pinFile', [{ uri }], NETWORK_DEADLINE_MS);
    assert.equal(harness.appliedEdits.length, 1);
    const [change] = harness.appliedEdits[0]!.edit.documentChanges as TextDocumentEdit[];
    assert.deepEqual(change!.textDocument, { uri, version: 7 });
    assert.equal(applyWorkspaceEdit(text, uri, harness.appliedEdits[0]!.edit), pod(`${ref('v1')}@${v1.digest}`, ref('nope'), `${proxy.host}/${repo}`));
    const summary = await harness.waitFor('the summary', () => harness.messages.find((m) => m.message.startsWith('Pinned')));
    assert.equal(
      summary.message,
      `Pinned 1 image in 1 file; 2 could not be resolved: ${ref('nope')} — tag not found; ${proxy.host}/${repo}:latest — tag not found.`,
    );
    assert.ok(harness.progress.some((p) => p.value.kind === 'begin') && harness.progress.some((p) => p.value.kind === 'end'), 'progress began and ended');
  });

  it('pinWorkspace pins every YAML file of the folder in one edit, skipping gitignored files', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'deploy', 'b.yml');
    const ignored = join(dir, 'generated', 'c.yaml');
    mkdirSync(join(dir, 'deploy'));
    mkdirSync(join(dir, 'generated'));
    writeFileSync(join(dir, '.gitignore'), 'generated/\n');
    writeFileSync(a, pod(ref('v1')));
    writeFileSync(b, pod(ref('v1'), ref('v1')));
    writeFileSync(ignored, pod(ref('v1')));
    const harness = await start({ settings: { rules: RULES, pin: { keepTag: false } }, initializationOptions: { trusted: true }, workspaceFolders: [dir] });
    await harness.executeCommand('shipshape.server.pinWorkspace', [{}], NETWORK_DEADLINE_MS);

    assert.equal(harness.appliedEdits.length, 1);
    const edit = harness.appliedEdits[0]!.edit;
    const uris = (edit.documentChanges as TextDocumentEdit[]).map((c) => c.textDocument);
    assert.deepEqual(uris, [
      { uri: fileUri(a), version: null },
      { uri: fileUri(b), version: null },
    ]);
    const pinned = `${proxy.host}/${repo}@${v1.digest}`;
    assert.equal(applyWorkspaceEdit(readFileSync(a, 'utf8'), fileUri(a), edit), pod(pinned));
    assert.equal(applyWorkspaceEdit(readFileSync(b, 'utf8'), fileUri(b), edit), pod(pinned, pinned));
    const summary = await harness.waitFor('the summary', () => harness.messages.find((m) => m.message.startsWith('Pinned')));
    assert.equal(summary.message, 'Pinned 3 images in 2 files.');
  });

  it('a cancelled pinWorkspace applies nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = await startProxy(registry.origin, async (req, forward) => {
      await gate;
      return forward(req);
    });
    try {
      const dir = tempDir();
      writeFileSync(join(dir, 'a.yaml'), pod(`${slow.host}/${repo}:v1`));
      writeFileSync(join(dir, 'b.yaml'), pod(`${slow.host}/${repo}:v1`));
      const harness = await start({ settings: { rules: RULES }, initializationOptions: { trusted: true }, workspaceFolders: [dir] });
      const running = harness.executeCommand('shipshape.server.pinWorkspace', [{}], NETWORK_DEADLINE_MS);
      const begun = await harness.waitFor('the progress to begin', () => harness.progress.find((p) => p.value.kind === 'begin'));
      assert.equal((begun.value as { cancellable?: boolean }).cancellable, true);
      await waitFor(slow.events, 'request', () => slow.requests.length > 0);
      await harness.cancelProgress(begun.token);
      await running;
      const message = await harness.waitFor('the cancel message', () => harness.messages.find((m) => /cancel/i.test(m.message)));
      assert.equal(message.message, 'Pinning cancelled: nothing was changed.');
      assert.deepEqual(harness.appliedEdits, [] as ApplyWorkspaceEditParams[]);
    } finally {
      release();
      await slow.stop();
    }
  });
});
