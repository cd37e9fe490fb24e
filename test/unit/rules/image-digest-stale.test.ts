import assert from 'node:assert/strict';
import { LintCache, lint } from '../../../server/src/engine/index';
import type { RegistryFact, RegistryFacts } from '../../../server/src/engine/registry-facts';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const deployment = (...container: string[]) =>
  yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', ...container.map((l) => `        ${l}`));
const kustomization = (...entry: string[]) => yaml('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'images:', ...entry.map((l) => `  ${l}`));

const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b1'.repeat(32)}`;
const REF = '127.0.0.1:5000/team/app:v2.5.3';
const facts = (entries: Record<string, RegistryFact>): RegistryFacts => new Map(Object.entries(entries));
const moved = facts({ [REF]: { status: 'found', digest: NEW } });

ruleTester('image-digest-stale', {
  valid: [
    { name: 'the pinned digest is the tag\'s current one', code: deployment('- name: api', `  image: ${REF}@${NEW}`), registry: moved },
    { name: 'no facts: network checks are opt-in', code: deployment('- name: api', `  image: ${REF}@${OLD}`) },
    { name: 'the registry could not be asked', code: deployment('- name: api', `  image: ${REF}@${OLD}`), registry: facts({ [REF]: { status: 'error', message: '401' } }) },
    { name: 'tag only, no digest: nothing to go stale', code: deployment('- name: api', `  image: ${REF}`), registry: moved },
    {
      name: 'digest only: no tag to compare with (the implied latest is not the written intent)',
      code: deployment('- name: api', `  image: 127.0.0.1:5000/team/app@${OLD}`),
      registry: facts({ '127.0.0.1:5000/team/app:latest': { status: 'found', digest: NEW } }),
    },
    {
      name: 'the tag is missing: image-tag-not-found\'s business',
      code: deployment('- name: api', `  image: ${REF}@${OLD}`),
      registry: facts({ [REF]: { status: 'not-found', missing: 'tag', suggestions: [] } }),
    },
    {
      name: 'digests of different algorithms are not comparable',
      code: deployment('- name: api', `  image: ${REF}@sha512:${'c'.repeat(128)}`),
      registry: moved,
    },
    { name: 'kustomize entry pinned to the current digest', code: kustomization('- name: app', '  newName: 127.0.0.1:5000/team/app', '  newTag: v2.5.3', `  digest: ${NEW}`), registry: moved },
  ],
  invalid: [
    {
      name: 'moved tag: re-pin keeps the tag and the comment',
      code: deployment('- name: api', `  image: ${REF}@${OLD} # release`),
      registry: moved,
      errors: [
        {
          range: [10, 18, 10, 120],
          text: `${REF}@${OLD}`,
          severity: 'warning',
          message: new RegExp(
            `^"127\\.0\\.0\\.1:5000/team/app:v2\\.5\\.3" is pinned to sha256:aaaaaaaaaaaa, but the tag "v2\\.5\\.3" now points at sha256:b1b1b1b1b1b1: the pods keep running the old build while the tag has moved .*Re-pin to ${NEW} `,
          ),
          fix: { title: /^Re-pin to the tag's current digest$/, output: deployment('- name: api', `  image: ${REF}@${NEW} # release`) },
        },
      ],
    },
    {
      name: 'quoted image keeps its quotes',
      code: deployment('- name: api', `  image: "${REF}@${OLD}"`),
      registry: moved,
      errors: [{ range: [10, 18, 10, 122], fix: { output: deployment('- name: api', `  image: "${REF}@${NEW}"`) } }],
    },
    {
      name: 'Docker Hub image in a sidecar',
      code: deployment('- name: api', `  image: ${REF}@${NEW}`).replace('      containers:\n', `      initContainers:\n        - name: proxy\n          image: envoyproxy/envoy:v1.31.0@${OLD}\n          restartPolicy: Always\n      containers:\n`),
      registry: facts({ [REF]: { status: 'found', digest: NEW }, 'envoyproxy/envoy:v1.31.0': { status: 'found', digest: NEW } }),
      errors: [
        {
          range: [10, 18, 10, 114],
          message: /^"envoyproxy\/envoy:v1\.31\.0" is pinned to sha256:aaaaaaaaaaaa/,
          fix: {
            output: deployment('- name: api', `  image: ${REF}@${NEW}`).replace('      containers:\n', `      initContainers:\n        - name: proxy\n          image: envoyproxy/envoy:v1.31.0@${NEW}\n          restartPolicy: Always\n      containers:\n`),
          },
        },
      ],
    },
    {
      name: 'kustomize entry: the digest value is replaced, newTag kept',
      code: kustomization('- name: app', '  newName: 127.0.0.1:5000/team/app', '  newTag: v2.5.3', `  digest: ${OLD}`),
      fileName: 'kustomization.yaml',
      registry: moved,
      errors: [
        {
          range: [6, 13, 6, 19],
          text: 'v2.5.3',
          fix: { output: kustomization('- name: app', '  newName: 127.0.0.1:5000/team/app', '  newTag: v2.5.3', `  digest: ${NEW}`) },
        },
      ],
    },
  ],
});

describe('image-digest-stale fix', () => {
  it('is preferred and is the only one', () => {
    const code = deployment('- name: api', `  image: ${REF}@${OLD}`);
    const findings = lint(code, { registry: moved }).findings.filter((f) => f.ruleId === 'image-digest-stale');
    assert.equal(findings.length, 1);
    const fixes = findings[0]!.fixes?.() ?? [];
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [["Re-pin to the tag's current digest", true]]);
  });

  it('follows the facts through a LintCache', () => {
    const cache = new LintCache();
    const code = deployment('- name: api', `  image: ${REF}@${OLD}`);
    const stale = () => lint(code, { cache, registry: current }).findings.filter((f) => f.ruleId === 'image-digest-stale').length;
    let current: RegistryFacts = facts({ [REF]: { status: 'found', digest: OLD } });
    assert.equal(stale(), 0);
    current = moved;
    assert.equal(stale(), 1);
    current = facts({ [REF]: { status: 'found', digest: OLD } });
    assert.equal(stale(), 0);
  });
});
