// `shipshape verify` end to end: dist/cli.js (which loads dist/cluster.js) against a real kube-apiserver and
// a real docker-registry on loopback. Exit 0 when the pods run the declared digests (pinned, a tag's current
// digest, a platform manifest of its index), 1 on drift, a missing workload, pods not ready, 2 on errors
// (unreachable, forbidden, no kubeconfig, unreadable files, refused exec plugins); the text and JSON reports.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployWorkload, startTestCluster, type TestCluster } from '../fixtures/cluster/harness';
import { CLI, REPO_ROOT, assertBuilt, runCli, type CliRun } from '../fixtures/cli/run-cli';
import { image, index, push, uniqueRepo, type Manifest } from '../registry/harness/images';
import { startSilentServer } from '../registry/harness/proxy';
import { startRegistry, type RunningRegistry } from '../registry/harness/registry';

/** Runs dist/cli.js without blocking the event loop. */
function verify(args: readonly string[], options: { cwd: string; env: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'verify', ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end('');
  });
}

function deployment(name: string, images: Record<string, string>, namespace?: string): string {
  const containers = Object.entries(images).flatMap(([container, ref]) => [`        - name: ${container}`, `          image: ${ref}`]);
  return ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, ...(namespace ? [`  namespace: ${namespace}`] : []), 'spec:', '  template:', '    spec:', '      containers:', ...containers, ''].join('\n');
}

interface JsonReport {
  context: { name: string; cluster: string; server: string; namespace: string };
  workloads: Array<{
    file: string;
    line: number;
    column: number;
    kind: string;
    name: string;
    namespace: string;
    status: string;
    error?: { kind: string; message: string };
    selector?: string;
    containers: Array<{ name: string; line: number; column: number; status: string; verdict: string; expected?: { digest: string; from: string }; groups: Array<{ digest?: string; match?: string; podCount: number }>; summary: string; note?: string }>;
  }>;
  summary: { workloads: number; containers: number; problems: number; missing: number; errors: number; byStatus: Record<string, number> };
}

function json(run: CliRun): JsonReport {
  assert.ok(run.stdout.startsWith('{'), `expected JSON, got stdout ${JSON.stringify(run.stdout)} stderr ${JSON.stringify(run.stderr)}`);
  return JSON.parse(run.stdout) as JsonReport;
}

