// Which files `shipshape lint` picks up: YAML and Kustomization files under directories, minus .git,
// node_modules, .gitignore'd paths and the config's `ignore:` patterns; explicit files always.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FIXTURES, assertBuilt, filesOf, runCli } from '../fixtures/cli/run-cli';

const POD = readFileSync(join(FIXTURES, 'basic', 'pod.yaml'), 'utf8');
const KUSTOMIZATION = readFileSync(join(FIXTURES, 'kustomize', 'overlay.txt'), 'utf8');

/**
 * outer/.gitignore          ignores a.yaml, but sits above the git root: must not apply
 * outer/repo/               the git root (has .git/) and the cwd of most tests
 */
const TREE: Record<string, string> = {
  '.gitignore': 'a.yaml\n',
  'repo/.git/HEAD': 'ref: refs/heads/main\n',
  'repo/.git/config.yaml': POD,
  'repo/.gitignore': '# build output\ngenerated/\n*.tmp.yaml\n',
  'repo/.shipshape.yaml': 'ignore:\n  - vendor/\n  - "**/skip-*.yaml"\n  - /sub/anchored.yaml\n',
  'repo/a.yaml': POD,
  'repo/b.yml': POD,
  'repo/Kustomization': KUSTOMIZATION,
  'repo/kustomization.txt': KUSTOMIZATION,
  'repo/notes.md': POD,
  'repo/x.tmp.yaml': POD,
  'repo/generated/g.yaml': POD,
  'repo/vendor/v.yaml': POD,
  'repo/node_modules/dep/n.yaml': POD,
  'repo/apps/.gitignore': 'local.yaml\n!keep.tmp.yaml\n',
  'repo/apps/deploy.yaml': POD,
  'repo/apps/local.yaml': POD,
  'repo/apps/keep.tmp.yaml': POD,
  'repo/apps/drop.tmp.yaml': POD,
  'repo/apps/skip-me.yaml': POD,
  'repo/sub/only.yaml': POD,
  'repo/sub/y.tmp.yaml': POD,
  'repo/sub/anchored.yaml': POD,
  'repo/sub/deeper/anchored.yaml': POD,
};

describe('cli: which files are linted', () => {
  let outer: string;
  let repo: string;
  before(() => {
    assertBuilt();
    outer = mkdtempSync(join(tmpdir(), 'shipshape-files-'));
    repo = join(outer, 'repo');
    for (const [path, text] of Object.entries(TREE)) {
      mkdirSync(dirname(join(outer, path)), { recursive: true });
      writeFileSync(join(outer, path), text);
    }
    mkdirSync(join(repo, 'empty'));
    symlinkSync('..', join(repo, 'apps', 'loop')); // apps/loop/apps/loop/… forever, if followed blindly
    symlinkSync('../sub', join(repo, 'apps', 'sub-link'));
    symlinkSync('missing.yaml', join(repo, 'apps', 'dangling.yaml'));
  });
  after(() => rmSync(outer, { recursive: true, force: true }));

  const lint = (args: string[], cwd = repo) => runCli(['lint', '--format', 'json', ...args], { cwd });

  it('walks the cwd by default: YAML and Kustomization files, minus .git, node_modules and ignored paths', () => {
    const run = lint([]);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(filesOf(run), [
      'Kustomization',
      'a.yaml',
      'apps/deploy.yaml',
      'apps/keep.tmp.yaml',
      // The config's /sub/anchored.yaml is anchored: it does not match the same file seen through a symlink.
      'apps/sub-link/anchored.yaml',
      'apps/sub-link/deeper/anchored.yaml',
      'apps/sub-link/only.yaml',
      'b.yml',
      'sub/deeper/anchored.yaml',
      'sub/only.yaml',
    ]);
  });

  it('recognises a file named Kustomization as a kustomization', () => {
    const run = lint(['Kustomization']);
    assert.deepEqual(
      JSON.parse(run.stdout).map((f: { ruleId: string }) => f.ruleId),
      ['kustomize-image-latest'],
    );
  });

  it('applies the .gitignore files of the git root and the folders between it and the path', () => {
    // sub/y.tmp.yaml is ignored by repo/.gitignore although the walk starts at sub.
    assert.deepEqual(filesOf(lint(['sub'])), ['sub/deeper/anchored.yaml', 'sub/only.yaml']);
    // apps/.gitignore re-includes keep.tmp.yaml; drop.tmp.yaml stays ignored by the root's *.tmp.yaml.
    assert.deepEqual(filesOf(lint(['apps'])), [
      'apps/deploy.yaml',
      'apps/keep.tmp.yaml',
      'apps/sub-link/anchored.yaml',
      'apps/sub-link/deeper/anchored.yaml',
      'apps/sub-link/only.yaml',
    ]);
  });

  it('applies the config ignore patterns relative to the config folder, not the cwd', () => {
    // /sub/anchored.yaml is anchored at repo/, where .shipshape.yaml is; sub/deeper/anchored.yaml does not match it.
    const run = lint(['.'], join(repo, 'sub'));
    assert.deepEqual(filesOf(run), ['deeper/anchored.yaml', 'only.yaml']);
  });

  it('lints a file named on the command line even when it is ignored', () => {
    const explicit = ['generated/g.yaml', 'vendor/v.yaml', 'x.tmp.yaml', 'apps/local.yaml', 'apps/skip-me.yaml', 'node_modules/dep/n.yaml', 'notes.md'];
    const run = lint(explicit);
    assert.equal(run.status, 1);
    assert.deepEqual(filesOf(run), [...explicit].sort());
  });

  it('shows paths as given, joined with "/" to what was found', () => {
    assert.deepEqual(filesOf(lint(['./sub/', 'apps//deploy.yaml'])), ['apps/deploy.yaml', 'sub/deeper/anchored.yaml', 'sub/only.yaml']);
    // From outer/ no .shipshape.yaml is found, so its ignore patterns do not apply.
    assert.deepEqual(filesOf(lint(['repo/sub'], outer)), ['repo/sub/anchored.yaml', 'repo/sub/deeper/anchored.yaml', 'repo/sub/only.yaml']);
    assert.deepEqual(filesOf(lint(['../b.yml'], join(repo, 'sub'))), ['../b.yml']);
  });

  it('lints a file once when it is reached by several paths', () => {
    const run = lint(['sub', 'sub/only.yaml', '.']);
    const counts = new Map<string, number>();
    for (const finding of JSON.parse(run.stdout) as Array<{ file: string; ruleId: string }>) {
      if (finding.ruleId === 'image-latest-tag') counts.set(finding.file, (counts.get(finding.file) ?? 0) + 1);
    }
    assert.equal(counts.get('sub/only.yaml'), 1);
  });

  it('exits 2 for a folder that has no YAML file, or only ignored ones', () => {
    const empty = lint(['empty']);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /No YAML files found in empty/);
    const ignoredOnly = lint(['generated']);
    assert.equal(ignoredOnly.status, 2);
    assert.match(ignoredOnly.stderr, /No YAML files found in generated/);
  });

  it('follows a symlink loop without hanging and without repeating files', () => {
    const run = lint(['apps']);
    assert.ok(filesOf(run).every((file) => !file.includes('/loop/')));
    assert.equal(run.stderr, '');
  });
});
