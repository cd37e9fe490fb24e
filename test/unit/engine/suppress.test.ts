// Suppression through lint(): disable comments (next line, file-wide, with a reason), the
// shipshape.dev/ignore annotation on an object and on its pod template, and the "disable" quick fix.
import assert from 'node:assert/strict';
import { applyEdits, disableNextLineFix, lint, lineIndexOf, lineStarts, type LintOptions } from '../../../server/src/engine/index';
import { annotationScopes, inScopes } from '../../../server/src/engine/suppress';
import { asWorkload, toObject, type KubeObject } from '../../../server/src/engine/kube';
import { parseYaml } from '../../../server/src/engine/parse';
import { yaml } from '../../helpers/rule-tester';

/** The rules these tests look at: stable, and both fire on a version tag without digest or pull policy. */
const WATCHED = new Set(['image-not-pinned', 'pull-policy-missing', 'image-latest-tag', 'kustomize-image-latest', 'kustomize-image-not-pinned']);

/** `rule-id@line` (1-based) for the watched rules, in order. */
function found(text: string, options: LintOptions = {}): string[] {
  const starts = lineStarts(text);
  return lint(text, options)
    .findings.filter((f) => WATCHED.has(f.ruleId))
    .map((f) => `${f.ruleId}@${lineIndexOf(starts, f.start) + 1}`);
}

const containers = (...lines: string[]) =>
  yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', ...lines.map((l) => `        ${l}`));

// Lines 10 and 12 hold the images.
const twoContainers = containers('- name: api', '  image: api:v1', '- name: worker', '  image: worker:v1');
const BOTH_ON = (line: number) => [`image-not-pinned@${line}`, `pull-policy-missing@${line}`];

