// Property tests for the engine: generated Kubernetes manifests and random mutations of the seed
// fixtures (test/fixtures/fuzz) must never make lint() throw, let a rule fail, report a range outside
// the text, or offer a fix whose edits overlap or touch bytes outside their own ranges.
//
// The seed is fixed so a CI run is reproducible; set SHIPSHAPE_FUZZ_SEED to explore other inputs and
// SHIPSHAPE_FUZZ_RUNS to scale the number of runs. fast-check prints the seed and the shrunk
// counterexample of any failure.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { applyEdits, disableNextLineFix, lint, RULE_IDS, SEVERITIES, type Fix, type TextEdit } from '../../../server/src/engine/index';
import { parseYaml } from '../../../server/src/engine/parse';

const SEED = Number(process.env.SHIPSHAPE_FUZZ_SEED ?? 0x5eed);
const RUNS_SCALE = Number(process.env.SHIPSHAPE_FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * RUNS_SCALE));

// ---------------------------------------------------------------------------------------------
// The properties

/** Edits are well-formed, in range, ordered without overlap, and change nothing outside themselves. */
function checkEdits(text: string, edits: readonly TextEdit[], what: string): void {
  assert.ok(Array.isArray(edits), `${what}: edits is not an array`);
  for (const edit of edits) {
    assert.ok(Number.isInteger(edit.start) && Number.isInteger(edit.end), `${what}: non-integer edit ${JSON.stringify(edit)}`);
    assert.ok(0 <= edit.start && edit.start <= edit.end && edit.end <= text.length, `${what}: edit ${edit.start}-${edit.end} outside 0-${text.length}`);
    assert.equal(typeof edit.newText, 'string', `${what}: newText is not a string`);
  }
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    // Two edits at the same start (e.g. two insertions) have no defined order: count them as overlapping.
    assert.ok(prev.end <= next.start && prev.start < next.start, `${what}: edits ${prev.start}-${prev.end} and ${next.start}-${next.end} overlap`);
  }
  const output = applyEdits(text, edits);
  let from = 0;
  let at = 0;
  for (const edit of sorted) {
    const untouched = text.slice(from, edit.start);
    assert.equal(output.slice(at, at + untouched.length), untouched, `${what}: bytes before offset ${edit.start} changed`);
    at += untouched.length;
    assert.equal(output.slice(at, at + edit.newText.length), edit.newText, `${what}: edit at ${edit.start} not applied as given`);
    at += edit.newText.length;
    from = edit.end;
  }
  assert.equal(output.slice(at), text.slice(from), `${what}: bytes after offset ${from} changed`);
}

function checkFix(text: string, fix: Fix, what: string): void {
  assert.equal(typeof fix.title, 'string', `${what}: fix without a title`);
  assert.ok(fix.title.length > 0, `${what}: fix with an empty title`);
  checkEdits(text, fix.edits, `${what} / fix "${fix.title}"`);
}

function checkLint(text: string, fileName: string | undefined): void {
  const ruleErrors: string[] = [];
  const options: Parameters<typeof lint>[1] = { onRuleError: (id, error) => ruleErrors.push(`${id}: ${error instanceof Error ? error.stack : String(error)}`) };
  if (fileName !== undefined) options.fileName = fileName;
  const { findings } = lint(text, options);
  assert.deepEqual(ruleErrors, [], 'a rule threw');
  for (const finding of findings) {
    const what = `${finding.ruleId} at ${finding.start}-${finding.end}`;
    assert.ok(RULE_IDS.has(finding.ruleId), `unknown rule id ${finding.ruleId}`);
    assert.ok(SEVERITIES.includes(finding.severity), `${what}: unknown severity ${finding.severity}`);
    assert.ok(Number.isInteger(finding.start) && Number.isInteger(finding.end), `${what}: non-integer range`);
    assert.ok(0 <= finding.start && finding.start <= finding.end && finding.end <= text.length, `${what}: outside 0-${text.length}`);
    assert.ok(typeof finding.message === 'string' && finding.message.length > 0, `${what}: empty message`);
    if (finding.fixes !== undefined) {
      assert.equal(typeof finding.fixes, 'function', `${what}: fixes is not a function`);
      const fixes = finding.fixes();
      assert.ok(Array.isArray(fixes), `${what}: fixes() did not return an array`);
      for (const fix of fixes) checkFix(text, fix, what);
    }
    checkFix(text, disableNextLineFix(text, finding), `${what} / disableNextLineFix`);
  }
}

