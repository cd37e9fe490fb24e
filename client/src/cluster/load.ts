// Loads the cluster module on first use. Bundled code (dist/server.js, dist/cli.js) requires dist/cluster.js,
// built next to it, so that @kubernetes/client-node stays out of their bundles and out of their start-up;
// under tsx (tests, `npm run` from source) the source module is required instead.
import { join } from 'node:path';

export type ClusterModule = typeof import('./index');

let loading: Promise<ClusterModule> | undefined;

export function loadClusterModule(): Promise<ClusterModule> {
  loading ??= new Promise<ClusterModule>((resolve) => {
    // Paths built at run time: esbuild must not follow them into the caller's bundle.
    const fromSource = __filename.endsWith('.ts');
    const path = fromSource ? join(__dirname, 'index') : join(__dirname, 'cluster.js');
    resolve(require(path) as ClusterModule);
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
