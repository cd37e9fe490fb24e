// Table tests for one rule, in the spirit of ESLint's RuleTester: valid cases yield no finding of the
// rule; invalid cases yield exactly the listed findings (exact ranges), and fixes produce exact text.
import assert from 'node:assert/strict';
import { applyEdits, lint, lineStarts, lineIndexOf, type Finding, type RuleSetting, type Severity } from '../../server/src/engine/index';
import { parseYaml } from '../../server/src/engine/parse';
import type { LiveFacts } from '../../server/src/engine/live-facts';
import type { RegistryFacts } from '../../server/src/engine/registry-facts';

export interface ValidCase {
  name?: string;
  code: string;
  fileName?: string;
  rules?: Record<string, RuleSetting>;
  /** Registry facts for the network rules (LintOptions.registry). */
  registry?: RegistryFacts;
  /** Live facts for the live rules (LintOptions.live). */
  live?: LiveFacts;
}

export interface ExpectedFinding {
  /** 1-based [line, column, endLine, endColumn], columns in UTF-16 units, end exclusive. */
  range: [number, number, number, number];
  /** The exact text the range covers (a second, readable check of the range). */
  text?: string;
  severity?: Severity;
  message?: RegExp;
  /** Expected text after applying this finding's fix (matched by title, else its first fix). */
  fix?: { title?: RegExp; output: string };
  /** This finding must offer no fix of its own. */
  noFix?: true;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

export interface RuleTable {
  valid: Array<ValidCase | string>;
  invalid: InvalidCase[];
}

function position(starts: number[], offset: number): [number, number] {
  const line = lineIndexOf(starts, offset);
  return [line + 1, offset - (starts[line] ?? 0) + 1];
}

function label(c: ValidCase, i: number): string {
  return c.name ?? `case ${i + 1}: ${c.code.split('\n').find((l) => /image|port|type|replicas|newTag|digest|Limit|Seconds|max/.test(l))?.trim() ?? c.code.slice(0, 40)}`;
}

export function findingsOf(ruleId: string, c: ValidCase): Finding[] {
  const options = { rules: c.rules ?? {}, onRuleError: (id: string, e: unknown) => assert.fail(`rule ${id} threw: ${String(e)}`) } as Parameters<typeof lint>[1] & object;
  if (c.fileName !== undefined) options.fileName = c.fileName;
  if (c.registry !== undefined) options.registry = c.registry;
  if (c.live !== undefined) options.live = c.live;
  return lint(c.code, options).findings.filter((f) => f.ruleId === ruleId);
}

export function ruleTester(ruleId: string, table: RuleTable): void {
  describe(ruleId, () => {
    describe('valid', () => {
      table.valid.forEach((raw, i) => {
        const c = typeof raw === 'string' ? { code: raw } : raw;
        it(label(c, i), () => {
          const found = findingsOf(ruleId, c);
          assert.deepEqual(found.map((f) => `${f.start}-${f.end}: ${f.message}`), [], `expected no ${ruleId} finding`);
        });
      });
    });
    describe('invalid', () => {
      table.invalid.forEach((c, i) => {
        it(label(c, i), () => {
          assert.ok(c.errors.length > 0, 'an invalid case must list its findings');
          const found = findingsOf(ruleId, c);
          const starts = lineStarts(c.code);
          const actual = found.map((f) => [...position(starts, f.start), ...position(starts, f.end)]);
          assert.deepEqual(actual, c.errors.map((e) => e.range), `${ruleId} findings at the wrong places`);
          c.errors.forEach((expected, k) => {
            const f = found[k]!;
            if (expected.text !== undefined) assert.equal(c.code.slice(f.start, f.end), expected.text);
            if (expected.severity) assert.equal(f.severity, expected.severity);
            if (expected.message) assert.match(f.message, expected.message);
            const fixes = f.fixes?.() ?? [];
            if (expected.noFix) assert.deepEqual(fixes.map((x) => x.title), [], 'expected no fix');
            if (expected.fix) {
              const fix = expected.fix.title ? fixes.find((x) => expected.fix!.title!.test(x.title)) : fixes[0];
              assert.ok(fix, `no fix matching ${expected.fix.title ?? 'any'}; offered: ${fixes.map((x) => x.title).join(', ') || 'none'}`);
              const output = applyEdits(c.code, fix.edits);
              assert.equal(output, expected.fix.output);
              const errorsBefore = parseYaml(c.code).docs.reduce((n, d) => n + d.errors.length, 0);
              const errorsAfter = parseYaml(output).docs.reduce((n, d) => n + d.errors.length, 0);
              assert.equal(errorsAfter, errorsBefore, 'the fix must not break the YAML');
            }
          });
        });
      });
    });
  });
}

/** Joins lines with \n: keeps table cases readable. */
export function yaml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}
