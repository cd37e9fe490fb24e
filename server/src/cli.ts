// `shipshape`, the command-line entry (bundled to dist/cli.js with a shebang): the engine for terminals and CI.
import { main } from './cli/main';
import { injectRuleFault } from './engine/index';

// Test hook: proves a failing rule costs only its own findings.
if (process.env.SHIPSHAPE_INJECT_RULE_FAULT) injectRuleFault(process.env.SHIPSHAPE_INJECT_RULE_FAULT);

// `shipshape lint | head`: the reader left, so there is no one to report to; stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`shipshape: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
