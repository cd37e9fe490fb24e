// One rule throwing costs only that rule's findings; the caller hears about it through onRuleError.
import assert from 'node:assert/strict';
import { injectRuleFault, lint } from '../../../server/src/engine/index';

const manifest = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:latest\n      imagePullPolicy: IfNotPresent\n';

describe('a rule that throws', () => {
  let undo: (() => void) | undefined;
  afterEach(() => undo?.());

  it('is reported through onRuleError, and the other rules still report', () => {
    const before = lint(manifest).findings.map((f) => f.ruleId);
    assert.ok(before.includes('image-latest-tag') && before.includes('pull-policy-stale-cache'), before.join());
    undo = injectRuleFault('image-latest-tag');
    const failures: string[] = [];
    const after = lint(manifest, { onRuleError: (id, error) => failures.push(`${id}: ${(error as Error).message}`) }).findings.map((f) => f.ruleId);
    assert.deepEqual(failures, ['image-latest-tag: fault injected into image-latest-tag']);
    assert.deepEqual(after, before.filter((id) => id !== 'image-latest-tag'));
  });

  it('unknown rule ids are refused', () => {
    assert.throws(() => injectRuleFault('no-such-rule'), /unknown rule "no-such-rule"/);
  });
});
