// `shipshape pin` end to end: dist/cli.js against a real docker-registry on loopback, with images the
// tests push. Printing, writing (only the image bytes change), re-pinning, missing tags, multi-arch
// indexes, Basic auth from a docker config, and a 200-image tree.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, assertBuilt, type CliRun } from '../fixtures/cli/run-cli';
import { image, index, push, uniqueRepo, type Manifest, type PushTarget } from '../registry/harness/images';
import { startRegistry, type RunningRegistry } from '../registry/harness/registry';

/** Runs dist/cli.js without blocking the event loop (spawnSync would), so in-process servers keep answering. */
function runCliAsync(args: readonly string[], options: { cwd: string; env: Record<string, string>; input?: string }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

function deployment(images: Record<string, string>, eol = '\n'): string {
  const containers = Object.entries(images).flatMap(([name, ref]) => [`        - name: ${name}`, `          image: ${ref}`]);
  return ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    spec:', '      containers:', ...containers, ''].join(eol);
}

describe('cli: shipshape pin', function () {
  let registry: RunningRegistry;
  let target: PushTarget;
  let temp: string;
  let env: Record<string, string>;
  let H: string;
  const repos = { app: '', side: '', multi: '' };
  let app: Manifest;
  let side: Manifest;
  let multi: Manifest;

  before(async function () {
    assertBuilt();
    registry = await startRegistry();
    H = registry.host;
    target = { origin: registry.origin };
    temp = mkdtempSync(join(tmpdir(), 'shipshape-pin-'));
    writeFileSync(join(temp, '.shipshape.yaml'), '');
    mkdirSync(join(temp, 'docker'));
    // No credentials of the user running the tests may leak in.
    env = { DOCKER_CONFIG: join(temp, 'docker'), REGISTRY_AUTH_FILE: join(temp, 'no-auth.json'), NO_COLOR: '1' };
    repos.app = uniqueRepo();
    repos.side = uniqueRepo();
    repos.multi = uniqueRepo();
    app = image('oci');
    side = image('docker');
    multi = index('oci', [image('oci', { os: 'linux', architecture: 'amd64' }), image('oci', { os: 'linux', architecture: 'arm64', variant: 'v8' })]);
    await push(target, repos.app, 'v1', app);
    await push(target, repos.app, 'v1.1', image('oci'));
    await push(target, repos.side, '1.0', side);
    await push(target, repos.multi, 'v2', multi);
  });
  after(async function () {
    await registry?.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  let folders = 0;
  function workspace(files: Record<string, string | Buffer>): string {
    const dir = join(temp, `ws-${++folders}`);
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), content);
    }
    return dir;
  }

  /** A CRLF deployment with comments and both quote styles, and a kustomization with a byte order mark. */
  function mixedWorkspace(): { dir: string; deploy: string; kustomization: string } {
    const deploy = [
      '# the web tier',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers:',
      '        - name: setup',
      `          image: '${H}/${repos.multi}:v2'   # multi-arch`,
      '      containers:',
      '        - name: app',
      `          image: ${H}/${repos.app}:v1 # keep this comment`,
      '        - name: side',
      `          image: "${H}/${repos.side}:1.0"`,
      '',
    ].join('\r\n');
    const kustomization = [
      '\ufeffapiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources: [deploy.yaml]',
      'images:',
      '  - name: web',
      `    newName: ${H}/${repos.app}`,
      '    newTag: v1',
      '',
    ].join('\n');
    return { dir: workspace({ 'deploy.yaml': deploy, 'kustomization.yaml': kustomization }), deploy, kustomization };
  }

  it('prints what would change, with the digests the registry reports, exits 1 and leaves the files alone', async function () {
    const { dir, deploy, kustomization } = mixedWorkspace();
    const before = [readFileSync(join(dir, 'deploy.yaml')), readFileSync(join(dir, 'kustomization.yaml'))];
    const run = await runCliAsync(['pin'], { cwd: dir, env });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
    assert.equal(
      run.stdout,
      [
        `deploy.yaml:11:18  ${H}/${repos.multi}:v2 → ${H}/${repos.multi}:v2@${multi.digest}`,
        `deploy.yaml:14:18  ${H}/${repos.app}:v1 → ${H}/${repos.app}:v1@${app.digest}`,
        `deploy.yaml:16:18  ${H}/${repos.side}:1.0 → ${H}/${repos.side}:1.0@${side.digest}`,
        `kustomization.yaml:7:13  ${H}/${repos.app}:v1 → ${H}/${repos.app}:v1@${app.digest}`,
        '4 images to pin in 2 files.',
        '',
      ].join('\n'),
    );
    // A multi-arch image is pinned to its index, never to one platform's manifest.
    for (const child of multi.children) assert.ok(!run.stdout.includes(child.digest));
    assert.deepEqual([readFileSync(join(dir, 'deploy.yaml')), readFileSync(join(dir, 'kustomization.yaml'))], before);
    assert.equal(before[0]!.toString('utf8'), deploy);
    assert.equal(before[1]!.toString('utf8'), kustomization);
  });

  it('--write changes exactly the image references (comments, quotes, CRLF and BOM kept), exits 0; a second run has nothing to do', async function () {
    const { dir, deploy, kustomization } = mixedWorkspace();
    const run = await runCliAsync(['pin', '--write', '.'], { cwd: dir, env });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^deploy\.yaml:11:18 {2}/);
    assert.match(run.stdout, /\nPinned 4 images in 2 files\.\n$/);
    const expectedDeploy = deploy
      .replace(`${repos.multi}:v2'`, `${repos.multi}:v2@${multi.digest}'`)
      .replace(`${repos.app}:v1 #`, `${repos.app}:v1@${app.digest} #`)
      .replace(`${repos.side}:1.0"`, `${repos.side}:1.0@${side.digest}"`);
    assert.notEqual(expectedDeploy, deploy);
    assert.equal(readFileSync(join(dir, 'deploy.yaml'), 'utf8'), expectedDeploy);
    assert.equal(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'), kustomization.replace('    newTag: v1\n', `    newTag: v1\n    digest: ${app.digest}\n`));

    const again = await runCliAsync(['pin', '--write'], { cwd: dir, env });
    assert.deepEqual(again, { status: 0, stdout: 'Nothing pinned.\n', stderr: '' });
    const check = await runCliAsync(['pin'], { cwd: dir, env });
    assert.deepEqual(check, { status: 0, stdout: 'Nothing to pin.\n', stderr: '' });
  });

  it('--format json lists file, line, column, ref, from, to and digest; --no-keep-tag drops the tag', async function () {
    const { dir } = mixedWorkspace();
    const run = await runCliAsync(['pin', '--format', 'json', '--no-keep-tag', 'kustomization.yaml', 'deploy.yaml'], { cwd: dir, env });
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [
      { file: 'kustomization.yaml', line: 7, column: 13, ref: `${H}/${repos.app}:v1`, from: `${H}/${repos.app}:v1`, to: `${H}/${repos.app}@${app.digest}`, digest: app.digest },
      { file: 'deploy.yaml', line: 11, column: 18, ref: `${H}/${repos.multi}:v2`, from: `${H}/${repos.multi}:v2`, to: `${H}/${repos.multi}@${multi.digest}`, digest: multi.digest },
      { file: 'deploy.yaml', line: 14, column: 18, ref: `${H}/${repos.app}:v1`, from: `${H}/${repos.app}:v1`, to: `${H}/${repos.app}@${app.digest}`, digest: app.digest },
      { file: 'deploy.yaml', line: 16, column: 18, ref: `${H}/${repos.side}:1.0`, from: `${H}/${repos.side}:1.0`, to: `${H}/${repos.side}@${side.digest}`, digest: side.digest },
    ]);
    const write = await runCliAsync(['pin', '--write', '--no-keep-tag', 'kustomization.yaml'], { cwd: dir, env });
    assert.equal(write.status, 0, write.stderr);
    assert.ok(readFileSync(join(dir, 'kustomization.yaml'), 'utf8').endsWith(`    newName: ${H}/${repos.app}\n    digest: ${app.digest}\n`));
  });

  it('a tag pushed again: pin --write moves the digest and leaves images pinned to their current digest alone', async function () {
    const repo = uniqueRepo();
    const first = image('oci');
    await push(target, repo, 'stable', first);
    const dir = workspace({ 'pod.yaml': deployment({ a: `${H}/${repo}:stable@${first.digest}`, b: `${H}/${repos.side}:1.0@${side.digest}` }) });
    const quiet = await runCliAsync(['pin'], { cwd: dir, env });
    assert.deepEqual(quiet, { status: 0, stdout: 'Nothing to pin.\n', stderr: '' });

    const second = image('oci');
    await push(target, repo, 'stable', second);
    const run = await runCliAsync(['pin', '--write'], { cwd: dir, env });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.equal(run.stdout, `pod.yaml:10:18  ${H}/${repo}:stable@${first.digest} → ${H}/${repo}:stable@${second.digest}\nPinned 1 image in 1 file.\n`);
    assert.equal(readFileSync(join(dir, 'pod.yaml'), 'utf8'), deployment({ a: `${H}/${repo}:stable@${second.digest}`, b: `${H}/${repos.side}:1.0@${side.digest}` }));
  });

  it('a missing tag: --write pins the rest and exits 1, naming the reference, the place and the nearest tags', async function () {
    const dir = workspace({ 'pod.yaml': deployment({ a: `${H}/${repos.app}:v1.2`, b: `${H}/${repos.side}:1.0`, c: `${H}/team/never-pushed:v1` }) });
    const run = await runCliAsync(['pin', '--write'], { cwd: dir, env });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, `pod.yaml:12:18  ${H}/${repos.side}:1.0 → ${H}/${repos.side}:1.0@${side.digest}\nPinned 1 image in 1 file.\n`);
    const lines = run.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, run.stderr);
    assert.match(lines[0]!, new RegExp(`^shipshape: cannot pin ${H}/${repos.app}:v1\\.2 at pod\\.yaml:10:18: the tag "v1\\.2" does not exist .*did you mean "v1\\.1", "v1"`));
    assert.match(lines[1]!, new RegExp(`^shipshape: cannot pin ${H}/team/never-pushed:v1 at pod\\.yaml:14:18: .*repository`));
    assert.equal(readFileSync(join(dir, 'pod.yaml'), 'utf8'), deployment({ a: `${H}/${repos.app}:v1.2`, b: `${H}/${repos.side}:1.0@${side.digest}`, c: `${H}/team/never-pushed:v1` }));
  });

  it('reads stdin for printing; --write with - is a usage error', async function () {
    const dir = workspace({});
    const text = deployment({ a: `${H}/${repos.app}:v1` });
    const run = await runCliAsync(['pin', '-', '--stdin-filename', 'web.yaml'], { cwd: dir, env, input: text });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout, `web.yaml:10:18  ${H}/${repos.app}:v1 → ${H}/${repos.app}:v1@${app.digest}\n1 image to pin in 1 file.\n`);
    const write = await runCliAsync(['pin', '--write', '-'], { cwd: dir, env, input: text });
    assert.equal(write.status, 2);
    assert.equal(write.stdout, '');
    assert.match(write.stderr, /--write cannot write to stdin/);
  });

  it('exits 2 on bad registry options and an unreadable --ca-file, before asking any registry', async function () {
    const dir = workspace({ 'pod.yaml': deployment({ a: `${H}/${repos.app}:v1` }) });
    const cases: Array<[string[], RegExp]> = [
      [['--registry-timeout', '0'], /--registry-timeout takes a positive number of seconds/],
      [['--insecure-registry', 'http://registry.local:5000'], /--insecure-registry takes host\[:port\]/],
      [['--skip-tls-verify', 'registry.local/v2'], /--skip-tls-verify takes host\[:port\]/],
      [['--format', 'sarif'], /--format must be one of text, json/],
      [['--ca-file', join(dir, 'missing.pem')], /cannot read --ca-file .*missing\.pem/],
    ];
    for (const [args, message] of cases) {
      const run = await runCliAsync(['pin', ...args], { cwd: dir, env });
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stdout, '', args.join(' '));
      assert.match(run.stderr, message);
    }
    assert.equal(readFileSync(join(dir, 'pod.yaml'), 'utf8'), deployment({ a: `${H}/${repos.app}:v1` }));
  });

  it('pins a 200-image tree with --write', async function () {
    // 100 files in 10 folders, 2 containers each, over 20 repositories: each distinct reference is asked once.
    const pushed: Array<{ ref: string; digest: string }> = [];
    for (let i = 0; i < 20; i++) {
      const repo = uniqueRepo('bulk');
      const manifest = image(i % 2 === 0 ? 'oci' : 'docker');
      await push(target, repo, 'v1', manifest);
      pushed.push({ ref: `${H}/${repo}:v1`, digest: manifest.digest });
    }
    const files: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (let f = 0; f < 100; f++) {
      const [a, b] = [pushed[f % 20]!, pushed[(f * 7 + 3) % 20]!];
      const name = `team-${f % 10}/svc-${f}.yaml`;
      files[name] = deployment({ a: a.ref, b: b.ref });
      expected[name] = deployment({ a: `${a.ref}@${a.digest}`, b: `${b.ref}@${b.digest}` });
    }
    const dir = workspace(files);
    const run = await runCliAsync(['pin', '--write', '--format', 'json'], { cwd: dir, env });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.equal((JSON.parse(run.stdout) as unknown[]).length, 200);
    for (const [name, text] of Object.entries(expected)) assert.equal(readFileSync(join(dir, name), 'utf8'), text, name);
  });
});

