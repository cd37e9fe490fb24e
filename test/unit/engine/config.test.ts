// .shipshape.yaml: reading it (problems in words, never a throw), layering settings, and lint() honouring them.
import assert from 'node:assert/strict';
import { combineRuleSettings, lint, parseProjectConfig, RULE_IDS, type ProjectConfig } from '../../../server/src/engine/index';
import { yaml } from '../../helpers/rule-tester';

const parse = (...lines: string[]): ProjectConfig => parseProjectConfig(yaml(...lines), RULE_IDS);

describe('parseProjectConfig', () => {
  it('reads severities, off and false, default', () => {
    const config = parse(
      'rules:',
      '  image-latest-tag: error',
      '  image-not-pinned: information',
      '  pull-policy-missing: off',
      '  pull-policy-stale-cache: false',
      '  image-untagged: default',
      '  kustomize-image-not-pinned: "hint"',
    );
    assert.deepEqual(config, {
      rules: {
        'image-latest-tag': 'error',
        'image-not-pinned': 'information',
        'pull-policy-missing': 'off',
        'pull-policy-stale-cache': 'off',
        'image-untagged': 'default',
        'kustomize-image-not-pinned': 'hint',
      },
      ignore: [],
      problems: [],
    });
  });

  it('reads the ignore list, and a single pattern as a list of one', () => {
    assert.deepEqual(parse('ignore:', '  - charts/**', '  - "!charts/keep.yaml"'), { rules: {}, ignore: ['charts/**', '!charts/keep.yaml'], problems: [] });
    assert.deepEqual(parse('ignore: vendor/'), { rules: {}, ignore: ['vendor/'], problems: [] });
  });

  it('an empty file, a comment-only file and empty keys are an empty config', () => {
    for (const text of ['', '# nothing yet\n', 'rules:\nignore:\n']) {
      assert.deepEqual(parseProjectConfig(text, RULE_IDS), { rules: {}, ignore: [], problems: [] }, JSON.stringify(text));
    }
  });

  it('an unknown rule is a problem naming it; the known ones still apply', () => {
    const config = parse('rules:', '  image-latest-tags: error', '  image-latest-tag: hint');
    assert.deepEqual(config.rules, { 'image-latest-tag': 'hint' });
    assert.equal(config.problems.length, 1);
    assert.match(config.problems[0]!, /unknown rule "image-latest-tags"/);
  });

  it('a value that is not a setting is a problem naming the rule', () => {
    for (const value of ['warn', 'true', '2', '[error]', 'Error']) {
      const config = parse('rules:', `  image-latest-tag: ${value}`);
      assert.deepEqual(config.rules, {}, value);
      assert.equal(config.problems.length, 1, value);
      assert.match(config.problems[0]!, /rule "image-latest-tag" must be one of error, warning, information, hint, off, default/, value);
    }
  });

  it('an unknown top-level key is a problem; the rest still applies', () => {
    const config = parse('rule:', '  image-latest-tag: off', 'ignore: [build/]');
    assert.deepEqual(config.rules, {});
    assert.deepEqual(config.ignore, ['build/']);
    assert.deepEqual(config.problems.length, 1);
    assert.match(config.problems[0]!, /unknown key "rule"/);
  });

  it('wrong shapes are problems, not throws', () => {
    const cases: Array<[string, RegExp]> = [
      ['- rules\n', /must be a mapping/],
      ['just text\n', /must be a mapping/],
      ['rules: [image-latest-tag]\n', /"rules" must map rule ids/],
      ['rules: off\n', /"rules" must map rule ids/],
      ['ignore: {a: b}\n', /"ignore" must be a list/],
      ['ignore: [build/, 3]\n', /"ignore" must be a list/],
    ];
    for (const [text, problem] of cases) {
      const config = parseProjectConfig(text, RULE_IDS);
      assert.equal(config.problems.length, 1, text);
      assert.match(config.problems[0]!, problem, text);
      assert.match(config.problems[0]!, /\.shipshape\.yaml/, text);
      assert.deepEqual([config.rules, config.ignore], [{}, []], text);
    }
  });

  it('bad YAML is one problem and an empty config', () => {
    for (const text of ['rules: {image-latest-tag: error\n', 'rules:\n  a: 1\n  a: 2\n', 'rules:\n\timage-latest-tag: off\n']) {
      const config = parseProjectConfig(text, RULE_IDS);
      assert.deepEqual([config.rules, config.ignore], [{}, []], text);
      assert.equal(config.problems.length, 1, text);
      assert.match(config.problems[0]!, /^\.shipshape\.yaml is not valid YAML: /, text);
    }
  });

  it('an alias bomb is refused, not expanded', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const config = parseProjectConfig(lines.join('\n') + '\n', RULE_IDS);
    assert.equal(config.problems.length, 1);
    assert.match(config.problems[0]!, /not valid YAML/);
  });
});

describe('combineRuleSettings', () => {
  it('later layers win, except where they say default', () => {
    const project = { 'image-latest-tag': 'error', 'image-not-pinned': 'off', 'pull-policy-missing': 'default' } as const;
    const user = { 'image-latest-tag': 'default', 'image-not-pinned': 'hint' } as const;
    assert.deepEqual(combineRuleSettings(project, user), { 'image-latest-tag': 'error', 'image-not-pinned': 'hint' });
    assert.deepEqual(combineRuleSettings(user, project), { 'image-latest-tag': 'error', 'image-not-pinned': 'off' });
  });

  it('skips missing layers and returns a new object', () => {
    const layer = { 'image-untagged': 'warning' } as const;
    const combined = combineRuleSettings(undefined, layer, undefined);
    assert.deepEqual(combined, layer);
    assert.notEqual(combined, layer);
    assert.deepEqual(combineRuleSettings(), {});
  });
});

describe('lint() with rule settings', () => {
  const pod = yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '    - {name: a, image: "a:latest"}', '    - {name: b, image: "b:v1"}');
  const summary = (rules: Parameters<typeof combineRuleSettings>[0]) =>
    lint(pod, { rules: rules ?? {} })
      .findings.filter((f) => ['image-latest-tag', 'image-not-pinned', 'pull-policy-missing'].includes(f.ruleId))
      .map((f) => `${f.ruleId}:${f.severity}`);

  it('the rules\' own severities by default', () => {
    assert.deepEqual(summary({}), ['image-latest-tag:warning', 'image-not-pinned:hint', 'pull-policy-missing:warning']);
    assert.deepEqual(summary({ 'image-latest-tag': 'default' }), summary({}));
  });

  it('off turns a rule off', () => {
    assert.deepEqual(summary({ 'image-latest-tag': 'off' }), ['image-not-pinned:hint', 'pull-policy-missing:warning']);
  });

  it('a severity overrides the rule\'s own', () => {
    assert.deepEqual(summary({ 'image-not-pinned': 'error', 'image-latest-tag': 'information' }), ['image-latest-tag:information', 'image-not-pinned:error', 'pull-policy-missing:warning']);
  });

  it('from a .shipshape.yaml, layered under user settings', () => {
    const project = parseProjectConfig(yaml('rules:', '  image-latest-tag: off', '  image-not-pinned: error', '  pull-policy-missing: information'), RULE_IDS);
    assert.deepEqual(project.problems, []);
    const settings = combineRuleSettings(project.rules, { 'image-not-pinned': 'default', 'pull-policy-missing': 'hint' });
    assert.deepEqual(summary(settings), ['image-not-pinned:error', 'pull-policy-missing:hint']);
  });
});
