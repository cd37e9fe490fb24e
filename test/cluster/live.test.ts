// The cluster client against a real kube-apiserver (test/fixtures/cluster/harness.ts): every workload kind,
// pod statuses written the way kubelets with docker, containerd and loaded images write them, a rollout
// half done, init containers, a matchExpressions selector; and the failures in words: 401, 403 (naming
// verb, resource and namespace), not found, refused, silent, bad TLS, cancelled; contexts; the cache;
// an exec credential plugin that is allowed to run.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareContainer, connectCluster, isClusterError, type ClusterClient, type ClusterErrorKind, type LiveWorkload } from '../../client/src/cluster';
import { deployWorkload, startTestCluster, type KubeApi, type TestCluster } from '../fixtures/cluster/harness';
import { startSilentServer } from '../registry/harness/proxy';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const NEW = digest('9');
const OLD = digest('3');
const CONFIG_ID = digest('c');
const REPO = 'registry.example.com/shop/app';

async function rejectsWith(promise: Promise<unknown>, kind: ClusterErrorKind, message: RegExp | string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isClusterError(error), `expected a ClusterError, got ${error instanceof Error ? error.stack : String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

/** A bare pod with the given labels, its status written as a kubelet would. */
async function createPod(api: KubeApi, namespace: string, name: string, labels: Record<string, string>, imageID: string, ownerReferences: object[] = []): Promise<void> {
  await api.create(`/api/v1/namespaces/${namespace}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels, ownerReferences },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: `${REPO}:v2.5.0` }] },
  });
  await api.patchPodStatus(namespace, name, { containerStatuses: [{ name: 'app', image: `${REPO}:v2.5.0`, imageID, ready: true, restartCount: 0, state: { running: { startedAt: new Date().toISOString() } } }] });
}

const podTemplate = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'app', image: `${REPO}:v2.5.0` }] } });

