import assert from 'node:assert/strict';
import { LintCache, lint, lintSteps } from '../../../server/src/engine/index';
import type { RegistryFact, RegistryFacts } from '../../../server/src/engine/registry-facts';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const deployment = (...container: string[]) =>
  yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', ...container.map((l) => `        ${l}`));
const kustomization = (...entry: string[]) => yaml('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'images:', ...entry.map((l) => `  ${l}`));

const REF = '127.0.0.1:5000/team/app:v2.5.4';
const facts = (entries: Record<string, RegistryFact>): RegistryFacts => new Map(Object.entries(entries));
const noTag = (...suggestions: string[]): RegistryFact => ({ status: 'not-found', missing: 'tag', suggestions });
const digest = (c: string) => `sha256:${c.repeat(64)}`;

ruleTester('image-tag-not-found', {
  valid: [
    { name: 'the tag exists', code: deployment('- name: api', `  image: ${REF}`), registry: facts({ [REF]: { status: 'found', digest: digest('a') } }) },
    { name: 'no facts: network checks are opt-in', code: deployment('- name: api', `  image: ${REF}`) },
    { name: 'the registry could not be asked', code: deployment('- name: api', `  image: ${REF}`), registry: facts({ [REF]: { status: 'error', message: 'timeout' } }) },
    { name: 'facts about other images only', code: deployment('- name: api', `  image: ${REF}`), registry: facts({ 'team/other:v1': noTag('v2') }) },
    {
      name: 'pinned by digest: the runtime never reads the missing tag',
      code: deployment('- name: api', `  image: ${REF}@${digest('b')}`),
      registry: facts({ [REF]: noTag('v2.5.3') }),
    },
    {
      name: 'templated image is not judged',
      code: deployment('- name: api', '  image: ${IMAGE}'),
      registry: facts({ '${IMAGE}:latest': noTag('v1') }),
    },
  ],
  invalid: [
    {
      name: 'missing tag: one fix per suggestion (at most 3), replacing only the tag',
      code: deployment('- name: api', `  image: ${REF} # release`),
      registry: facts({ [REF]: noTag('v2.5.3', 'v2.5.2', 'v2.4.0', 'v2.3.0') }),
      errors: [
        {
          range: [10, 18, 10, 48],
          text: REF,
          severity: 'error',
          message: /^Tag "v2\.5\.4" does not exist in 127\.0\.0\.1:5000\/team\/app: the pod would fail with ErrImagePull \/ ImagePullBackOff\. Nearest existing tags: v2\.5\.3, v2\.5\.2, v2\.4\.0\.$/,
          fix: { title: /^Use tag v2\.5\.3$/, output: deployment('- name: api', '  image: 127.0.0.1:5000/team/app:v2.5.3 # release') },
        },
      ],
    },
    {
      name: 'the third suggestion is offered, the fourth is not',
      code: deployment('- name: api', `  image: ${REF}`),
      registry: facts({ [REF]: noTag('v2.5.3', 'v2.5.2', 'v2.4.0', 'v2.3.0') }),
      errors: [{ range: [10, 18, 10, 48], fix: { title: /^Use tag v2\.4\.0$/, output: deployment('- name: api', '  image: 127.0.0.1:5000/team/app:v2.4.0') } }],
    },
    {
      name: 'quoted image keeps its quotes',
      code: deployment('- name: api', `  image: "${REF}"`),
      registry: facts({ [REF]: noTag('v2.5.3') }),
      errors: [{ range: [10, 18, 10, 50], text: `"${REF}"`, fix: { output: deployment('- name: api', '  image: "127.0.0.1:5000/team/app:v2.5.3"') } }],
    },
    {
      name: 'single-quoted Docker Hub image: the message names the normalised repository',
      code: deployment('- name: api', "  image: 'nginx:1.27.9'"),
      registry: facts({ 'nginx:1.27.9': noTag('1.27.5') }),
      errors: [
        {
          range: [10, 18, 10, 32],
          message: /^Tag "1\.27\.9" does not exist in docker\.io\/library\/nginx:/,
          fix: { title: /Use tag 1\.27\.5/, output: deployment('- name: api', "  image: 'nginx:1.27.5'") },
        },
      ],
    },
    {
      name: 'untagged image means latest: the fix writes a tag',
      code: deployment('- name: api', '  image: localhost:5000/app'),
      registry: facts({ 'localhost:5000/app:latest': noTag('v1') }),
      errors: [
        {
          range: [10, 18, 10, 36],
          message: /^Tag "latest" does not exist in localhost:5000\/app \(no tag is written, so the runtime pulls "latest"\)/,
          fix: { title: /Use tag v1/, output: deployment('- name: api', '  image: localhost:5000/app:v1') },
        },
      ],
    },
    {
      name: 'missing tag without suggestions: no fix',
      code: deployment('- name: api', `  image: ${REF}`),
      registry: facts({ [REF]: noTag() }),
      errors: [{ range: [10, 18, 10, 48], message: /ImagePullBackOff\.$/, noFix: true }],
    },
    {
      name: 'missing repository, even with a digest: no tag fix',
      code: deployment('- name: api', `  image: ${REF}@${digest('c')}`),
      registry: facts({ [REF]: { status: 'not-found', missing: 'repository', suggestions: ['v1'] } }),
      errors: [
        {
          range: [10, 18, 10, 120],
          message: /^Repository 127\.0\.0\.1:5000\/team\/app does not exist on 127\.0\.0\.1:5000 .*ErrImagePull \/ ImagePullBackOff\.$/,
          noFix: true,
        },
      ],
    },
    {
      name: 'init container and the regular one, each with its own fact',
      code: deployment('- name: api', `  image: ${REF}`).replace('      containers:\n', `      initContainers:\n        - name: migrate\n          image: team/migrate:v9\n      containers:\n`),
      registry: facts({ [REF]: { status: 'found', digest: digest('a') }, 'team/migrate:v9': noTag('v8') }),
      errors: [{ range: [10, 18, 10, 33], message: /docker\.io\/team\/migrate/, fix: { output: deployment('- name: api', `  image: ${REF}`).replace('      containers:\n', `      initContainers:\n        - name: migrate\n          image: team/migrate:v8\n      containers:\n`) } }],
    },
    {
      name: 'kustomize entry: the fix replaces the newTag value',
      code: kustomization('- name: app', '  newName: 127.0.0.1:5000/team/app', '  newTag: v2.5.4 # bumped by CI'),
      fileName: 'kustomization.yaml',
      registry: facts({ [REF]: noTag('v2.5.3') }),
      errors: [
        {
          range: [6, 13, 6, 19],
          text: 'v2.5.4',
          message: /^Tag "v2\.5\.4" does not exist in 127\.0\.0\.1:5000\/team\/app/,
          fix: { title: /Use tag v2\.5\.3/, output: kustomization('- name: app', '  newName: 127.0.0.1:5000/team/app', '  newTag: v2.5.3 # bumped by CI') },
        },
      ],
    },
    {
      name: 'kustomize: a tag that would read as a number is written quoted',
      code: kustomization('- name: registry.example.com/api', '  newTag: v1.1'),
      registry: facts({ 'registry.example.com/api:v1.1': noTag('1.0') }),
      errors: [{ range: [5, 13, 5, 17], fix: { output: kustomization('- name: registry.example.com/api', '  newTag: "1.0"') } }],
    },
  ],
});

describe('image-tag-not-found fixes', () => {
  it('offers the first three suggestions, in order, none preferred', () => {
    const code = deployment('- name: api', `  image: ${REF}`);
    const registry = facts({ [REF]: noTag('v2.5.3', 'v2.5.2', 'v2.4.0', 'v2.3.0') });
    const [finding, ...rest] = lint(code, { registry }).findings.filter((f) => f.ruleId === 'image-tag-not-found');
    assert.equal(rest.length, 0);
    const fixes = finding?.fixes?.() ?? [];
    assert.deepEqual(fixes.map((f) => f.title), ['Use tag v2.5.3', 'Use tag v2.5.2', 'Use tag v2.4.0']);
    assert.ok(fixes.every((f) => !f.preferred), 'a guessed tag must not be applied as the preferred fix');
  });
});

describe('image-tag-not-found with a LintCache', () => {
  const code = deployment('- name: api', `  image: ${REF}`);
  const ids = (registry: RegistryFacts | undefined, cache: LintCache) =>
    lint(code, { cache, ...(registry && { registry }) }).findings.filter((f) => f.ruleId === 'image-tag-not-found').map((f) => f.message);

  it('re-analyses when the facts object changes, and reuses while it stays', () => {
    const cache = new LintCache();
    assert.deepEqual(ids(undefined, cache), []);
    const missing = facts({ [REF]: noTag('v2.5.3') });
    assert.equal(ids(missing, cache).length, 1, 'new facts must not reuse the analysis made without them');
    const found = facts({ [REF]: { status: 'found', digest: digest('a') } });
    assert.deepEqual(ids(found, cache), []);
    assert.deepEqual(ids(undefined, cache), []);
  });

  it('compares facts by content, not by object: a changed entry is seen', () => {
    const cache = new LintCache();
    const mutable = new Map<string, RegistryFact>([[REF, noTag('v2.5.3')]]);
    assert.equal(ids(mutable, cache).length, 1);
    mutable.set(REF, { status: 'found', digest: digest('a') });
    assert.deepEqual(ids(mutable, cache), []);
    assert.deepEqual(ids(new Map(mutable), cache), []);
  });

  it('re-analyses only the documents whose image references got another fact, and names the references', () => {
    const other = '127.0.0.1:5000/team/other:v1';
    const text = [code, deployment('- name: other', `  image: ${other}`), deployment('- name: api2', `  image: ${REF}`)].join('---\n');
    const cache = new LintCache();
    const analysed = (registry: RegistryFacts) => {
      const steps = lintSteps(text, { cache, registry });
      let count = 0;
      for (let step = steps.next(); !step.done; step = steps.next()) count++;
      return count;
    };
    assert.equal(analysed(facts({})), 3);
    assert.equal(analysed(facts({})), 0, 'equal facts in another object: nothing re-analysed');
    assert.equal(analysed(facts({ [other]: noTag('v2') })), 1, 'only the document with the other image');
    assert.equal(analysed(facts({ [other]: noTag('v2'), 'unused/ref:v1': noTag() })), 0, 'facts about references the file does not hold change nothing');
    assert.equal(analysed(facts({ [other]: noTag('v2'), [REF]: noTag('v2.5.3') })), 2);
    assert.deepEqual(lint(text, { registry: facts({}) }).imageRefs, [REF, other]);
    assert.equal(lint(text).imageRefs, undefined, 'no facts asked for: no references collected');
  });
});
