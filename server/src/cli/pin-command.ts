// `shipshape pin`: files → pin targets → one registry lookup per distinct reference → the engine's pin
// edits, printed (the default) or written back with nothing but the image references changed.
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { applyEdits, pinEdit, pinTargets, type PinTarget, type TextEdit } from '../engine/index';
import { PIN_USAGE, parsePinArgs, type PinArgs } from './args';
import { describeFsError, loadConfig } from './config';
import { discover, displayPath, type Target } from './discover';
import { answeredHelpOrVersion, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type CliIo, type Command } from './io';
import { openRegistryClient, resolveAll, type Resolution } from './registry';

export const pinCommand: Command = {
  name: 'pin',
  synopsis: 'pin [paths...|-]',
  summary: 'pin container images to the digests their tags point at now',
  usage: PIN_USAGE,
  run: runPin,
};

/** One image reference that changes, as printed (1-based line and column of the value). */
export interface PinChange {
  file: string;
  line: number;
  column: number;
  ref: string;
  /** The reference as written, and as it reads after pinning. */
  from: string;
  to: string;
  digest: string;
}

interface LoadedFile {
  target: Target;
  /** Without the byte order mark, which `bom` remembers. */
  text: string;
  bom: boolean;
  /** Decoding and encoding again gives back the bytes read: only then may the file be written. */
  roundTrips: boolean;
  pins: PinTarget[];
}

