// The cluster harness itself: a real kube-apiserver + etcd starts, holds what deployWorkload writes
// with each runtime's imageID form, enforces RBAC for the viewer and granted users, writes a kubeconfig
// that verifies TLS, and fails loudly (with the daemon's output) when it cannot start.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { apiServerBinaries, deployWorkload, KubeApiError, startTestCluster, type KubeObject, type TestCluster } from '../fixtures/cluster/harness';

const DIGEST_A = `sha256:${'a1'.repeat(32)}`;
const DIGEST_B = `sha256:${'b2'.repeat(32)}`;
const CONFIG_ID = `sha256:${'c3'.repeat(32)}`;
const INIT_DIGEST = `sha256:${'d4'.repeat(32)}`;

interface PodList {
  items: Array<KubeObject & {
    spec: { containers: Array<{ name: string; image: string }> };
    status: {
      phase: string;
      containerStatuses: Array<{ name: string; image: string; imageID: string; ready: boolean; restartCount: number; state: { running?: { startedAt: string } } }>;
      initContainerStatuses?: Array<{ name: string; imageID: string; state: { terminated?: { exitCode: number } } }>;
    };
  }>;
}

async function rejectsWithStatus(promise: Promise<unknown>, status: number): Promise<KubeApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof KubeApiError, `expected a KubeApiError, got ${String(error)}`);
    assert.equal(error.status, status, error.message);
    return error;
  }
  assert.fail(`expected HTTP ${status}, but the request succeeded`);
}

