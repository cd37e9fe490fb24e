// `shipshape verify`: files → declared workloads → one live lookup each (and one registry lookup per unpinned
// tag) → declared vs live per container → report and exit status. The cluster module and
// @kubernetes/client-node load only here (dist/cluster.js), never for lint or pin.
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ClusterClient, ClusterErrorKind, ContainerComparison, ContextInfo, LiveWorkload } from '../../../client/src/cluster/index';
import { loadClusterModule, type ClusterModule } from '../../../client/src/cluster/load';
import { declaredWorkloads, parseImageRef, type DeclaredContainer, type DeclaredWorkload } from '../engine/index';
import { VERIFY_USAGE, parseVerifyArgs, type VerifyArgs } from './args';
import { describeFsError, loadConfig } from './config';
import { discover, displayPath, type Target } from './discover';
import { answeredHelpOrVersion, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, VERSION, type CliIo, type Command } from './io';
import { mapWithLimit } from './lint-command';
import { RegistryConfigError, createRegistryClient, resolveAll, type DigestResolver, type Resolution } from './registry';

export const verifyCommand: Command = {
  name: 'verify',
  synopsis: 'verify [paths...|-]',
  summary: 'check that the cluster runs the image digests the manifests declare',
  usage: VERIFY_USAGE,
  run: runVerify,
};

/** Workloads looked up at once: the API server sees a handful of requests in flight, never hundreds. */
const LOOKUP_CONCURRENCY = 8;

/** A container's state in one word, for the text report and for scripts. */
export type ContainerStatus =
  /** Runs what is declared, and ready. */
  | 'ok'
  /** Pods run another digest. */
  | 'drift'
  /** The live template's image is not the file's (or the container is not in it): not applied, not synced. */
  | 'not-applied'
  /** No pods, though the workload should have some. */
  | 'no-pods'
  | 'not-ready'
  /** No pods, and none expected (a CronJob between runs, a workload scaled to 0, a finished Job). */
  | 'idle'
  /** Pods report image config IDs only, or have not pulled yet. */
  | 'not-comparable'
  /** Nothing to compare with (an unpinned tag with --no-registry, a tag the registry does not have). */
  | 'unknown';

const PROBLEMS: ReadonlySet<ContainerStatus> = new Set(['drift', 'not-applied', 'no-pods', 'not-ready']);

/** `--format json`: one object, documented in README.md. */
export interface VerifyReport {
  /** Null when the files declare no workload (the cluster is then not asked). */
  context: { name: string; cluster: string; server: string; namespace: string } | null;
  workloads: VerifiedWorkload[];
  summary: VerifySummary;
}

export interface VerifiedWorkload {
  file: string;
  /** 1-based position of `metadata.name`. */
  line: number;
  column: number;
  kind: string;
  name: string;
  namespace: string;
  /** `missing`: the object is not in the cluster; `error`: it could not be read (forbidden, …). */
  status: 'ok' | 'problem' | 'missing' | 'error';
  error?: { kind: ClusterErrorKind; message: string };
  /** The label selector the pods were found with. */
  selector?: string;
  containers: VerifiedContainer[];
}

export interface VerifiedContainer extends Omit<ContainerComparison, 'container'> {
  name: string;
  /** 1-based position of the `image` value. */
  line: number;
  column: number;
  status: ContainerStatus;
  /** Why there is no expected digest, when the registry could not say. */
  note?: string;
}

export interface VerifySummary {
  workloads: number;
  containers: number;
  problems: number;
  byStatus: Record<ContainerStatus, number>;
  missing: number;
  errors: number;
}

interface FileWorkloads {
  target: Target;
  workloads: DeclaredWorkload[];
}