describe('cli: shipshape verify', function () {
  this.timeout(60_000);
  let cluster: TestCluster;
  let registry: RunningRegistry;
  let temp: string;
  let env: Record<string, string>;
  let kubeconfig: string;
  let H: string;
  let repo: string;
  let v231: Manifest;
  let v250: Manifest;
  let multi: Manifest;
  const file = (name: string, text: string): string => {
    writeFileSync(join(temp, name), text);
    return name;
  };
  const run = (args: readonly string[], extraEnv: Record<string, string> = {}) => verify(args, { cwd: temp, env: { ...env, ...extraEnv } });

  before(async function () {
    this.timeout(120_000);
    assertBuilt();
    assert.ok(existsSync(join(REPO_ROOT, 'dist', 'cluster.js')), 'dist/cluster.js is missing: run npm run build first');
    [cluster, registry] = await Promise.all([startTestCluster(), startRegistry()]);
    H = registry.host;
    temp = mkdtempSync(join(tmpdir(), 'shipshape-verify-'));
    writeFileSync(join(temp, '.shipshape.yaml'), '');
    mkdirSync(join(temp, 'home'));
    mkdirSync(join(temp, 'docker'));
    // Nothing of the user running the tests may leak in: no kubeconfig, no docker credentials.
    env = { HOME: join(temp, 'home'), KUBECONFIG: '', DOCKER_CONFIG: join(temp, 'docker'), REGISTRY_AUTH_FILE: join(temp, 'no-auth.json'), NO_COLOR: '1' };

    repo = uniqueRepo();
    v231 = image('oci');
    v250 = image('oci');
    multi = index('oci', [image('oci', { os: 'linux', architecture: 'amd64' }), image('oci', { os: 'linux', architecture: 'arm64', variant: 'v8' })]);
    const target = { origin: registry.origin };
    await push(target, repo, 'v2.3.1', v231);
    await push(target, repo, 'v2.5.0', v250);
    await push(target, repo, 'multi', multi);

    for (const namespace of ['shop', 'staging']) await cluster.api.createNamespace(namespace);
    kubeconfig = cluster.kubeconfig({ namespace: 'shop', extraContexts: [{ name: 'staging-ctx', namespace: 'staging' }] });
    const pulled = (m: Manifest) => `docker-pullable://${H}/${repo}@${m.digest}`;
    // good: pinned, running it; tagged: an unpinned tag, running its current digest; platform: a multi-arch tag,
    // the node pulled its amd64 manifest; stale: the seed incident (v2.5.0 pushed, pods on v2.3.1);
    // rolling: half the pods on each; unready: the right digest, not ready; loaded: an image config ID.
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'good', image: `${H}/${repo}:v2.5.0@${v250.digest}`, pods: [{ imageID: pulled(v250) }, { imageID: `${H}/${repo}@${v250.digest}` }] });
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'tagged', image: `${H}/${repo}:v2.5.0`, pods: [{ imageID: pulled(v250) }] });
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'platform', image: `${H}/${repo}:multi`, pods: [{ imageID: `${H}/${repo}@${multi.children[0]!.digest}` }] });
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'stale', image: `${H}/${repo}:v2.5.0`, pods: [{ imageID: pulled(v231) }, { imageID: pulled(v231) }] });
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'rolling', image: `${H}/${repo}:v2.5.0`, pods: [{ imageID: pulled(v250) }, { imageID: pulled(v231) }] });
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'unready', image: `${H}/${repo}:v2.5.0@${v250.digest}`, pods: [{ imageID: pulled(v250), ready: false }] });
    await deployWorkload(cluster.api, { namespace: 'shop', name: 'loaded', image: `${H}/${repo}:v2.5.0@${v250.digest}`, pods: [{ imageID: `sha256:${'c'.repeat(64)}` }] });
    await deployWorkload(cluster.api, { namespace: 'staging', name: 'good', image: `${H}/${repo}:v2.3.1@${v231.digest}`, pods: [{ imageID: pulled(v231) }] });
  });
  after(async function () {
    await Promise.all([cluster?.stop(), registry?.stop()]);
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('exit 0: the pods run the pinned digest, a tag’s current digest, and a platform manifest of an index', async function () {
    file('ok.yaml', [deployment('good', { app: `${H}/${repo}:v2.5.0@${v250.digest}` }), deployment('tagged', { app: `${H}/${repo}:v2.5.0` }), deployment('platform', { app: `${H}/${repo}:multi` })].join('---\n'));
    const text = await run(['ok.yaml', '--kubeconfig', kubeconfig]);
    assert.equal(text.status, 0, text.stdout + text.stderr);
    assert.equal(text.stderr, '');
    const short = (m: Manifest) => m.digest.slice(0, 19);
    assert.equal(
      text.stdout,
      [
        '',
        'ok.yaml',
        `  10:18  ok  Deployment shop/good, container app: 2 pods run the pinned digest ${short(v250)}; 2/2 ready`,
        `  21:18  ok  Deployment shop/tagged, container app: 1 pod runs the tag’s current digest ${short(v250)}; 1/1 ready`,
        `  32:18  ok  Deployment shop/platform, container app: 1 pod runs the tag’s current digest ${short(multi)} (some through a platform manifest of its index); 1/1 ready`,
        '',
        `✔ 3 containers of 3 workloads run what is declared (context test, ${cluster.server})`,
        '',
      ].join('\n'),
    );
    const report = json(await run(['ok.yaml', '--kubeconfig', kubeconfig, '--format', 'json']));
    assert.deepEqual(report.context, { name: 'test', cluster: 'test-cluster', server: cluster.server, namespace: 'shop' });
    assert.deepEqual(report.workloads.map((w) => [w.name, w.status, w.line, w.column, w.selector]), [
      ['good', 'ok', 4, 9, 'app=good'],
      ['tagged', 'ok', 15, 9, 'app=tagged'],
      ['platform', 'ok', 26, 9, 'app=platform'],
    ]);
    assert.deepEqual(report.workloads.map((w) => w.containers[0]!.expected), [
      { digest: v250.digest, from: 'declared' },
      { digest: v250.digest, from: 'registry' },
      { digest: multi.digest, from: 'registry' },
    ]);
    assert.deepEqual(report.workloads[2]!.containers[0]!.groups.map((g) => [g.digest, g.match]), [[multi.children[0]!.digest, 'child']]);
    assert.deepEqual(report.summary, { workloads: 3, containers: 3, problems: 0, missing: 0, errors: 0, byStatus: { ok: 3, drift: 0, 'not-applied': 0, 'no-pods': 0, 'not-ready': 0, idle: 0, 'not-comparable': 0, unknown: 0 } });
  });

  it('exit 1: the seed incident, a rollout half done, pods not ready, a missing workload', async function () {
    file(
      'bad.yaml',
      [
        deployment('stale', { app: `${H}/${repo}:v2.5.0` }),
        deployment('rolling', { app: `${H}/${repo}:v2.5.0` }),
        deployment('unready', { app: `${H}/${repo}:v2.5.0@${v250.digest}` }),
        deployment('gone', { app: `${H}/${repo}:v2.5.0@${v250.digest}` }),
      ].join('---\n'),
    );
    const text = await run(['bad.yaml', '--kubeconfig', kubeconfig]);
    assert.equal(text.status, 1, text.stdout + text.stderr);
    const rows = text.stdout.split('\n').filter((line) => line.startsWith('  '));
    assert.equal(rows.length, 4, text.stdout);
    assert.match(rows[0]!, new RegExp(`^  10:18  drift      Deployment shop/stale, container app: 2 pods run ${v231.digest.slice(0, 19)} \\(oldest \\d+s\\), not the tag’s current digest ${v250.digest.slice(0, 19)}; 2/2 ready$`));
    assert.match(rows[1]!, /^  21:18  drift      Deployment shop\/rolling, container app: mixed, a rollout in progress or stuck: 1 of 2 pods run the tag’s current digest/);
    assert.match(rows[2]!, /^  32:18  not-ready  Deployment shop\/unready, container app: 1 pod runs the pinned digest sha256:\w{12}; 0\/1 ready$/);
    assert.equal(rows[3], '  37:9   missing    Deployment shop/gone: deployment "gone" not found in namespace "shop" (context "test")');
    assert.equal(text.stdout.trimEnd().split('\n').at(-1), `✖ 4 problems (2 drift, 1 not-ready, 1 missing) in 3 containers of 4 workloads (context test, ${cluster.server})`);
    const report = json(await run(['bad.yaml', '--kubeconfig', kubeconfig, '--format', 'json']));
    assert.deepEqual(report.workloads.map((w) => [w.name, w.status, w.containers.map((c) => c.status)]), [
      ['stale', 'problem', ['drift']],
      ['rolling', 'problem', ['drift']],
      ['unready', 'problem', ['not-ready']],
      ['gone', 'missing', []],
    ]);
    assert.equal(report.workloads[3]!.error?.kind, 'not-found');
  });

  it('exit 0 with what could not be compared: --no-registry leaves a tag with nothing to compare; image config IDs', async function () {
    file('uncompared.yaml', [deployment('tagged', { app: `${H}/${repo}:v2.5.0` }), deployment('loaded', { app: `${H}/${repo}:v2.5.0@${v250.digest}` })].join('---\n'));
    const result = await run(['uncompared.yaml', '--kubeconfig', kubeconfig, '--no-registry']);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /10:18  unknown         Deployment shop\/tagged, container app: 1 pod runs sha256:\w{12} \(oldest \d+s\); nothing to compare with .* \(registry lookups are off \(--no-registry\)\)/);
    assert.match(result.stdout, /21:18  not-comparable  Deployment shop\/loaded, container app: 1 pod report only an image ID/);
    assert.match(result.stdout, /✔ 0 of 2 containers of 2 workloads run what is declared; 2 could not be compared/);
  });

  it('--context and -n choose where workloads without a namespace are looked up; the file’s namespace wins', async function () {
    file('ns.yaml', deployment('good', { app: `${H}/${repo}:v2.3.1@${v231.digest}` }));
    assert.equal((await run(['ns.yaml', '--kubeconfig', kubeconfig, '--context', 'staging-ctx'])).status, 0);
    assert.equal((await run(['ns.yaml', '--kubeconfig', kubeconfig, '-n', 'staging'])).status, 0);
    const shop = json(await run(['ns.yaml', '--kubeconfig', kubeconfig, '--format', 'json']));
    assert.deepEqual([shop.workloads[0]!.namespace, shop.workloads[0]!.containers[0]!.status], ['shop', 'drift']);
    file('ns-fixed.yaml', deployment('good', { app: `${H}/${repo}:v2.3.1@${v231.digest}` }, 'staging'));
    assert.equal((await run(['ns-fixed.yaml', '--kubeconfig', kubeconfig, '-n', 'shop'])).status, 0);
    const unknown = await run(['ns.yaml', '--kubeconfig', kubeconfig, '--context', 'qa']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^shipshape: context "qa" is not in the kubeconfig .* \(contexts: staging-ctx, test\)\n$/);
  });

  it('exit 2: forbidden names the verb, resource and namespace; the rest is still reported', async function () {
    file('forbidden.yaml', deployment('good', { app: `${H}/${repo}:v2.5.0@${v250.digest}` }));
    const viewer = cluster.kubeconfig({ token: cluster.viewerToken, namespace: 'shop' });
    const result = await run(['forbidden.yaml', '--kubeconfig', viewer]);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /  4:9  error  Deployment shop\/good: forbidden: cannot get deployments\.apps "good" in namespace "shop" \(context "test", as "viewer"\)\n/);
    assert.match(result.stdout, /✖ 1 problem \(1 not readable\) in 0 containers of 1 workload/);
  });

  it('exit 2: an API server that refuses, or never answers, stops the run with one message', async function () {
    file('one.yaml', deployment('good', { app: `${H}/${repo}:v2.5.0@${v250.digest}` }));
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const refused = await run(['one.yaml', '--kubeconfig', cluster.kubeconfig({ extraContexts: [{ name: 'down', server: `https://127.0.0.1:${port}` }] }), '--context', 'down']);
    assert.deepEqual([refused.status, refused.stdout, refused.stderr], [2, '', `shipshape: cannot reach https://127.0.0.1:${port} (context "down"): connection refused\n`]);

    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const hung = await run(['one.yaml', '--kubeconfig', cluster.kubeconfig({ extraContexts: [{ name: 'hung', server: `https://${silent.host}` }] }), '--context', 'hung', '--cluster-timeout', '0.5']);
      assert.deepEqual([hung.status, hung.stderr], [2, `shipshape: no answer from https://${silent.host} (context "hung") within 0.5 s\n`]);
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
      assert.equal(silent.accepted(), 1);
    } finally {
      await silent.stop();
    }
  });

  it('exit 2: no kubeconfig (saying where it looked), an unreadable file; no workloads need no cluster', async function () {
    file('one.yaml', deployment('good', { app: `${H}/${repo}:v2.5.0@${v250.digest}` }));
    const none = await run(['one.yaml']);
    assert.deepEqual([none.status, none.stderr], [2, `shipshape: no kubeconfig found: looked at ${join(temp, 'home', '.kube', 'config')} (KUBECONFIG is not set)\n`]);
    const viaEnv = await run(['one.yaml'], { KUBECONFIG: kubeconfig });
    assert.equal(viaEnv.status, 0, viaEnv.stderr);
    file('service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
    const nothing = await run(['service.yaml']);
    assert.deepEqual([nothing.status, nothing.stdout, nothing.stderr], [0, 'No workloads to verify.\n', ''], 'no workload: no cluster needed');
    const missing = await run(['one.yaml', 'nope.yaml', '--kubeconfig', kubeconfig]);
    assert.equal(missing.status, 2);
    assert.match(missing.stdout, /✔ 1 container of 1 workload runs what is declared/);
    assert.equal(missing.stderr, 'shipshape: cannot read nope.yaml: no such file or directory\n');
  });

  it('exec credential plugins run as kubectl runs them, unless --no-exec-plugins', async function () {
    file('one.yaml', deployment('good', { app: `${H}/${repo}:v2.5.0@${v250.digest}` }));
    const plugin = join(temp, 'plugin.sh');
    const credential = { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: cluster.adminToken } };
    writeFileSync(plugin, `#!/bin/sh\nprintf '%s' '${JSON.stringify(credential)}'\n`);
    chmodSync(plugin, 0o755);
    const config = join(temp, 'exec-kubeconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        clusters: [{ name: 'c', cluster: { server: cluster.server, 'certificate-authority': cluster.caFile } }],
        users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './plugin.sh' } } }],
        contexts: [{ name: 'exec', context: { cluster: 'c', user: 'u', namespace: 'shop' } }],
        'current-context': 'exec',
      }),
    );
    const allowed = await run(['one.yaml', '--kubeconfig', config]);
    assert.equal(allowed.status, 0, allowed.stdout + allowed.stderr);
    const refused = await run(['one.yaml', '--kubeconfig', config, '--no-exec-plugins']);
    assert.deepEqual([refused.status, refused.stderr], [2, `shipshape: the kubeconfig user "u" of context "exec" uses an exec credential plugin (${plugin}); leave out --no-exec-plugins to allow it\n`]);
  });
});

describe('cli: shipshape verify arguments', function () {
  before(function () {
    assertBuilt();
  });

  it('is listed in the help, and has its own', function () {
    const help = runCli(['--help']);
    assert.match(help.stdout, /\n {2}verify \[paths\.\.\.\|-\] +check that the cluster runs the image digests the manifests declare\n/);
    const own = runCli(['verify', '--help']);
    assert.equal(own.status, 0);
    assert.match(own.stdout, /^Usage: shipshape verify \[options\] \[paths\.\.\.\|-\]\n/);
    assert.match(own.stdout, /--no-exec-plugins/);
  });

  it('rejects bad options with exit 2', function () {
    for (const [args, message] of [
      [['--format', 'sarif'], /--format must be one of text, json \(got "sarif"\)/],
      [['--no-registry', '--ca-file', 'ca.pem'], /the registry options do not go with --no-registry/],
      [['--cluster-timeout', '0'], /--cluster-timeout takes a positive number of seconds/],
      [['--context', ''], /--context needs a non-empty value/],
    ] as const) {
      const result = runCli(['verify', ...args]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
    }
  });
});