// ---------------------------------------------------------------------------------------------
// Generated manifests: a small YAML tree, emitted in block or flow style

type YNode =
  | { kind: 'scalar'; text: string }
  | { kind: 'map'; entries: Entry[]; flow: boolean }
  | { kind: 'seq'; items: YNode[]; flow: boolean; indentless: boolean };

interface Entry {
  key: string;
  value: YNode;
  /** A whole-line comment (or directive) above the entry. */
  comment: string | undefined;
  /** A comment at the end of the entry's line, for entries written on one line. */
  trailing: string | undefined;
}

const COMMENTS = [
  '# a plain comment',
  '#',
  '# shipshape-disable-next-line',
  '# shipshape-disable-next-line image-latest-tag',
  '#shipshape-disable-next-line pull-policy-missing, image-not-pinned -- known, see TICKET-7',
  '# shipshape-disable-next-line * -- all of them',
  '# shipshape-disable-next-line all',
  '#  shipshape-disable-next-line probe-port-unknown,probe-readiness-missing',
  '# shipshape-disable probe-liveness-missing',
  '# shipshape-disabled image-latest-tag',
  '# not shipshape-disable-next-line image-latest-tag',
  '# --- not a document marker',
  '# ünïcödé 😀 comment',
];
const TRAILING = [' # note', ' # shipshape-disable-next-line', ' #no-space', ' # shipshape-disable image-latest-tag'];

function sometimes<T>(arb: fc.Arbitrary<T>, present = 1, absent = 1): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: arb, weight: present });
}

const flowFlag = fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 });

/** A scalar written plain when that is safe, else double-quoted; single-quoted now and then. */
function quote(raw: string, style: 'plain' | 'double' | 'single'): string {
  const plainSafe = /^[A-Za-z0-9./_@~][^#,[\]{}\n\r\t"']*$/.test(raw) && !/:(\s|$)/.test(raw) && raw.trim() === raw;
  if (style === 'plain' && plainSafe) return raw;
  if (style === 'single' && !/[\n\r]/.test(raw)) return `'${raw.replace(/'/g, "''")}'`;
  return JSON.stringify(raw);
}

function scalarOf(pool: fc.Arbitrary<string>): fc.Arbitrary<YNode> {
  const style = fc.oneof({ arbitrary: fc.constant('plain' as const), weight: 4 }, fc.constant('double' as const), fc.constant('single' as const));
  return fc.tuple(pool, style).map(([raw, s]) => ({ kind: 'scalar', text: quote(raw, s) }));
}

/** Raw scalar text, written as is (numbers, booleans, nulls, pre-quoted strings). */
const raw = (...texts: string[]): fc.Arbitrary<YNode> => fc.constantFrom(...texts).map((text) => ({ kind: 'scalar', text }));

function entry(key: string, value: fc.Arbitrary<YNode>): fc.Arbitrary<Entry> {
  return fc.record({
    key: fc.constant(key),
    value,
    comment: sometimes(fc.constantFrom(...COMMENTS), 1, 6),
    trailing: sometimes(fc.constantFrom(...TRAILING), 1, 8),
  });
}

function optional(key: string, value: fc.Arbitrary<YNode>, present = 1, absent = 1): fc.Arbitrary<Entry | undefined> {
  return sometimes(entry(key, value), present, absent);
}

function mapOf(...entries: Array<fc.Arbitrary<Entry | undefined>>): fc.Arbitrary<YNode> {
  return fc.tuple(fc.tuple(...entries), flowFlag).map(([list, flow]) => ({
    kind: 'map',
    entries: list.filter((e): e is Entry => e !== undefined),
    flow,
  }));
}

function seqOf(item: fc.Arbitrary<YNode>, maxLength: number, minLength = 0): fc.Arbitrary<YNode> {
  return fc.record({ items: fc.array(item, { minLength, maxLength }), flow: flowFlag, indentless: fc.boolean() }).map((s) => ({ kind: 'seq', ...s }));
}

const IMAGES = [
  'nginx',
  'nginx:latest',
  'nginx:1.27.0',
  'nginx:1.27.0@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31',
  'nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31',
  'docker.io/library/nginx:latest',
  'index.docker.io/nginx:stable',
  'ghcr.io/acme/web:v1.2.3',
  'ghcr.io/acme/web:latest',
  'localhost:5000/app',
  'localhost:5000/app:dev',
  'registry:5000/a/b:1.2',
  'registry.example.com:5000/acme/worker:release-0.8.2',
  'myreg/app',
  // invalid references
  'Nginx:Latest',
  'ghcr.io/Acme/Web:1',
  'nginx:',
  ':1.0',
  'nginx@sha256:abc',
  'nginx@sha256:0D17B565C37BCBD895E9D92315A05C1C3C9A29F762B011A10C54A66CD53C9B31',
  'nginx:' + 'x'.repeat(140),
  'nginx latest',
  'a//b:1',
  '',
  ' ',
  '-dash:1',
  'ünïcode:1',
  'nginx:1.0 # not a comment inside quotes',
  'nginx:😀',
];

const imageValue: fc.Arbitrary<YNode> = fc.oneof(
  { arbitrary: scalarOf(fc.constantFrom(...IMAGES)), weight: 8 },
  { arbitrary: raw('1.0', '42', 'true', 'null', '~', '[]', '{}', '!!str latest'), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }).map((s) => ({ kind: 'scalar' as const, text: JSON.stringify(s) })), weight: 1 },
);

