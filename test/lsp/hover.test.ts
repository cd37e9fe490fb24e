// The image hover over stdio: the declared reference, the registry's digest for the tag (a real
// docker-registry), and what it says when live data cannot be had (untrusted, no kubeconfig). The live
// part against a real API server is in test/cluster/lsp-live.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspHarness } from '../fixtures/lsp/harness';
import { image, push, uniqueRepo, type Manifest } from '../registry/harness/images';
import { startRegistry, type RunningRegistry } from '../registry/harness/registry';

const deployment = (ref: string) =>
  ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  namespace: shop', 'spec:', '  template:', '    spec:', '      containers:', '        - name: api', `          image: ${ref}`, ''].join('\n');
const IMAGE_LINE = 10;

describe('lsp: the image hover', function () {
  this.timeout(30_000);
  let registry: RunningRegistry;
  let repo: string;
  let v1: Manifest;
  let home: string;
  const harnesses: LspHarness[] = [];
  const ref = (tag: string) => `${registry.host}/${repo}:${tag}`;

  const start = async (trusted: boolean, settings: Record<string, unknown> = {}) => {
    // An empty HOME and no KUBECONFIG: no kubeconfig anywhere.
    const env = { HOME: home, KUBECONFIG: '' };
    const harness = await LspHarness.started({ settings, initializationOptions: { trusted }, env });
    harnesses.push(harness);
    return harness;
  };

  before(async () => {
    registry = await startRegistry();
    repo = uniqueRepo();
    v1 = image('oci');
    await push({ origin: registry.origin }, repo, 'v1', v1);
    home = mkdtempSync(join(tmpdir(), 'shipshape-hover-home-'));
  });

  afterEach(() => {
    for (const harness of harnesses.splice(0)) harness.kill();
  });

  after(async () => {
    rmSync(home, { recursive: true, force: true });
    await registry?.stop();
  });

  it('shows the parsed reference, the tag’s current digest from the registry, and why there is no live data', async () => {
    const harness = await start(true, { network: { enable: true } });
    const uri = 'untitled:hover.yaml';
    await harness.open(uri, deployment(ref('v1')));
    const text = await harness.hover(uri, { line: IMAGE_LINE, character: 20 });
    assert.match(text, new RegExp(`^\\*\\*Image\\*\\* \`${ref('v1').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` — container \`api\` of Deployment \`web\``));
    assert.ok(text.includes(`registry \`${registry.host}\` · repository \`${repo}\` · tag \`v1\` · no digest`), text);
    assert.ok(text.includes(`**Registry now:** \`v1\` → \`${v1.digest}\``), text);
    assert.match(text, /\*\*Live:\*\* no kubeconfig/i);
  });

  it('says whether a pinned digest is still the tag’s, and answers on the `image:` key as well', async () => {
    const harness = await start(true, { network: { enable: true } });
    const stale = `sha256:${'e'.repeat(64)}`;
    const uri = 'untitled:pinned.yaml';
    await harness.open(uri, deployment(`${ref('v1')}@${stale}`));
    const text = await harness.hover(uri, { line: IMAGE_LINE, character: 11 });
    assert.ok(text.includes(`**the pinned digest sha256:eeeeeeeeeeee is no longer the tag's.**`), text);
    const current = 'untitled:current.yaml';
    await harness.open(current, deployment(`${ref('v1')}@${v1.digest}`));
    assert.ok((await harness.hover(current, { line: IMAGE_LINE, character: 30 })).includes('the pinned digest is current'));
  });

  it('with network checks off, does not ask the registry', async () => {
    const harness = await start(true);
    const uri = 'untitled:off.yaml';
    await harness.open(uri, deployment(ref('v1')));
    const text = await harness.hover(uri, { line: IMAGE_LINE, character: 20 });
    assert.ok(text.includes('**Registry:** not asked — background registry checks are off (`shipshape.network.enable`)'), text);
  });

  it('in an untrusted workspace asks neither the registry nor a cluster, and says why', async () => {
    const harness = await start(false, { network: { enable: true } });
    const uri = 'untitled:untrusted.yaml';
    await harness.open(uri, deployment(ref('v1')));
    const text = await harness.hover(uri, { line: IMAGE_LINE, character: 20 });
    assert.ok(text.includes('**Registry:** not asked — the workspace is not trusted.'), text);
    assert.ok(text.includes('**Live:** off — Shipshape does not contact clusters in an untrusted workspace'), text);
  });

  it('has no hover away from container images', async () => {
    const harness = await start(true);
    const uri = 'untitled:elsewhere.yaml';
    await harness.open(uri, deployment(ref('v1')));
    assert.equal(await harness.hover(uri, { line: 3, character: 8 }), '');
    assert.equal(await harness.hover(uri, { line: IMAGE_LINE - 1, character: 16 }), '');
  });
});
