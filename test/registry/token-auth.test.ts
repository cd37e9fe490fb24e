// A registry with token auth, as Docker Hub and GHCR do it, with a small token service: anonymous pull,
// Basic credentials sent to the realm only, the OAuth2 refresh-token grant, insufficient scope, and tokens
// cached per (realm, service, scope) until they expire.
import assert from 'node:assert/strict';
import { RegistryClient, type Credential } from '../../client/src/registry';
import { rejectsWith } from './harness/expect';
import { image, push, uniqueRepo } from './harness/images';
import { startProxy, type Proxy } from './harness/proxy';
import { startRegistry, type RunningRegistry } from './harness/registry';
import { startTokenServer, type TokenServer } from './harness/token-server';

const PASSWORD = 's3cret:with colon';

describe('registry client: token auth', function () {
  let tokens: TokenServer;
  let registry: RunningRegistry;
  /** In front of the registry, to see what reaches it. */
  let front: Proxy;
  let publicRepo: string;
  let privateRepo: string;
  let publicImage: ReturnType<typeof image>;
  let privateImage: ReturnType<typeof image>;
  const credentials = (credential: Credential | undefined) => ({ get: async () => credential });

  before(async function () {
    tokens = await startTokenServer({
      users: { alice: PASSWORD },
      refreshTokens: { 'refresh-alice': 'alice' },
      grant: (account, repository, requested) =>
        repository.startsWith('public/') || account === 'alice' ? requested.filter((action) => action === 'pull') : [],
      expiresIn: 300,
    });
    registry = await startRegistry({ token: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, certificatePem: tokens.certificatePem } });
    front = await startProxy(registry.origin);
    publicRepo = uniqueRepo('public');
    privateRepo = uniqueRepo('team');
    publicImage = image('oci');
    privateImage = image('docker');
    for (const [repo, manifest] of [[publicRepo, publicImage], [privateRepo, privateImage]] as const) {
      const token = tokens.mint([{ type: 'repository', name: repo, actions: ['pull', 'push'] }]);
      await push({ origin: registry.origin, headers: { Authorization: `Bearer ${token}` } }, repo, 'v1', manifest);
    }
  });
  after(async function () {
    await front?.stop();
    await registry?.stop();
    await tokens?.stop();
  });

  beforeEach(function () {
    tokens.requests.length = 0;
    front.requests.length = 0;
  });

  it('pulls a public repository with an anonymous token', async function () {
    const client = new RegistryClient();
    assert.equal((await client.resolveDigest(`${front.host}/${publicRepo}:v1`)).digest, publicImage.digest);
    assert.equal(tokens.requests.length, 1);
    const [request] = tokens.requests;
    assert.equal(request!.authorization, undefined);
    assert.equal(request!.params.get('service'), tokens.service);
    assert.deepEqual(request!.params.getAll('scope'), [`repository:${publicRepo}:pull`]);
    client.close();
  });

  it('sends Basic credentials to the realm only; the registry sees only the token', async function () {
    const client = new RegistryClient({ credentials: credentials({ username: 'alice', password: PASSWORD }) });
    assert.equal((await client.resolveDigest(`${front.host}/${privateRepo}:v1`)).digest, privateImage.digest);
    assert.equal(tokens.requests[0]!.authorization, `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
    assert.equal(tokens.requests[0]!.params.get('account'), 'alice');
    const seen = front.requests.map((r) => r.headers.authorization).filter((value) => value !== undefined);
    assert.ok(seen.length > 0);
    for (const value of seen) assert.match(value, /^Bearer /);
    client.close();
  });

  it('exchanges an identity token with the refresh-token grant (POST)', async function () {
    const client = new RegistryClient({ credentials: credentials({ identityToken: 'refresh-alice' }) });
    assert.equal((await client.resolveDigest(`${front.host}/${privateRepo}:v1`)).digest, privateImage.digest);
    assert.equal(tokens.requests.length, 1);
    const [request] = tokens.requests;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.authorization, undefined);
    assert.equal(request!.params.get('grant_type'), 'refresh_token');
    assert.equal(request!.params.get('refresh_token'), 'refresh-alice');
    assert.equal(request!.params.get('service'), tokens.service);
    assert.equal(request!.params.get('scope'), `repository:${privateRepo}:pull`);
    client.close();
  });

  it("says 'unauthorized' when the token service rejects the credentials", async function () {
    const wrong = new RegistryClient({ credentials: credentials({ username: 'alice', password: 'nope' }) });
    const error = await rejectsWith(wrong.resolveDigest(`${front.host}/${privateRepo}:v1`), 'unauthorized', /rejected the credentials configured for 127\.0\.0\.1:\d+/);
    assert.ok(!error.message.includes('nope'));
    const badRefresh = new RegistryClient({ credentials: credentials({ identityToken: 'expired' }) });
    await rejectsWith(badRefresh.resolveDigest(`${front.host}/${privateRepo}:v1`), 'unauthorized', /rejected the credentials/);
  });

  it("says 'insufficient-scope' when the token does not grant pull", async function () {
    const error = await rejectsWith(new RegistryClient().resolveDigest(`${front.host}/${privateRepo}:v1`), 'insufficient-scope', /anonymous access .* do not allow pulling/);
    assert.equal(error.repository, privateRepo);
  });

  it('reuses a token per (realm, service, scope) until it expires', async function () {
    let now = 5_000_000;
    const client = new RegistryClient({ credentials: credentials({ username: 'alice', password: PASSWORD }), now: () => now, cacheTtlMs: 0 });
    await client.resolveDigest(`${front.host}/${privateRepo}:v1`);
    await client.resolveDigest(`${front.host}/${privateRepo}:v1`);
    await client.listTags(`${front.host}/${privateRepo}`);
    assert.equal(tokens.requests.length, 1, 'one token for one scope');
    const unauthenticated = front.requests.filter((r) => r.headers.authorization === undefined);
    assert.equal(unauthenticated.length, 1, 'after the first challenge the token is sent up front');

    await client.resolveDigest(`${front.host}/${publicRepo}:v1`);
    assert.equal(tokens.requests.length, 2, 'another repository is another scope');

    now += 280_000;
    await client.resolveDigest(`${front.host}/${privateRepo}:v1`);
    assert.equal(tokens.requests.length, 2, 'still valid');
    now += 20_000;
    await client.resolveDigest(`${front.host}/${privateRepo}:v1`);
    assert.equal(tokens.requests.length, 3, 'expired: a new token');
    client.close();
  });

  it('fetches one token for concurrent requests of the same scope', async function () {
    const client = new RegistryClient({ credentials: credentials({ username: 'alice', password: PASSWORD }) });
    const results = await Promise.all([1, 2, 3, 4].map(() => client.resolveDigest(`${front.host}/${privateRepo}:v1`, { noCache: true })));
    assert.ok(results.every((r) => r.digest === privateImage.digest));
    assert.equal(tokens.requests.length, 1);
    client.close();
  });
});