const count = raw('0', '1', '2', '3', '10', '-1', '"3"', '1.5', 'null', '~', '""', 'true', '0x10');
const percentOrCount = raw('0', '1', '2', '25%', '"25%"', '0%', '100%', '"100%"', '50%', '-1', 'abc', '""', 'null');
const portRef = raw('http', 'metrics', 'admin', 'grpc', 'web', 'HTTP', '8080', '9090', '80', '"8080"', '"http"', '0', '65536', '-1', 'null', '~');
const portName = raw('http', 'metrics', 'admin', 'grpc', 'web', '"http"', 'null', '""');
const containerPortValue = raw('80', '8080', '9090', '"8080"', '0', '65536', 'http');

const containerPort = mapOf(optional('name', portName, 2), optional('containerPort', containerPortValue, 5), optional('protocol', raw('TCP', 'UDP'), 1, 4));

const probe = fc.oneof(
  mapOf(entry('httpGet', mapOf(optional('path', raw('/', '/healthz', '"/ready"')), optional('port', portRef, 6))), optional('periodSeconds', count, 1, 3)),
  mapOf(entry('tcpSocket', mapOf(optional('port', portRef, 6)))),
  mapOf(entry('grpc', mapOf(optional('port', portRef, 6), optional('service', raw('health'), 1, 3)))),
  mapOf(entry('exec', mapOf(entry('command', seqOf(raw('cat', '/tmp/ready', 'sh', '-c'), 3))))),
  raw('{}', 'null', '[]'),
);

const container = mapOf(
  optional('name', raw('app', 'web', 'sidecar', 'migrate', 'proxy', '"quoted"', 'null'), 5),
  optional('image', imageValue, 10),
  optional('imagePullPolicy', raw('Always', 'IfNotPresent', 'Never', 'always', '""', 'null')),
  optional('restartPolicy', raw('Always', 'OnFailure', 'Never'), 1, 5),
  optional('ports', seqOf(containerPort, 3), 1, 1),
  optional('readinessProbe', probe, 1, 2),
  optional('livenessProbe', probe, 1, 2),
  optional('startupProbe', probe, 1, 4),
  optional('command', seqOf(raw('sh', '-c', '"echo hi"'), 3), 1, 5),
);

