// Incremental analysis: the stream is split at document markers without parsing, each document's analysis
// is cached by its text, and an edit re-analyses only the documents it touched — with results identical to
// a fresh lint.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, LintCache, lineIndexOf, lineStarts, lint, lintSteps, type LintOptions, type LintResult } from '../../../server/src/engine/index';
import { splitDocuments } from '../../../server/src/engine/split';
import { deploymentDoc, manyDeployments } from '../../../bench/corpus';

/** Runs lintSteps to the end; each step is one document analysed (not found in the cache). */
function run(text: string, options: LintOptions): { result: LintResult; analysed: number } {
  const steps = lintSteps(text, options);
  let analysed = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { result: step.value, analysed };
    analysed++;
  }
}

/** Each finding's lines and characters agree with its offsets counted over the whole text. */
function assertLinesMatchOffsets(text: string, result: LintResult): void {
  const starts = lineStarts(text);
  for (const f of result.findings) {
    const startLine = lineIndexOf(starts, f.start);
    const endLine = lineIndexOf(starts, f.end);
    assert.deepEqual(f.lines, { startLine, startCharacter: f.start - starts[startLine]!, endLine, endCharacter: f.end - starts[endLine]! }, `${f.ruleId} at ${f.start}`);
  }
}

/** Findings with their fixes applied, comparable with deepEqual. */
function observable(text: string, result: LintResult) {
  return result.findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    start: f.start,
    end: f.end,
    lines: f.lines,
    fixed: (f.fixes?.() ?? []).map((fix) => [fix.title, applyEdits(text, fix.edits)]),
  }));
}

describe('incremental analysis', () => {
  describe('splitDocuments', () => {
    const pieces = (text: string) => splitDocuments(text).map((c) => [c.start, c.text]);

    it('splits at every line that starts with --- and a space, tab or line end', () => {
      const text = 'a: 1\n---\nb: 2\n--- # c\nc: 3\n---\td: 4\r\n---\r\ne: 5';
      assert.deepEqual(pieces(text), [
        [0, 'a: 1\n'],
        [5, '---\nb: 2\n'],
        [14, '--- # c\nc: 3\n'],
        [27, '---\td: 4\r\n'],
        [37, '---\r\ne: 5'],
      ]);
    });

    it('does not split at ---- , indented ---, or --- inside a line', () => {
      const text = 'a: |\n  ---\n  x\nb: "---"\n----\nc: ---\n';
      assert.deepEqual(pieces(text), [[0, text]]);
    });

    it('a marker on the first line opens the second piece after an empty first one', () => {
      assert.deepEqual(pieces('---\na: 1\n'), [[0, '---\na: 1\n']]);
      assert.deepEqual(pieces('x: 1\n---'), [[0, 'x: 1\n'], [5, '---']]);
    });

    it('keeps a stream with % directives whole (they reach into the next document)', () => {
      const text = '%YAML 1.2\n---\na: 1\n...\n%TAG ! tag:x,2024:\n---\nb: 2\n';
      assert.deepEqual(pieces(text), [[0, text]]);
    });

    it('the pieces always add up to the text', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom('a: 1', '---', '--- x', '----', ' ---', '', '- b', '\r'), { maxLength: 30 }), (lines) => {
          const text = lines.join('\n');
          const chunks = splitDocuments(text);
          assert.equal(chunks.map((c) => c.text).join(''), text);
          chunks.forEach((c, i) => assert.equal(c.start, i === 0 ? 0 : chunks[i - 1]!.start + chunks[i - 1]!.text.length));
        }),
        { seed: 7, numRuns: 300 },
      );
    });
  });

  describe('LintCache', () => {
    const big = manyDeployments(60);

    it('a first lint analyses every document; an unchanged text analyses none', () => {
      const cache = new LintCache();
      assert.equal(run(big, { cache }).analysed, 60);
      const again = run(big, { cache });
      assert.equal(again.analysed, 0);
      assert.deepEqual(observable(big, again.result), observable(big, lint(big)));
    });

    it('an edit inside one document re-analyses only that one, and matches a fresh lint exactly', () => {
      const cache = new LintCache();
      run(big, { cache });
      const at = big.indexOf('replicas: ', big.indexOf('name: service-31')) + 'replicas: '.length;
      const edited = applyEdits(big, [{ start: at, end: at + 1, newText: '1' }]);
      const { result, analysed } = run(edited, { cache });
      assert.equal(analysed, 1);
      assert.deepEqual(observable(edited, result), observable(edited, lint(edited)));
      assert.ok(result.findings.some((f) => f.ruleId === 'rollout-single-replica' && edited.slice(f.start, f.end) === '1'), 'the edited document is linted anew');
    });

    it('inserting a document shifts the offsets of the later ones without re-analysing them', () => {
      const cache = new LintCache();
      run(big, { cache });
      const at = big.indexOf('---\n', big.length / 2);
      const edited = applyEdits(big, [{ start: at, end: at, newText: `---\n${deploymentDoc(999)}\n` }]);
      const { result, analysed } = run(edited, { cache });
      assert.equal(analysed, 1);
      assertLinesMatchOffsets(edited, result);
      assert.deepEqual(observable(edited, result), observable(edited, lint(edited)));
    });

    it('a lint dropped half-way leaves its analyses for the next one', () => {
      const cache = new LintCache();
      const steps = lintSteps(big, { cache });
      for (let i = 0; i < 5; i++) assert.equal(steps.next().done, false);
      assert.equal(cache.size, 5);
      assert.equal(run(big, { cache }).analysed, 55);
      assert.equal(cache.size, 60);
    });

    it('rule settings and file-wide directives apply on reuse (they are not part of what is cached)', () => {
      const cache = new LintCache();
      run(big, { cache });
      const off = run(big, { cache, rules: { 'image-latest-tag': 'off', 'pull-policy-missing': 'error' } });
      assert.equal(off.analysed, 0);
      assert.ok(!off.result.findings.some((f) => f.ruleId === 'image-latest-tag'));
      assert.ok(off.result.findings.filter((f) => f.ruleId === 'pull-policy-missing').every((f) => f.severity === 'error'));
      const disabled = `# shipshape-disable image-not-pinned\n${big}`;
      const withDirective = run(disabled, { cache });
      assert.equal(withDirective.analysed, 1, 'only the first document changed');
      assert.ok(!withDirective.result.findings.some((f) => f.ruleId === 'image-not-pinned'));
    });

    it('random edits: cached results always equal a fresh lint', () => {
      const base = manyDeployments(12) + '---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nimages: [{name: a, newTag: latest}]\n';
      const edit = fc.record({ at: fc.nat({ max: base.length }), del: fc.nat({ max: 40 }), text: fc.constantFrom('', '---\n', '\n---\n', 'x', ':latest', '1', '  ', '\n', '"', '[', '# shipshape-disable-next-line\n') });
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
          const cache = new LintCache();
          let text = base;
          run(text, { cache });
          for (const e of edits) {
            const at = Math.min(e.at, text.length);
            text = applyEdits(text, [{ start: at, end: Math.min(text.length, at + e.del), newText: e.text }]);
            const cached = run(text, { cache }).result;
            assertLinesMatchOffsets(text, cached);
            assert.deepEqual(observable(text, cached), observable(text, lint(text)));
          }
        }),
        { seed: 11, numRuns: 15 },
      );
    });
  });
});
