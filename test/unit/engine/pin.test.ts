// "Pin image to digest": the targets a file offers and the exact text after pinning one, for containers of
// every kind and role and for Kustomize images[] entries; plus the property that the edits touch only the
// image scalar (or the entry's digest line).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, pinEdit, pinTargets, type PinTarget, type TextEdit } from '../../../server/src/engine/index';
import { parseYaml } from '../../../server/src/engine/parse';
import { yaml } from '../../helpers/rule-tester';

const D = `sha256:${'0123456789abcdef'.repeat(4)}`;
const OLD = `sha256:${'b'.repeat(64)}`;

const deployment = (...containerLines: string[]) =>
  yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:', ...containerLines.map((l) => `        ${l}`));

const kustomization = (...lines: string[]) => yaml('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'images:', ...lines);

interface PinCase {
  name: string;
  code: string;
  fileName?: string;
  /** Picks the target whose range holds this text's first occurrence (default: the only target). */
  at?: string;
  keepTag?: boolean;
  /** Expected target fields (a subset). */
  target?: Partial<PinTarget>;
  /** Expected text after the edits; undefined means pinEdit must return []. */
  output: string | undefined;
}

function targetFor(c: Pick<PinCase, 'code' | 'fileName' | 'at'>): PinTarget {
  const targets = pinTargets(c.code, c.fileName === undefined ? {} : { fileName: c.fileName });
  if (c.at === undefined) {
    assert.equal(targets.length, 1, `expected one target, got ${JSON.stringify(targets.map((t) => t.ref))}`);
    return targets[0]!;
  }
  const offset = c.code.indexOf(c.at);
  assert.ok(offset !== -1, `"${c.at}" is not in the case`);
  const target = targets.find((t) => t.range[0] <= offset && offset < t.range[1]);
  assert.ok(target, `no target at "${c.at}"; targets: ${JSON.stringify(targets.map((t) => t.range))}`);
  return target;
}

/** The edits change nothing before the first or after the last, and stay inside `within`. */
function assertConfined(code: string, edits: readonly TextEdit[], within: [number, number]): void {
  const output = applyEdits(code, edits);
  const first = Math.min(...edits.map((e) => e.start));
  const last = Math.max(...edits.map((e) => e.end));
  assert.ok(first >= within[0] && last <= within[1], `edits ${first}–${last} leave ${within[0]}–${within[1]}`);
  assert.equal(output.slice(0, first), code.slice(0, first), 'prefix changed');
  const tail = code.length - last;
  assert.equal(output.slice(output.length - tail), code.slice(last), 'suffix changed');
}

function runCases(cases: PinCase[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const target = targetFor(c);
      if (c.target) assert.deepEqual(pick(target, Object.keys(c.target) as Array<keyof PinTarget>), c.target);
      const edits = pinEdit(c.code, target, D, c.keepTag === undefined ? {} : { keepTag: c.keepTag });
      if (c.output === undefined) {
        assert.deepEqual(edits, []);
        return;
      }
      const output = applyEdits(c.code, edits);
      assert.equal(output, c.output);
      assert.equal(parseYaml(output).docs.reduce((n, d) => n + d.errors.length, 0), 0, 'the pinned text must still parse');
      if (target.kind === 'container') {
        assertConfined(c.code, edits, target.range);
        // Pinned to what was asked, found again at the same place.
        const again = targetFor({ ...c, code: output });
        assert.equal(again.currentDigest, D);
        assert.equal(again.range[0], target.range[0]);
      }
    });
  }
}

function pick<T extends object, K extends keyof T>(object: T, keys: K[]): Partial<T> {
  const result: Partial<T> = {};
  for (const key of keys) if (key in object) result[key] = object[key];
  return result;
}