describe('cli: shipshape pin with Basic auth from the docker config', function () {
  const USER = 'deployer';
  const PASSWORD = 'hunter2:not-in-output';
  let registry: RunningRegistry;
  let temp: string;
  let repo: string;
  let pushed: Manifest;

  before(async function () {
    assertBuilt();
    registry = await startRegistry({ htpasswd: { username: USER, password: PASSWORD } });
    repo = uniqueRepo();
    pushed = image('docker');
    await push({ origin: registry.origin, headers: { Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } }, repo, 'v1', pushed);
    temp = mkdtempSync(join(tmpdir(), 'shipshape-pin-auth-'));
    writeFileSync(join(temp, '.shipshape.yaml'), '');
  });
  after(async function () {
    await registry?.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  function dockerConfig(name: string, password: string): Record<string, string> {
    const dir = join(temp, name);
    mkdirSync(dir);
    const auth = Buffer.from(`${USER}:${password}`).toString('base64');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    return { DOCKER_CONFIG: dir, REGISTRY_AUTH_FILE: join(temp, 'no-auth.json'), NO_COLOR: '1' };
  }

  it('uses the auths entry of DOCKER_CONFIG/config.json', async function () {
    const dir = join(temp, 'right');
    mkdirSync(dir);
    writeFileSync(join(dir, 'pod.yaml'), deployment({ a: `${registry.host}/${repo}:v1` }));
    const run = await runCliAsync(['pin', '--write'], { cwd: dir, env: dockerConfig('right-docker', PASSWORD) });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.equal(readFileSync(join(dir, 'pod.yaml'), 'utf8'), deployment({ a: `${registry.host}/${repo}:v1@${pushed.digest}` }));
  });

  it('fails clearly on wrong credentials, without printing the password', async function () {
    const dir = join(temp, 'wrong');
    mkdirSync(dir);
    writeFileSync(join(dir, 'pod.yaml'), deployment({ a: `${registry.host}/${repo}:v1` }));
    const wrong = 'wrong-secret-123';
    const run = await runCliAsync(['pin', '--write'], { cwd: dir, env: dockerConfig('wrong-docker', wrong) });
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp(`cannot pin ${registry.host}/${repo}:v1 at pod\\.yaml:10:18: .*${registry.host}.*rejected the user name and password`));
    for (const secret of [wrong, Buffer.from(`${USER}:${wrong}`).toString('base64')]) {
      assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret), 'the password leaked');
    }
    assert.equal(readFileSync(join(dir, 'pod.yaml'), 'utf8'), deployment({ a: `${registry.host}/${repo}:v1` }));
  });
});