const ignoreAnnotation = mapOf(entry('shipshape.dev/ignore', raw('image-latest-tag', '"*"', 'all', '"probe-liveness-missing, probe-readiness-missing"', '""')));

const podSpec = mapOf(
  optional('restartPolicy', raw('Always', 'OnFailure', 'Never'), 1, 3),
  optional('initContainers', seqOf(container, 2), 1, 2),
  optional('containers', seqOf(container, 3, 1), 8, 1),
  optional('ephemeralContainers', seqOf(container, 1), 1, 5),
);

const podTemplate = mapOf(
  optional('metadata', mapOf(optional('labels', mapOf(entry('app', raw('web', 'api')))), optional('annotations', ignoreAnnotation, 1, 5)), 2, 1),
  optional('spec', podSpec, 10, 1),
);

const metadata = mapOf(
  optional('name', raw('web', 'api', 'worker', '"x"'), 4),
  optional('namespace', raw('default', 'prod'), 1, 3),
  optional('annotations', ignoreAnnotation, 1, 5),
);

const deploymentStrategy = mapOf(
  optional('type', raw('RollingUpdate', 'Recreate', 'rollingupdate', '""'), 3),
  optional('rollingUpdate', mapOf(optional('maxSurge', percentOrCount, 2), optional('maxUnavailable', percentOrCount, 2)), 2),
);

const updateStrategy = mapOf(
  optional('type', raw('RollingUpdate', 'OnDelete', 'ondelete'), 3),
  optional('rollingUpdate', mapOf(optional('maxUnavailable', percentOrCount), optional('partition', count)), 1, 2),
);

const rolloutStrategy = fc.oneof(
  mapOf(entry('canary', mapOf(optional('maxSurge', percentOrCount), optional('maxUnavailable', percentOrCount), optional('steps', seqOf(raw('{setWeight: 20}', '{pause: {}}'), 2))))),
  mapOf(entry('blueGreen', mapOf(optional('activeService', raw('web')), optional('autoPromotionEnabled', raw('false', 'true'))))),
  raw('{}', 'null'),
);

const common = {
  replicas: optional('replicas', count),
  history: optional('revisionHistoryLimit', count, 1, 2),
  minReady: optional('minReadySeconds', count, 1, 3),
  deadline: optional('progressDeadlineSeconds', count, 1, 3),
  selector: optional('selector', mapOf(entry('matchLabels', mapOf(entry('app', raw('web'))))), 1, 2),
  template: optional('template', podTemplate, 10, 1),
};

const SPECS: Record<string, fc.Arbitrary<YNode>> = {
  Deployment: mapOf(common.replicas, common.history, common.minReady, common.deadline, optional('strategy', deploymentStrategy), common.selector, common.template),
  StatefulSet: mapOf(common.replicas, common.history, common.minReady, optional('updateStrategy', updateStrategy), optional('serviceName', raw('db'), 1, 2), common.template),
  DaemonSet: mapOf(common.history, common.minReady, optional('updateStrategy', updateStrategy), common.selector, common.template),
  Job: mapOf(optional('backoffLimit', count, 1, 2), common.template),
  CronJob: mapOf(optional('schedule', raw('"0 3 * * *"', '"@daily"')), optional('jobTemplate', mapOf(optional('spec', mapOf(common.template), 8, 1)), 8, 1)),
  Pod: podSpec,
  Rollout: mapOf(common.replicas, common.history, common.minReady, common.deadline, optional('strategy', rolloutStrategy), common.template),
};

const API_VERSIONS: Record<string, string[]> = {
  Deployment: ['apps/v1', 'extensions/v1beta1'],
  StatefulSet: ['apps/v1'],
  DaemonSet: ['apps/v1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1', 'batch/v1beta1'],
  Pod: ['v1'],
  Rollout: ['argoproj.io/v1alpha1'],
  Kustomization: ['kustomize.config.k8s.io/v1beta1'],
};
const WRONG_API_VERSIONS = ['v1', 'apps/v1', 'example.com/v1', '""', '1'];

