// What a command gets from the outside world, so the commands themselves touch no process globals.
import manifest from '../../../package.json';

export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdin: AsyncIterable<Buffer | string>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

export interface Command {
  name: string;
  /** The command and its arguments, for the top-level usage. */
  synopsis: string;
  summary: string;
  usage: string;
  /** Throws UsageError for bad arguments; returns the exit status otherwise. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export const VERSION: string = manifest.version;

/** The project page, taken from package.json's repository URL. */
export const HOMEPAGE: string = manifest.repository.url.replace(/\.git$/, '');

/** Bad command-line input: the caller prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** --help and --version, which every command answers the same way: true when one of them was answered. */
export function answeredHelpOrVersion(args: { help: boolean; version: boolean }, usage: string, io: CliIo): boolean {
  if (args.help) io.stdout.write(usage);
  else if (args.version) io.stdout.write(`${VERSION}\n`);
  return args.help || args.version;
}
