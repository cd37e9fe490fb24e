// Kubeconfig as kubectl finds and merges it (temp files, no cluster): explicit files, the Kubernetes
// extension's file, the KUBECONFIG list (first file wins per name and for current-context), ~/.kube/config;
// contexts and their namespaces; relative paths; and credential commands refused unless allowed.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { checkCredentialCommand, connectCluster, isClusterError, listContexts, loadKubeconfig, resolveContext, type ClusterErrorKind } from '../../client/src/cluster';

async function rejectsWith(promise: Promise<unknown>, kind: ClusterErrorKind, message: RegExp | string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isClusterError(error), `expected a ClusterError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

interface Entry {
  name: string;
  server?: string;
  namespace?: string;
  user?: Record<string, unknown>;
  cluster?: Record<string, unknown>;
}

/** A kubeconfig with one cluster, user and context per entry (each named after the entry). */
function kubeconfig(entries: Entry[], current?: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: entries.map((e) => ({ name: e.name, cluster: { server: e.server ?? `https://${e.name}.example:6443`, ...e.cluster } })),
    users: entries.map((e) => ({ name: e.name, user: e.user ?? { token: `token-${e.name}` } })),
    contexts: entries.map((e) => ({ name: e.name, context: { cluster: e.name, user: e.name, ...(e.namespace !== undefined && { namespace: e.namespace }) } })),
    ...(current !== undefined && { 'current-context': current }),
  });
}

