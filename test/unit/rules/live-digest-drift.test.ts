import assert from 'node:assert/strict';
import { LintCache, lint, lintSteps, liveFactKey, type LiveFact, type LiveFacts } from '../../../server/src/engine/index';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const DECLARED = digest('9');
const OLD = digest('3');
const REF = `registry.example.com/shop/api:v2.5.0@${DECLARED}`;

const deployment = (name: string, namespace: string | undefined, ...container: string[]) =>
  yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    ...container.map((l) => `        ${l}`),
  );

const fact = (verdict: LiveFact['verdict'], running: LiveFact['running'], extra: Partial<LiveFact> = {}): LiveFact => ({
  context: 'prod',
  namespace: 'shop',
  verdict,
  expected: DECLARED,
  expectedFrom: 'declared',
  running,
  pods: running.reduce((n, r) => n + r.pods, 0),
  ...extra,
});
const live = (entries: Array<[{ kind: string; namespace?: string; name: string }, string, LiveFact]>): LiveFacts =>
  new Map(entries.map(([workload, container, f]) => [liveFactKey(workload, container), f]));
const web = { kind: 'Deployment', namespace: 'shop', name: 'web' };
const allOld = fact('running-other', [{ digest: OLD, pods: 3, ready: 3, matches: false }]);

ruleTester('live-digest-drift', {
  valid: [
    { name: 'no live facts: the check is opt-in', code: deployment('web', 'shop', '- name: api', `  image: ${REF}`) },
    {
      name: 'every pod runs the declared digest',
      code: deployment('web', 'shop', '- name: api', `  image: ${REF}`),
      live: live([[web, 'api', fact('running-declared', [{ digest: DECLARED, pods: 3, ready: 3, matches: true }])]]),
    },
    {
      name: 'no pods: the hover says so, it is not drift',
      code: deployment('web', 'shop', '- name: api', `  image: ${REF}`),
      live: live([[web, 'api', fact('no-pods', [])]]),
    },
    {
      name: 'bare config IDs are not comparable, never drift',
      code: deployment('web', 'shop', '- name: api', `  image: ${REF}`),
      live: live([[web, 'api', fact('not-comparable', [], { pods: 2 })]]),
    },
    {
      name: 'nothing to compare with (unpinned tag, no registry lookup)',
      code: deployment('web', 'shop', '- name: api', '  image: registry.example.com/shop/api:v2.5.0'),
      live: live([[web, 'api', fact('unknown', [{ digest: OLD, pods: 1, ready: 1, matches: false }], { expected: undefined })]]),
    },
    {
      name: 'facts about another namespace do not apply',
      code: deployment('web', 'shop', '- name: api', `  image: ${REF}`),
      live: live([[{ ...web, namespace: 'staging' }, 'api', allOld]]),
    },
    {
      name: 'facts about another container do not apply',
      code: deployment('web', 'shop', '- name: api', `  image: ${REF}`),
      live: live([[web, 'sidecar', allOld]]),
    },
  ],
  invalid: [
    {
      name: 'all pods run another digest (the seed incident)',
      code: deployment('web', 'shop', '- name: api', `  image: ${REF}`),
      live: live([[web, 'api', allOld]]),
      errors: [
        {
          range: [11, 18, 11, 18 + REF.length],
          text: REF,
          severity: 'warning',
          message:
            /^Live pods of Deployment "web" \(context prod, namespace shop\) run sha256:333333333333 \(3 pods, 3 ready\) in container "api", not the declared sha256:999999999999: the change was not applied or not synced/,
          noFix: true,
        },
      ],
    },
    {
      name: 'mid-rollout: some pods run the declared digest, the others are counted',
      code: deployment('web', 'shop', '- name: api', `  image: ${REF}`),
      live: live([
        [
          web,
          'api',
          fact('running-other', [
            { digest: OLD, pods: 2, ready: 2, matches: false },
            { digest: DECLARED, pods: 3, ready: 1, matches: true },
          ]),
        ],
      ]),
      errors: [{ range: [11, 18, 11, 18 + REF.length], message: /^2 of 5 live pods of Deployment "web" .* still run sha256:333333333333 \(2 pods, 2 ready\) in container "api" instead of the declared sha256:999999999999: a rollout in progress or stuck\.$/ }],
    },
    {
      name: 'compared with the registry digest of an unpinned tag; no namespace written',
      code: deployment('web', undefined, '- name: api', '  image: registry.example.com/shop/api:v2.5.0'),
      live: live([[{ kind: 'Deployment', name: 'web' }, 'api', fact('running-other', [{ digest: OLD, pods: 1, ready: 0, matches: false }], { expectedFrom: 'registry', namespace: 'default' })]]),
      errors: [{ range: [10, 18, 10, 54], message: /namespace default\) run sha256:333333333333 \(1 pod, 0 ready\) in container "api", not the tag's current digest sha256:999999999999/ }],
    },
    {
      name: 'only the drifting container of two, CRLF',
      code: deployment('web', 'shop', '- name: api', `  image: ${REF}`, '- name: proxy', `  image: ${REF}`).replaceAll('\n', '\r\n'),
      live: live([
        [web, 'api', fact('running-declared', [{ digest: DECLARED, pods: 1, ready: 1, matches: true }])],
        [web, 'proxy', allOld],
      ]),
      errors: [{ range: [13, 18, 13, 18 + REF.length], text: REF }],
    },
    {
      name: 'severity from settings',
      code: deployment('web', 'shop', '- name: api', `  image: ${REF}`),
      live: live([[web, 'api', allOld]]),
      rules: { 'live-digest-drift': 'error' },
      errors: [{ range: [11, 18, 11, 18 + REF.length], severity: 'error' }],
    },
  ],
});

describe('live-digest-drift with a LintCache', () => {
  const text = [deployment('web', 'shop', '- name: api', `  image: ${REF}`), deployment('other', 'shop', '- name: api', `  image: ${REF}`)].join('---\n');

  it('re-analyses only the document whose workload got another live fact, and lists the declared workloads', () => {
    const cache = new LintCache();
    const analysed = (facts: LiveFacts) => {
      const steps = lintSteps(text, { cache, live: facts });
      let count = 0;
      for (let step = steps.next(); !step.done; step = steps.next()) count++;
      return count;
    };
    assert.equal(analysed(new Map()), 2);
    assert.equal(analysed(new Map()), 0);
    assert.equal(analysed(live([[web, 'api', allOld]])), 1);
    assert.equal(analysed(live([[web, 'api', allOld]])), 0, 'equal facts in another object: nothing re-analysed');
    const result = lint(text, { live: new Map() });
    assert.deepEqual(
      result.workloads?.map((w) => [w.kind, w.namespace, w.name, w.lines.startLine, w.containers.map((c) => [c.name, c.image, c.lines.startLine])]),
      [
        ['Deployment', 'shop', 'web', 3, [['api', REF, 10]]],
        ['Deployment', 'shop', 'other', 15, [['api', REF, 22]]],
      ],
    );
    assert.equal(lint(text).workloads, undefined, 'no live facts asked for: no workloads listed');
  });
});