/** GET with exactly the TLS trust and token a kubeconfig names. */
function getWith(server: string, path: string, ca: string | undefined, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), { ca, headers: { Authorization: `Bearer ${token}` }, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('cluster harness: a real kube-apiserver + etcd', function () {
  let cluster: TestCluster;

  before(async function () {
    this.timeout(90_000);
    cluster = await startTestCluster();
    console.log(`      (cluster ready in ${cluster.startupMs} ms at ${cluster.server})`);
  });
  after(async function () {
    this.timeout(30_000);
    await cluster?.stop();
  });

  it('serves the Kubernetes version the binaries were built from', async function () {
    const goMod = readFileSync(join(__dirname, 'go.mod'), 'utf8');
    const wanted = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(goMod)?.[1];
    const version = await cluster.api.request<{ gitVersion: string; major: string }>('GET', '/version');
    assert.equal(version.gitVersion, wanted);
    assert.equal(version.major, '1');
  });

  it('keeps the pods deployWorkload made, with the imageIDs each runtime reports', async function () {
    const namespace = 'harness-workload';
    await cluster.api.createNamespace(namespace);
    const { deployment, replicaSet, pods } = await deployWorkload(cluster.api, {
      namespace,
      name: 'web',
      image: 'registry.example.com/team/web:1.4.2',
      initImages: ['busybox:1.36'],
      pods: [
        { name: 'web-docker', imageID: `docker-pullable://registry.example.com/team/web@${DIGEST_A}`, initImageIDs: [`docker-pullable://busybox@${INIT_DIGEST}`] },
        { name: 'web-containerd', imageID: `registry.example.com/team/web@${DIGEST_B}`, initImageIDs: [`docker.io/library/busybox@${INIT_DIGEST}`], ready: false },
        { name: 'web-loaded', imageID: CONFIG_ID, image: 'registry.example.com/team/web:other-tag', initImageIDs: [INIT_DIGEST] },
      ],
    });
    assert.equal(pods.length, 3);

    const selector = encodeURIComponent('app=web');
    const list = await cluster.api.request<PodList>('GET', `/api/v1/namespaces/${namespace}/pods?labelSelector=${selector}`);
    const byName = new Map(list.items.map((pod) => [pod.metadata.name, pod]));
    assert.deepEqual([...byName.keys()].sort(), ['web-containerd', 'web-docker', 'web-loaded']);

    const expected: Record<string, { imageID: string; image: string; ready: boolean; initImageID: string }> = {
      'web-docker': { imageID: `docker-pullable://registry.example.com/team/web@${DIGEST_A}`, image: 'registry.example.com/team/web:1.4.2', ready: true, initImageID: `docker-pullable://busybox@${INIT_DIGEST}` },
      'web-containerd': { imageID: `registry.example.com/team/web@${DIGEST_B}`, image: 'registry.example.com/team/web:1.4.2', ready: false, initImageID: `docker.io/library/busybox@${INIT_DIGEST}` },
      'web-loaded': { imageID: CONFIG_ID, image: 'registry.example.com/team/web:other-tag', ready: true, initImageID: INIT_DIGEST },
    };
    for (const [name, want] of Object.entries(expected)) {
      const pod = byName.get(name)!;
      assert.equal(pod.status.phase, 'Running', name);
      assert.equal(pod.spec.containers[0].image, 'registry.example.com/team/web:1.4.2', name);
      const [status] = pod.status.containerStatuses;
      assert.deepEqual(
        { name: status.name, image: status.image, imageID: status.imageID, ready: status.ready, restartCount: status.restartCount },
        { name: 'app', image: want.image, imageID: want.imageID, ready: want.ready, restartCount: 0 },
        name,
      );
      assert.match(status.state.running?.startedAt ?? '', /^\d{4}-\d\d-\d\dT/, name);
      assert.equal(pod.status.initContainerStatuses?.[0].imageID, want.initImageID, name);
      assert.equal(pod.status.initContainerStatuses?.[0].state.terminated?.exitCode, 0, name);
      // Owned like the ReplicaSet controller would own it, and the ReplicaSet like the Deployment controller.
      assert.deepEqual((pod.metadata.ownerReferences as Array<{ uid: string; kind: string }>).map((owner) => [owner.kind, owner.uid]), [['ReplicaSet', replicaSet.metadata.uid]]);
    }
    const rs = await cluster.api.request<KubeObject & { status: { readyReplicas: number } }>('GET', `/apis/apps/v1/namespaces/${namespace}/replicasets/${replicaSet.metadata.name}`);
    assert.deepEqual((rs.metadata.ownerReferences as Array<{ uid: string; kind: string }>).map((owner) => [owner.kind, owner.uid]), [['Deployment', deployment.metadata.uid]]);
    const dep = await cluster.api.request<{ spec: { replicas: number }; status: { replicas: number; readyReplicas: number } }>('GET', `/apis/apps/v1/namespaces/${namespace}/deployments/web`);
    assert.deepEqual({ desired: dep.spec.replicas, replicas: dep.status.replicas, ready: dep.status.readyReplicas }, { desired: 3, replicas: 3, ready: 2 });
  });

  it('patchPodStatus reports a running pod like a kubelet, and the API validates what it is sent', async function () {
    const namespace = 'harness-patch';
    await cluster.api.createNamespace(namespace);
    await cluster.api.create(`/api/v1/namespaces/${namespace}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'solo' },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
    });
    await cluster.api.patchPodStatus(namespace, 'solo', {
      containerStatuses: [{ name: 'main', image: 'docker.io/library/nginx:1.27', imageID: `docker.io/library/nginx@${DIGEST_A}`, ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-02T03:04:05Z' } } }],
    });
    const pod = await cluster.api.request<PodList['items'][number]>('GET', `/api/v1/namespaces/${namespace}/pods/solo`);
    assert.equal(pod.status.phase, 'Running');
    assert.equal(pod.status.containerStatuses[0].imageID, `docker.io/library/nginx@${DIGEST_A}`);
    // A real apiserver, not a mock: it validates the status.
    const invalid = await rejectsWithStatus(cluster.api.patchPodStatus(namespace, 'solo', { podIP: 'not-an-ip' }), 422);
    assert.match(invalid.message, /podIP/);
  });

  it('forbids the viewer, who has no role, to list pods', async function () {
    const error = await rejectsWithStatus(cluster.apiAs(cluster.viewerToken).request('GET', '/api/v1/namespaces/default/pods'), 403);
    assert.equal(error.reason, 'Forbidden');
    assert.match(error.message, /User "viewer" cannot list resource "pods"/);
    // An unknown token is not the viewer: it is not authenticated at all.
    await rejectsWithStatus(cluster.apiAs('not-a-token').request('GET', '/api/v1/namespaces/default/pods'), 401);
  });

  it('grant() lets a user get deployments in one namespace and nothing more', async function () {
    const namespace = 'harness-grant';
    await cluster.api.createNamespace(namespace);
    await cluster.api.createNamespace('harness-grant-other');
    await deployWorkload(cluster.api, { namespace, name: 'api', image: 'api:2', pods: [{ imageID: `api@${DIGEST_B}` }] });
    const token = await cluster.grant(namespace, [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] }]);
    const limited = cluster.apiAs(token);

    const deployment = await limited.request<KubeObject>('GET', `/apis/apps/v1/namespaces/${namespace}/deployments/api`);
    assert.equal(deployment.metadata.name, 'api');
    const list = await limited.request<{ items: KubeObject[] }>('GET', `/apis/apps/v1/namespaces/${namespace}/deployments`);
    assert.deepEqual(list.items.map((item) => item.metadata.name), ['api']);
    await rejectsWithStatus(limited.request('GET', `/api/v1/namespaces/${namespace}/pods`), 403);
    await rejectsWithStatus(limited.request('GET', '/apis/apps/v1/namespaces/harness-grant-other/deployments'), 403);
    await rejectsWithStatus(limited.request('DELETE', `/apis/apps/v1/namespaces/${namespace}/deployments/api`), 403);

    const second = await cluster.grant(namespace, [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]);
    assert.notEqual(second, token, 'each grant gets its own user');
    await cluster.apiAs(second).request('GET', `/api/v1/namespaces/${namespace}/pods`);
    await rejectsWithStatus(cluster.apiAs(second).request('GET', `/apis/apps/v1/namespaces/${namespace}/deployments/api`), 403);
  });

  it('writes a kubeconfig whose CA verifies the server and whose token works', async function () {
    const file = cluster.kubeconfig({ namespace: 'team-a', extraContexts: [{ name: 'as-viewer', token: cluster.viewerToken }, { name: 'elsewhere', server: 'https://127.0.0.1:1' }] });
    const config = parse(readFileSync(file, 'utf8'));
    assert.equal(config.kind, 'Config');
    assert.equal(config['current-context'], 'test');
    const context = (name: string) => config.contexts.find((entry: { name: string }) => entry.name === name).context;
    const clusterOf = (name: string) => config.clusters.find((entry: { name: string }) => entry.name === context(name).cluster).cluster;
    const tokenOf = (name: string) => config.users.find((entry: { name: string }) => entry.name === context(name).user).user.token;

    assert.equal(context('test').namespace, 'team-a');
    assert.equal(clusterOf('test').server, cluster.server);
    assert.equal(clusterOf('test')['certificate-authority'], cluster.caFile);
    assert.equal(clusterOf('test')['insecure-skip-tls-verify'], undefined);
    assert.equal(tokenOf('test'), cluster.adminToken);
    assert.equal(tokenOf('as-viewer'), cluster.viewerToken);
    assert.equal(context('as-viewer').namespace, undefined);
    assert.equal(clusterOf('elsewhere').server, 'https://127.0.0.1:1');

    const ca = readFileSync(clusterOf('test')['certificate-authority'], 'utf8');
    const answer = await getWith(clusterOf('test').server, '/api/v1/namespaces', ca, tokenOf('test'));
    assert.equal(answer.status, 200, answer.body);
    // Verification is really on: without the CA the same request fails the TLS handshake.
    await assert.rejects(getWith(cluster.server, '/api/v1/namespaces', undefined, cluster.adminToken), /self.signed|unable to verify|issuer certificate/i);

    const plain = cluster.kubeconfig();
    assert.notEqual(plain, file);
    const defaults = parse(readFileSync(plain, 'utf8'));
    assert.deepEqual(defaults.contexts, [{ name: 'test', context: { cluster: 'test-cluster', user: 'test-user' } }]);
    const chosen = join(mkdtempSync(join(tmpdir(), 'shipshape-kubeconfig-')), 'config');
    try {
      assert.equal(cluster.kubeconfig({ file: chosen, context: 'ci', token: cluster.viewerToken }), chosen);
      assert.equal(parse(readFileSync(chosen, 'utf8'))['current-context'], 'ci');
    } finally {
      rmSync(join(chosen, '..'), { recursive: true, force: true });
    }
  });
});

describe('cluster harness: starting and stopping', function () {
  it('stop() ends both processes and removes the cluster folder', async function () {
    this.timeout(90_000);
    const cluster = await startTestCluster();
    try {
      const folder = join(cluster.caFile, '..');
      assert.ok(existsSync(folder));
      assert.equal(await cluster.api.request('GET', '/readyz'), 'ok');
      const stopping = performance.now();
      await cluster.stop();
      console.log(`      (started in ${cluster.startupMs} ms, stopped in ${Math.round(performance.now() - stopping)} ms)`);
      assert.equal(existsSync(folder), false, `${folder} still exists`);
      await assert.rejects(cluster.api.request('GET', '/readyz'), /ECONNREFUSED/);
    } finally {
      await cluster.stop();
    }
  });

  it('fails, naming scripts/ensure-apiserver.sh, when the binaries are missing', function () {
    const empty = mkdtempSync(join(tmpdir(), 'shipshape-no-k8s-'));
    const saved = process.env.SHIPSHAPE_K8S_BIN;
    process.env.SHIPSHAPE_K8S_BIN = empty;
    try {
      assert.throws(() => apiServerBinaries(), /kube-apiserver and .*etcd\. Run scripts\/ensure-apiserver\.sh/);
    } finally {
      restoreEnv(saved);
      rmSync(empty, { recursive: true, force: true });
    }
    // Without an override it points at the folder the script fills (the suite ran, so it is there).
    if (saved === undefined) assert.match(apiServerBinaries().apiserver, /\/k8s-v1\.34\.\d+-[0-9a-f]{12}\/kube-apiserver$/);
  });

  it('rejects with the tail of a daemon’s output when it dies during startup', async function () {
    const fake = mkdtempSync(join(tmpdir(), 'shipshape-fake-k8s-'));
    const saved = process.env.SHIPSHAPE_K8S_BIN;
    for (const name of ['etcd', 'kube-apiserver']) {
      writeFileSync(join(fake, name), `#!/bin/sh\necho "${name}: flag provided but not defined: $1" >&2\nexit 3\n`);
      chmodSync(join(fake, name), 0o755);
    }
    process.env.SHIPSHAPE_K8S_BIN = fake;
    try {
      await assert.rejects(startTestCluster(), (error: Error) => {
        assert.match(error.message, /etcd \/health: etcd exited with 3 before it was ready/);
        assert.match(error.message, /--- etcd \(exited with 3\), last 1 lines of output:\netcd: flag provided but not defined: --name=test/);
        return true;
      });
    } finally {
      restoreEnv(saved);
      rmSync(fake, { recursive: true, force: true });
    }
  });
});

function restoreEnv(saved: string | undefined): void {
  if (saved === undefined) delete process.env.SHIPSHAPE_K8S_BIN;
  else process.env.SHIPSHAPE_K8S_BIN = saved;
}
