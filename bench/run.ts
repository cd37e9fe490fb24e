// `npm run bench` (after a build): generates the corpora into a temp folder, measures what is built in
// dist/ through its public interfaces, prints every value next to its budget and writes
// bench-results/bench.json. Exits 0 on a MISS (a measurement, not a test); 1 when a value could not be taken.
//
// Usage: npx tsx bench/run.ts [--quick] [--runs N] [--keystrokes N] [--only a,f]
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { measureCli } from './cli-process';
import { manyDeployments, typicalManifest, writeManifestTree } from './corpus';
import { measureEditing } from './editing';
import { BUNDLES, bundleSizes, packageVsix } from './footprint';
import { measureLintVsParse } from './lint-vs-parse';
import { measureLiveHover } from './live';
import { measurePinning } from './pinning';
import { formatTable, toMB, verdictOf, type Measurement } from './report';
import { median, nowMs, quantile } from './stats';
import { measureActivation, measureColdStart } from './startup';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const RESULTS = join(ROOT, 'bench-results');
const BIG_FILE_DOCUMENTS = 2000;
const TREE_FILES = 1000;

function options() {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, runs: { type: 'string' }, keystrokes: { type: 'string' }, only: { type: 'string' } },
  });
  const count = (value: string | undefined, fallback: number, name: string) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive integer, not ${value}`);
    return n;
  };
  return {
    quick: values.quick,
    runs: count(values.runs, values.quick ? 3 : 5, 'runs'),
    keystrokes: count(values.keystrokes, values.quick ? 40 : 200, 'keystrokes'),
    /** Sections to measure (all when absent). */
    only: values.only === undefined ? undefined : new Set(values.only.split(',').map((s) => s.trim())),
  };
}

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const loadText = (load: number[]) => load.map((l) => l.toFixed(2)).join(' ');

/** The shipped default of a setting, from the extension manifest. */
function shippedDefault(setting: string): unknown {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return manifest.contributes?.configuration?.properties?.[setting]?.default;
}

async function main(): Promise<number> {
  const opts = options();
  const missing = BUNDLES.filter((name) => !existsSync(join(DIST, name)));
  if (missing.length > 0) {
    console.error(`dist/${missing.join(', dist/')} missing: run npm run build first`);
    return 1;
  }
  const startedAt = nowMs();
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadavgAtStart: loadavg() };
  progress(`${machine.cores} cores, load average ${loadText(machine.loadavgAtStart)}; ${opts.runs} runs, ${opts.keystrokes} keystrokes`);

  const work = await mkdtemp(join(tmpdir(), 'shipshape-bench-'));
  const measurements: Measurement[] = [];
  const errors: Array<{ section: string; what: string; message: string }> = [];
  const details: Record<string, unknown> = {};

  /** Runs one measurement; a failure becomes an n/a row and an error, and the others still run. */
  async function step(section: string, what: string, measure: () => Promise<Measurement[]>): Promise<void> {
    if (opts.only && !opts.only.has(section)) return;
    progress(`(${section}) ${what}`);
    try {
      measurements.push(...(await measure()));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors.push({ section, what, message });
      measurements.push({ section, label: what, value: undefined, unit: 'ms', note: `not measured: ${message.split('\n')[0]!.slice(0, 160)}` });
    }
  }

  try {
    const bigText = manyDeployments(BIG_FILE_DOCUMENTS);
    const bigPath = join(work, 'big', 'deployments.yaml');
    const typicalPath = join(work, 'typical', 'deployment.yaml');
    await mkdir(join(work, 'big'));
    await mkdir(join(work, 'typical'));
    await writeFile(bigPath, bigText);
    await writeFile(typicalPath, typicalManifest());
    const tree = await writeManifestTree(join(work, 'tree'), TREE_FILES);
    const bigLines = bigText.split('\n').length - 1;
    details.corpora = {
      bigFile: { documents: BIG_FILE_DOCUMENTS, lines: bigLines, bytes: Buffer.byteLength(bigText) },
      tree: { files: tree.files, bytes: tree.bytes },
    };
    const bigLabel = `${BIG_FILE_DOCUMENTS} Deployments, ${bigLines} lines, ${toMB(Buffer.byteLength(bigText)).toFixed(2)} MB`;
    const serverJs = join(DIST, 'server.js');

    await step('e', 'bundle sizes and VSIX', async () => {
      const sizes = await bundleSizes(DIST);
      await mkdir(RESULTS, { recursive: true });
      const vsix = await packageVsix(ROOT, RESULTS);
      details.bundles = sizes;
      details.vsix = { file: relative(ROOT, vsix.path), bytes: vsix.bytes };
      return [
        ...BUNDLES.map((name): Measurement => ({
          section: 'e',
          label: `dist/${name} size`,
          value: toMB(sizes[name]!),
          unit: 'MB',
          ...(name === 'server.js' ? { budget: { max: 1 } } : {}),
        })),
        { section: 'e', label: 'VSIX size', value: toMB(vsix.bytes), unit: 'MB', budget: { max: 3 }, note: `vsce package --no-dependencies → ${relative(ROOT, vsix.path)}` },
      ];
    });

    await step('d', 'extension activation (outside VS Code)', async () => {
      const samples = await measureActivation(ROOT, opts.runs);
      details.activation = { measuredOutsideVsCode: true, samples };
      return [
        {
          section: 'd',
          label: 'extension activation, OUTSIDE VS Code',
          value: median(samples.map((s) => s.totalMs)),
          unit: 'ms',
          budget: { max: 50 },
          note: `require ${median(samples.map((s) => s.requireMs)).toFixed(0)} ms + activate() ${median(samples.map((s) => s.activateMs)).toFixed(1)} ms; node with a stand-in vscode module; real VS Code activation is measured later with code-server`,
        },
      ];
    });

    await step('d', 'server cold start → first diagnostics', async () => {
      const samples = await measureColdStart(serverJs, pathToFileURL(typicalPath).href, typicalManifest(), opts.runs);
      details.coldStart = samples;
      return [
        {
          section: 'd',
          label: 'server spawn → first diagnostics',
          value: median(samples.map((s) => s.firstDiagnosticsMs)),
          unit: 'ms',
          budget: { max: 500 },
          note: `typical manifest (Deployment + Service); initialize answered after ${median(samples.map((s) => s.initializeMs)).toFixed(0)} ms; ${samples[0]!.diagnostics} diagnostics`,
        },
      ];
    });

    await step('b', 'lint() vs bare yaml parse', async () => {
      const result = measureLintVsParse(bigText, opts.runs);
      details.lintVsParse = result;
      return [
        { section: 'b', label: 'bare yaml parseAllDocuments, big file', value: median(result.parseMs), unit: 'ms', note: bigLabel },
        { section: 'b', label: 'full lint(), big file', value: median(result.lintMs), unit: 'ms', note: `${result.findings} findings` },
        { section: 'b', label: 'lint / parse ratio', value: result.ratio, unit: '×', budget: { max: 1.3, inclusive: true }, note: 'of the medians, same process' },
      ];
    });

    await step('c', 'CLI over the 1,000-file tree', async () => {
      const samples = await measureCli(join(DIST, 'cli.js'), tree.root, work, opts.runs);
      details.cli = samples;
      const note = `${tree.files} files, ${samples[0]!.findings} findings in ${samples[0]!.filesWithFindings} files, --format json -o`;
      return [
        { section: 'c', label: 'shipshape lint <tree>, wall time', value: median(samples.map((s) => s.wallMs)), unit: 'ms', note },
        { section: 'c', label: 'shipshape lint <tree>, peak RSS', value: toMB(median(samples.map((s) => s.peakRssBytes))), unit: 'MB', note: '/usr/bin/time %M' },
      ];
    });

    await step('a', 'keystrokes → publishDiagnostics and server RSS, big file', async () => {
      const result = await measureEditing(serverJs, pathToFileURL(bigPath).href, bigText, opts.keystrokes, (m) => progress(`(a) ${m}`));
      details.editing = result;
      const lintDelayMs = shippedDefault('shipshape.lintDelayMs');
      const n = result.latenciesMs.length;
      return [
        { section: 'a', label: 'keystroke → diagnostics p50', value: quantile(result.latenciesMs, 0.5), unit: 'ms', note: `${n} one-character edits spread over the big file` },
        {
          section: 'a',
          label: 'keystroke → diagnostics p95',
          value: quantile(result.latenciesMs, 0.95),
          unit: 'ms',
          budget: { max: 50 },
          note: `max ${Math.max(...result.latenciesMs).toFixed(0)} ms; configuration answered {} (defaults; package.json lintDelayMs default: ${String(lintDelayMs)} ms)`,
        },
        {
          section: 'a',
          label: 'didOpen big file → diagnostics',
          value: result.openMs,
          unit: 'ms',
          note: `${result.openDiagnostics} diagnostics, ${toMB(result.publishBytes).toFixed(1)} MB of JSON per publishDiagnostics`,
        },
        { section: 'e', label: 'server RSS, big file open + diagnosed', value: toMB(result.rssAfterOpenBytes), unit: 'MB', budget: { max: 150 }, note: `VmRSS; after the keystrokes: ${toMB(result.rssAfterEditsBytes).toFixed(0)} MB` },
      ];
    });

    await step('a', 'keystrokes → publishDiagnostics, the same file written cleanly (few diagnostics)', async () => {
      const cleanText = manyDeployments(BIG_FILE_DOCUMENTS, true);
      const cleanPath = join(work, 'big-clean.yaml');
      await writeFile(cleanPath, cleanText);
      const result = await measureEditing(serverJs, pathToFileURL(cleanPath).href, cleanText, opts.keystrokes, (m) => progress(`(a, clean) ${m}`));
      details.editingClean = result;
      return [
        {
          section: 'a',
          label: 'keystroke → diagnostics p95, clean file',
          value: quantile(result.latenciesMs, 0.95),
          unit: 'ms',
          budget: { max: 50 },
          note: `p50 ${quantile(result.latenciesMs, 0.5).toFixed(0)} ms; the same 2,000 Deployments pinned to digests and probed: ${result.openDiagnostics} diagnostics on open`,
        },
      ];
    });

    await step('f', 'pin a 200-image workspace against a loopback docker-registry', async () => {
      const result = await measurePinning(DIST, work, Math.min(opts.runs, 3), (m) => progress(`(f) ${m}`));
      details.pinning = result;
      const what = `${result.images} images (${result.images} distinct tags) in ${result.files} files, cold each run`;
      return [
        { section: 'f', label: 'shipshape pin <workspace> (dry run), wall time', value: median(result.cliDryRunMs), unit: 'ms', note: what },
        { section: 'f', label: 'shipshape pin --write <workspace>, wall time', value: median(result.cliWriteMs), unit: 'ms', note: 'rewrites the 50 files' },
        { section: 'f', label: 'server pinWorkspace: spawn → one edit', value: median(result.serverPinWorkspaceMs), unit: 'ms', note: 'language server over stdio, trusted, defaults' },
      ];
    });

    await step('g', 'image hover with live data from a loopback kube-apiserver', async () => {
      const result = await measureLiveHover(opts.quick ? 10 : 30);
      details.liveHover = result;
      const n = result.refreshedHoverMs.length;
      return [
        { section: 'g', label: 'first hover of a fresh server (loads the Kubernetes client)', value: result.firstHoverMs, unit: 'ms', note: 'kubeconfig read, get deployment + list pods' },
        { section: 'g', label: 'hover after Refresh Live Data, p50', value: quantile(result.refreshedHoverMs, 0.5), unit: 'ms', note: `${n} hovers, nothing cached; p95 ${quantile(result.refreshedHoverMs, 0.95).toFixed(0)} ms` },
      ];
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const loadavgAtEnd = loadavg();
  const order = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  measurements.sort((x, y) => order.indexOf(x.section) - order.indexOf(y.section));
  const durationS = (nowMs() - startedAt) / 1000;
  console.log(`\nShipshape bench: ${machine.cores} cores (${machine.cpu}), node ${machine.node}; load average ${loadText(machine.loadavgAtStart)} at start, ${loadText(loadavgAtEnd)} at end`);
  console.log(`medians over ${opts.runs} runs${opts.quick ? ' (--quick)' : ''}; sizes in MB = 10^6 bytes; took ${durationS.toFixed(0)} s\n`);
  console.log(formatTable(measurements));
  const misses = measurements.filter((m) => verdictOf(m) === 'MISS');
  console.log(`\n${misses.length === 0 ? 'every budget met' : `${misses.length} over budget: ${misses.map((m) => `(${m.section}) ${m.label}`).join('; ')}`}`);
  for (const error of errors) console.error(`could not measure (${error.section}) ${error.what}: ${error.message}`);

  await mkdir(RESULTS, { recursive: true });
  const json = {
    date: new Date().toISOString(),
    machine: { ...machine, loadavgAtEnd },
    options: opts,
    durationS,
    measurements: measurements.map((m) => ({ ...m, verdict: verdictOf(m) })),
    errors,
    details,
  };
  await writeFile(join(RESULTS, 'bench.json'), JSON.stringify(json, null, 2) + '\n');
  console.log(`wrote ${relative(process.cwd(), join(RESULTS, 'bench.json'))}`);
  return errors.length > 0 ? 1 : 0;
}

main().then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
