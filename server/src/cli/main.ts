// The command table and the top-level flags. New commands (pin, verify) add one entry here.
import { EXIT_ERROR, EXIT_OK, UsageError, VERSION, type CliIo, type Command } from './io';
import { lintCommand } from './lint-command';
import { pinCommand } from './pin-command';
import { verifyCommand } from './verify-command';

const COMMANDS: readonly Command[] = [lintCommand, pinCommand, verifyCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.synopsis.length));
  return `Usage: shipshape <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.synopsis.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  -h, --help     show this help (shipshape <command> --help for a command's options)
  -v, --version  show the version
`;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help') {
    io.stdout.write(usage());
    return EXIT_OK;
  }
  if (first === '-v' || first === '--version') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const problem = first === undefined ? 'no command given' : first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`;
    io.stderr.write(`shipshape: ${problem}\n\n${usage()}`);
    return EXIT_ERROR;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const synopsis = command.usage.slice(0, command.usage.indexOf('\n'));
    io.stderr.write(`shipshape ${command.name}: ${error.message}\n${synopsis}\nRun "shipshape ${command.name} --help" for its options.\n`);
    return EXIT_ERROR;
  }
}