const kustomizeImage = mapOf(
  optional('name', scalarOf(fc.constantFrom('nginx', 'ghcr.io/acme/web', 'localhost:5000/app', 'unmatched/thing', '')), 6),
  optional('newName', scalarOf(fc.constantFrom('registry.example.com/mirror/nginx', 'ghcr.io/acme/web2', 'Bad Name')), 1, 3),
  optional('newTag', raw('latest', 'v2.5.0', '"1.0"', '1.0', '"latest"', '""', 'null', 'LATEST'), 2),
  optional('digest', raw('sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', '9c4d1e7', 'sha256:abc', 'md5:0d17b565', '""', 'sha256:0D17B565C37BCBD895E9D92315A05C1C3C9A29F762B011A10C54A66CD53C9B31'), 1, 2),
);

function objectOf(kind: string): fc.Arbitrary<YNode> {
  const apiVersion = fc.oneof(
    { arbitrary: fc.constantFrom(...API_VERSIONS[kind]!), weight: 8 },
    { arbitrary: fc.constantFrom(...WRONG_API_VERSIONS), weight: 1 },
  ).map((text): YNode => ({ kind: 'scalar', text }));
  if (kind === 'Kustomization') {
    return mapOf(
      optional('apiVersion', apiVersion, 4),
      optional('kind', raw('Kustomization', 'Component'), 6),
      optional('resources', seqOf(raw('../../base', 'deployment.yaml'), 2), 1, 2),
      optional('images', seqOf(kustomizeImage, 4), 6),
    );
  }
  return mapOf(entry('apiVersion', apiVersion), entry('kind', raw(kind)), optional('metadata', metadata, 6), optional('spec', SPECS[kind]!, 12));
}

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'Rollout', 'Kustomization'];
const object = fc.constantFrom(...KINDS).chain(objectOf);

function isBlock(node: YNode): boolean {
  if (node.kind === 'scalar' || node.flow) return false;
  return node.kind === 'map' ? node.entries.length > 0 : node.items.length > 0;
}

function inline(node: YNode): string {
  switch (node.kind) {
    case 'scalar':
      return node.text;
    case 'map':
      return `{${node.entries.map((e) => `${e.key}: ${inline(e.value)}`).join(', ')}}`;
    case 'seq':
      return `[${node.items.map(inline).join(', ')}]`;
  }
}

/** Block-style lines at `indent`; `step` is the file's indentation width. */
function block(node: YNode, indent: number, step: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (node.kind === 'map') {
    for (const e of node.entries) {
      if (e.comment !== undefined) lines.push(pad + e.comment);
      const value = e.value;
      if (!isBlock(value)) {
        lines.push(`${pad}${e.key}: ${inline(value)}${e.trailing ?? ''}`);
      } else {
        lines.push(`${pad}${e.key}:`);
        const nested = value.kind === 'seq' && value.indentless ? indent : indent + step;
        lines.push(...block(value, nested, step));
      }
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items) {
      if (!isBlock(item)) {
        lines.push(`${pad}- ${inline(item)}`);
        continue;
      }
      const nested = block(item, indent + 2, step);
      nested[0] = `${pad}- ${nested[0]!.slice(indent + 2)}`;
      lines.push(...nested);
    }
  } else {
    lines.push(pad + node.text);
  }
  return lines;
}

interface GeneratedDoc {
  object: YNode;
  header: string[];
  wholeFlow: boolean;
}

interface GeneratedFile {
  docs: GeneratedDoc[];
  step: number;
  explicitStart: boolean;
  separator: string;
  documentEnd: boolean;
  eol: string;
  bom: boolean;
  finalNewline: boolean;
  fileName: string | undefined;
}

const generatedDoc: fc.Arbitrary<GeneratedDoc> = fc.record({
  object,
  header: fc.array(fc.constantFrom(...COMMENTS, '# shipshape-disable', '# shipshape-disable image-latest-tag, pull-policy-missing -- legacy'), { maxLength: 2 }),
  wholeFlow: fc.oneof({ arbitrary: fc.constant(false), weight: 8 }, fc.constant(true)),
});

