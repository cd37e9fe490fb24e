// (e) What ships: the size of each bundle in dist/, and of the VSIX that `npm run package` makes
// (`vsce package --no-dependencies`, which packs what .vscodeignore keeps).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const BUNDLES = ['extension.js', 'server.js', 'cli.js'] as const;

export async function bundleSizes(distDir: string): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const name of BUNDLES) sizes[name] = (await stat(join(distDir, name))).size;
  return sizes;
}

export interface Vsix {
  path: string;
  bytes: number;
}

/** Packages the extension as `npm run package` does, into `outDir` so the work tree is left alone. */
export async function packageVsix(root: string, outDir: string): Promise<Vsix> {
  let vsce: string;
  try {
    vsce = join(dirname(require.resolve('@vscode/vsce/package.json', { paths: [root] })), 'vsce');
  } catch {
    throw new Error('@vscode/vsce is not installed (npm ci installs it: it is a devDependency)');
  }
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const path = join(outDir, `${name}-${version}.vsix`);
  await rm(path, { force: true });
  try {
    await execFileAsync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', path], { cwd: root, timeout: 120_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`vsce package failed: ${(stderr || stdout || String(error)).trim().slice(-2000)}`);
  }
  return { path, bytes: (await stat(path)).size };
}
