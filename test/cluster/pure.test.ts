// The cluster module's pure pieces: imageID forms, label selectors, and the declared-vs-live comparison
// with its verdicts (running the declared digest, drift, mixed mid-rollout, no pods, config IDs, unknown).
import assert from 'node:assert/strict';
import { compareContainer, labelSelectorString, parseImageId, shortDigest, toLiveFact, type CompareInput, type LivePod, type LiveWorkload } from '../../client/src/cluster';

const NEW = `sha256:${'9c4d'.repeat(16)}`;
const OLD = `sha256:${'3e7a'.repeat(16)}`;
const CHILD = `sha256:${'c1d0'.repeat(16)}`;
const CONFIG = `sha256:${'cf00'.repeat(16)}`;
const NOW = Date.parse('2026-11-22T12:00:00Z');

describe('cluster: imageID', function () {
  const rows: Array<[string, ReturnType<typeof parseImageId>]> = [
    [`docker-pullable://registry.example/team/app@${NEW}`, { kind: 'digest', digest: NEW, repository: 'registry.example/team/app' }],
    [`registry.example:5000/team/app@${NEW}`, { kind: 'digest', digest: NEW, repository: 'registry.example:5000/team/app' }],
    [`docker.io/library/nginx@${OLD}`, { kind: 'digest', digest: OLD, repository: 'docker.io/library/nginx' }],
    [`docker://${CONFIG}`, { kind: 'config', id: CONFIG }],
    [CONFIG, { kind: 'config', id: CONFIG }],
    ['cf00'.repeat(16), { kind: 'config', id: CONFIG }],
    ['', { kind: 'none' }],
    ['   ', { kind: 'none' }],
    ['docker-pullable://app@sha256:abc', { kind: 'unrecognised', raw: 'docker-pullable://app@sha256:abc' }],
    ['something-else', { kind: 'unrecognised', raw: 'something-else' }],
  ];
  for (const [imageID, expected] of rows) {
    it(`reads ${JSON.stringify(imageID.slice(0, 60))}`, function () {
      assert.deepEqual(parseImageId(imageID), expected);
    });
  }

  it('shortens a digest as docker does', function () {
    assert.equal(shortDigest(NEW), 'sha256:9c4d9c4d9c4d');
  });
});

