// `shipshape lint` end to end: arguments, exit codes, config, stdin and the text and JSON formats,
// each run through the built dist/cli.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT, assertBuilt, jsonFindings, runCli } from '../fixtures/cli/run-cli';

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const POD = readFileSync(join(FIXTURES, 'basic', 'pod.yaml'), 'utf8');
/** basic/pod.yaml reports these: two warnings and one information. */
const BASIC_RULES = ['probe-liveness-missing', 'probe-readiness-missing', 'image-latest-tag'];

describe('cli: shipshape lint', () => {
  let temp: string;
  before(() => {
    assertBuilt();
    temp = mkdtempSync(join(tmpdir(), 'shipshape-cli-'));
    writeFileSync(join(temp, '.shipshape.yaml'), '');
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  /** A fresh folder under the temp dir (which has an empty .shipshape.yaml). */
  function folder(name: string, files: Record<string, string> = {}): string {
    const dir = join(temp, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  }

  describe('command line', () => {
    it('exits 2 with the usage when no command is given', () => {
      const run = runCli([]);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /no command given/);
      assert.match(run.stderr, /Usage: shipshape <command>/);
      assert.match(run.stderr, /^ {2}lint /m);
    });

    it('exits 2 with the usage for an unknown command or top-level option', () => {
      for (const args of [['frobnicate'], ['--frobnicate']]) {
        const run = runCli(args);
        assert.equal(run.status, 2, args.join(' '));
        assert.match(run.stderr, new RegExp(`unknown (command|option) "${args[0]}"`));
        assert.match(run.stderr, /Usage: shipshape <command>/);
      }
    });

    it('prints the version from package.json with -v, --version and lint --version', () => {
      for (const args of [['-v'], ['--version'], ['lint', '--version']]) {
        const run = runCli(args);
        assert.equal(run.status, 0, args.join(' '));
        assert.equal(run.stdout, `${VERSION}\n`);
      }
    });

    it('prints help on stdout with -h and lint --help', () => {
      const top = runCli(['-h']);
      assert.equal(top.status, 0);
      assert.match(top.stdout, /^Usage: shipshape <command>/);
      const lint = runCli(['lint', '--help']);
      assert.equal(lint.status, 0);
      assert.match(lint.stdout, /^Usage: shipshape lint/);
      for (const option of ['--format', '--fail-on', '--output-file', '--config', '--rule', '--max-file-size', '--stdin-filename']) {
        assert.ok(lint.stdout.includes(option), `help lacks ${option}`);
      }
    });

    const badArgs: Array<[string[], RegExp]> = [
      [['--bogus'], /Unknown option '--bogus'/],
      [['-x'], /Unknown option '-x'/],
      [['--format', 'xml'], /--format must be one of text, json, sarif/],
      [['--format'], /--format.*argument missing/],
      [['--fail-on', 'fatal'], /--fail-on must be one of error, warning, information, hint/],
      [['--max-file-size', '0'], /--max-file-size takes a positive number/],
      [['--max-file-size', 'ten'], /--max-file-size takes a positive number/],
      [['--rule', 'image-latest-tag'], /--rule takes <id>=<setting>/],
      [['--rule', 'no-such-rule=off'], /unknown rule "no-such-rule"/],
      [['--rule', 'image-latest-tag=loud'], /--rule image-latest-tag must be one of/],
      [['--stdin-filename', 'x.yaml'], /--stdin-filename needs -/],
      [['-', '-'], /stdin \(-\) can be read only once/],
    ];
    for (const [args, message] of badArgs) {
      it(`exits 2 with a usage message for lint ${args.join(' ')}`, () => {
        const run = runCli(['lint', 'basic', ...args]);
        assert.equal(run.status, 2);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, message);
        assert.match(run.stderr, /Usage: shipshape lint/);
      });
    }
  });

  describe('exit status', () => {
    it('is 1 when a finding is at or above the default --fail-on warning', () => {
      assert.equal(runCli(['lint', 'basic']).status, 1);
    });

    it('is 0 with no output for a clean folder', () => {
      const run = runCli(['lint', 'clean']);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, '');
    });

    it('follows --fail-on', () => {
      // basic/pod.yaml: warnings and an information, no error.
      assert.equal(runCli(['lint', '--fail-on', 'error', 'basic']).status, 0);
      assert.equal(runCli(['lint', '--fail-on', 'warning', 'basic']).status, 1);
      const infoOnly = ['--rule', 'image-latest-tag=off', '--rule', 'probe-readiness-missing=off', 'basic'];
      assert.equal(runCli(['lint', '--fail-on', 'warning', ...infoOnly]).status, 0);
      assert.equal(runCli(['lint', '--fail-on', 'information', ...infoOnly]).status, 1);
      assert.equal(runCli(['lint', '--fail-on', 'hint', ...infoOnly]).status, 1);
      const hintOnly = ['--rule', 'image-latest-tag=off', '--rule', 'probe-readiness-missing=off', '--rule', 'probe-liveness-missing=hint', 'basic'];
      assert.equal(runCli(['lint', '--fail-on', 'information', ...hintOnly]).status, 0);
      assert.equal(runCli(['lint', '--fail-on', 'hint', ...hintOnly]).status, 1);
    });

    it('still prints findings when --fail-on lets them pass', () => {
      const run = runCli(['lint', '--fail-on', 'error', '--format', 'json', 'basic']);
      assert.equal(run.status, 0);
      assert.equal(jsonFindings(run).length, 3);
    });

    it('is 2 for a path that does not exist, and the other paths are still reported', () => {
      const run = runCli(['lint', '--format', 'json', 'no/such/dir', 'basic']);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /cannot read no\/such\/dir: no such file or directory/);
      assert.deepEqual(
        jsonFindings(run).map((f) => f.file),
        ['basic/pod.yaml', 'basic/pod.yaml', 'basic/pod.yaml'],
      );
    });

    it('is 2 when a rule throws, naming the rule and file, and the other rules are still reported', () => {
      const run = runCli(['lint', '--format', 'json', 'basic'], { env: { SHIPSHAPE_INJECT_RULE_FAULT: 'image-latest-tag' } });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /rule image-latest-tag failed on basic\/pod\.yaml: fault injected into image-latest-tag/);
      assert.deepEqual(jsonFindings(run).map((f) => f.ruleId).sort(), BASIC_RULES.filter((id) => id !== 'image-latest-tag').sort());
    });

    it('is 2 for a folder without YAML files', () => {
      const empty = folder('empty');
      const run = runCli(['lint', empty]);
      assert.equal(run.status, 2);
      assert.equal(run.stderr, `shipshape: No YAML files found in ${empty}\n`);
      const textOnly = folder('text-only', { 'notes.txt': 'kind: Pod\n', 'values.json': '{}' });
      const second = runCli(['lint', '.'], { cwd: textOnly });
      assert.equal(second.status, 2);
      assert.equal(second.stderr, 'shipshape: No YAML files found in .\n');
    });
  });

  describe('configuration', () => {
    it('is 2 and lists every problem of a bad .shipshape.yaml found from the cwd', () => {
      const run = runCli(['lint', '.'], { cwd: join(FIXTURES, 'bad-config') });
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /problems in \.shipshape\.yaml:/);
      assert.match(run.stderr, /unknown key "colour"/);
      assert.match(run.stderr, /rule "image-latest-tag" must be one of/);
      assert.match(run.stderr, /unknown rule "no-such-rule"/);
    });

    it('reads --config instead of the nearest config, and fails with 2 when it is bad or missing', () => {
      const bad = runCli(['lint', '--config', 'bad-config/.shipshape.yaml', 'basic']);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /unknown rule "no-such-rule"/);
      const missing = runCli(['lint', '--config', 'nowhere.yaml', 'basic']);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /cannot read .*nowhere\.yaml: no such file or directory/);
    });

    it('applies the rules of the nearest ancestor config, and --rule overrides them', () => {
      const project = folder('configured', {
        '.shipshape.yaml': 'rules:\n  image-latest-tag: off\n  probe-readiness-missing: off\n  probe-liveness-missing: error\n',
      });
      const nested = join(project, 'deep', 'er');
      mkdirSync(nested, { recursive: true });
      writeFileSync(join(nested, 'pod.yaml'), POD);

      const run = runCli(['lint', '--format', 'json', '.'], { cwd: nested });
      assert.equal(run.status, 1);
      assert.deepEqual(jsonFindings(run).map((f) => [f.ruleId, f.severity]), [['probe-liveness-missing', 'error']]);

      const overridden = runCli(['lint', '--format', 'json', '--rule', 'probe-liveness-missing=off', '--rule', 'image-latest-tag=hint', '.'], { cwd: nested });
      assert.equal(overridden.status, 0);
      assert.deepEqual(jsonFindings(overridden).map((f) => [f.ruleId, f.severity]), [['image-latest-tag', 'hint']]);
    });
  });

  describe('text format', () => {
    it('prints the stylish layout exactly', () => {
      const json = jsonFindings(runCli(['lint', '--format', 'json', 'basic']));
      const message = (ruleId: string) => json.find((f) => f.ruleId === ruleId)!.message;
      const width = Math.max(...BASIC_RULES.map((id) => message(id).length));
      const row = (position: string, severity: string, ruleId: string) => `  ${position}  ${severity}  ${message(ruleId).padEnd(width)}  ${ruleId}`;

      const run = runCli(['lint', 'basic']);
      assert.equal(run.status, 1);
      assert.equal(
        run.stdout,
        [
          '',
          'basic/pod.yaml',
          row('7:23', 'information', 'probe-liveness-missing'),
          row('7:23', 'warning    ', 'probe-readiness-missing'),
          row('7:37', 'warning    ', 'image-latest-tag'),
          '',
          '✖ 3 problems (0 errors, 2 warnings, 1 info, 0 hints)',
          '',
        ].join('\n'),
      );
      assert.equal(run.stderr, '');
    });

    it('groups by file and uses singular words for one problem', () => {
      const dir = folder('two-files', { 'b.yaml': POD, 'a.yaml': POD });
      const run = runCli(['lint', '--rule', 'probe-liveness-missing=off', '--rule', 'probe-readiness-missing=off', '--rule', 'image-latest-tag=error', '.'], { cwd: dir });
      const lines = run.stdout.split('\n');
      assert.deepEqual(
        lines.filter((line) => !line.startsWith('  ')),
        ['', 'a.yaml', '', 'b.yaml', '', '✖ 2 problems (2 errors, 0 warnings, 0 infos, 0 hints)', ''],
      );
      const one = runCli(['lint', '--rule', 'probe-liveness-missing=off', '--rule', 'probe-readiness-missing=off', 'a.yaml'], { cwd: dir });
      assert.match(one.stdout, /\n✖ 1 problem \(0 errors, 1 warning, 0 infos, 0 hints\)\n$/);
    });

    it('has no color codes when stdout is not a terminal', () => {
      const run = runCli(['lint', 'basic']);
      assert.ok(run.stdout.length > 0);
      assert.ok(!run.stdout.includes('\u001b['));
    });
  });

  describe('json format', () => {
    it('reports every field with exact 1-based positions (UTF-16 columns, end exclusive)', () => {
      const run = runCli(['lint', '--format', 'json', 'basic']);
      assert.equal(run.status, 1);
      const findings = jsonFindings(run);
      for (const finding of findings) {
        assert.deepEqual(Object.keys(finding), ['file', 'line', 'column', 'endLine', 'endColumn', 'ruleId', 'severity', 'message']);
        assert.equal(typeof finding.message, 'string');
        assert.ok(finding.message.length > 0);
      }
      // Line 7 is `  containers: [{name: "w😀", image: "nginx:latest"}]`: the emoji is two UTF-16 units.
      assert.deepEqual(
        findings.map(({ file, line, column, endLine, endColumn, ruleId, severity }) => ({ file, line, column, endLine, endColumn, ruleId, severity })),
        [
          { file: 'basic/pod.yaml', line: 7, column: 23, endLine: 7, endColumn: 28, ruleId: 'probe-liveness-missing', severity: 'information' },
          { file: 'basic/pod.yaml', line: 7, column: 23, endLine: 7, endColumn: 28, ruleId: 'probe-readiness-missing', severity: 'warning' },
          { file: 'basic/pod.yaml', line: 7, column: 37, endLine: 7, endColumn: 51, ruleId: 'image-latest-tag', severity: 'warning' },
        ],
      );
      const line7 = POD.split('\n')[6]!;
      assert.equal(line7.slice(36, 50), '"nginx:latest"');
      assert.equal(line7.slice(22, 27), '"w😀"');
    });

    it('prints an empty array when there is nothing to report', () => {
      const run = runCli(['lint', '--format', 'json', 'clean']);
      assert.equal(run.status, 0);
      assert.deepEqual(JSON.parse(run.stdout), []);
    });

    it('sorts by file, then position', () => {
      const dir = folder('sorted', { 'z.yaml': POD, 'm.yaml': POD });
      mkdirSync(join(dir, 'a'));
      writeFileSync(join(dir, 'a', 'pod.yaml'), POD);
      const findings = jsonFindings(runCli(['lint', '--format', 'json', 'z.yaml', '.'], { cwd: dir }));
      const keys = findings.map((f) => [f.file, f.line, f.column] as const);
      const sorted = [...keys].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1] || x[2] - y[2]));
      assert.deepEqual(keys, sorted);
      assert.deepEqual([...new Set(keys.map((k) => k[0]))], ['a/pod.yaml', 'm.yaml', 'z.yaml']);
    });

    it('does not count a byte order mark as a column', () => {
      const dir = folder('bom', { 'pod.yaml': `\ufeff${POD}` });
      const findings = jsonFindings(runCli(['lint', '--format', 'json', 'pod.yaml'], { cwd: dir }));
      const latest = findings.find((f) => f.ruleId === 'image-latest-tag');
      assert.deepEqual(latest && [latest.line, latest.column, latest.endLine, latest.endColumn], [7, 37, 7, 51]);
    });

    it('skips files above --max-file-size with a file-skipped finding', () => {
      // 0.0001 MiB is 104 UTF-16 units; basic/pod.yaml is longer.
      const run = runCli(['lint', '--format', 'json', '--max-file-size', '0.0001', 'basic']);
      assert.equal(run.status, 1);
      assert.deepEqual(
        jsonFindings(run).map((f) => [f.ruleId, f.line, f.column]),
        [['file-skipped', 1, 1]],
      );
      assert.equal(runCli(['lint', '--format', 'json', '--max-file-size', '1', 'basic']).stdout.includes('file-skipped'), false);
    });
  });

  describe('stdin', () => {
    it('lints - as <stdin>', () => {
      const run = runCli(['lint', '--format', 'json', '-'], { input: POD });
      assert.equal(run.status, 1);
      const findings = jsonFindings(run);
      assert.deepEqual(findings.map((f) => f.ruleId), BASIC_RULES);
      assert.ok(findings.every((f) => f.file === '<stdin>'));
    });

    it('uses --stdin-filename to show the file and to recognise a kustomization', () => {
      const overlay = readFileSync(join(FIXTURES, 'kustomize', 'overlay.txt'), 'utf8');
      // Without kind: or a kustomization file name this is just YAML.
      const anonymous = runCli(['lint', '-'], { input: overlay });
      assert.equal(anonymous.status, 0);
      assert.equal(anonymous.stdout, '');

      const named = runCli(['lint', '--format', 'json', '--stdin-filename', 'overlays/prod/kustomization.yaml', '-'], { input: overlay });
      assert.equal(named.status, 1);
      assert.deepEqual(
        jsonFindings(named).map((f) => [f.file, f.ruleId, f.line, f.column, f.endLine, f.endColumn]),
        [['overlays/prod/kustomization.yaml', 'kustomize-image-latest', 5, 13, 5, 19]],
      );
    });

    it('combines stdin with paths', () => {
      const run = runCli(['lint', '--format', 'json', '-', 'clean'], { input: POD });
      assert.equal(run.status, 1);
      assert.deepEqual([...new Set(jsonFindings(run).map((f) => f.file))], ['<stdin>']);
    });
  });

  describe('--output-file', () => {
    it('writes the report to the file and nothing to stdout', () => {
      const dir = folder('output', { 'pod.yaml': POD });
      for (const option of ['-o', '--output-file']) {
        const run = runCli(['lint', '--format', 'json', option, 'report.json', 'pod.yaml'], { cwd: dir });
        assert.equal(run.status, 1);
        assert.equal(run.stdout, '');
        const written = readFileSync(join(dir, 'report.json'), 'utf8');
        assert.equal(written, runCli(['lint', '--format', 'json', 'pod.yaml'], { cwd: dir }).stdout);
        assert.deepEqual(JSON.parse(written).map((f: { ruleId: string }) => f.ruleId), BASIC_RULES);
        rmSync(join(dir, 'report.json'));
      }
    });

    it('is 2 when the file cannot be written', () => {
      const run = runCli(['lint', '-o', join(temp, 'no', 'such', 'dir', 'out.txt'), 'basic']);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /cannot write .*out\.txt/);
    });
  });

  describe('npx', () => {
    it('resolves the bin entry from the repository root', () => {
      const run = spawnSync('npx', ['--no-install', 'shipshape', '--version'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.error, undefined);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.trim(), VERSION);
    });
  });
});