describe('cluster: live lookups against a real API server', function () {
  this.timeout(60_000);
  let cluster: TestCluster;
  let client: ClusterClient;
  let temp: string;
  const connect = (file: string, options: { context?: string; timeoutMs?: number; allowExec?: boolean; now?: () => number; cacheTtlMs?: number } = {}) =>
    connectCluster({ paths: [file], allowExec: options.allowExec ?? false, ...options });

  before(async function () {
    this.timeout(120_000);
    cluster = await startTestCluster();
    temp = mkdtempSync(join(tmpdir(), 'shipshape-live-'));
    for (const namespace of ['shop', 'other', 'kinds']) await cluster.api.createNamespace(namespace);
    client = await connect(cluster.kubeconfig({ namespace: 'shop', extraContexts: [{ name: 'other-ctx', namespace: 'other' }] }));

    // web: the seed incident, two runtimes reporting the old digest; mid: a rollout half done; loaded: kind-loaded images.
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'web', image: `${REPO}:v2.5.0`, pods: [{ imageID: `docker-pullable://${REPO}@${OLD}` }, { imageID: `${REPO}@${OLD}` }] });
    await deployWorkload(cluster.api, {
      namespace: 'shop',
      name: 'mid',
      image: `${REPO}:v2.5.0`,
      initImages: [`${REPO}-migrate:v7`],
      pods: [
        { name: 'mid-new', imageID: `${REPO}@${NEW}`, ready: false, initImageIDs: [`${REPO}-migrate@${NEW}`] },
        { name: 'mid-old', imageID: `${REPO}@${OLD}`, initImageIDs: [`${REPO}-migrate@${NEW}`] },
      ],
    });
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'loaded', image: `${REPO}:v2.5.0`, pods: [{ imageID: CONFIG_ID }] });
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'idle', image: `${REPO}:v2.5.0`, replicas: 0, pods: [] });
    await deployWorkload(cluster.api, { namespace: 'other', name: 'web', image: `${REPO}:v2.5.0@${NEW}`, pods: [{ imageID: `${REPO}@${NEW}` }] });
  });
  after(async function () {
    await cluster?.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('reads a Deployment: the live template, the selector and every pod’s imageID, as plain data', async function () {
    const live = await client.getWorkload({ kind: 'Deployment', name: 'web' });
    assert.equal(live.context, 'test');
    assert.equal(live.namespace, 'shop', 'the context’s namespace');
    assert.deepEqual(live.containers, [{ name: 'app', image: `${REPO}:v2.5.0`, role: 'container' }]);
    assert.equal(live.selector, 'app=web');
    assert.equal(live.desiredReplicas, 2);
    assert.equal(live.podsExpected, true);
    assert.deepEqual(live.pods.map((p) => [p.phase, p.deleting, p.containers.map((c) => [c.name, c.imageID, c.ready, c.state])]).sort(), [
      ['Running', false, [['app', `docker-pullable://${REPO}@${OLD}`, true, 'running']]],
      ['Running', false, [['app', `${REPO}@${OLD}`, true, 'running']]],
    ]);
    for (const pod of live.pods) {
      assert.match(pod.createdAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(pod.containers[0]!.startedAt ?? '', /Z$/);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(live)), live);
    const comparison = compareContainer({ workload: live, container: 'app', role: 'container', declared: `${REPO}:v2.5.0@${NEW}` });
    assert.equal(comparison.verdict, 'running-other');
    assert.deepEqual(comparison.groups.map((g) => [g.digest, g.podCount, g.match]), [[OLD, 2, 'other']], 'docker-pullable and containerd forms are one digest');
  });

  it('a rollout half done: mixed digests, with the init containers’ statuses', async function () {
    const live = await client.getWorkload({ kind: 'Deployment', name: 'mid', namespace: 'shop' });
    assert.deepEqual(live.containers, [
      { name: 'app', image: `${REPO}:v2.5.0`, role: 'container' },
      { name: 'init-1', image: `${REPO}-migrate:v7`, role: 'init' },
    ]);
    const app = compareContainer({ workload: live, container: 'app', role: 'container', declared: `${REPO}:v2.5.0@${NEW}` });
    assert.equal(app.verdict, 'running-other');
    assert.equal(app.mixed, true);
    assert.deepEqual(app.issues, ['drift', 'spec-differs', 'not-ready']);
    const init = compareContainer({ workload: live, container: 'init-1', role: 'init', declared: `${REPO}-migrate:v7@${NEW}` });
    assert.equal(init.verdict, 'running-declared');
    assert.deepEqual(init.groups.map((g) => [g.digest, g.podCount]), [[NEW, 2]]);
    assert.equal(live.pods.find((p) => p.name === 'mid-new')?.initContainers[0]?.state, 'terminated');
  });

  it('a bare image config ID is not comparable; a Deployment scaled to 0 expects no pods', async function () {
    const loaded = await client.getWorkload({ kind: 'Deployment', name: 'loaded' });
    assert.equal(compareContainer({ workload: loaded, container: 'app', role: 'container', declared: `${REPO}:v2.5.0@${NEW}` }).verdict, 'not-comparable');
    const idle = await client.getWorkload({ kind: 'Deployment', name: 'idle' });
    assert.deepEqual([idle.pods.length, idle.desiredReplicas, idle.podsExpected], [0, 0, false]);
  });

  it('reads the ReplicaSet and a Pod of a Deployment', async function () {
    const web = await client.getWorkload({ kind: 'Deployment', name: 'web' });
    const rs = (await cluster.api.request<{ items: Array<{ metadata: { name: string } }> }>('GET', '/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dweb')).items[0]!;
    const replicaSet = await client.getWorkload({ kind: 'ReplicaSet', name: rs.metadata.name });
    assert.match(replicaSet.selector ?? '', /^app=web,pod-template-hash=/);
    assert.deepEqual(replicaSet.pods.map((p) => p.name), web.pods.map((p) => p.name));
    const pod = await client.getWorkload({ kind: 'Pod', name: web.pods[0]!.name });
    assert.deepEqual([pod.pods.length, pod.pods[0]!.name, pod.containers[0]!.image, pod.podsExpected], [1, web.pods[0]!.name, `${REPO}:v2.5.0`, true]);
  });

  it('lists pods with matchExpressions (In, NotIn, Exists, DoesNotExist) as the workload selects them', async function () {
    const selector = {
      matchLabels: { app: 'sel' },
      matchExpressions: [
        { key: 'track', operator: 'In', values: ['stable', 'canary'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'managed', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    };
    const labels = { app: 'sel', track: 'stable', env: 'prod', managed: 'yes' };
    await cluster.api.create('/apis/apps/v1/namespaces/kinds/replicasets', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'sel', namespace: 'kinds' }, spec: { replicas: 1, selector, template: podTemplate(labels) } });
    await createPod(cluster.api, 'kinds', 'sel-match', labels, `${REPO}@${NEW}`);
    await createPod(cluster.api, 'kinds', 'sel-canary', { ...labels, track: 'canary' }, `${REPO}@${NEW}`);
    await createPod(cluster.api, 'kinds', 'sel-dev', { ...labels, env: 'dev' }, `${REPO}@${OLD}`);
    await createPod(cluster.api, 'kinds', 'sel-unmanaged', { app: 'sel', track: 'stable', env: 'prod' }, `${REPO}@${OLD}`);
    await createPod(cluster.api, 'kinds', 'sel-legacy', { ...labels, legacy: 'true' }, `${REPO}@${OLD}`);
    await createPod(cluster.api, 'kinds', 'sel-edge', { ...labels, track: 'edge' }, `${REPO}@${OLD}`);
    const live = await client.getWorkload({ kind: 'ReplicaSet', name: 'sel', namespace: 'kinds' });
    assert.equal(live.selector, 'app=sel,env notin (dev),!legacy,managed,track in (stable,canary)');
    assert.deepEqual(live.pods.map((p) => p.name), ['sel-canary', 'sel-match']);
    assert.equal(compareContainer({ workload: live, container: 'app', role: 'container', declared: `${REPO}:v2.5.0@${NEW}` }).verdict, 'running-declared');
  });

  it('reads StatefulSets, DaemonSets, ReplicationControllers and Jobs with their pods', async function () {
    const api = cluster.api;
    const labels = (app: string) => ({ app });
    await api.create('/apis/apps/v1/namespaces/kinds/statefulsets', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: labels('db') }, template: podTemplate(labels('db')) } });
    await createPod(api, 'kinds', 'db-0', labels('db'), `${REPO}@${NEW}`);
    await api.create('/apis/apps/v1/namespaces/kinds/daemonsets', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: labels('agent') }, template: podTemplate(labels('agent')) } });
    await createPod(api, 'kinds', 'agent-x', labels('agent'), `${REPO}@${OLD}`);
    await api.create('/api/v1/namespaces/kinds/replicationcontrollers', { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy-rc' }, spec: { replicas: 1, selector: labels('rc'), template: podTemplate(labels('rc')) } });
    await createPod(api, 'kinds', 'rc-1', labels('rc'), `${REPO}@${NEW}`);
    const job = await api.create<{ spec: { selector: { matchLabels: Record<string, string> } } }>('/apis/batch/v1/namespaces/kinds/jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: `${REPO}:v2.5.0` }] } } },
    });
    await createPod(api, 'kinds', 'once-abcde', job.spec.selector.matchLabels, `${REPO}@${NEW}`);

    const db = await client.getWorkload({ kind: 'StatefulSet', name: 'db', namespace: 'kinds' });
    assert.deepEqual([db.pods.map((p) => p.name), db.desiredReplicas], [['db-0'], 1]);
    const agent = await client.getWorkload({ kind: 'DaemonSet', name: 'agent', namespace: 'kinds' });
    assert.deepEqual(agent.pods.map((p) => p.containers[0]!.imageID), [`${REPO}@${OLD}`]);
    const rc = await client.getWorkload({ kind: 'ReplicationController', name: 'legacy-rc', namespace: 'kinds' });
    assert.deepEqual([rc.selector, rc.pods.map((p) => p.name)], ['app=rc', ['rc-1']]);
    const once = await client.getWorkload({ kind: 'Job', name: 'once', namespace: 'kinds' });
    assert.match(once.selector ?? '', /controller-uid=/);
    assert.deepEqual([once.pods.map((p) => p.name), once.podsExpected], [['once-abcde'], false]);
  });

  it('reads a CronJob through the Jobs it owns', async function () {
    const api = cluster.api;
    const cronJob = await api.create<{ metadata: { uid: string } }>('/apis/batch/v1/namespaces/kinds/cronjobs', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'app', image: `${REPO}:v2.5.0` }] } } } } },
    });
    const owner = { apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: cronJob.metadata.uid, controller: true };
    const template = { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'app', image: `${REPO}:v2.5.0` }] } };
    const owned = await api.create<{ spec: { selector: { matchLabels: Record<string, string> } } }>('/apis/batch/v1/namespaces/kinds/jobs', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'nightly-1', ownerReferences: [owner] }, spec: { template } });
    const stranger = await api.create<{ spec: { selector: { matchLabels: Record<string, string> } } }>('/apis/batch/v1/namespaces/kinds/jobs', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'stranger' }, spec: { template } });
    await createPod(api, 'kinds', 'nightly-1-pod', owned.spec.selector.matchLabels, `${REPO}@${OLD}`);
    await createPod(api, 'kinds', 'stranger-pod', stranger.spec.selector.matchLabels, `${REPO}@${NEW}`);
    const live = await client.getWorkload({ kind: 'CronJob', name: 'nightly', namespace: 'kinds' });
    assert.deepEqual([live.jobs, live.pods.map((p) => p.name), live.podsExpected, live.containers[0]!.image], [['nightly-1'], ['nightly-1-pod'], false, `${REPO}:v2.5.0`]);
  });

  it('reads an Argo Rollout (a custom object), and says when the cluster has no Rollouts', async function () {
    await rejectsWith(client.getWorkload({ kind: 'Rollout', name: 'canary', namespace: 'kinds' }), 'not-found', /does not serve rollouts\.argoproj\.io \(is Argo Rollouts installed\?\)$/);
    await cluster.api.create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'rollouts.argoproj.io' },
      spec: {
        group: 'argoproj.io',
        scope: 'Namespaced',
        names: { plural: 'rollouts', singular: 'rollout', kind: 'Rollout' },
        versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'canary' }, spec: { replicas: 2, selector: { matchLabels: { app: 'canary' } }, template: podTemplate({ app: 'canary' }) } };
    // The CRD is served once the API server has set it up: ask until the create is accepted (bounded).
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await cluster.api.create('/apis/argoproj.io/v1alpha1/namespaces/kinds/rollouts', rollout);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await createPod(cluster.api, 'kinds', 'canary-1', { app: 'canary' }, `${REPO}@${NEW}`);
    const live = await client.getWorkload({ kind: 'Rollout', name: 'canary', namespace: 'kinds' }, { refresh: true });
    assert.deepEqual([live.selector, live.desiredReplicas, live.pods.map((p) => p.name), live.containers[0]!.image], ['app=canary', 2, ['canary-1'], `${REPO}:v2.5.0`]);
  });

  it('object not found, in words', async function () {
    await rejectsWith(client.getWorkload({ kind: 'Deployment', name: 'nope' }), 'not-found', 'deployment "nope" not found in namespace "shop" (context "test")');
    await rejectsWith(client.getWorkload({ kind: 'CronJob', name: 'nope', namespace: 'kinds' }), 'not-found', 'cronjob "nope" not found in namespace "kinds" (context "test")');
  });

  it('403: names the verb, the resource and the namespace', async function () {
    const viewer = await connect(cluster.kubeconfig({ token: cluster.viewerToken, namespace: 'shop' }));
    await rejectsWith(viewer.getWorkload({ kind: 'Deployment', name: 'web' }), 'forbidden', 'forbidden: cannot get deployments.apps "web" in namespace "shop" (context "test", as "viewer")');
    const token = await cluster.grant('shop', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }]);
    const limited = await connect(cluster.kubeconfig({ token, namespace: 'shop' }));
    await rejectsWith(limited.getWorkload({ kind: 'Deployment', name: 'web' }), 'forbidden', /^forbidden: cannot list pods in namespace "shop" \(context "test", as "limited\d"\)$/);
  });

  it('401: credentials rejected, without showing them', async function () {
    const stranger = await connect(cluster.kubeconfig({ token: 'not-a-valid-token' }));
    await assert.rejects(stranger.getWorkload({ kind: 'Deployment', name: 'web', namespace: 'shop' }), (error: unknown) => {
      assert.ok(isClusterError(error, 'unauthorized'), String(error));
      assert.equal(error.message, `${cluster.server} (context "test") rejected the credentials of user "test-user" (401 Unauthorized)`);
      assert.doesNotMatch(error.message, /not-a-valid-token/);
      return true;
    });
  });

  it('a server certificate the kubeconfig’s CA does not vouch for is refused', async function () {
    const file = join(temp, 'no-ca.yaml');
    writeFileSync(file, JSON.stringify({ clusters: [{ name: 'c', cluster: { server: cluster.server } }], users: [{ name: 'u', user: { token: cluster.adminToken } }], contexts: [{ name: 'no-ca', context: { cluster: 'c', user: 'u' } }], 'current-context': 'no-ca' }));
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      await rejectsWith((await connect(file)).getWorkload({ kind: 'Deployment', name: 'web', namespace: 'shop' }), 'tls', /the TLS certificate of https:\/\/127\.0\.0\.1:\d+ \(context "no-ca"\) was not accepted/);
    } finally {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
    }
  });

  it('unreachable: a refused port fails at once, a silent server at the deadline, never hanging', async function () {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const refusedFile = cluster.kubeconfig({ context: 'x', extraContexts: [{ name: 'refused', server: `https://127.0.0.1:${closed}` }] });
    let started = Date.now();
    await rejectsWith((await connect(refusedFile, { context: 'refused' })).getWorkload({ kind: 'Deployment', name: 'web' }), 'unreachable', `cannot reach https://127.0.0.1:${closed} (context "refused"): connection refused`);
    assert.ok(Date.now() - started < 2_000, `refused after ${Date.now() - started} ms`);

    const silent = await startSilentServer();
    try {
      const silentFile = cluster.kubeconfig({ context: 'x', extraContexts: [{ name: 'silent', server: `https://${silent.host}` }] });
      started = Date.now();
      await rejectsWith((await connect(silentFile, { context: 'silent', timeoutMs: 500 })).getWorkload({ kind: 'Deployment', name: 'web' }), 'unreachable', `no answer from https://${silent.host} (context "silent") within 0.5 s`);
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 450 && elapsed < 3_000, `gave up after ${elapsed} ms`);
      assert.ok(silent.accepted() >= 1, 'the connection was made');
    } finally {
      await silent.stop();
    }
  });

  it('cancellation: an AbortSignal ends a lookup at once', async function () {
    const silent = await startSilentServer();
    try {
      const file = cluster.kubeconfig({ context: 'x', extraContexts: [{ name: 'silent', server: `https://${silent.host}` }] });
      const slow = await connect(file, { context: 'silent', timeoutMs: 30_000 });
      const controller = new AbortController();
      const started = Date.now();
      const lookup = slow.getWorkload({ kind: 'Deployment', name: 'web' }, { signal: controller.signal });
      setImmediate(() => controller.abort());
      await rejectsWith(lookup, 'cancelled', 'the cluster lookup was cancelled');
      assert.ok(Date.now() - started < 2_000);
      await rejectsWith(client.getWorkload({ kind: 'Deployment', name: 'web' }, { signal: AbortSignal.abort() }), 'cancelled', 'the cluster lookup was cancelled');
    } finally {
      await silent.stop();
    }
  });

  it('contexts: the same name in two namespaces, by the context’s namespace or the file’s', async function () {
    const file = cluster.kubeconfig({ namespace: 'shop', extraContexts: [{ name: 'other-ctx', namespace: 'other' }] });
    const shop = await connect(file);
    const other = await connect(file, { context: 'other-ctx' });
    assert.deepEqual([shop.context.name, shop.context.namespace, other.context.name, other.context.namespace], ['test', 'shop', 'other-ctx', 'other']);
    const digestOf = (live: LiveWorkload) => live.pods.map((p) => p.containers[0]!.imageID);
    assert.deepEqual(digestOf(await other.getWorkload({ kind: 'Deployment', name: 'web' })), [`${REPO}@${NEW}`]);
    assert.equal((await shop.getWorkload({ kind: 'Deployment', name: 'web' })).pods.length, 2);
    const explicit = await shop.getWorkload({ kind: 'Deployment', name: 'web', namespace: 'other' });
    assert.deepEqual([explicit.namespace, explicit.context, digestOf(explicit)], ['other', 'test', [`${REPO}@${NEW}`]]);
  });

  it('keeps an answer for a few seconds per namespace, kind and name; refresh asks again', async function () {
    let now = 1_000_000;
    const cached = await connect(cluster.kubeconfig({ namespace: 'kinds' }), { now: () => now, cacheTtlMs: 5_000 });
    await deployWorkload(cluster.api, { namespace: 'kinds', name: 'cached', image: `${REPO}:v2.5.0`, pods: [{ name: 'cached-1', imageID: `${REPO}@${OLD}` }] });
    const imageIdOf = async (options: { refresh?: boolean } = {}) => (await cached.getWorkload({ kind: 'Deployment', name: 'cached' }, options)).pods[0]!.containers[0]!.imageID;
    const [first, concurrent] = await Promise.all([imageIdOf(), imageIdOf()]);
    assert.deepEqual([first, concurrent], [`${REPO}@${OLD}`, `${REPO}@${OLD}`]);
    await cluster.api.patchPodStatus('kinds', 'cached-1', { containerStatuses: [{ name: 'app', image: `${REPO}:v2.5.0`, imageID: `${REPO}@${NEW}`, ready: true, restartCount: 0, state: { running: {} } }] });
    now += 4_000;
    assert.equal(await imageIdOf(), `${REPO}@${OLD}`, 'within the TTL: the cached answer');
    assert.equal(await imageIdOf({ refresh: true }), `${REPO}@${NEW}`, 'refresh asks the cluster');
    await cluster.api.patchPodStatus('kinds', 'cached-1', { containerStatuses: [{ name: 'app', image: `${REPO}:v2.5.0`, imageID: `${REPO}@${OLD}`, ready: true, restartCount: 0, state: { running: {} } }] });
    now += 5_001;
    assert.equal(await imageIdOf(), `${REPO}@${OLD}`, 'after the TTL: asked again');
    const copy = await cached.getWorkload({ kind: 'Deployment', name: 'cached' });
    copy.pods.length = 0;
    assert.equal((await cached.getWorkload({ kind: 'Deployment', name: 'cached' })).pods.length, 1, 'callers get copies');
  });

  it('runs an exec credential plugin when allowed (and caches what it prints)', async function () {
    const counter = join(temp, 'exec-count');
    const plugin = join(temp, 'credential-plugin.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\necho x >> ${JSON.stringify(counter)}\nprintf '%s' '${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: cluster.adminToken, expirationTimestamp: '2999-01-01T00:00:00Z' } })}'\n`,
    );
    chmodSync(plugin, 0o755);
    const file = join(temp, 'exec.yaml');
    writeFileSync(
      file,
      JSON.stringify({
        clusters: [{ name: 'c', cluster: { server: cluster.server, 'certificate-authority': cluster.caFile } }],
        users: [{ name: 'plugin-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } } }],
        contexts: [{ name: 'exec', context: { cluster: 'c', user: 'plugin-user', namespace: 'shop' } }],
        'current-context': 'exec',
      }),
    );
    await rejectsWith(connect(file), 'exec-not-allowed', `the kubeconfig user "plugin-user" of context "exec" uses an exec credential plugin (${plugin}); Shipshape runs it only in a trusted workspace`);
    const trusted = await connect(file, { allowExec: true, cacheTtlMs: 0 });
    assert.equal((await trusted.getWorkload({ kind: 'Deployment', name: 'web' })).pods.length, 2);
    assert.equal((await trusted.getWorkload({ kind: 'Deployment', name: 'mid' })).pods.length, 2);
    assert.equal(readFileSync(counter, 'utf8').trim().split('\n').length, 1, 'the credential is reused until it expires');
  });
});
