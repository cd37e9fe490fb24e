// `shipshape lint --registry` end to end (dist/cli.js against a real docker-registry on loopback), and
// the CLI's registry facts (server/src/cli/registry.ts) built on the real registry client.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as clientModule from '../../client/src/registry/index';
import { collectFacts } from '../../server/src/cli/registry';
import { CLI, assertBuilt, jsonFindings, type CliRun } from '../fixtures/cli/run-cli';
import { image, push, uniqueRepo, type Manifest, type PushTarget } from '../registry/harness/images';
import { startProxy, type Proxy } from '../registry/harness/proxy';
import { startRegistry, type RunningRegistry } from '../registry/harness/registry';


function runCliAsync(args: readonly string[], options: { cwd: string; env: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end();
  });
}

function deployment(images: Record<string, string>): string {
  const containers = Object.entries(images).flatMap(([name, ref]) => [`        - name: ${name}`, `          image: ${ref}`]);
  return ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    spec:', '      containers:', ...containers, ''].join('\n');
}

const NETWORK_RULES = new Set(['image-tag-not-found', 'image-digest-stale']);

describe('cli: shipshape lint --registry', function () {
  let registry: RunningRegistry;
  let proxy: Proxy;
  let target: PushTarget;
  let temp: string;
  let env: Record<string, string>;
  let repo: string;
  let v1: Manifest;

  before(async function () {
    assertBuilt();
    registry = await startRegistry();
    // Counts what reaches the registry.
    proxy = await startProxy(registry.origin);
    target = { origin: registry.origin };
    temp = mkdtempSync(join(tmpdir(), 'shipshape-lint-registry-'));
    writeFileSync(join(temp, '.shipshape.yaml'), '');
    mkdirSync(join(temp, 'docker'));
    env = { DOCKER_CONFIG: join(temp, 'docker'), REGISTRY_AUTH_FILE: join(temp, 'no-auth.json'), NO_COLOR: '1' };
    repo = uniqueRepo();
    v1 = image('oci');
    await push(target, repo, 'v1', v1);
    await push(target, repo, 'v1.1', image('oci'));
  });
  after(async function () {
    await proxy?.stop();
    await registry?.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  let folders = 0;
  function workspace(text: string): string {
    const dir = join(temp, `ws-${++folders}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'deploy.yaml'), text);
    return dir;
  }

  it('touches no network without --registry; with it, reports image-tag-not-found with the nearest tags', async function () {
    const dir = workspace(deployment({ a: `${proxy.host}/${repo}:v1.2`, b: `${proxy.host}/${repo}:v1` }));
    const offline = await runCliAsync(['lint', '--format', 'json'], { cwd: dir, env });
    assert.equal(offline.stderr, '');
    assert.deepEqual(jsonFindings(offline).filter((f) => NETWORK_RULES.has(f.ruleId)), []);
    assert.equal(proxy.requests.length, 0, 'lint without --registry asked the registry');

    const online = await runCliAsync(['lint', '--registry', '--format', 'json'], { cwd: dir, env });
    assert.equal(online.stderr, '');
    assert.equal(online.status, 1);
    const network = jsonFindings(online).filter((f) => NETWORK_RULES.has(f.ruleId));
    assert.equal(network.length, 1, JSON.stringify(network));
    assert.deepEqual({ ...network[0], message: undefined }, {
      file: 'deploy.yaml', line: 10, column: 18, endLine: 10, endColumn: 18 + `${proxy.host}/${repo}:v1.2`.length,
      ruleId: 'image-tag-not-found', severity: 'error', message: undefined,
    });
    assert.match(network[0]!.message, /^Tag "v1\.2" does not exist in .*Nearest existing tags: v1\.1, v1\./);
    assert.ok(proxy.requests.length > 0);
  });

  it('reports image-digest-stale once the tag is pushed again, and is quiet after pin --write', async function () {
    const moving = uniqueRepo();
    const first = image('docker');
    await push(target, moving, 'stable', first);
    const dir = workspace(deployment({ a: `${registry.host}/${moving}:stable@${first.digest}` }));
    const fresh = await runCliAsync(['lint', '--registry', '--format', 'json'], { cwd: dir, env });
    assert.equal(fresh.stderr, '');
    assert.deepEqual(jsonFindings(fresh).filter((f) => NETWORK_RULES.has(f.ruleId)), []);

    const second = image('docker');
    await push(target, moving, 'stable', second);
    const stale = await runCliAsync(['lint', '--registry', '--format', 'json'], { cwd: dir, env });
    assert.equal(stale.stderr, '');
    assert.equal(stale.status, 1);
    const network = jsonFindings(stale).filter((f) => NETWORK_RULES.has(f.ruleId));
    assert.deepEqual(network.map((f) => [f.ruleId, f.severity, f.line, f.column]), [['image-digest-stale', 'warning', 10, 18]]);
    assert.ok(network[0]!.message.includes(second.digest), network[0]!.message);

    const pin = await runCliAsync(['pin', '--write'], { cwd: dir, env });
    assert.equal(pin.status, 0, pin.stderr);
    assert.equal(readFileSync(join(dir, 'deploy.yaml'), 'utf8'), deployment({ a: `${registry.host}/${moving}:stable@${second.digest}` }));
    const after = await runCliAsync(['lint', '--registry', '--format', 'json'], { cwd: dir, env });
    assert.deepEqual(jsonFindings(after).filter((f) => NETWORK_RULES.has(f.ruleId)), []);
  });

  it('exits 2 when a registry cannot be asked, naming the reference, and still reports the findings', async function () {
    const dir = workspace(deployment({ a: '127.0.0.1:1/team/app:v1' }));
    const run = await runCliAsync(['lint', '--registry', '--registry-timeout', '2', '--format', 'json'], { cwd: dir, env });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^shipshape: cannot check 127\.0\.0\.1:1\/team\/app:v1 with its registry: .*127\.0\.0\.1:1/);
    assert.ok(jsonFindings(run).some((f) => f.ruleId === 'image-not-pinned'), run.stdout);
  });

  it('takes the registry options only with --registry, and lists them in its help', async function () {
    const dir = workspace(deployment({ a: `${registry.host}/${repo}:v1` }));
    const run = await runCliAsync(['lint', '--insecure-registry', 'registry.local:5000'], { cwd: dir, env });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /the registry options need --registry/);
    const help = await runCliAsync(['lint', '--help'], { cwd: dir, env });
    for (const option of ['--registry', '--ca-file', '--insecure-registry', '--skip-tls-verify', '--registry-timeout']) {
      assert.ok(help.stdout.includes(option), `help lacks ${option}`);
    }
  });

  it('collectFacts asks once per distinct reference and maps found, missing tag, missing repository and errors', async function () {
    const client = new clientModule.RegistryClient({ timeoutMs: 2000 });
    const before = proxy.requests.length;
    const errors: Array<[string, string]> = [];
    const tagRef = `${proxy.host}/${repo}:v1`;
    try {
      const facts = await collectFacts(
        client,
        [tagRef, tagRef, `${proxy.host}/${repo}:v1.2`, `${proxy.host}/team/none:v1`, '127.0.0.1:1/team/app:v1', tagRef],
        (ref, message) => errors.push([ref, message]),
      );
      assert.deepEqual(facts.get(tagRef), { status: 'found', digest: v1.digest });
      assert.deepEqual(facts.get(`${proxy.host}/${repo}:v1.2`), { status: 'not-found', missing: 'tag', suggestions: ['v1.1', 'v1'] });
      assert.deepEqual(facts.get(`${proxy.host}/team/none:v1`), { status: 'not-found', missing: 'repository', suggestions: [] });
      const failed = facts.get('127.0.0.1:1/team/app:v1');
      assert.equal(failed?.status, 'error');
      assert.equal(facts.size, 4);
      assert.deepEqual(errors.map(([ref]) => ref), ['127.0.0.1:1/team/app:v1']);
    } finally {
      client.close();
    }
    const heads = proxy.requests.slice(before).filter((r) => r.method === 'HEAD' && r.url === `/v2/${repo}/manifests/v1`);
    assert.equal(heads.length, 1);
  });
});