async function runVerify(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseVerifyArgs(argv);
  if (answeredHelpOrVersion(args, VERIFY_USAGE, io)) return EXIT_OK;

  const loaded = await loadConfig(io.cwd, args.configFile);
  if (loaded.config.problems.length > 0) {
    io.stderr.write(`shipshape: problems in ${nearPath(io.cwd, loaded.file ?? '')}:\n${loaded.config.problems.map((p) => `  ${p}\n`).join('')}`);
    return EXIT_ERROR;
  }
  const configIgnore = loaded.dir === undefined ? undefined : { dir: loaded.dir, patterns: loaded.config.ignore };
  const discovery = await discover(args.paths, { cwd: io.cwd, stdinFilename: args.stdinFilename, configIgnore });
  const errors = [...discovery.errors];
  const files: FileWorkloads[] = [];
  for (const target of discovery.targets) {
    try {
      const text = await readTarget(target, io);
      files.push({ target, workloads: declaredWorkloads(text).filter((w) => w.containers.length > 0) });
    } catch (error) {
      errors.push(`cannot read ${target.display}: ${describeFsError(error)}`);
    }
  }

  if (files.every((f) => f.workloads.length === 0)) {
    // Nothing to look up: the cluster (and its kubeconfig) is not needed.
    io.stdout.write(args.format === 'json' ? `${JSON.stringify({ context: null, workloads: [], summary: summarise([]) }, null, 2)}\n` : 'No workloads to verify.\n');
    for (const error of errors) io.stderr.write(`shipshape: ${error}\n`);
    return errors.length > 0 ? EXIT_ERROR : EXIT_OK;
  }

  const cluster = await loadClusterModule();
  let client: ClusterClient;
  try {
    client = await cluster.connectCluster({
      paths: args.kubeconfig.map((p) => resolve(io.cwd, p)),
      env: io.env,
      ...(args.context !== undefined && { context: args.context }),
      allowExec: args.execPlugins,
      execRefusedReason: 'leave out --no-exec-plugins to allow it',
      timeoutMs: args.clusterTimeoutMs,
    });
  } catch (error) {
    if (!cluster.isClusterError(error)) throw error;
    return fail(io, [...errors, error.message]);
  }

  let registry: DigestResolver | undefined;
  if (args.registry) {
    try {
      registry = await createRegistryClient(args.registry, io.env, VERSION);
    } catch (error) {
      if (!(error instanceof RegistryConfigError)) throw error;
      return fail(io, [...errors, error.message]);
    }
  }

  let report: VerifyReport;
  try {
    const verified = await verifyAll(files, args, client, cluster, registry, errors);
    if ('fatal' in verified) return fail(io, [...errors, verified.fatal]);
    report = { context: contextOf(client.context), workloads: verified.workloads, summary: summarise(verified.workloads) };
  } finally {
    registry?.close();
  }

  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  io.stdout.write(args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyText(report, { color: io.stdout.isTTY === true && !noColor }));
  for (const error of errors) io.stderr.write(`shipshape: ${error}\n`);
  if (errors.length > 0 || report.summary.errors > 0) return EXIT_ERROR;
  return report.summary.problems > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function fail(io: CliIo, messages: readonly string[]): number {
  for (const message of messages) io.stderr.write(`shipshape: ${message}\n`);
  return EXIT_ERROR;
}

/** Errors that concern the whole context: the other lookups would fail the same way, so they stop. */
const CONTEXT_WIDE: ReadonlySet<ClusterErrorKind> = new Set(['no-kubeconfig', 'bad-kubeconfig', 'unknown-context', 'exec-not-allowed', 'credentials', 'unreachable', 'tls', 'unauthorized']);

async function verifyAll(
  files: readonly FileWorkloads[],
  args: VerifyArgs,
  client: ClusterClient,
  cluster: ClusterModule,
  registry: DigestResolver | undefined,
  errors: string[],
): Promise<{ workloads: VerifiedWorkload[] } | { fatal: string }> {
  const items = files.flatMap((file) => file.workloads.map((workload) => ({ file: file.target.display, workload })));
  const stop = new AbortController();
  let fatal: string | undefined;

  // Tags without a digest: what they point at now is what the pods should run.
  const tagRefs = items.flatMap(({ workload }) => workload.containers.map(tagToResolve).filter((r): r is string => r !== undefined));
  const resolutionsPromise: Promise<Map<string, Resolution>> = registry && tagRefs.length > 0 ? resolveAll(registry, tagRefs) : Promise.resolve(new Map());
  const children = childrenLookup(registry);

  const lookups = await mapWithLimit(items, LOOKUP_CONCURRENCY, async ({ workload }) => {
    if (stop.signal.aborted) return undefined;
    const namespace = workload.namespace ?? args.namespace;
    try {
      return await client.getWorkload({ kind: workload.kind, name: workload.name, ...(namespace !== undefined && { namespace }) }, { signal: stop.signal });
    } catch (error) {
      if (!cluster.isClusterError(error)) throw error;
      if (CONTEXT_WIDE.has(error.kind) && fatal === undefined) {
        fatal = error.message;
        stop.abort();
      }
      return error;
    }
  });
  if (fatal !== undefined) return { fatal };
  const resolutions = await resolutionsPromise;
  for (const [ref, resolution] of [...resolutions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (resolution.status === 'error') errors.push(`cannot resolve ${ref} with its registry: ${resolution.message}`);
  }

  const verified: VerifiedWorkload[] = [];
  for (const [i, { file, workload }] of items.entries()) {
    const live = lookups[i];
    const head = { file, line: workload.lines.startLine + 1, column: workload.lines.startCharacter + 1, kind: workload.kind, name: workload.name };
    if (live === undefined || cluster.isClusterError(live)) {
      const error = live as { kind: ClusterErrorKind; message: string } | undefined;
      const kind = error?.kind ?? 'cancelled';
      verified.push({
        ...head,
        namespace: workload.namespace ?? args.namespace ?? client.context.namespace,
        status: kind === 'not-found' ? 'missing' : 'error',
        error: { kind, message: error?.message ?? 'not looked up' },
        containers: [],
      });
      continue;
    }
    const containers: VerifiedContainer[] = [];
    for (const container of workload.containers) containers.push(await verifyContainer(container, live, resolutions, children, cluster));
    verified.push({
      ...head,
      namespace: live.namespace,
      status: containers.some((c) => PROBLEMS.has(c.status)) ? 'problem' : 'ok',
      ...(live.selector !== undefined && { selector: live.selector }),
      containers,
    });
  }
  return { workloads: verified };
}

/** The reference to ask a registry about: a valid image without a digest, with its tag (`latest` when none is written). */
function tagToResolve(container: DeclaredContainer): string | undefined {
  const parsed = parseImageRef(container.image);
  if (!parsed.ok || parsed.ref.digest !== undefined) return undefined;
  return `${parsed.ref.name}:${parsed.ref.tag ?? 'latest'}`;
}

async function verifyContainer(
  container: DeclaredContainer,
  live: LiveWorkload,
  resolutions: ReadonlyMap<string, Resolution>,
  children: (name: string, digest: string) => Promise<string[]>,
  cluster: ClusterModule,
): Promise<VerifiedContainer> {
  const parsed = parseImageRef(container.image);
  let note: string | undefined;
  let expected: ContainerComparison['expected'];
  if (!parsed.ok) {
    note = `the image is not a valid reference: ${parsed.error}`;
  } else if (parsed.ref.digest !== undefined) {
    expected = { digest: parsed.ref.digest, from: 'declared' };
  } else {
    const ref = tagToResolve(container)!;
    const resolution = resolutions.get(ref);
    if (resolution?.status === 'found') expected = { digest: resolution.digest, from: 'registry' };
    else if (resolution?.status === 'not-found') note = `the registry does not have ${ref}: ${resolution.message}`;
    else if (resolution?.status === 'error') note = `the registry could not be asked about ${ref}`;
    else note = 'registry lookups are off (--no-registry)';
  }
  const input = { workload: live, container: container.name, role: container.role, declared: container.image, ...(expected && { expected }) };
  let comparison = cluster.compareContainer(input);
  if (comparison.verdict === 'running-other' && expected && parsed.ok) {
    // Pods that pulled one platform's manifest of the expected index run the expected image too.
    const accepted = await children(parsed.ref.name, expected.digest);
    if (accepted.length > 0) comparison = cluster.compareContainer({ ...input, acceptedDigests: accepted });
  }
  const { container: name, ...rest } = comparison;
  return { name, line: container.lines.startLine + 1, column: container.lines.startCharacter + 1, status: statusOf(comparison), ...rest, ...(note !== undefined && { note }) };
}

/** The platform manifests of an index, asked once per digest; none without a registry or when the registry cannot say. */
function childrenLookup(registry: DigestResolver | undefined): (name: string, digest: string) => Promise<string[]> {
  const asked = new Map<string, Promise<string[]>>();
  return (name, digest) => {
    if (!registry) return Promise.resolve([]);
    const key = `${name}@${digest}`;
    let answer = asked.get(key);
    if (!answer) {
      answer = registry.resolveDigest(key, { platforms: true }).then(
        (resolved) => (resolved.platforms ?? []).map((p) => p.digest),
        () => [],
      );
      asked.set(key, answer);
    }
    return answer;
  };
}

function statusOf(comparison: ContainerComparison): ContainerStatus {
  const { issues, verdict } = comparison;
  if (issues.includes('drift')) return 'drift';
  if (issues.includes('spec-differs') || issues.includes('container-missing')) return 'not-applied';
  if (issues.includes('no-pods')) return 'no-pods';
  if (issues.includes('not-ready')) return 'not-ready';
  if (verdict === 'no-pods') return 'idle';
  if (verdict === 'not-comparable' || verdict === 'unknown') return verdict;
  return 'ok';
}

function summarise(workloads: readonly VerifiedWorkload[]): VerifySummary {
  const byStatus: Record<ContainerStatus, number> = { ok: 0, drift: 0, 'not-applied': 0, 'no-pods': 0, 'not-ready': 0, idle: 0, 'not-comparable': 0, unknown: 0 };
  let containers = 0;
  for (const workload of workloads) {
    for (const container of workload.containers) {
      byStatus[container.status]++;
      containers++;
    }
  }
  const missing = workloads.filter((w) => w.status === 'missing').length;
  const errors = workloads.filter((w) => w.status === 'error').length;
  const problems = [...PROBLEMS].reduce((n, status) => n + byStatus[status], 0) + missing;
  return { workloads: workloads.length, containers, problems, byStatus, missing, errors };
}

function contextOf(context: ContextInfo): VerifyReport['context'] {
  return { name: context.name, cluster: context.cluster, server: context.server, namespace: context.namespace };
}

const STATUS_COLOR: Record<ContainerStatus | 'missing' | 'error', string> = {
  ok: '32',
  drift: '31',
  'not-applied': '31',
  'no-pods': '31',
  missing: '31',
  error: '31',
  'not-ready': '33',
  idle: '90',
  'not-comparable': '90',
  unknown: '90',
};

/** Grouped by file like `lint`'s text: `line:column  status  what: summary`, then one summary line. */
export function formatVerifyText(report: VerifyReport, options: { color: boolean }): string {
  const paint = options.color ? (code: string, text: string) => `\u001b[${code}m${text}\u001b[0m` : (_code: string, text: string) => text;
  const rows: Array<{ file: string; position: string; status: ContainerStatus | 'missing' | 'error'; text: string }> = [];
  for (const w of report.workloads) {
    const object = `${w.kind} ${w.namespace}/${w.name}`;
    if (w.error) {
      rows.push({ file: w.file, position: `${w.line}:${w.column}`, status: w.status === 'missing' ? 'missing' : 'error', text: `${object}: ${w.error.message}` });
      continue;
    }
    for (const c of w.containers) {
      const role = c.role === 'init' ? 'init container' : c.role === 'sidecar' ? 'sidecar' : 'container';
      const note = c.note !== undefined ? ` (${c.note})` : '';
      rows.push({ file: w.file, position: `${c.line}:${c.column}`, status: c.status, text: `${object}, ${role} ${c.name}: ${c.summary}${note}` });
    }
  }
  let output = '';
  const positionWidth = Math.max(0, ...rows.map((r) => r.position.length));
  const statusWidth = Math.max(0, ...rows.map((r) => r.status.length));
  let file: string | undefined;
  for (const row of rows) {
    if (row.file !== file) {
      file = row.file;
      output += `\n${paint('4', file)}\n`;
    }
    output += `  ${paint('2', row.position.padEnd(positionWidth))}  ${paint(STATUS_COLOR[row.status], row.status.padEnd(statusWidth))}  ${row.text}\n`;
  }
  const { summary, context } = report;
  const where = context ? `context ${context.name}, ${context.server}` : 'no context';
  const counts = [
    ...(['drift', 'not-applied', 'no-pods', 'not-ready'] as const).filter((s) => summary.byStatus[s] > 0).map((s) => `${summary.byStatus[s]} ${s}`),
    ...(summary.missing > 0 ? [`${summary.missing} missing`] : []),
    ...(summary.errors > 0 ? [`${summary.errors} not readable`] : []),
  ];
  const uncompared = summary.byStatus['not-comparable'] + summary.byStatus.unknown + summary.byStatus.idle;
  const scope = `${plural(summary.containers, 'container')} of ${plural(summary.workloads, 'workload')}`;
  let line: string;
  if (summary.problems > 0 || summary.errors > 0) {
    line = paint('1;31', `✖ ${plural(summary.problems + summary.errors, 'problem')} (${counts.join(', ')}) in ${scope} (${where})`);
  } else {
    const compared = summary.containers - uncompared;
    const what = uncompared > 0 ? `${compared} of ${scope} run what is declared; ${uncompared} could not be compared` : `${scope} ${summary.containers === 1 ? 'runs' : 'run'} what is declared`;
    line = paint('1;32', `✔ ${what} (${where})`);
  }
  return `${output}\n${line}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function nearPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : displayPath(rel);
}

async function readTarget(target: Target, io: CliIo): Promise<string> {
  let text: string;
  if (target.kind === 'stdin') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    text = await readFile(target.path, 'utf8');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