describe('cluster: kubeconfig', function () {
  let temp: string;
  let home: string;
  const write = (name: string, text: string): string => {
    const path = join(temp, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };

  beforeEach(function () {
    temp = mkdtempSync(join(tmpdir(), 'shipshape-kubeconfig-'));
    home = join(temp, 'home');
    mkdirSync(home);
  });
  afterEach(function () {
    rmSync(temp, { recursive: true, force: true });
  });

  it('merges the KUBECONFIG list as kubectl does: first file wins per name and for current-context; missing files are skipped', async function () {
    const a = write('a.yaml', kubeconfig([{ name: 'prod', namespace: 'shop' }, { name: 'shared', server: 'https://from-a.example' }], 'prod'));
    const b = write('b.yaml', kubeconfig([{ name: 'staging' }, { name: 'shared', server: 'https://from-b.example', namespace: 'b-ns' }], 'staging'));
    const missing = join(temp, 'missing.yaml');
    const config = await loadKubeconfig({ env: { KUBECONFIG: [missing, a, '', b].join(delimiter) }, homeDir: home });
    assert.equal(config.source, 'KUBECONFIG');
    assert.deepEqual(config.files, [a, b]);
    assert.equal(config.currentContext, 'prod');
    assert.equal(config.clusters.get('shared')?.server, 'https://from-a.example');
    assert.equal(config.contexts.get('shared')?.namespace, undefined, 'the whole entry of the first file wins, not field by field');
    assert.deepEqual(listContexts(config).map((c) => [c.name, c.namespace, c.current]), [
      ['prod', 'shop', true],
      ['shared', undefined, false],
      ['staging', undefined, false],
    ]);

    const reversed = await loadKubeconfig({ env: { KUBECONFIG: [b, a].join(delimiter) }, homeDir: home });
    assert.equal(reversed.currentContext, 'staging');
    assert.equal(reversed.clusters.get('shared')?.server, 'https://from-b.example');
  });

  it('explicit files win over the extension’s file, which wins over KUBECONFIG, which wins over ~/.kube/config', async function () {
    const explicit = write('explicit.yaml', kubeconfig([{ name: 'explicit' }], 'explicit'));
    const extension = write('extension.yaml', kubeconfig([{ name: 'extension' }], 'extension'));
    const env = write('env.yaml', kubeconfig([{ name: 'env' }], 'env'));
    write('home/.kube/config', kubeconfig([{ name: 'home' }], 'home'));
    const current = async (options: Parameters<typeof loadKubeconfig>[0]) => (await loadKubeconfig({ homeDir: home, ...options })).currentContext;
    assert.equal(await current({ paths: [explicit], extensionKubeconfig: extension, env: { KUBECONFIG: env } }), 'explicit');
    assert.equal(await current({ extensionKubeconfig: extension, env: { KUBECONFIG: env } }), 'extension');
    assert.equal(await current({ env: { KUBECONFIG: env } }), 'env');
    assert.equal(await current({ env: {} }), 'home');
    assert.equal(await current({ env: { HOME: home }, homeDir: undefined }), 'home', 'HOME locates ~ when no homeDir is given');
  });

  it('says where it looked when there is no kubeconfig', async function () {
    await rejectsWith(loadKubeconfig({ env: {}, homeDir: home }), 'no-kubeconfig', new RegExp(`looked at ${join(home, '.kube', 'config').replace(/[/\\.]/g, '\\$&')} \\(KUBECONFIG is not set\\)`));
    await rejectsWith(loadKubeconfig({ env: { KUBECONFIG: `${join(temp, 'x')}${delimiter}${join(temp, 'y')}` }, homeDir: home }), 'no-kubeconfig', /looked at KUBECONFIG=.*x.*y/);
    await rejectsWith(loadKubeconfig({ paths: [join(temp, 'nope.yaml')], env: {}, homeDir: home }), 'no-kubeconfig', /the kubeconfig .*nope\.yaml does not exist/);
  });

  it('reports a file that is not YAML, or not a mapping', async function () {
    const broken = write('broken.yaml', 'clusters: [\n');
    await rejectsWith(loadKubeconfig({ paths: [broken] }), 'bad-kubeconfig', /broken\.yaml is not valid YAML/);
    const list = write('list.yaml', '- a\n- b\n');
    await rejectsWith(loadKubeconfig({ paths: [list] }), 'bad-kubeconfig', /list\.yaml is not a mapping/);
  });

  it('resolves relative paths against the file they are written in', async function () {
    const path = write(
      'dir/config',
      kubeconfig([{ name: 'c', cluster: { 'certificate-authority': 'certs/ca.pem' }, user: { 'client-certificate': 'c.pem', 'client-key': '/abs/k.pem', tokenFile: '../token', exec: { command: './bin/cred', apiVersion: 'client.authentication.k8s.io/v1' } } }], 'c'),
    );
    const context = resolveContext(await loadKubeconfig({ paths: [path] }));
    assert.equal(context.cluster.certificateAuthority, join(temp, 'dir', 'certs', 'ca.pem'));
    assert.equal(context.user?.clientCertificate, join(temp, 'dir', 'c.pem'));
    assert.equal(context.user?.clientKey, '/abs/k.pem');
    assert.equal(context.user?.tokenFile, join(temp, 'token'));
    assert.equal(context.user?.exec?.command, join(temp, 'dir', 'bin', 'cred'));
    const bare = write('bare', kubeconfig([{ name: 'c', user: { exec: { command: 'aws', args: ['eks', 'get-token'] } } }], 'c'));
    assert.equal(resolveContext(await loadKubeconfig({ paths: [bare] })).user?.exec?.command, 'aws', 'a bare command is looked up on PATH');
  });

  it('picks the current context or the one asked for, with its namespace', async function () {
    const path = write('config', kubeconfig([{ name: 'prod', namespace: 'shop' }, { name: 'dev' }], 'prod'));
    const config = await loadKubeconfig({ paths: [path] });
    const prod = resolveContext(config);
    assert.deepEqual([prod.name, prod.namespace, prod.cluster.server, prod.userName], ['prod', 'shop', 'https://prod.example:6443', 'prod']);
    assert.equal(resolveContext(config, 'dev').namespace, undefined);
    assert.throws(() => resolveContext(config, 'qa'), (e: unknown) => isClusterError(e, 'unknown-context') && /context "qa" is not in the kubeconfig .* \(contexts: dev, prod\)/.test(e.message));
    const none = await loadKubeconfig({ paths: [write('none', kubeconfig([{ name: 'a' }]))] });
    assert.throws(() => resolveContext(none), (e: unknown) => isClusterError(e, 'unknown-context') && /no current-context set/.test(e.message));
  });

  it('reports a context naming a cluster or user the file lacks', async function () {
    const path = write('config', JSON.stringify({ clusters: [], users: [], contexts: [{ name: 'x', context: { cluster: 'gone', user: 'u' } }], 'current-context': 'x' }));
    const config = await loadKubeconfig({ paths: [path] });
    assert.throws(() => resolveContext(config), (e: unknown) => isClusterError(e, 'bad-kubeconfig') && /context "x" names cluster "gone", which .* does not define/.test(e.message));
    const noUser = write('no-user', JSON.stringify({ clusters: [{ name: 'k', cluster: { server: 'https://k' } }], contexts: [{ name: 'x', context: { cluster: 'k', user: 'u' } }], 'current-context': 'x' }));
    const noUserConfig = await loadKubeconfig({ paths: [noUser] });
    assert.throws(() => resolveContext(noUserConfig), (e: unknown) => isClusterError(e, 'bad-kubeconfig') && /names user "u"/.test(e.message));
  });

  it('refuses a credential command unless allowed, naming the command', async function () {
    const path = write(
      'config',
      kubeconfig(
        [
          { name: 'eks', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token'] } } },
          { name: 'gke', user: { 'auth-provider': { name: 'gcp', config: { 'cmd-path': '/usr/bin/gcloud', 'cmd-args': 'config config-helper' } } } },
          { name: 'plain' },
        ],
        'eks',
      ),
    );
    const config = await loadKubeconfig({ paths: [path] });
    assert.throws(
      () => checkCredentialCommand(resolveContext(config, 'eks'), false),
      (e: unknown) => isClusterError(e, 'exec-not-allowed') && e.message === 'the kubeconfig user "eks" of context "eks" uses an exec credential plugin (aws); Shipshape runs it only in a trusted workspace',
    );
    assert.throws(() => checkCredentialCommand(resolveContext(config, 'gke'), false), /uses the gcp auth provider, which runs a command \(\/usr\/bin\/gcloud\)/);
    checkCredentialCommand(resolveContext(config, 'eks'), true);
    checkCredentialCommand(resolveContext(config, 'plain'), false);
  });

  it('connectCluster refuses an exec plugin without running it, before any request', async function () {
    const marker = join(temp, 'plugin-ran');
    const plugin = write('plugin.sh', `#!/bin/sh\ntouch ${JSON.stringify(marker)}\n`);
    const path = write('config', kubeconfig([{ name: 'c', server: 'https://127.0.0.1:1', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin } } }], 'c'));
    await rejectsWith(connectCluster({ paths: [path], allowExec: false }), 'exec-not-allowed', /exec credential plugin \(.*plugin\.sh\); Shipshape runs it only in a trusted workspace$/);
    await rejectsWith(connectCluster({ paths: [path], allowExec: false, execRefusedReason: 'run without --no-exec-plugins to allow it' }), 'exec-not-allowed', /; run without --no-exec-plugins to allow it$/);
    assert.equal(existsSync(marker), false);
  });

  it('a credential plugin that is missing or fails is reported as such, and its output is never quoted', async function () {
    const missing = write('missing', kubeconfig([{ name: 'c', server: 'https://127.0.0.1:1', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: join(temp, 'no-such-plugin') } } }], 'c'));
    await rejectsWith((await connectCluster({ paths: [missing], allowExec: true })).getWorkload({ kind: 'Deployment', name: 'web' }), 'credentials', `the exec credential plugin "${join(temp, 'no-such-plugin')}" of context "c" was not found`);
    const leaky = write('leaky.sh', '#!/bin/sh\necho "token: super-secret-value"\n');
    chmodSync(leaky, 0o755);
    const garbled = write('garbled', kubeconfig([{ name: 'c', server: 'https://127.0.0.1:1', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: leaky } } }], 'c'));
    await assert.rejects((await connectCluster({ paths: [garbled], allowExec: true })).getWorkload({ kind: 'Deployment', name: 'web' }), (error: unknown) => {
      assert.ok(isClusterError(error, 'credentials'), String(error));
      assert.equal(error.message, 'the credentials for context "c" could not be read (a credential plugin printed something that is not JSON)');
      assert.equal(error.cause, undefined, 'the parser error quotes the output');
      assert.doesNotMatch(JSON.stringify(error), /super-secret/);
      return true;
    });
    const failing = write('failing.sh', '#!/bin/sh\necho "login expired: run aws sso login" >&2\nexit 3\n');
    chmodSync(failing, 0o755);
    const expired = write('expired', kubeconfig([{ name: 'c', server: 'https://127.0.0.1:1', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: failing } } }], 'c'));
    await rejectsWith((await connectCluster({ paths: [expired], allowExec: true })).getWorkload({ kind: 'Deployment', name: 'web' }), 'credentials', 'getting credentials for context "c" failed: login expired: run aws sso login');
  });

  it('a certificate file the kubeconfig names but that is missing is reported before any request', async function () {
    const path = write('config', kubeconfig([{ name: 'c', server: 'https://127.0.0.1:1', cluster: { 'certificate-authority': 'ca.pem' } }], 'c'));
    await rejectsWith((await connectCluster({ paths: [path], allowExec: false })).getWorkload({ kind: 'Deployment', name: 'web' }), 'bad-kubeconfig', `cannot read ${join(temp, 'ca.pem')} (the certificate-authority of context "c"): no such file or directory`);
  });

  it('connectCluster refuses plain http unless the kubeconfig turns TLS off for that cluster', async function () {
    const plain = write('plain', kubeconfig([{ name: 'c', server: 'http://127.0.0.1:8001' }], 'c'));
    await rejectsWith(connectCluster({ paths: [plain], allowExec: false }), 'bad-kubeconfig', /is plain HTTP \(http:\/\/127\.0\.0\.1:8001\)/);
    const insecure = write('insecure', kubeconfig([{ name: 'c', server: 'http://127.0.0.1:8001', cluster: { 'insecure-skip-tls-verify': true } }], 'c'));
    const client = await connectCluster({ paths: [insecure], allowExec: false });
    assert.deepEqual(client.context, { name: 'c', cluster: 'c', server: 'http://127.0.0.1:8001', user: 'c', namespace: 'default', files: [insecure] });
  });
});
