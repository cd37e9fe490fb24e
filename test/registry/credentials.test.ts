import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { DockerCredentials, type DockerCredentialsOptions } from '../../client/src/registry/credentials';

type Answer =
  | { username: string; secret: string }
  | 'not-found'
  | { fail: string } // exits 3 after printing this on stdout and stderr
  | { garbage: string } // exits 0 printing this instead of JSON
  | 'hang';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

describe('registry/credentials: DockerCredentials', function () {
  let root: string;
  let home: string;
  let bin: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async function () {
    root = await mkdtemp(join(tmpdir(), 'shipshape-creds-'));
    home = join(root, 'home');
    bin = join(root, 'bin');
    await mkdir(home, { recursive: true });
    await mkdir(bin, { recursive: true });
    // Only what the provider needs: the real user's docker and podman files stay out of reach.
    env = { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, HOME: home };
  });

  afterEach(async function () {
    await rm(root, { recursive: true, force: true });
  });

  const writeJson = async (path: string, value: unknown) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  };
  const dockerConfig = (value: unknown) => writeJson(join(home, '.docker', 'config.json'), value);
  const provider = (options: Partial<DockerCredentialsOptions> = {}) => new DockerCredentials({ env, allowHelpers: true, ...options });

  /** Writes `docker-credential-<name>` into the PATH dir: it answers per ServerURL and logs each call. */
  const helper = async (name: string, answers: Record<string, Answer>) => {
    const cases = Object.entries(answers).map(([url, answer]) => {
      let body: string;
      if (answer === 'not-found') body = `echo 'credentials not found in native keychain'; exit 1`;
      else if (answer === 'hang') body = `echo $$ > ${shellQuote(join(root, `${name}.pid`))}; exec tail -f /dev/null`;
      else if ('fail' in answer) body = `echo ${shellQuote(answer.fail)}; echo ${shellQuote(answer.fail)} >&2; exit 3`;
      else if ('garbage' in answer) body = `printf '%s' ${shellQuote(answer.garbage)}`;
      else body = `printf '%s' ${shellQuote(JSON.stringify({ ServerURL: url, Username: answer.username, Secret: answer.secret }))}`;
      return `  ${shellQuote(url)}) ${body} ;;`;
    });
    const script = [
      '#!/bin/sh',
      `[ "$1" = get ] || { echo "unexpected action $1" >&2; exit 2; }`,
      'url=$(cat)',
      `printf '%s\\n' "$url" >> ${shellQuote(join(root, `${name}.calls`))}`,
      'case "$url" in',
      ...cases,
      `  *) echo 'credentials not found in native keychain'; exit 1 ;;`,
      'esac',
      '',
    ].join('\n');
    const path = join(bin, `docker-credential-${name}`);
    await writeFile(path, script);
    await chmod(path, 0o755);
  };
  /** The ServerURLs a helper was asked about, in order; [] if it never ran. */
  const callsTo = async (name: string) => {
    const path = join(root, `${name}.calls`);
    return existsSync(path) ? (await readFile(path, 'utf8')).split('\n').filter(Boolean) : [];
  };
  const rejection = async (promise: Promise<unknown>): Promise<Error> => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof Error);
      return error;
    }
    assert.fail('expected the lookup to fail');
  };

  describe('auths', function () {
    it('decodes base64 user:password, keeping every colon after the first in the password', async function () {
      await dockerConfig({ auths: { 'ghcr.io': { auth: b64('octo:pa:ss:word') } } });
      assert.deepEqual(await provider().get('ghcr.io'), { username: 'octo', password: 'pa:ss:word' });
    });

    it('accepts username/password fields and identitytoken', async function () {
      await dockerConfig({
        auths: {
          'quay.io': { username: 'robot', password: 'pw' },
          'myacr.azurecr.io': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'refresh-123' },
        },
      });
      const creds = provider();
      assert.deepEqual(await creds.get('quay.io'), { username: 'robot', password: 'pw' });
      assert.deepEqual(await creds.get('myacr.azurecr.io'), { identityToken: 'refresh-123' });
    });

    it('has nothing for an unknown host, an empty entry or a missing config file', async function () {
      assert.equal(await provider().get('ghcr.io'), undefined);
      await dockerConfig({ auths: { 'ghcr.io': {} } });
      const creds = provider();
      assert.equal(await creds.get('ghcr.io'), undefined);
      assert.equal(await creds.get('quay.io'), undefined);
    });

    it('normalises URL keys to host[:port]', async function () {
      await dockerConfig({
        auths: {
          'https://ghcr.io': { auth: b64('a:1') },
          'http://localhost:5000/v2/': { auth: b64('b:2') },
          'https://Registry.Example.com:8443/v1/': { auth: b64('c:3') },
        },
      });
      const creds = provider();
      assert.deepEqual(await creds.get('ghcr.io'), { username: 'a', password: '1' });
      assert.deepEqual(await creds.get('localhost:5000'), { username: 'b', password: '2' });
      assert.equal(await creds.get('localhost'), undefined, 'the port is part of the key');
      assert.deepEqual(await creds.get('registry.example.com:8443'), { username: 'c', password: '3' });
    });

    it('prefers the bare host key when a URL key names the same host', async function () {
      await dockerConfig({ auths: { 'https://ghcr.io/v2/': { auth: b64('url:1') }, 'ghcr.io': { auth: b64('bare:2') } } });
      assert.deepEqual(await provider().get('ghcr.io'), { username: 'bare', password: '2' });
    });

    it('maps every Docker Hub name to the https://index.docker.io/v1/ key', async function () {
      await dockerConfig({ auths: { 'https://index.docker.io/v1/': { auth: b64('whale:blue') } } });
      const creds = provider();
      for (const host of ['registry-1.docker.io', 'docker.io', 'index.docker.io', 'https://index.docker.io/v1/']) {
        assert.deepEqual(await creds.get(host), { username: 'whale', password: 'blue' }, host);
      }
    });

    it('reads $DOCKER_CONFIG/config.json instead of ~/.docker/config.json', async function () {
      await dockerConfig({ auths: { 'ghcr.io': { auth: b64('home:1') } } });
      const elsewhere = join(root, 'elsewhere');
      await writeJson(join(elsewhere, 'config.json'), { auths: { 'ghcr.io': { auth: b64('docker-config:2') } } });
      assert.deepEqual(await provider({ env: { ...env, DOCKER_CONFIG: elsewhere } }).get('ghcr.io'), { username: 'docker-config', password: '2' });
      assert.deepEqual(await provider().get('ghcr.io'), { username: 'home', password: '1' });
    });

    it('takes the home directory from the homeDir option over $HOME', async function () {
      const other = join(root, 'other-home');
      await writeJson(join(other, '.docker', 'config.json'), { auths: { 'ghcr.io': { auth: b64('other:1') } } });
      assert.deepEqual(await provider({ homeDir: other }).get('ghcr.io'), { username: 'other', password: '1' });
    });
  });

  describe('credential helpers', function () {
    it('asks credHelpers[host] before credsStore, and credsStore before auths', async function () {
      await helper('one', { 'ghcr.io': { username: 'from-one', secret: 's1' } });
      await helper('two', { 'quay.io': { username: 'from-two', secret: 's2' } });
      await dockerConfig({
        credHelpers: { 'ghcr.io': 'one' },
        credsStore: 'two',
        auths: { 'ghcr.io': { auth: b64('file:0') }, 'quay.io': { auth: b64('file:0') }, 'example.com': { auth: b64('file:3') } },
      });
      const creds = provider();
      assert.deepEqual(await creds.get('ghcr.io'), { username: 'from-one', password: 's1' });
      assert.deepEqual(await creds.get('quay.io'), { username: 'from-two', password: 's2' });
      assert.deepEqual(await creds.get('example.com'), { username: 'file', password: '3' }, 'the store had nothing: auths answers');
      assert.deepEqual(await callsTo('one'), ['ghcr.io']);
      assert.deepEqual(await callsTo('two'), ['quay.io', 'example.com']);
    });

    it('sends Docker Hub as https://index.docker.io/v1/ and maps a "<token>" user to an identity token', async function () {
      await helper('desktop', { 'https://index.docker.io/v1/': { username: '<token>', secret: 'hub-refresh' } });
      await dockerConfig({ credsStore: 'desktop', auths: { 'https://index.docker.io/v1/': {} } });
      const creds = provider();
      assert.deepEqual(await creds.get('registry-1.docker.io'), { identityToken: 'hub-refresh' });
      assert.deepEqual(await creds.get('docker.io'), { identityToken: 'hub-refresh' });
      assert.deepEqual(await callsTo('desktop'), ['https://index.docker.io/v1/'], 'one call: both names share a cache entry');
    });

    it('treats "credentials not found" as no credential, not as an error', async function () {
      await helper('empty', { 'ghcr.io': 'not-found' });
      await dockerConfig({ credHelpers: { 'ghcr.io': 'empty' } });
      assert.equal(await provider().get('ghcr.io'), undefined);
      assert.deepEqual(await callsTo('empty'), ['ghcr.io']);
    });

    it('runs a helper once per host for the provider’s lifetime, concurrent lookups included', async function () {
      await helper('slow', { 'ghcr.io': { username: 'u', secret: 's' } });
      await dockerConfig({ credsStore: 'slow' });
      const creds = provider();
      const [a, b] = await Promise.all([creds.get('ghcr.io'), creds.get('https://ghcr.io')]);
      assert.deepEqual(a, { username: 'u', password: 's' });
      assert.deepEqual(b, a);
      assert.deepEqual(await creds.get('ghcr.io'), a);
      assert.deepEqual(await callsTo('slow'), ['ghcr.io']);
      await provider().get('ghcr.io');
      assert.equal((await callsTo('slow')).length, 2, 'a new provider asks again');
    });

    it('with allowHelpers false never runs a helper, yet still reads auths', async function () {
      await helper('one', { 'ghcr.io': { username: 'helper', secret: 's1' } });
      await helper('store', { 'quay.io': { username: 'helper', secret: 's2' } });
      await dockerConfig({
        credHelpers: { 'ghcr.io': 'one' },
        credsStore: 'store',
        auths: { 'ghcr.io': { auth: b64('plain:1') }, 'quay.io': {} },
      });
      const creds = provider({ allowHelpers: false });
      assert.deepEqual(await creds.get('ghcr.io'), { username: 'plain', password: '1' });
      assert.equal(await creds.get('quay.io'), undefined);
      assert.deepEqual(await callsTo('one'), []);
      assert.deepEqual(await callsTo('store'), []);
      // The same files with helpers allowed do run them: the marker would have shown a call.
      assert.deepEqual(await provider().get('ghcr.io'), { username: 'helper', password: 's1' });
      assert.deepEqual(await callsTo('one'), ['ghcr.io']);
    });

    it('names a helper missing from PATH', async function () {
      await dockerConfig({ credsStore: 'nowhere' });
      const error = await rejection(provider().get('ghcr.io'));
      assert.match(error.message, /docker-credential-nowhere not found on PATH/);
    });

    it('kills a helper that does not answer within the timeout', async function () {
      await helper('stuck', { 'ghcr.io': 'hang' });
      await dockerConfig({ credHelpers: { 'ghcr.io': 'stuck' } });
      const started = Date.now();
      const error = await rejection(provider({ helperTimeoutMs: 300 }).get('ghcr.io'));
      assert.match(error.message, /docker-credential-stuck/);
      assert.match(error.message, /ghcr\.io/);
      assert.match(error.message, /300 ms/);
      assert.ok(Date.now() - started < 5_000);
      const pid = Number(await readFile(join(root, 'stuck.pid'), 'utf8'));
      const deadline = Date.now() + 5_000;
      try {
        while (isAlive(pid)) {
          assert.ok(Date.now() < deadline, `helper ${pid} still running`);
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        // Should the provider leave it running, the test fails instead of keeping mocha alive.
        if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      }
    });

    it('does not cache a failure: the next lookup asks again', async function () {
      await helper('flaky', { 'ghcr.io': { fail: 'keychain locked' } });
      await dockerConfig({ credsStore: 'flaky' });
      const creds = provider();
      await rejection(creds.get('ghcr.io'));
      await rejection(creds.get('ghcr.io'));
      assert.deepEqual(await callsTo('flaky'), ['ghcr.io', 'ghcr.io']);
    });
  });

  describe('podman/skopeo auth.json', function () {
    it('is read from $XDG_RUNTIME_DIR/containers/auth.json when docker has nothing for the host', async function () {
      const runtime = join(root, 'run');
      await writeJson(join(runtime, 'containers', 'auth.json'), {
        auths: { 'quay.io': { auth: b64('podman:pq') }, 'ghcr.io': { auth: b64('podman:pg') }, 'docker.io': { auth: b64('podman:hub') } },
      });
      await dockerConfig({ auths: { 'ghcr.io': { auth: b64('docker:dg') } } });
      const creds = provider({ env: { ...env, XDG_RUNTIME_DIR: runtime } });
      assert.deepEqual(await creds.get('quay.io'), { username: 'podman', password: 'pq' });
      assert.deepEqual(await creds.get('ghcr.io'), { username: 'docker', password: 'dg' }, 'docker config comes first');
      assert.deepEqual(await creds.get('registry-1.docker.io'), { username: 'podman', password: 'hub' });
    });

    it('is consulted after a helper that has nothing', async function () {
      const runtime = join(root, 'run');
      await writeJson(join(runtime, 'containers', 'auth.json'), { auths: { 'quay.io': { auth: b64('podman:pq') } } });
      await helper('store', {});
      await dockerConfig({ credsStore: 'store' });
      assert.deepEqual(await provider({ env: { ...env, XDG_RUNTIME_DIR: runtime } }).get('quay.io'), { username: 'podman', password: 'pq' });
      assert.deepEqual(await callsTo('store'), ['quay.io']);
    });

    it('takes $REGISTRY_AUTH_FILE over the runtime-dir file, namespaced keys included', async function () {
      const runtime = join(root, 'run');
      await writeJson(join(runtime, 'containers', 'auth.json'), { auths: { 'quay.io': { auth: b64('runtime:1') } } });
      const authFile = join(root, 'ci', 'auth.json');
      await writeJson(authFile, { auths: { 'quay.io/team': { auth: b64('team:2') } } });
      const creds = provider({ env: { ...env, XDG_RUNTIME_DIR: runtime, REGISTRY_AUTH_FILE: authFile } });
      assert.deepEqual(await creds.get('quay.io'), { username: 'team', password: '2' });
    });
  });

  describe('errors never reveal a secret', function () {
    const secret = 'hunter2-very-secret';

    it('when a helper fails after printing the secret', async function () {
      await helper('leaky', { 'ghcr.io': { fail: `oops ${secret}` } });
      await dockerConfig({ credHelpers: { 'ghcr.io': 'leaky' } });
      const error = await rejection(provider().get('ghcr.io'));
      assert.match(error.message, /docker-credential-leaky/);
      assert.match(error.message, /ghcr\.io/);
      assert.ok(!error.message.includes(secret) && !error.message.includes('oops'), error.message);
      assert.ok(!String(error.stack).includes(secret));
    });

    it('when a helper prints something other than JSON', async function () {
      await helper('odd', { 'ghcr.io': { garbage: `Username=u Secret=${secret}` } });
      await dockerConfig({ credHelpers: { 'ghcr.io': 'odd' } });
      const error = await rejection(provider().get('ghcr.io'));
      assert.match(error.message, /docker-credential-odd.*ghcr\.io/);
      assert.ok(!error.message.includes(secret), error.message);
    });

    it('when the config file is not JSON', async function () {
      await dockerConfig(`{ "auths": { "ghcr.io": { "auth": "${b64(`u:${secret}`)}", } `);
      const error = await rejection(provider().get('ghcr.io'));
      assert.match(error.message, /config\.json is not valid JSON/);
      assert.ok(!error.message.includes(b64(`u:${secret}`)), error.message);
    });

    it('when an auth entry is not base64 of user:password', async function () {
      await dockerConfig({ auths: { 'ghcr.io': { auth: b64(secret) } } });
      const error = await rejection(provider().get('ghcr.io'));
      assert.match(error.message, /ghcr\.io/);
      assert.ok(!error.message.includes(secret) && !error.message.includes(b64(secret)), error.message);
    });
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
