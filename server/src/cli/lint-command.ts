// `shipshape lint`: config → files → engine → report, and the exit status CI acts on.
import { open, writeFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { combineRuleSettings, lint, pinTargets, type RuleSetting } from '../engine/index';
import type { RegistryFacts } from '../engine/registry-facts';
import { LINT_USAGE, parseLintArgs, type LintArgs } from './args';
import { describeFsError, loadConfig } from './config';
import { discover, displayPath, type Target } from './discover';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { answeredHelpOrVersion, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CliIo, type Command } from './io';
import { factCollector, openRegistryClient, type DigestResolver } from './registry';
import { compareFindings, isAtLeast, locateFindings, type LocatedFinding } from './report';

/** Files read at once: enough to overlap I/O with linting, few enough to stay clear of fd limits. */
const READ_CONCURRENCY = 8;

export const lintCommand: Command = {
  name: 'lint',
  synopsis: 'lint [paths...|-]',
  summary: 'check Kubernetes manifests in files, directories or stdin',
  usage: LINT_USAGE,
  run: runLint,
};

interface FileOutcome {
  findings: LocatedFinding[];
  errors: string[];
}

/** With --registry: the facts for a file's image references (each reference is asked once per run). */
type FactsFor = (refs: readonly string[]) => Promise<RegistryFacts>;

async function runLint(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseLintArgs(argv);
  if (answeredHelpOrVersion(args, LINT_USAGE, io)) return EXIT_OK;

  const loaded = await loadConfig(io.cwd, args.configFile);
  if (loaded.config.problems.length > 0) {
    io.stderr.write(`shipshape: problems in ${nearPath(io.cwd, loaded.file ?? '')}:\n${loaded.config.problems.map((p) => `  ${p}\n`).join('')}`);
    return EXIT_ERROR;
  }
  const rules = combineRuleSettings(loaded.config.rules, args.rules);
  const configIgnore = loaded.dir === undefined ? undefined : { dir: loaded.dir, patterns: loaded.config.ignore };

  const discovery = await discover(args.paths, { cwd: io.cwd, stdinFilename: args.stdinFilename, configIgnore });
  let client: DigestResolver | undefined;
  const registryErrors: string[] = [];
  if (args.registry) {
    client = await openRegistryClient(args.registry, io);
    if (!client) return EXIT_ERROR;
  }
  const factsFor = client && factCollector(client, (ref, message) => registryErrors.push(`cannot check ${ref} with its registry: ${message}`));
  let outcomes: FileOutcome[];
  try {
    outcomes = await mapWithLimit(discovery.targets, READ_CONCURRENCY, (target) => lintTarget(target, args, rules, io, factsFor));
  } finally {
    client?.close();
  }
  const errors = [...discovery.errors, ...registryErrors.sort(), ...outcomes.flatMap((o) => o.errors)];
  const findings = outcomes.flatMap((o) => o.findings).sort(compareFindings);

  const report = render(findings, args, io);
  let failed = errors.length > 0;
  if (args.outputFile !== undefined) {
    try {
      await writeFile(resolve(io.cwd, args.outputFile), report);
    } catch (error) {
      errors.push(`cannot write ${args.outputFile}: ${describeFsError(error)}`);
      failed = true;
    }
  } else if (report !== '') {
    io.stdout.write(report);
  }
  for (const error of errors) io.stderr.write(`shipshape: ${error}\n`);

  if (failed) return EXIT_ERROR;
  return findings.some((f) => isAtLeast(f.severity, args.failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

/** Relative to the working directory when the file is inside it, else absolute. */
function nearPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : displayPath(rel);
}

function render(findings: LocatedFinding[], args: LintArgs, io: CliIo): string {
  switch (args.format) {
    case 'json':
      return formatJson(findings);
    case 'sarif':
      return formatSarif(findings, { cwd: io.cwd });
    case 'text': {
      const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
      return formatText(findings, { color: args.outputFile === undefined && io.stdout.isTTY === true && !noColor });
    }
  }
}

async function lintTarget(target: Target, args: LintArgs, rules: Record<string, RuleSetting>, io: CliIo, factsFor: FactsFor | undefined): Promise<FileOutcome> {
  // Reading stops a little past the size limit: the engine only needs to see that the text is too long.
  const byteLimit = 3 * args.maxLength + 16;
  let text: string;
  try {
    text = target.kind === 'stdin' ? await readStream(io.stdin, byteLimit) : await readFileHead(target.path, byteLimit);
  } catch (error) {
    return { findings: [], errors: [`cannot read ${target.display}: ${describeFsError(error)}`] };
  }
  const errors: string[] = [];
  const fileName = target.kind === 'stdin' ? target.fileName : target.path;
  // A file over the size limit is skipped by the engine: no registry lookups for it either.
  const registry = factsFor && text.length <= args.maxLength ? await factsFor(pinTargets(text, fileName === undefined ? {} : { fileName }).map((p) => p.ref)) : undefined;
  const result = lint(text, {
    fileName,
    rules,
    maxLength: args.maxLength,
    ...(registry && { registry }),
    onRuleError(ruleId, error) {
      const reason = error instanceof Error ? error.message : String(error);
      errors.push(`rule ${ruleId} failed on ${target.display}: ${reason}`);
    },
  });
  return { findings: locateFindings(target.display, text, result.findings), errors };
}

/** UTF-8 text without a byte order mark (editors do not count it as a column). */
function decode(buffer: Buffer): string {
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readFileHead(path: string, byteLimit: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < byteLimit) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, byteLimit - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return decode(Buffer.concat(chunks));
  } finally {
    await handle.close();
  }
}

async function readStream(stream: AsyncIterable<Buffer | string>, byteLimit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(buffer);
    total += buffer.length;
    if (total >= byteLimit) break;
  }
  return decode(Buffer.concat(chunks));
}

/** Like Promise.all over `items.map(fn)`, with at most `limit` calls running; results keep input order. */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