async function runPin(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parsePinArgs(argv);
  if (answeredHelpOrVersion(args, PIN_USAGE, io)) return EXIT_OK;

  const loaded = await loadConfig(io.cwd, args.configFile);
  if (loaded.config.problems.length > 0) {
    const file = loaded.file ?? '';
    const rel = relative(io.cwd, file);
    const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : displayPath(rel);
    io.stderr.write(`shipshape: problems in ${shown}:\n${loaded.config.problems.map((p) => `  ${p}\n`).join('')}`);
    return EXIT_ERROR;
  }
  const configIgnore = loaded.dir === undefined ? undefined : { dir: loaded.dir, patterns: loaded.config.ignore };
  const discovery = await discover(args.paths, { cwd: io.cwd, stdinFilename: args.stdinFilename, configIgnore });
  const errors = [...discovery.errors];
  const files: LoadedFile[] = [];
  for (const target of discovery.targets) {
    try {
      files.push(await loadFile(target, io));
    } catch (error) {
      errors.push(`cannot read ${target.display}: ${describeFsError(error)}`);
    }
  }

  const refs = files.flatMap((f) => f.pins.map((p) => p.ref));
  let resolutions = new Map<string, Resolution>();
  if (refs.length > 0) {
    const client = await openRegistryClient(args.registry, io);
    if (!client) return EXIT_ERROR;
    try {
      resolutions = await resolveAll(client, refs);
    } finally {
      client.close();
    }
  }

  const changes: PinChange[] = [];
  const unpinned: string[] = [];
  for (const file of files) {
    const edits: TextEdit[] = [];
    for (const pin of file.pins) {
      const where = `${file.target.display}:${pin.lines.startLine + 1}:${pin.lines.startCharacter + 1}`;
      const resolution = resolutions.get(pin.ref);
      if (!resolution || resolution.status !== 'found') {
        unpinned.push(`cannot pin ${pin.ref} at ${where}: ${resolution?.message ?? 'not resolved'}`);
        continue;
      }
      let pinEdits: TextEdit[];
      try {
        pinEdits = pinEdit(file.text, pin, resolution.digest, { keepTag: args.keepTag });
      } catch (error) {
        unpinned.push(`cannot pin ${pin.ref} at ${where}: ${(error as Error).message}`);
        continue;
      }
      if (pinEdits.length === 0) {
        if (pin.currentDigest !== resolution.digest) unpinned.push(`cannot pin ${pin.ref} at ${where}: its value cannot be rewritten in place (a block scalar, or a quoted one with escapes or line breaks)`);
        continue;
      }
      edits.push(...pinEdits);
      changes.push(describeChange(file, pin, pinEdits, resolution.digest, args));
    }
    if (args.write && edits.length > 0) {
      const error = await writePinned(file, edits);
      if (error) errors.push(error);
    }
  }

  io.stdout.write(args.format === 'json' ? `${JSON.stringify(changes, null, 2)}\n` : formatText(changes, args.write));
  for (const line of unpinned) io.stderr.write(`shipshape: ${line}\n`);
  for (const error of errors) io.stderr.write(`shipshape: ${error}\n`);

  if (errors.length > 0) return EXIT_ERROR;
  if (unpinned.length > 0) return EXIT_FINDINGS;
  return !args.write && changes.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

async function loadFile(target: Target, io: CliIo): Promise<LoadedFile> {
  const bytes = target.kind === 'stdin' ? await readAll(io.stdin) : await readFile(target.path);
  const decoded = bytes.toString('utf8');
  const bom = decoded.charCodeAt(0) === 0xfeff;
  const text = bom ? decoded.slice(1) : decoded;
  const fileName = target.kind === 'stdin' ? target.fileName : target.path;
  // A reference pinned by digest alone names no tag to follow: re-pinning it to `latest` would be a guess.
  const pins = pinTargets(text, fileName === undefined ? {} : { fileName }).filter((p) => !(p.impliedTag && p.currentDigest !== undefined));
  return { target, text, bom, roundTrips: Buffer.from(decoded, 'utf8').equals(bytes), pins };
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

function describeChange(file: LoadedFile, pin: PinTarget, edits: readonly TextEdit[], digest: string, args: PinArgs): PinChange {
  const position = { file: file.target.display, line: pin.lines.startLine + 1, column: pin.lines.startCharacter + 1, ref: pin.ref };
  if (pin.kind === 'container') {
    // The container edit lies inside the image scalar: apply it to that slice alone.
    const [start, end] = pin.range;
    const written = file.text.slice(start, end);
    const after = applyEdits(written, edits.map((e) => ({ start: e.start - start, end: e.end - start, newText: e.newText })));
    return { ...position, from: unquote(written), to: unquote(after), digest };
  }
  // Kustomize renders name + newTag + digest as name:tag@digest; without newTag, name@digest.
  const name = pin.ref.slice(0, pin.ref.lastIndexOf(':'));
  const from = pin.currentDigest === undefined ? pin.ref : `${pin.ref}@${pin.currentDigest}`;
  return { ...position, from, to: `${args.keepTag ? pin.ref : name}@${digest}`, digest };
}

function unquote(value: string): string {
  const quote = value[0];
  return value.length >= 2 && (quote === '"' || quote === "'") && value.endsWith(quote) ? value.slice(1, -1) : value;
}

/** Writes the file once with all its edits, keeping its byte order mark; returns an error line or undefined. */
async function writePinned(file: LoadedFile, edits: readonly TextEdit[]): Promise<string | undefined> {
  if (file.target.kind !== 'file') return undefined;
  if (!file.roundTrips) return `not writing ${file.target.display}: it is not valid UTF-8, and writing it would change more than the images`;
  const text = (file.bom ? '\ufeff' : '') + applyEdits(file.text, edits);
  try {
    await writeFile(file.target.path, text, 'utf8');
    return undefined;
  } catch (error) {
    return `cannot write ${file.target.display}: ${describeFsError(error)}`;
  }
}

function formatText(changes: readonly PinChange[], written: boolean): string {
  const lines = changes.map((c) => `${c.file}:${c.line}:${c.column}  ${c.from} → ${c.to}\n`);
  const images = changes.length === 1 ? 'image' : 'images';
  const fileCount = new Set(changes.map((c) => c.file)).size;
  const inFiles = `in ${fileCount} ${fileCount === 1 ? 'file' : 'files'}`;
  if (changes.length === 0) lines.push(written ? 'Nothing pinned.\n' : 'Nothing to pin.\n');
  else lines.push(written ? `Pinned ${changes.length} ${images} ${inFiles}.\n` : `${changes.length} ${images} to pin ${inFiles}.\n`);
  return lines.join('');
}
