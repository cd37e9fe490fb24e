// A registry with a certificate from a CA made at test time: trusted through caFile, refused without it
// ('tls', saying how to fix it), accepted unverified only for a host listed in skipTlsVerify. And plain
// HTTP only for loopback names and listed insecure registries.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../../client/src/registry';
import { rejectsWith } from './harness/expect';
import { image, push, uniqueRepo } from './harness/images';
import { startProxy, type Proxy } from './harness/proxy';
import { startRegistry, type RunningRegistry } from './harness/registry';
import { makeCertificates } from './harness/tls';

describe('registry client: TLS', function () {
  let registry: RunningRegistry;
  let dir: string;
  let caFile: string;
  let repo: string;
  let pushed: ReturnType<typeof image>;

  before(async function () {
    const certificates = makeCertificates();
    dir = mkdtempSync(join(tmpdir(), 'shipshape-tls-test-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, certificates.caPem);
    registry = await startRegistry({ tls: { certificatePem: certificates.certificatePem, keyPem: certificates.keyPem } });
    repo = uniqueRepo();
    pushed = image('oci');
    await push({ origin: registry.origin, ca: certificates.caPem }, repo, 'v1', pushed);
  });
  after(async function () {
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('trusts the registry through caFile', async function () {
    const client = new RegistryClient({ caFile });
    try {
      assert.equal((await client.resolveDigest(`${registry.host}/${repo}:v1`)).digest, pushed.digest);
      assert.equal((await client.resolveDigest(`localhost:${registry.port}/${repo}:v1`)).digest, pushed.digest);
    } finally {
      client.close();
    }
  });

  it("says 'tls' without the CA, explaining caFile and skipTlsVerify, even with another host skipped", async function () {
    for (const client of [new RegistryClient(), new RegistryClient({ skipTlsVerify: ['127.0.0.1:1'] })]) {
      const error = await rejectsWith(client.resolveDigest(`${registry.host}/${repo}:v1`), 'tls', /caFile/);
      assert.match(error.message, /skipTlsVerify/);
      assert.ok(error.message.includes(registry.host));
    }
  });

  it('skips verification only for a host listed in skipTlsVerify (with or without its port)', async function () {
    for (const entry of [registry.host, '127.0.0.1']) {
      const client = new RegistryClient({ skipTlsVerify: [entry] });
      try {
        assert.equal((await client.resolveDigest(`${registry.host}/${repo}:v1`)).digest, pushed.digest);
      } finally {
        client.close();
      }
    }
  });

  it("says 'tls' when caFile cannot be read", async function () {
    await rejectsWith(new RegistryClient({ caFile: join(dir, 'missing.pem') }).resolveDigest(`${registry.host}/${repo}:v1`), 'tls', /cannot read the CA file .*missing\.pem/);
  });

  describe('plain HTTP', function () {
    let plain: RunningRegistry;
    let elsewhere: Proxy;
    let plainRepo: string;
    let plainImage: ReturnType<typeof image>;

    before(async function () {
      plain = await startRegistry();
      plainRepo = uniqueRepo();
      plainImage = image('docker');
      await push({ origin: plain.origin }, plainRepo, 'v1', plainImage);
      // 127.0.0.2 is loopback on Linux, but not one of the names the client treats as local.
      elsewhere = await startProxy(plain.origin, undefined, { listenHost: '127.0.0.2' });
    });
    after(async function () {
      await elsewhere?.stop();
      await plain?.stop();
    });

    it('is used for 127.0.0.1 and localhost after HTTPS finds no TLS there', async function () {
      const client = new RegistryClient();
      try {
        assert.equal((await client.resolveDigest(`${plain.host}/${plainRepo}:v1`)).digest, plainImage.digest);
        assert.equal((await client.resolveDigest(`localhost:${plain.port}/${plainRepo}:v1`)).digest, plainImage.digest);
      } finally {
        client.close();
      }
    });

    it("is refused for other hosts ('tls') unless listed in insecureRegistries", async function () {
      await rejectsWith(new RegistryClient().resolveDigest(`${elsewhere.host}/${plainRepo}:v1`), 'tls', /insecureRegistries/);
      assert.equal(elsewhere.requests.length, 0, 'nothing was sent in plain HTTP');
      const client = new RegistryClient({ insecureRegistries: [elsewhere.host] });
      try {
        assert.equal((await client.resolveDigest(`${elsewhere.host}/${plainRepo}:v1`)).digest, plainImage.digest);
      } finally {
        client.close();
      }
    });
  });
});
