// resolveDigest against a real registry (no auth): single-platform OCI and Docker manifests, multi-arch
// indexes (the index digest, never a child's), re-pushed tags and the cache, missing tags and repositories,
// the GET fallback when HEAD carries no digest, and cancellation.
import assert from 'node:assert/strict';
import { RegistryClient } from '../../client/src/registry';
import { rejectsWith } from './harness/expect';
import { image, index, push, uniqueRepo, DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST, type PushTarget } from './harness/images';
import { startProxy, waitFor } from './harness/proxy';
import { startRegistry, type RunningRegistry } from './harness/registry';

describe('registry client: resolveDigest', function () {
  let registry: RunningRegistry;
  let target: PushTarget;
  const clients: RegistryClient[] = [];
  const client = (options: ConstructorParameters<typeof RegistryClient>[0] = {}): RegistryClient => {
    const created = new RegistryClient(options);
    clients.push(created);
    return created;
  };

  before(async function () {
    registry = await startRegistry();
    target = { origin: registry.origin };
  });
  after(async function () {
    for (const c of clients) c.close();
    await registry?.stop();
  });

  it('resolves an OCI manifest and a Docker v2 manifest by tag', async function () {
    const repo = uniqueRepo();
    const oci = image('oci');
    const docker = image('docker');
    await push(target, repo, 'oci', oci);
    await push(target, repo, 'docker', docker);
    const c = client();
    assert.deepEqual(await c.resolveDigest(`${registry.host}/${repo}:oci`), { digest: oci.digest, mediaType: OCI_MANIFEST });
    assert.deepEqual(await c.resolveDigest(`${registry.host}/${repo}:docker`), { digest: docker.digest, mediaType: DOCKER_MANIFEST });
  });

  it('resolves a reference without a tag as :latest, and a digest reference to itself', async function () {
    const repo = uniqueRepo();
    const latest = image('oci');
    await push(target, repo, 'latest', latest);
    const c = client();
    assert.equal((await c.resolveDigest(`${registry.host}/${repo}`)).digest, latest.digest);
    assert.equal((await c.resolveDigest(`${registry.host}/${repo}@${latest.digest}`)).digest, latest.digest);
  });

  for (const format of ['oci', 'docker'] as const) {
    it(`pins a multi-arch ${format === 'oci' ? 'OCI index' : 'Docker manifest list'} to the index digest, not a child`, async function () {
      const repo = uniqueRepo();
      const amd64 = image(format, { os: 'linux', architecture: 'amd64' });
      const arm64 = image(format, { os: 'linux', architecture: 'arm64', variant: 'v8' });
      const multi = index(format, [amd64, arm64]);
      await push(target, repo, 'multi', multi);
      const resolved = await client().resolveDigest(`${registry.host}/${repo}:multi`, { platforms: true });
      assert.equal(resolved.digest, multi.digest);
      assert.notEqual(resolved.digest, amd64.digest);
      assert.equal(resolved.mediaType, format === 'oci' ? OCI_INDEX : DOCKER_LIST);
      assert.deepEqual(resolved.platforms, [
        { os: 'linux', architecture: 'amd64', digest: amd64.digest },
        { os: 'linux', architecture: 'arm64', variant: 'v8', digest: arm64.digest },
      ]);
    });
  }

  it('caches a resolved digest until it expires or the caller bypasses the cache', async function () {
    const repo = uniqueRepo();
    const first = image('oci');
    const second = image('oci');
    await push(target, repo, 'v1', first);
    let now = 1_000_000;
    const c = client({ cacheTtlMs: 60_000, now: () => now });
    const ref = `${registry.host}/${repo}:v1`;
    assert.equal((await c.resolveDigest(ref)).digest, first.digest);

    await push(target, repo, 'v1', second);
    assert.equal((await c.resolveDigest(ref)).digest, first.digest, 'within the TTL the cached digest is reused');
    assert.equal((await c.resolveDigest(ref, { noCache: true })).digest, second.digest, 'noCache asks the registry');

    await push(target, repo, 'v1', first);
    now += 59_000;
    assert.equal((await c.resolveDigest(ref)).digest, second.digest, 'noCache refreshed the cache');
    now += 2_000;
    assert.equal((await c.resolveDigest(ref)).digest, first.digest, 'after the TTL the registry is asked again');
    assert.equal((await c.resolveDigest(`${registry.host}/${repo}@${second.digest}`)).digest, second.digest, 'the old digest stays fetchable');
  });

  it('keys the cache by the canonical reference and can be turned off', async function () {
    const repo = uniqueRepo();
    await push(target, repo, 'latest', image('docker'));
    const c = client({ cacheTtlMs: 0 });
    await c.resolveDigest(`${registry.host}/${repo}`);
    const again = image('docker');
    await push(target, repo, 'latest', again);
    assert.equal((await c.resolveDigest(`${registry.host}/${repo}:latest`)).digest, again.digest);
  });

  it("says 'not-found' for a missing tag, naming the tag and suggesting near ones", async function () {
    const repo = uniqueRepo();
    for (const tag of ['1.25.3', '1.25.4', '1.26.0', 'latest']) await push(target, repo, tag, image('oci'));
    const error = await rejectsWith(client().resolveDigest(`${registry.host}/${repo}:1.25.9`), 'not-found', /tag "1\.25\.9" does not exist/);
    assert.equal(error.missing, 'tag');
    assert.equal(error.tag, '1.25.9');
    assert.deepEqual(error.suggestions, ['1.25.4', '1.25.3', '1.26.0']);
    assert.match(error.message, /did you mean "1\.25\.4"/);
    assert.ok(error.message.includes(`${registry.host}/${repo}`));
  });

  it("says 'not-found' for a missing repository, naming the repository", async function () {
    const repo = uniqueRepo('nobody');
    const error = await rejectsWith(client().resolveDigest(`${registry.host}/${repo}:v1`), 'not-found', /repository .* does not exist/);
    assert.equal(error.missing, 'repository');
    assert.equal(error.repository, repo);
  });

  it("refuses an invalid reference with 'invalid-reference'", async function () {
    await rejectsWith(client().resolveDigest(`${registry.host}/Team/App:v1`), 'invalid-reference', /lowercase/);
  });

  it('falls back to GET and hashes the body when HEAD gives no Docker-Content-Digest', async function () {
    const repo = uniqueRepo();
    const pushed = image('docker');
    await push(target, repo, 'v1', pushed);
    const proxy = await startProxy(registry.origin, async (req, forward) => {
      const reply = await forward(req);
      if (req.method === 'HEAD') delete reply.headers!['docker-content-digest'];
      return reply;
    });
    try {
      const resolved = await client().resolveDigest(`${proxy.host}/${repo}:v1`);
      assert.deepEqual(resolved, { digest: pushed.digest, mediaType: DOCKER_MANIFEST });
      assert.deepEqual(proxy.requests.filter((r) => r.url.includes('/manifests/')).map((r) => r.method), ['HEAD', 'GET']);
    } finally {
      await proxy.stop();
    }
  });

  it("says 'protocol' when the manifest body does not hash to the digest the registry claims", async function () {
    const repo = uniqueRepo();
    await push(target, repo, 'v1', image('oci'));
    const proxy = await startProxy(registry.origin, async (req, forward) => {
      const reply = await forward(req);
      if (req.method === 'HEAD') delete reply.headers!['docker-content-digest'];
      if (req.method === 'GET' && req.url.includes('/manifests/')) reply.body = Buffer.concat([reply.body as Buffer, Buffer.from(' ')]);
      return reply;
    });
    try {
      await rejectsWith(client().resolveDigest(`${proxy.host}/${repo}:v1`), 'protocol', /does not match the digest/);
    } finally {
      await proxy.stop();
    }
  });

  it("rejects promptly with 'cancelled' when aborted mid-request, and at once when already aborted", async function () {
    this.timeout(3000);
    const proxy = await startProxy(registry.origin, () => new Promise<never>(() => undefined));
    try {
      const c = client({ timeoutMs: 60_000 });
      const controller = new AbortController();
      const pending = c.resolveDigest(`${proxy.host}/${uniqueRepo()}:v1`, { signal: controller.signal });
      await waitFor(proxy.events, 'request', () => proxy.requests.length > 0);
      controller.abort();
      await rejectsWith(pending, 'cancelled');
      await rejectsWith(c.resolveDigest(`${proxy.host}/${uniqueRepo()}:v1`, { signal: AbortSignal.abort() }), 'cancelled');
      assert.equal(proxy.requests.length, 1, 'an aborted signal sends nothing');
    } finally {
      await proxy.stop();
    }
  });
});