describe('suppression', () => {
  it('without directives, both containers are reported (the baseline the other cases change)', () => {
    assert.deepEqual(found(twoContainers), [...BOTH_ON(10), ...BOTH_ON(12)]);
  });

  describe('# shipshape-disable-next-line', () => {
    it('with two ids: only those ids, only on the next line', () => {
      const text = containers('- name: api', '  # shipshape-disable-next-line image-not-pinned, pull-policy-missing', '  image: api:v1', '- name: worker', '  image: worker:v1');
      assert.deepEqual(found(text), BOTH_ON(13));
    });

    it('with one id: the other rule on that line is still reported', () => {
      const text = containers('- name: api', '  # shipshape-disable-next-line pull-policy-missing', '  image: api:v1');
      assert.deepEqual(found(text), ['image-not-pinned@11']);
    });

    it('ids separated by spaces only', () => {
      const text = containers('- name: api', '  #shipshape-disable-next-line  pull-policy-missing image-not-pinned', '  image: api:v1');
      assert.deepEqual(found(text), []);
    });

    it('with no ids: every rule on the next line', () => {
      const text = containers('- name: api', '  # shipshape-disable-next-line', '  image: api:v1', '- name: worker', '  image: worker:v1');
      assert.deepEqual(found(text), BOTH_ON(13));
    });

    it('does not reach two lines down', () => {
      const text = containers('# shipshape-disable-next-line', '- name: api', '  image: api:v1');
      assert.deepEqual(found(text), BOTH_ON(11));
    });

    it('a reason after " -- " is not read as rule ids', () => {
      const text = containers('- name: api', '  # shipshape-disable-next-line pull-policy-missing -- image-not-pinned is tracked in OPS-12', '  image: api:v1');
      assert.deepEqual(found(text), ['image-not-pinned@11']);
    });

    it('with a reason only: every rule', () => {
      const text = containers('- name: api', '  # shipshape-disable-next-line -- vendor image, rebuilt by them', '  image: api:v1');
      assert.deepEqual(found(text), []);
    });

    it('works with CRLF line endings', () => {
      const text = containers('- name: api', '  # shipshape-disable-next-line image-not-pinned', '  image: api:v1').replace(/\n/g, '\r\n');
      assert.deepEqual(found(text), ['pull-policy-missing@11']);
    });

    it('a trailing comment on the line itself is not a directive', () => {
      const text = containers('- name: api', '  image: api:v1 # shipshape-disable-next-line');
      assert.deepEqual(found(text), BOTH_ON(10));
    });

    it('a similar but different word is not a directive', () => {
      const text = containers('- name: api', '  # shipshape-disable-next-lines image-not-pinned', '  image: api:v1');
      assert.deepEqual(found(text), BOTH_ON(11));
    });
  });

  describe('# shipshape-disable (file-wide)', () => {
    it('disables the named rule everywhere in the file, from any line', () => {
      const text = twoContainers + '# shipshape-disable image-not-pinned\n';
      assert.deepEqual(found(text), ['pull-policy-missing@10', 'pull-policy-missing@12']);
    });

    it('across documents, with a reason', () => {
      const text = '# shipshape-disable pull-policy-missing -- this cluster sets AlwaysPullImages\n---\n' + twoContainers + '---\n' + twoContainers;
      assert.deepEqual(found(text), ['image-not-pinned@12', 'image-not-pinned@14', 'image-not-pinned@25', 'image-not-pinned@27']);
    });

    it('without ids (or with *), disables everything', () => {
      assert.deepEqual(found('# shipshape-disable\n' + twoContainers), []);
      assert.deepEqual(found('# shipshape-disable *\n' + twoContainers), []);
    });
  });

  describe('the shipshape.dev/ignore annotation', () => {
    const annotated = (where: 'metadata' | 'template', value: string) =>
      where === 'metadata'
        ? yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', '  annotations:', `    shipshape.dev/ignore: ${value}`, 'spec:', '  template:', '    spec:', '      containers:', '        - {name: api, image: api:v1}')
        : yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    metadata:', '      annotations:', `        shipshape.dev/ignore: ${value}`, '    spec:', '      containers:', '        - {name: api, image: api:v1}');
    const other = '---\n' + containers('- name: other', '  image: other:v2');

    it('on metadata: the listed rules, for the whole object, and not the next object', () => {
      assert.deepEqual(found(annotated('metadata', '"image-not-pinned,pull-policy-missing"') + other), BOTH_ON(22));
      assert.deepEqual(found(annotated('metadata', '"image-not-pinned"') + other), ['pull-policy-missing@11', ...BOTH_ON(22)]);
    });

    it('on metadata: ids separated by ", ", or "*" for all rules', () => {
      assert.deepEqual(found(annotated('metadata', 'image-not-pinned, pull-policy-missing')), []);
      assert.deepEqual(found(annotated('metadata', '"*"')), []);
    });

    it('another annotation, or the ignore annotation under labels, suppresses nothing', () => {
      const text = yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  labels: {shipshape.dev/ignore: image-latest-tag}', '  annotations: {shipshape.dev/other: image-latest-tag}', 'spec:', '  containers: [{name: p, image: "p:latest"}]');
      assert.deepEqual(found(text), ['image-latest-tag@8']);
    });

    it('on the pod template: findings inside the template, and not the next object', () => {
      assert.deepEqual(found(annotated('template', '"pull-policy-missing,image-not-pinned"') + other), BOTH_ON(23));
      assert.deepEqual(found(annotated('template', 'pull-policy-missing') + other), ['image-not-pinned@12', ...BOTH_ON(23)]);
    });

    it('on a CronJob pod template (jobTemplate.spec.template)', () => {
      const text = yaml(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: nightly}',
        'spec:',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        metadata:',
        '          annotations: {shipshape.dev/ignore: image-latest-tag}',
        '        spec:',
        '          containers: [{name: job, image: "job:latest"}]',
      );
      assert.deepEqual(found(text), []);
    });

    it('on a Kustomization', () => {
      const text = yaml(
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'metadata:',
        '  annotations:',
        '    shipshape.dev/ignore: kustomize-image-latest',
        'images:',
        '  - {name: api, newTag: latest}',
        '  - {name: web, newTag: v1}',
      );
      assert.deepEqual(found(text), ['kustomize-image-not-pinned@8']);
    });

    it('the template scope covers the template only, not the rest of the object', () => {
      // No implemented rule reports outside a Deployment's template yet, so check the scope itself.
      const text = yaml(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: api}',
        'spec:',
        '  replicas: 3',
        '  template:',
        '    metadata:',
        '      annotations: {shipshape.dev/ignore: some-rule}',
        '    spec:',
        '      containers: [{name: api, image: api:v1}]',
        '  strategy: {type: Recreate}',
      );
      const objects = parseYaml(text).docs.map(toObject).filter((o): o is KubeObject => o !== undefined);
      assert.ok(asWorkload(objects[0]!)?.template, 'the Deployment has a template');
      const scopes = annotationScopes(objects);
      const at = (needle: string, ruleId = 'some-rule') => {
        const start = text.indexOf(needle);
        assert.ok(start >= 0, needle);
        return inScopes(scopes, { ruleId, start });
      };
      assert.equal(at('api:v1'), true);
      assert.equal(at('api:v1', 'another-rule'), false);
      assert.equal(at('replicas'), false);
      assert.equal(at('Recreate'), false);
      assert.equal(at('{name: api}'), false);
    });
  });

  describe('disableNextLineFix', () => {
    const apply = (text: string, ruleId: string, needle: string) => {
      const start = text.indexOf(needle);
      assert.ok(start >= 0, `"${needle}" not in the text`);
      const fix = disableNextLineFix(text, { ruleId, start });
      assert.match(fix.title, new RegExp(ruleId));
      return applyEdits(text, fix.edits);
    };

    it('inserts the comment above the line, with that line\'s indentation, and the finding goes away', () => {
      const text = containers('- name: api', '  image: api:v1');
      const fixed = apply(text, 'pull-policy-missing', 'api:v1');
      assert.equal(fixed, containers('- name: api', '  # shipshape-disable-next-line pull-policy-missing', '  image: api:v1'));
      assert.deepEqual(found(fixed), ['image-not-pinned@11']);
    });

    it('uses the indentation of a sequence item line', () => {
      const text = containers('- {name: api, image: api:v1}');
      assert.equal(apply(text, 'image-not-pinned', 'api:v1'), containers('# shipshape-disable-next-line image-not-pinned', '- {name: api, image: api:v1}'));
    });

    it('keeps CRLF', () => {
      const text = containers('- name: api', '  image: api:v1').replace(/\n/g, '\r\n');
      const fixed = apply(text, 'image-not-pinned', 'api:v1');
      assert.equal(fixed, containers('- name: api', '  # shipshape-disable-next-line image-not-pinned', '  image: api:v1').replace(/\n/g, '\r\n'));
      assert.deepEqual(found(fixed), ['pull-policy-missing@11']);
    });

    it('on the first line of the file', () => {
      assert.equal(apply('kind: x\n', 'some-rule', 'x'), '# shipshape-disable-next-line some-rule\nkind: x\n');
    });

    it('on the first line of a file with a byte-order mark: the mark stays first', () => {
      assert.equal(apply('\uFEFFkind: x\n', 'some-rule', 'x'), '\uFEFF# shipshape-disable-next-line some-rule\nkind: x\n');
    });

    it('appends ", id" to a disable-next-line comment already above', () => {
      const text = containers('- name: api', '  # shipshape-disable-next-line pull-policy-missing', '  image: api:v1');
      const fixed = apply(text, 'image-not-pinned', 'api:v1');
      assert.equal(fixed, containers('- name: api', '  # shipshape-disable-next-line pull-policy-missing, image-not-pinned', '  image: api:v1'));
      assert.deepEqual(found(fixed), []);
    });

    it('appends before a " -- reason", CRLF', () => {
      const text = containers('- name: api', '  # shipshape-disable-next-line pull-policy-missing -- see OPS-12', '  image: api:v1').replace(/\n/g, '\r\n');
      const fixed = apply(text, 'image-not-pinned', 'api:v1');
      assert.equal(fixed, containers('- name: api', '  # shipshape-disable-next-line pull-policy-missing, image-not-pinned -- see OPS-12', '  image: api:v1').replace(/\n/g, '\r\n'));
    });

    it('a file-wide directive above is left alone and a new comment is inserted', () => {
      const text = containers('- name: api', '  # shipshape-disable image-latest-tag', '  image: api:v1');
      const fixed = apply(text, 'image-not-pinned', 'api:v1');
      assert.equal(fixed, containers('- name: api', '  # shipshape-disable image-latest-tag', '  # shipshape-disable-next-line image-not-pinned', '  image: api:v1'));
    });
  });
});
