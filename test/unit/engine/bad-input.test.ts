// Hostile and unusual input: huge files, binary data, alias bombs, deep nesting, tabs, line endings,
// byte order marks, broken UTF-16 and empty files. lint() must return, quickly, with sensible findings.
import assert from 'node:assert/strict';
import { applyEdits, disableNextLineFix, lint, lineIndexOf, lineStarts, type Finding, type LintOptions, type LintResult } from '../../../server/src/engine/index';

/** Lints and fails the test if a rule throws or a finding lies outside the text. */
function lintStrict(text: string, options: LintOptions = {}): LintResult {
  const ruleErrors: string[] = [];
  const result = lint(text, { ...options, onRuleError: (id, error) => ruleErrors.push(`${id}: ${String(error)}`) });
  assert.deepEqual(ruleErrors, [], 'a rule threw');
  for (const f of result.findings) assert.ok(0 <= f.start && f.start <= f.end && f.end <= text.length, `${f.ruleId} at ${f.start}-${f.end} is outside 0-${text.length}`);
  return result;
}

function ids(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.ruleId);
}

/** A small deterministic generator (mulberry32), so "random" bytes are the same on every run. */
function randomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx:latest',
  '',
].join('\n');

describe('bad input', () => {
  describe('a 50 MB file', () => {
    // Built when the tests run, not when mocha loads the file.
    let text = '';
    before(() => {
      text = `${DEPLOYMENT}---\n`.repeat(Math.ceil((50 * 1024 * 1024) / (DEPLOYMENT.length + 4)));
    });

    it('is skipped with exactly one file-skipped finding on its first line, without being parsed', () => {
      assert.ok(text.length >= 50 * 1024 * 1024);
      const started = performance.now();
      const result = lintStrict(text);
      const elapsed = performance.now() - started;
      assert.equal(result.skipped, 'too-large');
      assert.deepEqual(ids(result.findings), ['file-skipped'], 'parsing would have reported image-latest-tag on every copy');
      const [finding] = result.findings;
      assert.match(finding!.message, /larger than 10 MiB/);
      assert.equal(finding!.start, 0);
      assert.equal(finding!.end, 'apiVersion: apps/v1'.length);
      // Parsing 50 MB of YAML takes many seconds; skipping must not.
      assert.ok(elapsed < 1000, `skipping took ${elapsed.toFixed(0)} ms`);
    });

    it('honours a lower maxLength, and file-skipped can be turned off while the file is still skipped', () => {
      const small = DEPLOYMENT.repeat(3);
      assert.deepEqual(ids(lintStrict(small, { maxLength: DEPLOYMENT.length }).findings), ['file-skipped']);
      const off = lintStrict(text, { rules: { 'file-skipped': 'off' } });
      assert.deepEqual(off, { findings: [], skipped: 'too-large' });
    });
  });

  describe('binary content', () => {
    it('random bytes with NULs, decoded as UTF-8, give exactly one file-skipped (binary)', () => {
      const bytes = randomBytes(64 * 1024, 42);
      for (let i = 0; i < bytes.length; i += 997) bytes[i] = 0;
      const text = bytes.toString('utf8');
      assert.ok(text.includes('\u0000'));
      const result = lintStrict(text);
      assert.equal(result.skipped, 'binary');
      assert.deepEqual(ids(result.findings), ['file-skipped']);
      assert.match(result.findings[0]!.message, /binary/);
    });

    it('random bytes without any NUL are still recognised as binary', () => {
      const bytes = randomBytes(16 * 1024, 7).map((b) => (b === 0 ? 1 : b));
      const result = lintStrict(Buffer.from(bytes).toString('utf8'));
      assert.equal(result.skipped, 'binary');
      assert.deepEqual(ids(result.findings), ['file-skipped']);
    });

    it('one NUL in an otherwise valid manifest makes it binary', () => {
      const result = lintStrict(DEPLOYMENT.replace('web\n', 'web\u0000\n'));
      assert.equal(result.skipped, 'binary');
      assert.deepEqual(ids(result.findings), ['file-skipped']);
    });
  });

  describe('an alias bomb (billion laughs) in a Deployment', () => {
    // lol9 stands for 9^9 (~387 million) strings if expanded; the engine must never expand it.
    const levels = ['    lol0: &lol0 "lol"'];
    for (let i = 1; i <= 9; i++) levels.push(`    lol${i}: &lol${i} [${Array(9).fill(`*lol${i - 1}`).join(', ')}]`);
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: laughs',
      '  annotations:',
      ...levels,
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: nginx:latest',
      '          args: *lol9',
      '          env: *lol9',
      '          ports: *lol9',
      '          readinessProbe: *lol9',
      '        - *lol9',
      '      initContainers: *lol9',
      '',
    ].join('\n');

    it('returns promptly and still reports image-latest-tag', () => {
      const started = performance.now();
      const result = lintStrict(text);
      const elapsed = performance.now() - started;
      const latest = result.findings.filter((f) => f.ruleId === 'image-latest-tag');
      assert.equal(latest.length, 1, `findings: ${ids(result.findings).join(', ')}`);
      assert.equal(text.slice(latest[0]!.start, latest[0]!.end), 'nginx:latest');
      assert.ok(!ids(result.findings).includes('yaml-syntax'), 'the bomb is valid YAML');
      assert.ok(elapsed < 2000, `lint took ${elapsed.toFixed(0)} ms`);
      for (const f of result.findings) for (const fix of f.fixes?.() ?? []) applyEdits(text, fix.edits);
    });
  });

  describe('deep nesting', () => {
    const header = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: deep', ''].join('\n');

    it('10,000 nested flow sequences do not throw', () => {
      const text = `${header}  annotations:\n    deep: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n${DEPLOYMENT.slice(DEPLOYMENT.indexOf('spec:'))}`;
      const result = lintStrict(text);
      // Whatever the parser makes of it, only YAML errors may come out of a document it could not build.
      for (const id of ids(result.findings)) assert.equal(id, 'yaml-syntax');
    });

    it('2,000 nested block maps do not throw', () => {
      const lines = [header + 'x:'];
      for (let depth = 1; depth <= 2000; depth++) lines.push(`${'  '.repeat(depth)}k${depth}:`);
      lines.push(`${'  '.repeat(2001)}leaf: 1`);
      const result = lintStrict(lines.join('\n') + '\n');
      for (const id of ids(result.findings)) assert.equal(id, 'yaml-syntax');
    });

    it('a moderately nested but valid document is still checked', () => {
      const text = `${header}  annotations:\n    deep: "${'['.repeat(50)}"\n    nested: ${'['.repeat(50)}${']'.repeat(50)}\n${DEPLOYMENT.slice(DEPLOYMENT.indexOf('spec:'))}`;
      assert.ok(ids(lintStrict(text).findings).includes('image-latest-tag'));
    });
  });

  describe('a tab-indented manifest', () => {
    const text = DEPLOYMENT.replace(/^( +)/gm, (spaces) => '\t'.repeat(spaces.length / 2));

    it('gets a clear yaml-syntax finding on the first tab-indented line', () => {
      const { findings } = lintStrict(text);
      const syntax = findings.filter((f) => f.ruleId === 'yaml-syntax');
      assert.ok(syntax.length > 0, `findings: ${ids(findings).join(', ')}`);
      assert.ok(syntax.every((f) => f.severity === 'error'));
      const first = syntax[0]!;
      assert.match(first.message, /tab/i);
      const starts = lineStarts(text);
      assert.equal(lineIndexOf(starts, first.start), 3, 'expected on line 4, "\\tname: web"');
      assert.equal(text.slice(first.start, first.end), '\t');
      assert.ok(!ids(findings).includes('image-latest-tag'), 'a broken document is not checked');
    });
  });

  describe('line endings and byte order mark', () => {
    const LF = [
      '# Findings on several lines, fixes, and a broken second document.',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: ghcr.io/acme/web:v1.2.3',
      '          readinessProbe:',
      '            httpGet: {path: /ready, port: metrics}',
      '        - name: side',
      '          image: nginx:latest',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: broken',
      '  name: twice',
      '',
    ].join('\n');
    const CRLF = LF.replace(/\n/g, '\r\n');
    const BOM = '\uFEFF' + LF;

    /** rule id with 1-based line:column of start and end; the BOM is not a column of line 1. */
    function positions(text: string): string[] {
      const starts = lineStarts(text);
      const bom = text.startsWith('\uFEFF') ? 1 : 0;
      const at = (offset: number) => {
        const line = lineIndexOf(starts, offset);
        return `${line + 1}:${offset - (starts[line] ?? 0) + 1 - (line === 0 ? bom : 0)}`;
      };
      return lintStrict(text).findings.map((f) => `${f.ruleId} ${at(f.start)}-${at(f.end)}`);
    }

    it('LF, CRLF and a UTF-8 BOM give the same findings at the same lines and columns', () => {
      const expected = positions(LF);
      for (const id of ['yaml-syntax', 'image-latest-tag', 'pull-policy-missing', 'probe-port-unknown']) {
        assert.ok(expected.some((p) => p.startsWith(`${id} `)), `the sample should trigger ${id}: ${expected.join('; ')}`);
      }
      assert.deepEqual(positions(CRLF), expected, 'CRLF');
      assert.deepEqual(positions(BOM), expected, 'BOM');
    });

    it('fixes follow the line endings and keep the BOM', () => {
      const outputs = (text: string) =>
        lintStrict(text).findings.flatMap((f) => [...(f.fixes?.() ?? []), disableNextLineFix(text, f)].map((fix) => `${f.ruleId}/${fix.title}:\n${applyEdits(text, fix.edits)}`));
      const lf = outputs(LF);
      assert.ok(lf.some((o) => o.startsWith('pull-policy-missing/')) && lf.length > 3);
      assert.deepEqual(outputs(CRLF), lf.map((o) => o.replace(/\n/g, '\r\n').replace(/^([^\r]*)\r\n/, '$1\n')));
      assert.deepEqual(outputs(BOM), lf.map((o) => o.replace(/^([^\n]*\n)/, '$1\uFEFF')));
    });
  });

  describe('invalid UTF-16', () => {
    it('lone surrogates in keys, values and comments, and at the end, do not throw', () => {
      const text = [
        '#\uDC00 a lone low surrogate right after the #',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: sur\uD800rogate # \uDC00',
        '  labels: {"\uDBFF": x}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: a',
        '          image: nginx:\uD800',
        '        - name: b',
        '          image: "ngi\uDFFFnx:1.0"',
        '        - name: c',
        '          image: nginx:latest',
        '# ends with a lone high surrogate \uD83D',
      ].join('\n');
      const { findings } = lintStrict(text);
      const invalid = findings.filter((f) => f.ruleId === 'image-invalid-reference').map((f) => text.slice(f.start, f.end));
      assert.deepEqual(invalid, ['nginx:\uD800', '"ngi\uDFFFnx:1.0"']);
      assert.ok(ids(findings).includes('image-latest-tag'), 'the valid container is still checked');
    });

    it('a text of nothing but (lone and paired) surrogates does not throw', () => {
      const text = '\uD800\uDC00\uDFFF\uD800'.repeat(100);
      const result = lintStrict(text);
      assert.ok(result.findings.every((f) => f.ruleId === 'file-skipped' || f.ruleId === 'yaml-syntax'));
    });
  });

  describe('empty and comment-only files', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['an empty file', '', undefined],
      ['an empty kustomization.yaml', '', 'kustomization.yaml'],
      ['only a newline', '\n', undefined],
      ['only a BOM', '\uFEFF', undefined],
      ['only comments', '# just a comment\n# and another\n', undefined],
      ['only comments, CRLF, no final newline', '# just a comment\r\n#\r\n# shipshape-disable', undefined],
      ['only comments in a kustomization.yaml', '# nothing here yet\n', 'kustomization.yaml'],
      ['only document markers and comments', '---\n# c\n...\n---\n', undefined],
    ];
    for (const [name, text, fileName] of cases) {
      it(`${name} has no findings`, () => {
        assert.deepEqual(lintStrict(text, fileName === undefined ? {} : { fileName }), { findings: [] });
      });
    }
  });
});
