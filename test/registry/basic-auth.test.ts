// A registry behind htpasswd (Basic only): the right login works, a wrong or missing one is 'unauthorized'
// with a message naming the registry, and a redirect to another host arrives without Authorization.
import assert from 'node:assert/strict';
import { RegistryClient, type Credential, type CredentialProvider } from '../../client/src/registry';
import { rejectsWith } from './harness/expect';
import { image, push, uniqueRepo, type PushTarget } from './harness/images';
import { startProxy } from './harness/proxy';
import { startRegistry, type RunningRegistry } from './harness/registry';

const USER = 'alice';
const PASSWORD = 'correct horse:battery';

function provider(credential: Credential | undefined, asked: string[] = []): CredentialProvider {
  return {
    get: async (host) => {
      asked.push(host);
      return credential;
    },
  };
}

describe('registry client: Basic auth (htpasswd)', function () {
  let registry: RunningRegistry;
  let target: PushTarget;
  let repo: string;
  let pushed: ReturnType<typeof image>;
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

  before(async function () {
    registry = await startRegistry({ htpasswd: { username: USER, password: PASSWORD } });
    target = { origin: registry.origin, headers: { Authorization: basic } };
    repo = uniqueRepo();
    pushed = image('docker');
    await push(target, repo, 'v1', pushed);
  });
  after(async function () {
    await registry?.stop();
  });

  it('resolves with the right user name and password, asking the provider for the registry host', async function () {
    const asked: string[] = [];
    const client = new RegistryClient({ credentials: provider({ username: USER, password: PASSWORD }, asked) });
    try {
      assert.equal((await client.resolveDigest(`${registry.host}/${repo}:v1`)).digest, pushed.digest);
      assert.equal((await client.resolveDigest(`${registry.host}/${repo}:v1`, { noCache: true })).digest, pushed.digest);
      assert.ok(asked.length > 0 && asked.every((host) => host === registry.host), `asked for ${asked.join(', ')}`);
    } finally {
      client.close();
    }
  });

  it("says 'unauthorized' for a wrong password, naming the registry and never the password", async function () {
    const client = new RegistryClient({ credentials: provider({ username: USER, password: 'wrong-secret' }) });
    const error = await rejectsWith(client.resolveDigest(`${registry.host}/${repo}:v1`), 'unauthorized', /rejected the user name and password/);
    assert.ok(error.message.includes(registry.host));
    assert.ok(!error.message.includes('wrong-secret'));
    assert.equal(error.status, 401);
  });

  it("says 'unauthorized' when no credentials are configured, and when only an identity token is", async function () {
    await rejectsWith(new RegistryClient().resolveDigest(`${registry.host}/${repo}:v1`), 'unauthorized', /no credentials are configured for 127\.0\.0\.1:\d+/);
    const tokenOnly = new RegistryClient({ credentials: provider({ identityToken: 'opaque' }) });
    await rejectsWith(tokenOnly.resolveDigest(`${registry.host}/${repo}:v1`), 'unauthorized', /only accepts a user name and password/);
  });

  it('drops Authorization when the registry redirects to another host', async function () {
    // "Blob storage" on localhost answers the manifest itself, as a pre-signed URL would.
    const storage = await startProxy(registry.origin, (req, forward) => forward({ ...req, headers: { ...req.headers, authorization: basic } }), { listenHost: 'localhost' });
    // Like a registry that redirects authenticated manifest requests to storage: without a login, the real 401.
    const front = await startProxy(registry.origin, (req, forward) =>
      req.url.includes('/manifests/') && req.headers.authorization ? { status: 307, headers: { location: `http://${storage.host}${req.url}` } } : forward(req),
    );
    const client = new RegistryClient({ credentials: provider({ username: USER, password: PASSWORD }) });
    try {
      assert.equal((await client.resolveDigest(`${front.host}/${repo}:v1`)).digest, pushed.digest);
      const frontManifests = front.requests.filter((r) => r.url.includes('/manifests/'));
      assert.ok(frontManifests.some((r) => r.headers.authorization === basic), 'the registry itself got the login');
      assert.ok(storage.requests.length > 0, 'the redirect was followed');
      for (const r of storage.requests) assert.equal(r.headers.authorization, undefined, `${r.method} ${r.url} arrived with Authorization`);
    } finally {
      client.close();
      await front.stop();
      await storage.stop();
    }
  });

  it("gives up after 5 redirects with 'protocol'", async function () {
    const loop = await startProxy(registry.origin, (req) => ({ status: 302, headers: { location: req.url } }));
    try {
      await rejectsWith(new RegistryClient().resolveDigest(`${loop.host}/${repo}:v1`), 'protocol', /redirected more than 5 times/);
      assert.equal(loop.requests.length, 6);
    } finally {
      await loop.stop();
    }
  });
});
