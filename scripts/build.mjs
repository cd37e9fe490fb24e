// Bundles the extension client, the language server, the CLI and the cluster module into dist/.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

const production = !process.argv.includes('--dev');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: production ? false : 'inline',
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // Cluster reads (with @kubernetes/client-node): loaded at run time by the server and the CLI (client/src/cluster/load.ts).
  build({ ...common, entryPoints: ['client/src/cluster/index.ts'], outfile: 'dist/cluster.js' }),
]);
await chmod('dist/cli.js', 0o755);
