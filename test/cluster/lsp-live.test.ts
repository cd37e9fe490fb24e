// The language server's live side against a real kube-apiserver: the image hover (verdicts, pod counts,
// errors in words), the opt-in live-digest-drift diagnostic, and the status bar's questions (context,
// contexts), with pods whose status the test writes the way a kubelet does.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { LspHarness } from '../fixtures/lsp/harness';
import { deployWorkload, startTestCluster, type TestCluster } from '../fixtures/cluster/harness';
import { image, index, push, uniqueRepo } from '../registry/harness/images';
import { startRegistry } from '../registry/harness/registry';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const DECLARED = digest('9');
const OLD = digest('3');
const REPO = 'registry.example.com/shop/api';
const IMAGE = `${REPO}:v2.5.0@${DECLARED}`;
const IMAGE_LINE = 10;

const manifest = (name: string, namespace: string | undefined, image = IMAGE) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(namespace !== undefined ? [`  namespace: ${namespace}`] : []),
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    `          image: ${image}`,
    '',
  ].join('\n');

const running = (imageID: string, ready = true) => ({ imageID, ready });

describe('lsp: live data from a real API server', function () {
  this.timeout(60_000);
  let cluster: TestCluster;
  let kubeconfig: string;
  const harnesses: LspHarness[] = [];

  const start = async (settings: Record<string, unknown> = {}, config = kubeconfig, trusted = true) => {
    const harness = await LspHarness.started({ settings, initializationOptions: { trusted }, env: { KUBECONFIG: config, SHIPSHAPE_LIVE_FACT_TTL_MS: '60000' } });
    harnesses.push(harness);
    return harness;
  };

  before(async function () {
    this.timeout(120_000);
    cluster = await startTestCluster();
    await cluster.api.createNamespace('shop');
    await cluster.api.createNamespace('staging');
    kubeconfig = cluster.kubeconfig({ context: 'test', extraContexts: [{ name: 'staging-ctx', namespace: 'staging' }] });
    // web: every pod runs the old build (the seed incident); mid: a rollout half done; good: as declared;
    // loaded: images loaded without a registry; empty: no pods at all.
    await deployWorkload(cluster.api, { container: 'api', namespace: 'shop', name: 'web', image: `${REPO}:v2.3.1`, pods: [running(`docker-pullable://${REPO}@${OLD}`), running(`docker-pullable://${REPO}@${OLD}`)] });
    await deployWorkload(cluster.api, { container: 'api', namespace: 'shop', name: 'mid', image: IMAGE, pods: [running(`${REPO}@${DECLARED}`), running(`${REPO}@${OLD}`, false)] });
    await deployWorkload(cluster.api, { container: 'api', namespace: 'shop', name: 'good', image: IMAGE, pods: [running(`${REPO}@${DECLARED}`)] });
    await deployWorkload(cluster.api, { container: 'api', namespace: 'shop', name: 'loaded', image: IMAGE, pods: [running(`sha256:${'c'.repeat(64)}`)] });
    await deployWorkload(cluster.api, { container: 'api', namespace: 'shop', name: 'empty', image: IMAGE, pods: [] });
    await deployWorkload(cluster.api, { container: 'api', namespace: 'staging', name: 'web', image: IMAGE, pods: [running(`${REPO}@${DECLARED}`)] });
  });

  afterEach(() => {
    for (const harness of harnesses.splice(0)) harness.kill();
  });

  after(async () => {
    await cluster?.stop();
  });

  /** `null`: the file names no namespace. */
  const hoverOf = async (harness: LspHarness, name: string, namespace: string | null = 'shop') => {
    const uri = `untitled:${name}-${namespace ?? 'none'}.yaml`;
    await harness.open(uri, manifest(name, namespace ?? undefined));
    return harness.hover(uri, { line: namespace === null ? IMAGE_LINE - 1 : IMAGE_LINE, character: 20 }, 20_000);
  };

  it('the seed incident: the hover says the pods run something else, with the digest, pod and ready counts', async () => {
    const harness = await start();
    const text = await hoverOf(harness, 'web');
    assert.ok(text.includes('**Live** — context `test`, namespace `shop`: ❌ running something else'), text);
    assert.ok(text.includes('| `sha256:333333333333` | **other** | 2 | 2 |'), text);
    assert.ok(text.includes(`The live template's image is \`${REPO}:v2.3.1\`, not the file's`), text);
  });

  it('mid-rollout, as declared, no pods, and image IDs that cannot be compared each get their verdict', async () => {
    const harness = await start();
    const mid = await hoverOf(harness, 'mid');
    assert.ok(mid.includes('⚠️ partly running something else (a rollout in progress or stuck)'), mid);
    assert.ok(mid.includes('| `sha256:999999999999` | expected | 1 | 1 |') && mid.includes('| `sha256:333333333333` | **other** | 1 | 0 |'), mid);
    assert.ok((await hoverOf(harness, 'good')).includes('✅ running the declared image'));
    assert.ok((await hoverOf(harness, 'empty')).includes(': no pods'));
    const loaded = await hoverOf(harness, 'loaded');
    assert.ok(loaded.includes('not comparable (the pods report image IDs, not registry digests)'), loaded);
  });

  it('a workload without a namespace is looked up in the context’s namespace; switching context changes where', async () => {
    const harness = await start();
    const inDefault = await hoverOf(harness, 'web', null);
    assert.match(inDefault, /deployment "web" not found in namespace "default"/, inDefault);
    const other = await start({ kubernetes: { context: 'staging-ctx' } });
    const text = await hoverOf(other, 'web', null);
    assert.ok(text.includes('**Live** — context `staging-ctx`, namespace `staging`: ✅ running the declared image'), text);
    const status = await other.connection.sendRequest('shipshape/clusterStatus', {});
    assert.deepEqual(status, { enabled: true, context: 'staging-ctx', namespace: 'staging', server: cluster.server });
    const contexts = (await other.connection.sendRequest('shipshape/clusterContexts', {})) as { contexts: Array<{ name: string; namespace: string }>; current: string; kubeconfigCurrent: string };
    assert.deepEqual(
      contexts.contexts.map((c) => [c.name, c.namespace]).sort(),
      [
        ['staging-ctx', 'staging'],
        ['test', 'default'],
      ],
    );
    assert.equal(contexts.current, 'staging-ctx');
    assert.equal(contexts.kubeconfigCurrent, 'test');
  });

  it('says what is missing: an object not found, a forbidden list (verb and resource), an unreachable server', async () => {
    const harness = await start();
    const missing = await hoverOf(harness, 'nope');
    assert.match(missing, /\*\*Live \(context `test`\):\*\* deployment "nope" not found in namespace "shop"/, missing);

    const limited = await cluster.grant('shop', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }]);
    const forbidden = await start({}, cluster.kubeconfig({ token: limited }));
    const text = await hoverOf(forbidden, 'web');
    assert.match(text, /forbidden: cannot list pods in namespace "shop"/, text);

    // A server that accepts connections and never answers: the lookup must give up, not hang.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const config = cluster.kubeconfig({ extraContexts: [{ name: 'silent', server: `https://127.0.0.1:${port}` }] });
      const down = await start({ kubernetes: { context: 'silent', timeoutSeconds: 1 } }, config);
      const hung = await hoverOf(down, 'web');
      assert.match(hung, /\*\*Live \(context `silent`\):\*\* .*(no answer|timed out|unreachable)/i, hung);
    } finally {
      silent.close();
    }
  });

  it('a pod that pulled one platform of the declared multi-arch index runs the declared image', async () => {
    const registry = await startRegistry();
    try {
      const repo = uniqueRepo();
      const amd64 = image('oci');
      const arm64 = image('oci', { os: 'linux', architecture: 'arm64' });
      const multi = index('oci', [amd64, arm64]);
      await push({ origin: registry.origin }, repo, 'v1', multi);
      await deployWorkload(cluster.api, { container: 'api', namespace: 'shop', name: 'multi', image: `${registry.host}/${repo}:v1`, pods: [running(`${registry.host}/${repo}@${arm64.digest}`)] });
      const harness = await start({ network: { enable: true } });
      const uri = 'untitled:multi.yaml';
      await harness.open(uri, manifest('multi', 'shop', `${registry.host}/${repo}:v1@${multi.digest}`));
      const text = await harness.hover(uri, { line: IMAGE_LINE, character: 20 }, 20_000);
      assert.ok(text.includes('✅ running the declared image'), text);
      assert.ok(text.includes(`| \`${arm64.digest.slice(0, 19)}\` | expected (platform manifest) | 1 | 1 |`), text);
    } finally {
      await registry.stop();
    }
  });

  it('live-digest-drift: off by default; on, the drifting container is reported and the others are not', async () => {
    const off = await start();
    const offUri = 'untitled:off.yaml';
    await off.open(offUri, manifest('web', 'shop'));
    const first = await off.diagnostics(offUri, 'the first lint', () => true);
    assert.ok(!first.diagnostics.some((d) => d.code === 'live-digest-drift'));

    const harness = await start({ live: { driftDiagnostics: true } });
    const uri = 'untitled:drift.yaml';
    await harness.open(uri, [manifest('web', 'shop'), manifest('good', 'shop')].join('---\n'));
    const drift = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'live-digest-drift');
    const published = await harness.diagnostics(uri, 'the drift finding', (p) => drift(p).length > 0, 0);
    const [finding] = drift(published);
    assert.equal(drift(published).length, 1);
    assert.equal(finding!.range.start.line, IMAGE_LINE);
    assert.match(String(finding!.message), /^Live pods of Deployment "web" \(context test, namespace shop\) run sha256:333333333333 \(2 pods, 2 ready\) in container "api", not the declared sha256:999999999999/);
  });
});