const generatedFile: fc.Arbitrary<GeneratedFile> = fc.record({
  docs: fc.array(generatedDoc, { minLength: 1, maxLength: 4 }),
  step: fc.constantFrom(2, 2, 4, 3),
  explicitStart: fc.boolean(),
  separator: fc.constantFrom('---', '---', '--- # next', '---\n', '...\n---'),
  documentEnd: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, fc.constant(true)),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, fc.constant(true)),
  finalNewline: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, fc.constant(false)),
  fileName: fc.constantFrom(undefined, 'deploy.yaml', 'k8s/app.yml', 'overlays/prod/kustomization.yaml'),
});

function render(file: GeneratedFile): string {
  const parts = file.docs.map((d) => [...d.header, ...(d.wholeFlow ? [inline(d.object)] : block(d.object, 0, file.step))].join('\n'));
  let text = (file.explicitStart ? '---\n' : '') + parts.join(`\n${file.separator}\n`);
  if (file.documentEnd) text += '\n...';
  if (file.finalNewline) text += '\n';
  if (file.eol !== '\n') text = text.replace(/\n/g, file.eol);
  return (file.bom ? '\uFEFF' : '') + text;
}

const manifest = generatedFile.map((file) => ({ text: render(file), fileName: file.fileName }));

// ---------------------------------------------------------------------------------------------
// Mutations

type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'replace'; at: number; length: number; text: string }
  | { op: 'swap-lines'; a: number; b: number }
  | { op: 'duplicate-line'; a: number }
  | { op: 'truncate'; at: number }
  | { op: 'crlf' }
  | { op: 'bom' };

const FRAGMENTS = [
  '\t', '*alias', '&anchor ', '*base', '&base ', '<<: ', '<<: *base\n', '<<: [*a, *b]', ': ', '- ', '-', '\n', '\r\n', '\r',
  '---\n', '...\n', '#', '# ', '#shipshape-disable-next-line ', '# shipshape-disable\n', '{', '}', '[', ']', '"', "'", '|\n',
  '>-\n', '? ', '!!str ', '!!map ', '!custom ', '%YAML 1.2\n', 'image: nginx:latest', 'image: ', '  ', '    ', ',', '\\',
  '\u0000', '\uFEFF', '\u2028', '\u0085', '😀', '\uD800', '\uDC00', '\uDBFF\uDFFF', 'latest', '@sha256:', ':', 'port: http',
  'containers:\n  - image: x', 'kind: Deployment\n', 'apiVersion: apps/v1\n',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const insertion = fc.oneof(
  { arbitrary: fc.constantFrom(...FRAGMENTS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 8 }), weight: 2 },
  { arbitrary: fc.string({ unit: loneSurrogate, minLength: 1, maxLength: 3 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), weight: 2 },
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 60 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: insertion }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: insertion }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), length: fc.nat({ max: 20 }), text: insertion }),
  fc.record({ op: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-line' as const), a: fc.nat() }),
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('crlf' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('bom' as const) }), weight: 1 },
);

function mutate(text: string, m: Mutation): string {
  const pos = (n: number) => n % (text.length + 1);
  switch (m.op) {
    case 'delete':
      return text.slice(0, pos(m.at)) + text.slice(pos(m.at) + m.length);
    case 'insert':
      return text.slice(0, pos(m.at)) + m.text + text.slice(pos(m.at));
    case 'replace':
      return text.slice(0, pos(m.at)) + m.text + text.slice(pos(m.at) + m.length);
    case 'truncate':
      return text.slice(0, pos(m.at));
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'bom':
      return '\uFEFF' + text;
    case 'swap-lines':
    case 'duplicate-line': {
      const lines = text.split('\n');
      const a = m.a % lines.length;
      if (m.op === 'duplicate-line') lines.splice(a, 0, lines[a]!);
      else {
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      }
      return lines.join('\n');
    }
  }
}