describe('cluster: label selectors', function () {
  it('joins matchLabels and matchExpressions, sorted by key', function () {
    const selector = {
      matchLabels: { app: 'web', tier: 'front' },
      matchExpressions: [
        { key: 'track', operator: 'In', values: ['stable', 'canary'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'managed', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist', values: null },
      ],
    };
    assert.equal(labelSelectorString(selector), 'app=web,env notin (dev),!legacy,managed,tier=front,track in (stable,canary)');
  });

  it('gives "" for an empty or missing selector, which the caller must not list with', function () {
    assert.equal(labelSelectorString(undefined), '');
    assert.equal(labelSelectorString({}), '');
    assert.equal(labelSelectorString({ matchLabels: {}, matchExpressions: [] }), '');
  });

  it('refuses unknown operators and In without values', function () {
    assert.throws(() => labelSelectorString({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), /unknown operator "Gt"/);
    assert.throws(() => labelSelectorString({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), /"a In" requirement has no values/);
  });
});

function pod(name: string, imageID: string, options: { ready?: boolean; createdAt?: string; phase?: string; deleting?: boolean; init?: string; image?: string } = {}): LivePod {
  const status = (container: string, id: string) => ({ name: container, image: options.image ?? 'registry.example/team/app:v2.5.0', imageID: id, ready: options.ready ?? true, state: 'running' as const, restartCount: 0 });
  return {
    name,
    phase: options.phase ?? 'Running',
    createdAt: options.createdAt ?? '2026-11-22T11:00:00.000Z',
    deleting: options.deleting ?? false,
    containers: [status('app', imageID)],
    initContainers: options.init === undefined ? [] : [{ ...status('migrate', options.init), ready: false, state: 'terminated', reason: 'Completed' }],
  };
}

function workload(pods: LivePod[], overrides: Partial<LiveWorkload> = {}): LiveWorkload {
  return {
    context: 'prod',
    namespace: 'shop',
    kind: 'Deployment',
    name: 'web',
    containers: [
      { name: 'app', image: 'registry.example/team/app:v2.5.0', role: 'container' },
      { name: 'migrate', image: 'registry.example/team/migrate:v1', role: 'init' },
    ],
    selector: 'app=web',
    desiredReplicas: pods.length,
    podsExpected: true,
    pods,
    fetchedAt: '2026-11-22T12:00:00.000Z',
    ...overrides,
  };
}

function compare(live: LiveWorkload, input: Partial<CompareInput> = {}) {
  return compareContainer({ workload: live, container: 'app', role: 'container', declared: 'registry.example/team/app:v2.5.0', now: NOW, ...input });
}

describe('cluster: compareContainer', function () {
  it('running-declared: every pod runs the tag’s current digest (docker-pullable and containerd forms alike)', function () {
    const live = workload([pod('web-1', `docker-pullable://registry.example/team/app@${NEW}`), pod('web-2', `registry.example/team/app@${NEW}`)]);
    const result = compare(live, { expected: { digest: NEW, from: 'registry' } });
    assert.equal(result.verdict, 'running-declared');
    assert.deepEqual(result.issues, []);
    assert.equal(result.groups.length, 1);
    assert.deepEqual(result.groups[0], {
        kind: 'digest',
        digest: NEW,
        match: 'expected',
        repositories: ['registry.example/team/app'],
        images: ['registry.example/team/app:v2.5.0'],
        pods: ['web-1', 'web-2'],
        podCount: 2,
        readyCount: 2,
        oldestCreatedAt: '2026-11-22T11:00:00.000Z',
        newestCreatedAt: '2026-11-22T11:00:00.000Z',
        oldestAgeSeconds: 3600,
        newestAgeSeconds: 3600,
    });
    assert.equal(result.summary, '2 pods run the tag’s current digest sha256:9c4d9c4d9c4d; 2/2 ready');
  });

  it('takes the declared digest as the expected one when the file pins it', function () {
    const live = workload([pod('web-1', `registry.example/team/app@${NEW}`)], { containers: [{ name: 'app', image: `registry.example/team/app:v2.5.0@${NEW}`, role: 'container' }] });
    const result = compare(live, { declared: `registry.example/team/app:v2.5.0@${NEW}` });
    assert.deepEqual(result.expected, { digest: NEW, from: 'declared' });
    assert.equal(result.verdict, 'running-declared');
    assert.equal(result.summary, '1 pod runs the pinned digest sha256:9c4d9c4d9c4d; 1/1 ready');
  });

  it('running-other: the seed incident — Synced, v2.5.0 pushed, the pods still on v2.3.1 for days', function () {
    const threeDaysAgo = new Date(NOW - 3 * 86400_000).toISOString();
    const live = workload([pod('web-1', `registry.example/team/app@${OLD}`, { createdAt: threeDaysAgo }), pod('web-2', `registry.example/team/app@${OLD}`, { createdAt: threeDaysAgo })]);
    const result = compare(live, { expected: { digest: NEW, from: 'registry' } });
    assert.equal(result.verdict, 'running-other');
    assert.equal(result.mixed, false);
    assert.deepEqual(result.issues, ['drift']);
    assert.equal(result.groups[0]!.match, 'other');
    assert.equal(result.groups[0]!.oldestAgeSeconds, 3 * 86400);
    assert.equal(result.summary, '2 pods run sha256:3e7a3e7a3e7a (oldest 3d), not the tag’s current digest sha256:9c4d9c4d9c4d; 2/2 ready');
  });

  it('running-other, mixed: mid-rollout, says how many pods run which digest, newest first', function () {
    const live = workload([
      pod('web-new', `registry.example/team/app@${NEW}`, { createdAt: '2026-11-22T11:58:00.000Z', ready: false }),
      pod('web-old-1', `registry.example/team/app@${OLD}`, { createdAt: '2026-11-19T12:00:00.000Z' }),
      pod('web-old-2', `registry.example/team/app@${OLD}`, { createdAt: '2026-11-20T12:00:00.000Z' }),
    ]);
    const result = compare(live, { expected: { digest: NEW, from: 'registry' } });
    assert.equal(result.verdict, 'running-other');
    assert.equal(result.mixed, true);
    assert.deepEqual(result.issues, ['drift', 'not-ready']);
    assert.deepEqual(result.groups.map((g) => [g.digest, g.match, g.podCount, g.readyCount]), [
      [NEW, 'expected', 1, 0],
      [OLD, 'other', 2, 2],
    ]);
    assert.equal(result.notReadyCount, 1);
    assert.equal(result.summary, 'mixed, a rollout in progress or stuck: 1 of 3 pods run the tag’s current digest sha256:9c4d9c4d9c4d, 2 pods run sha256:3e7a3e7a3e7a (oldest 3d); 2/3 ready');
  });

  it('counts a platform manifest of the expected index as a match', function () {
    const live = workload([pod('web-1', `registry.example/team/app@${CHILD}`)]);
    const without = compare(live, { expected: { digest: NEW, from: 'registry' } });
    assert.equal(without.verdict, 'running-other');
    const withChildren = compare(live, { expected: { digest: NEW, from: 'registry' }, acceptedDigests: [CHILD] });
    assert.equal(withChildren.verdict, 'running-declared');
    assert.equal(withChildren.groups[0]!.match, 'child');
  });

  it('not-comparable: a bare image config ID is never called drift', function () {
    const live = workload([pod('web-1', CONFIG), pod('web-2', `docker://${CONFIG}`)]);
    const result = compare(live, { expected: { digest: NEW, from: 'registry' } });
    assert.equal(result.verdict, 'not-comparable');
    assert.deepEqual(result.issues, []);
    assert.equal(result.groups.length, 1, 'the same config ID in both forms is one group');
    assert.equal(result.groups[0]!.kind, 'config');
    assert.equal(result.groups[0]!.match, undefined);
    assert.match(result.summary, /^2 pods report only an image ID \(sha256:cf00cf00cf00\), not a registry digest/);
  });

  it('not-comparable when some pods match and others report a config ID; drift wins over config IDs', function () {
    const some = compare(workload([pod('web-1', `r/app@${NEW}`), pod('web-2', CONFIG)]), { expected: { digest: NEW, from: 'registry' } });
    assert.equal(some.verdict, 'not-comparable');
    assert.match(some.summary, /^1 of 2 pods run the expected digest, but 1 pod report only an image ID/);
    const drift = compare(workload([pod('web-1', `r/app@${OLD}`), pod('web-2', CONFIG)]), { expected: { digest: NEW, from: 'registry' } });
    assert.equal(drift.verdict, 'running-other');
  });

  it('no-pods: an issue only when pods are expected', function () {
    const result = compare(workload([], { desiredReplicas: 2 }), { expected: { digest: NEW, from: 'registry' } });
    assert.equal(result.verdict, 'no-pods');
    assert.deepEqual(result.issues, ['no-pods']);
    assert.equal(result.summary, 'no pods match app=web');
    const scaledDown = compare(workload([], { desiredReplicas: 0, podsExpected: false }), { expected: { digest: NEW, from: 'registry' } });
    assert.deepEqual(scaledDown.issues, []);
    assert.equal(scaledDown.summary, 'no pods (scaled to 0)');
    const cronJob = compare(workload([], { kind: 'CronJob', podsExpected: false }), { expected: { digest: NEW, from: 'registry' } });
    assert.equal(cronJob.summary, 'no pods (none of its jobs has pods now)');
  });

  it('unknown: no expected digest, and still says what runs', function () {
    const result = compare(workload([pod('web-1', `r/app@${OLD}`)]));
    assert.equal(result.verdict, 'unknown');
    assert.equal(result.expected, undefined);
    assert.deepEqual(result.issues, []);
    assert.equal(result.summary, '1 pod runs sha256:3e7a3e7a3e7a (oldest 60m); nothing to compare with (registry.example/team/app:v2.5.0 pins no digest); 1/1 ready');
  });

  it('pods still pulling do not make a verdict, but are not ready', function () {
    const result = compare(workload([pod('web-1', `r/app@${NEW}`), pod('web-2', '', { ready: false, phase: 'Pending' })]), { expected: { digest: NEW, from: 'registry' } });
    assert.equal(result.verdict, 'running-declared');
    assert.deepEqual(result.issues, ['not-ready']);
    assert.equal(result.summary, '1 of 2 pods run the tag’s current digest sha256:9c4d9c4d9c4d (1 pod still pulling); 1/2 ready');
    const onlyPulling = compare(workload([pod('web-2', '', { ready: false, phase: 'Pending' })]), { expected: { digest: NEW, from: 'registry' } });
    assert.equal(onlyPulling.verdict, 'not-comparable');
  });

  it('leaves out finished pods of a Deployment, keeps them for a Job; terminating pods need not be ready', function () {
    const evicted = pod('web-evicted', `r/app@${OLD}`, { phase: 'Failed', ready: false });
    const deployment = compare(workload([pod('web-1', `r/app@${NEW}`), evicted]), { expected: { digest: NEW, from: 'registry' } });
    assert.equal(deployment.verdict, 'running-declared');
    assert.equal(deployment.podCount, 1);
    const job = compare(workload([pod('job-1', `r/app@${NEW}`, { phase: 'Succeeded', ready: false })], { kind: 'Job', podsExpected: false }), { expected: { digest: NEW, from: 'registry' } });
    assert.equal(job.verdict, 'running-declared');
    assert.deepEqual(job.issues, [], 'a finished Job pod is not "not ready"');
    const terminating = compare(workload([pod('web-1', `r/app@${NEW}`), pod('web-0', `r/app@${NEW}`, { deleting: true, ready: false })]), { expected: { digest: NEW, from: 'registry' } });
    assert.deepEqual(terminating.issues, []);
  });

  it('init containers: compares their statuses, never calls them not ready', function () {
    const live = workload([pod('web-1', `r/app@${NEW}`, { init: `r/migrate@${OLD}` })]);
    const result = compareContainer({ workload: live, container: 'migrate', role: 'init', declared: 'registry.example/team/migrate:v1', expected: { digest: OLD, from: 'registry' }, now: NOW });
    assert.equal(result.verdict, 'running-declared');
    assert.deepEqual(result.issues, []);
    assert.equal(result.notReadyCount, 0);
    assert.equal(result.summary, '1 pod runs the tag’s current digest sha256:3e7a3e7a3e7a');
  });

  it('flags a live template that differs from the file (not applied, not synced) or lacks the container', function () {
    const live = workload([pod('web-1', `r/app@${OLD}`)], { containers: [{ name: 'app', image: 'registry.example/team/app:v2.3.1', role: 'container' }] });
    const result = compare(live, { expected: { digest: NEW, from: 'registry' } });
    assert.deepEqual(result.issues, ['drift', 'spec-differs']);
    assert.equal(result.liveImage, 'registry.example/team/app:v2.3.1');
    assert.match(result.summary, /; the live template says registry\.example\/team\/app:v2\.3\.1 \(the file is not applied, or not synced\)$/);
    const renamed = compare(workload([pod('web-1', `r/app@${NEW}`)], { containers: [{ name: 'server', image: 'x', role: 'container' }] }), { expected: { digest: NEW, from: 'registry' } });
    assert.deepEqual(renamed.issues, ['container-missing']);
  });

  it('compares template images by meaning: nginx is docker.io/library/nginx:latest', function () {
    const live = workload([pod('web-1', `r/app@${NEW}`)], { containers: [{ name: 'app', image: 'docker.io/library/nginx:latest', role: 'container' }] });
    assert.deepEqual(compare(live, { declared: 'nginx', expected: { digest: NEW, from: 'registry' } }).issues, []);
    assert.deepEqual(compare(live, { declared: `nginx@${NEW}` }).issues, ['spec-differs'], 'a pinned file and an unpinned template differ');
  });

  it('is plain data: survives JSON, and converts to the engine’s live fact', function () {
    const live = workload([pod('web-1', `r/app@${NEW}`), pod('web-2', `r/app@${OLD}`), pod('web-3', `r/app@${OLD}`)]);
    const result = compare(live, { expected: { digest: NEW, from: 'registry' } });
    assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
    assert.deepEqual(toLiveFact(result, live), {
      context: 'prod',
      namespace: 'shop',
      verdict: 'running-other',
      expected: NEW,
      expectedFrom: 'registry',
      running: [
        { digest: OLD, pods: 2, ready: 2, matches: false },
        { digest: NEW, pods: 1, ready: 1, matches: true },
      ],
      pods: 3,
    });
  });
});