describe('pin image to digest', () => {
  describe('containers', () => {
    runCases([
      {
        name: 'plain scalar: the digest follows the tag',
        code: deployment('- name: api', '  image: app:v1'),
        target: { kind: 'container', ref: 'app:v1', impliedTag: false, role: 'container', containerName: 'api', objectKind: 'Deployment', objectName: 'api' },
        output: deployment('- name: api', `  image: app:v1@${D}`),
      },
      {
        name: 'double-quoted scalar keeps its quotes',
        code: deployment('- name: api', '  image: "app:v1"'),
        output: deployment('- name: api', `  image: "app:v1@${D}"`),
      },
      {
        name: 'single-quoted scalar keeps its quotes',
        code: deployment('- name: api', "  image: 'app:v1'"),
        output: deployment('- name: api', `  image: 'app:v1@${D}'`),
      },
      {
        name: 'a trailing comment stays',
        code: deployment('- name: api', '  image: app:v1   # release 1'),
        output: deployment('- name: api', `  image: app:v1@${D}   # release 1`),
      },
      {
        name: 'a quoted scalar with a trailing comment',
        code: deployment('- name: api', '  image: "app:v1" # release 1'),
        output: deployment('- name: api', `  image: "app:v1@${D}" # release 1`),
      },
      {
        name: 'CRLF line endings are kept',
        code: deployment('- name: api', '  image: app:v1', '  imagePullPolicy: IfNotPresent').replace(/\n/g, '\r\n'),
        output: deployment('- name: api', `  image: app:v1@${D}`, '  imagePullPolicy: IfNotPresent').replace(/\n/g, '\r\n'),
      },
      {
        name: 'registry with a port: the tag after it',
        code: deployment('- name: api', '  image: 127.0.0.1:5000/team/app:v2.5.3'),
        target: { ref: '127.0.0.1:5000/team/app:v2.5.3', impliedTag: false },
        output: deployment('- name: api', `  image: 127.0.0.1:5000/team/app:v2.5.3@${D}`),
      },
      {
        name: 'registry with a port and no tag: the port is not a tag, :latest is resolved, the text stays untagged',
        code: deployment('- name: api', '  image: localhost:5000/app'),
        target: { ref: 'localhost:5000/app:latest', impliedTag: true },
        output: deployment('- name: api', `  image: localhost:5000/app@${D}`),
      },
      {
        name: 'Docker Hub short name',
        code: deployment('- name: web', '  image: nginx:1.27'),
        target: { ref: 'nginx:1.27', containerName: 'web' },
        output: deployment('- name: web', `  image: nginx:1.27@${D}`),
      },
      {
        name: 'Docker Hub user repository',
        code: deployment('- name: web', '  image: myorg/web:2.0'),
        target: { ref: 'myorg/web:2.0' },
        output: deployment('- name: web', `  image: myorg/web:2.0@${D}`),
      },
      {
        name: 'untagged Docker Hub name: pinned as written plus digest',
        code: deployment('- name: web', '  image: nginx'),
        target: { ref: 'nginx:latest', impliedTag: true },
        output: deployment('- name: web', `  image: nginx@${D}`),
      },
      {
        name: 're-pin: only the digest is replaced',
        code: deployment('- name: api', `  image: app:v1@${OLD} # moved`),
        target: { ref: 'app:v1', currentDigest: OLD },
        output: deployment('- name: api', `  image: app:v1@${D} # moved`),
      },
      {
        name: 're-pin of a tagless reference stays tagless',
        code: deployment('- name: api', `  image: "app@${OLD}"`),
        target: { ref: 'app:latest', impliedTag: true, currentDigest: OLD },
        output: deployment('- name: api', `  image: "app@${D}"`),
      },
      {
        name: 'keepTag false drops the tag',
        code: deployment('- name: api', '  image: registry.example.com:443/app:v1 # x'),
        keepTag: false,
        output: deployment('- name: api', `  image: registry.example.com:443/app@${D} # x`),
      },
      {
        name: 'keepTag false on a pinned reference drops tag and old digest',
        code: deployment('- name: api', `  image: 'app:v1@${OLD}'`),
        keepTag: false,
        output: deployment('- name: api', `  image: 'app@${D}'`),
      },
      {
        name: 'a flow-style container',
        code: deployment('- {name: api, image: app:v1}'),
        output: deployment(`- {name: api, image: app:v1@${D}}`),
      },
      {
        name: 'an aliased image: the anchor is edited (both containers use it)',
        code: deployment('- name: a', '  image: &img app:v1', '- name: b', '  image: *img'),
        target: { containerName: 'a' },
        output: deployment('- name: a', `  image: &img app:v1@${D}`, '- name: b', '  image: *img'),
      },
      {
        name: 'a folded block scalar is not pinnable in place',
        code: deployment('- name: api', '  image: >-', '    app:v1'),
        target: { ref: 'app:v1' },
        output: undefined,
      },
      {
        name: 'a quoted scalar continued over two lines is not pinnable in place',
        code: deployment('- name: api', '  image: "app:\\', '    v1"'),
        target: { ref: 'app:v1' },
        output: undefined,
      },
    ]);

    describe('roles and workload kinds', () => {
      const pod = yaml(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: debug',
        'spec:',
        '  initContainers:',
        '  - name: migrate',
        '    image: migrate:1.0',
        '  - name: proxy',
        '    restartPolicy: Always',
        '    image: envoy:1.30',
        '  containers:',
        '  - name: main',
        '    image: main:2.0',
        '  ephemeralContainers:',
        '  - name: dbg',
        '    image: busybox',
      );

      it('every container of a Pod, with its role, in text order', () => {
        assert.deepEqual(
          pinTargets(pod).map((t) => [t.role, t.containerName, t.ref]),
          [
            ['init', 'migrate', 'migrate:1.0'],
            ['sidecar', 'proxy', 'envoy:1.30'],
            ['container', 'main', 'main:2.0'],
            ['ephemeral', 'dbg', 'busybox:latest'],
          ],
        );
      });

      runCases([
        { name: 'init container', code: pod, at: 'migrate:1.0', output: pod.replace('migrate:1.0', `migrate:1.0@${D}`) },
        { name: 'ephemeral container', code: pod, at: 'busybox', output: pod.replace('image: busybox', `image: busybox@${D}`) },
        {
          name: 'CronJob',
          code: yaml('apiVersion: batch/v1', 'kind: CronJob', 'metadata:', '  name: nightly', 'spec:', '  schedule: "0 0 * * *"', '  jobTemplate:', '    spec:', '      template:', '        spec:', '          containers:', '          - name: job', '            image: ghcr.io/acme/job:3'),
          target: { objectKind: 'CronJob', objectName: 'nightly', ref: 'ghcr.io/acme/job:3' },
          output: yaml('apiVersion: batch/v1', 'kind: CronJob', 'metadata:', '  name: nightly', 'spec:', '  schedule: "0 0 * * *"', '  jobTemplate:', '    spec:', '      template:', '        spec:', '          containers:', '          - name: job', `            image: ghcr.io/acme/job:3@${D}`),
        },
        {
          name: 'Argo Rollout',
          code: yaml('apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata:', '  name: web', 'spec:', '  template:', '    spec:', '      containers:', '      - name: web', '        image: web:5'),
          target: { objectKind: 'Rollout' },
          output: yaml('apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata:', '  name: web', 'spec:', '  template:', '    spec:', '      containers:', '      - name: web', `        image: web:5@${D}`),
        },
      ]);
    });

    it('skips templated values, invalid references, non-workloads and documents with YAML errors', () => {
      const code = [
        deployment('- name: a', '  image: ${REGISTRY}/app:v1', '- name: b', '  image: App:V1', '- name: c', '  image: good:1'),
        yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', 'data:', '  image: other:1'),
        deployment('- name: d', '  image: broken:1', '  bad: [unclosed'),
      ].join('---\n');
      assert.deepEqual(pinTargets(code).map((t) => t.ref), ['good:1']);
    });

    it('offsets and lines are for the whole text in a multi-document file', () => {
      const first = deployment('- name: a', '  image: first:1');
      const second = deployment('- name: b', '  image: second:2');
      const code = `${first}---\n${second}`;
      const targets = pinTargets(code);
      assert.deepEqual(targets.map((t) => code.slice(t.range[0], t.range[1])), ['first:1', 'second:2']);
      assert.deepEqual(targets[1]!.lines, { startLine: 20, startCharacter: 17, endLine: 20, endCharacter: 25 });
      const output = applyEdits(code, pinEdit(code, targets[1]!, D));
      assert.equal(output, `${first}---\n${second.replace('second:2', `second:2@${D}`)}`);
    });

    it('a byte order mark does not shift the offsets', () => {
      const code = `\uFEFF${deployment('- name: a', '  image: app:v1')}`;
      const target = targetFor({ code });
      assert.equal(code.slice(target.range[0], target.range[1]), 'app:v1');
      assert.equal(applyEdits(code, pinEdit(code, target, D)), `\uFEFF${deployment('- name: a', `  image: app:v1@${D}`)}`);
    });

    it('pinning to the digest already written changes nothing', () => {
      const code = deployment('- name: a', `  image: app:v1@${D}`);
      assert.deepEqual(pinEdit(code, targetFor({ code }), D), []);
    });

    it('throws on a digest that is not sha256 with 64 lowercase hex digits', () => {
      const code = deployment('- name: a', '  image: app:v1');
      const target = targetFor({ code });
      for (const bad of [`sha256:${'A'.repeat(64)}`, 'sha256:abc', `sha512:${'a'.repeat(128)}`, 'a'.repeat(64), `${D} `, '']) {
        assert.throws(() => pinEdit(code, target, bad), /not a sha256 digest/, bad);
      }
    });

    it('throws when the target is no longer in the text', () => {
      const code = deployment('- name: a', '  image: app:v1');
      const target = targetFor({ code });
      assert.throws(() => pinEdit(code.replace('app:v1', 'application:v1'), target, D), /no longer/);
      // Same place, another image: the digest was resolved for the old one.
      assert.throws(() => pinEdit(code.replace('app:v1', 'bpp:v1'), target, D), /no longer/);
    });
  });

  describe('Kustomize images[] entries', () => {
    runCases([
      {
        name: 'block entry: a digest line is added after newTag, same indentation',
        code: kustomization('- name: app', '  newTag: v1 # release', '- name: no-tag'),
        target: { kind: 'kustomize', ref: 'app:v1', impliedTag: false, objectKind: 'Kustomization' },
        output: kustomization('- name: app', '  newTag: v1 # release', `  digest: ${D}`, '- name: no-tag'),
      },
      {
        name: 'newName is the image that renders, so it is the ref',
        code: kustomization('- name: app', '  newName: 127.0.0.1:5000/team/app', '  newTag: "2.5"'),
        target: { ref: '127.0.0.1:5000/team/app:2.5' },
        output: kustomization('- name: app', '  newName: 127.0.0.1:5000/team/app', '  newTag: "2.5"', `  digest: ${D}`),
      },
      {
        name: 'a numeric newTag is read as written',
        code: kustomization('  - name: app', '    newTag: 1.10'),
        target: { ref: 'app:1.10' },
        output: kustomization('  - name: app', '    newTag: 1.10', `    digest: ${D}`),
      },
      {
        name: 'an existing digest is replaced, quotes kept',
        code: kustomization('- name: app', `  digest: "${OLD}"`, '  newTag: v1'),
        target: { currentDigest: OLD },
        output: kustomization('- name: app', `  digest: "${D}"`, '  newTag: v1'),
      },
      {
        name: 'an empty digest gets the value',
        code: kustomization('- name: app', '  newTag: v1', '  digest:'),
        output: kustomization('- name: app', '  newTag: v1', `  digest: ${D}`),
      },
      {
        name: 'flow entry: the digest goes inside the braces',
        code: kustomization('- {name: app, newTag: v1}'),
        output: kustomization(`- {name: app, newTag: v1, digest: ${D}}`),
      },
      {
        name: 'flow entry with a digest: re-pinned',
        code: kustomization(`- {name: app, digest: '${OLD}', newTag: v1}`),
        output: kustomization(`- {name: app, digest: '${D}', newTag: v1}`),
      },
      {
        name: 'keepTag false: newTag becomes the digest',
        code: kustomization('- name: app', '  newTag: v1 # release', '  newName: reg.io/app'),
        keepTag: false,
        output: kustomization('- name: app', `  digest: ${D} # release`, '  newName: reg.io/app'),
      },
      {
        name: 'keepTag false with a digest: the newTag line goes, the digest is replaced',
        code: kustomization('- name: app', '  newTag: v1 # release', `  digest: ${OLD}`).replace(/\n/g, '\r\n'),
        keepTag: false,
        output: kustomization('- name: app', `  digest: ${D}`).replace(/\n/g, '\r\n'),
      },
      {
        name: 'keepTag false in a flow entry with a digest',
        code: kustomization(`- {name: app, newTag: v1, digest: ${OLD}}`),
        keepTag: false,
        output: kustomization(`- {name: app, digest: ${D}}`),
      },
      {
        name: 'keepTag false when newTag is written after "- ": not removable in place',
        code: kustomization('- newTag: v1', `  name: app`, `  digest: ${OLD}`),
        keepTag: false,
        output: undefined,
      },
      {
        name: 'a kustomization known by its file name only',
        fileName: 'overlays/prod/kustomization.yaml',
        code: yaml('images:', '- name: app', '  newTag: v1'),
        output: yaml('images:', '- name: app', '  newTag: v1', `  digest: ${D}`),
      },
    ]);

    it('entries without newTag, templated or invalid ones are skipped', () => {
      const code = kustomization(
        `- name: only-digest`,
        `  digest: ${OLD}`,
        '- name: renamed',
        '  newName: other',
        '- name: templated',
        '  newTag: ${TAG}',
        '- name: Bad',
        '  newTag: v1',
        '- name: ok',
        '  newTag: v2',
      );
      assert.deepEqual(pinTargets(code).map((t) => t.ref), ['ok:v2']);
    });

    it('the inserted line is the only change', () => {
      const code = kustomization('- name: a', '  newTag: v1', '- name: b', '  newTag: v2 # keep', '  newName: c');
      const target = targetFor({ code, at: 'v2' });
      const edits = pinEdit(code, target, D);
      assert.equal(edits.length, 1);
      assert.equal(edits[0]!.start, edits[0]!.end, 'an insertion');
      assert.equal(edits[0]!.newText, `  digest: ${D}\n`);
      assertConfined(code, edits, [0, code.length]);
      assert.equal(code.slice(0, edits[0]!.start), kustomization('- name: a', '  newTag: v1', '- name: b', '  newTag: v2 # keep'));
    });
  });

  describe('property: only the image scalar changes', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,6}$/);
    const reference = fc.record({
      registry: fc.constantFrom('', 'localhost:5000/', 'reg.example.com/', '127.0.0.1:5000/', 'ghcr.io/'),
      path: fc.array(component, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')),
      tag: fc.option(fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,8}$/), { nil: undefined }),
      digest: fc.option(fc.constant(OLD), { nil: undefined }),
    });
    const style = fc.constantFrom('plain', 'single', 'double');
    const comment = fc.constantFrom('', ' # note', '   #x');
    const eol = fc.constantFrom('\n', '\r\n');

    it('holds for generated references, quote styles, comments and line endings', () => {
      fc.assert(
        fc.property(reference, style, comment, eol, fc.boolean(), (r, s, note, newline, keepTag) => {
          const value = `${r.registry}${r.path}${r.tag === undefined ? '' : `:${r.tag}`}${r.digest === undefined ? '' : `@${r.digest}`}`;
          const written = s === 'plain' ? value : s === 'single' ? `'${value}'` : `"${value}"`;
          const code = deployment('- name: a', `  image: ${written}${note}`, '  imagePullPolicy: IfNotPresent').replace(/\n/g, newline);
          const target = targetFor({ code });
          assert.equal(target.ref, `${r.registry}${r.path}:${r.tag ?? 'latest'}`);
          const edits = pinEdit(code, target, D, { keepTag });
          assertConfined(code, edits, target.range);
          const expected = `${r.registry}${r.path}${keepTag && r.tag !== undefined ? `:${r.tag}` : ''}@${D}`;
          const quote = s === 'plain' ? '' : s === 'single' ? "'" : '"';
          const output = applyEdits(code, edits);
          assert.equal(output, code.replace(`image: ${written}`, `image: ${quote}${expected}${quote}`));
        }),
        { numRuns: 300 },
      );
    });
  });
});