const FIXTURES = join(__dirname, '../../fixtures/fuzz');
const seeds = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(FIXTURES, name), 'utf8') }));

const seedFileName = (name: string) => fc.constantFrom<string | undefined>(name, undefined, 'kustomization.yaml');

// ---------------------------------------------------------------------------------------------

describe('engine fuzz', () => {
  it('has seed fixtures, and they lint cleanly as they are', () => {
    assert.ok(seeds.length >= 5, `expected seed manifests in ${FIXTURES}`);
    for (const seed of seeds) checkLint(seed.text, seed.name);
  });

  it('the generators reach the rules: generated manifests are valid YAML with findings, mutations break the YAML', () => {
    const generated = new Set<string>();
    for (const { text, fileName } of fc.sample(manifest, { seed: SEED, numRuns: 120 })) {
      const errors = parseYaml(text).docs.flatMap((d) => d.errors.map((e) => e.message));
      assert.deepEqual(errors, [], `the generator wrote invalid YAML:\n${text}`);
      for (const f of lint(text, fileName === undefined ? {} : { fileName }).findings) generated.add(f.ruleId);
    }
    const expected = ['image-invalid-reference', 'image-latest-tag', 'image-untagged', 'kustomize-image-latest', 'probe-port-unknown', 'pull-policy-missing', 'pull-policy-stale-cache'];
    for (const id of expected) assert.ok(generated.has(id), `no generated manifest triggered ${id}; seen: ${[...generated].sort().join(', ')}`);
    const mutated = fc.sample(fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 8 })), { seed: SEED, numRuns: 100 });
    const broken = mutated.filter(([s, ms]) => lint(ms.reduce(mutate, s.text), { fileName: s.name }).findings.some((f) => f.ruleId === 'yaml-syntax'));
    assert.ok(broken.length >= 10, `only ${broken.length} of 100 mutated seeds had a yaml-syntax finding`);
  });

  it('generated manifests: lint never throws and its findings and fixes are well-formed', () => {
    fc.assert(
      fc.property(manifest, ({ text, fileName }) => checkLint(text, fileName)),
      { seed: SEED, numRuns: runs(250) },
    );
  });

  it('generated manifests: the disable-next-line fix suppresses its finding and keeps the YAML valid', () => {
    fc.assert(
      fc.property(manifest, fc.nat(), ({ text, fileName }, pick) => {
        const options = fileName === undefined ? {} : { fileName };
        const { findings } = lint(text, options);
        fc.pre(findings.length > 0);
        const finding = findings[pick % findings.length]!;
        const fix = disableNextLineFix(text, finding);
        const output = applyEdits(text, fix.edits);
        const shift = output.length - text.length;
        const after = lint(output, options).findings;
        assert.ok(!after.some((f) => f.ruleId === 'yaml-syntax'), `the fix broke the YAML:\n${output}`);
        const moved = (f: { ruleId: string; start: number; end: number }) => f.ruleId === finding.ruleId && f.start === finding.start + shift && f.end === finding.end + shift;
        assert.ok(!after.some(moved), `${finding.ruleId} at ${finding.start} is still reported after:\n${output}`);
      }),
      { seed: SEED, numRuns: runs(100) },
    );
  });

  it('mutated seed fixtures: lint never throws and its findings and fixes are well-formed', () => {
    const seed = fc.constantFrom(...seeds);
    fc.assert(
      fc.property(
        seed.chain((s) => fc.tuple(fc.constant(s.text), fc.array(mutation, { minLength: 1, maxLength: 8 }), seedFileName(s.name))),
        ([text, mutations, fileName]) => checkLint(mutations.reduce(mutate, text), fileName),
      ),
      { seed: SEED, numRuns: runs(400) },
    );
  });

  it('mutated generated manifests: lint never throws and its findings and fixes are well-formed', () => {
    fc.assert(
      fc.property(manifest, fc.array(mutation, { minLength: 1, maxLength: 4 }), ({ text, fileName }, mutations) => checkLint(mutations.reduce(mutate, text), fileName)),
      { seed: SEED, numRuns: runs(150) },
    );
  });
});
