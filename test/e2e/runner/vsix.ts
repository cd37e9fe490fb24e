// The .vsix that `npm run package` makes, made the same way, and a check of what it holds: only what
// .vscodeignore lets through (bundles, grammar, rule docs, README, LICENSE, manifest, icon).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

export interface Manifest {
  publisher: string;
  name: string;
  version: string;
  main: string;
  icon?: string;
}

export function readManifest(repoRoot: string): Manifest {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
}

export async function packageVsix(repoRoot: string, outDir: string): Promise<string> {
  const { name, version } = readManifest(repoRoot);
  const vsix = join(outDir, `${name}-${version}.vsix`);
  await promisify(execFile)(process.execPath, [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], {
    cwd: repoRoot,
    timeout: 120_000,
  });
  return vsix;
}

/** Files an installed extension may hold; vsce renames README.md and LICENSE and adds .vsixmanifest. */
const ALLOWED = [/^package\.json$/, /^readme\.md$/, /^LICENSE\.txt$/, /^\.vsixmanifest$/, /^dist\/[\w-]+\.js$/, /^syntaxes\/[\w.-]+\.json$/, /^docs\/rules\/[a-z0-9-]+\.md$/, /^images\/icon\.png$/];

/** Checks the folder `code-server --install-extension` unpacked the .vsix into. */
export function checkInstalledContents(extensionPath: string, manifest: Manifest): void {
  const files = readdirSync(extensionPath, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(extensionPath, join(entry.parentPath, entry.name)))
    .sort();
  assert.deepEqual(files.filter((f) => !ALLOWED.some((pattern) => pattern.test(f))), [], 'files the .vsix should not ship');
  const wanted = ['package.json', 'readme.md', 'LICENSE.txt', manifest.main.replace(/^\.\//, ''), 'dist/server.js', 'syntaxes/shipshape-directives.tmLanguage.json', 'docs/rules/image-latest-tag.md'];
  assert.ok(manifest.icon, 'package.json names an icon');
  wanted.push(manifest.icon);
  assert.deepEqual(wanted.filter((f) => !files.includes(f)), [], 'files the .vsix must ship');
}
