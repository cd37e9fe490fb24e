// Bundles the real-VS-Code suite (test/e2e/suite) into out/e2e/: one file per suite plus the Mocha entry
// point (index.js, whose run() the extension host calls). Outside dist/, so it never ships in the .vsix.
import { build } from 'esbuild';
import { readdir, rm } from 'node:fs/promises';

const suiteDir = 'test/e2e/suite';
const outdir = 'out/e2e/suite';
const entryPoints = (await readdir(suiteDir)).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => `${suiteDir}/${f}`);

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  // vscode is the extension host's own module; mocha is loaded from node_modules at run time.
  external: ['vscode', 'mocha'],
});
