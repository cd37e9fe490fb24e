// Turns the command line's paths into the files to lint: walks directories for YAML and Kustomization
// files, honouring .gitignore files (the walked folders' and their ancestors' up to the git root) and
// the config's `ignore:` patterns. A file named on the command line is always linted.
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { describeFsError } from './config';

export type Target =
  | { kind: 'file'; display: string; path: string }
  | { kind: 'stdin'; display: string; fileName: string | undefined };

export interface Discovery {
  /** In command-line order, each directory's files in name order, without duplicates. */
  targets: Target[];
  /** Paths that could not be read, directories with no YAML file: each one line, for stderr. */
  errors: string[];
}

export interface DiscoverOptions {
  cwd: string;
  stdinFilename?: string | undefined;
  /** The `ignore:` patterns of the config and the folder they are relative to. */
  configIgnore?: { dir: string; patterns: readonly string[] } | undefined;
}

/** Patterns that apply below `base` (a .gitignore's folder, or the config's). */
interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);
const IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

export function isLintableFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name) || name === 'Kustomization';
}

/** Command-line spelling → output spelling: '/' separators, no `./`, no doubled slashes. */
export function displayPath(path: string): string {
  const slashed = sep === '/' ? path : path.split(sep).join('/');
  return posix.normalize(slashed);
}

export async function discover(paths: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const targets: Target[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const configLayer = options.configIgnore && options.configIgnore.patterns.length > 0
    ? { base: options.configIgnore.dir, rules: makeIgnore().add([...options.configIgnore.patterns]) }
    : undefined;

  for (const arg of paths) {
    if (arg === '-') {
      const name = options.stdinFilename;
      targets.push({ kind: 'stdin', display: name === undefined ? '<stdin>' : displayPath(name), fileName: name });
      continue;
    }
    const absolute = resolve(options.cwd, arg);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(absolute)).isDirectory();
    } catch (error) {
      errors.push(`cannot read ${arg}: ${describeFsError(error)}`);
      continue;
    }
    if (!isDirectory) {
      if (!seen.has(absolute)) targets.push({ kind: 'file', display: displayPath(arg), path: absolute });
      seen.add(absolute);
      continue;
    }
    const walker = new Walker(configLayer);
    await walker.walk(absolute, displayPath(arg), await ancestorLayers(absolute));
    errors.push(...walker.errors);
    if (walker.files.length === 0 && walker.errors.length === 0) errors.push(`No YAML files found in ${arg}`);
    for (const file of walker.files) {
      if (!seen.has(file.path)) targets.push(file);
      seen.add(file.path);
    }
  }
  return { targets, errors };
}

class Walker {
  readonly files: Array<Target & { kind: 'file' }> = [];
  readonly errors: string[] = [];
  constructor(private readonly configLayer: IgnoreLayer | undefined) {}

  /**
   * `enclosing`: real paths of the folders this walk is in. A folder that is one of them or holds one of
   * them (a symlink to `..`, say) would be walked again and again: it is a loop, and skipped.
   */
  async walk(dir: string, display: string, inherited: readonly IgnoreLayer[], enclosing: readonly string[] = []): Promise<void> {
    let entries;
    let chain: readonly string[];
    try {
      const real = await realpath(dir);
      const prefix = real.endsWith(sep) ? real : real + sep;
      if (enclosing.some((folder) => folder === real || folder.startsWith(prefix))) return;
      chain = [...enclosing, real];
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      this.errors.push(`cannot read ${display}: ${describeFsError(error)}`);
      return;
    }
    let layers = inherited;
    if (entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const rules = await this.readGitignore(join(dir, '.gitignore'), posix.join(display, '.gitignore'));
      if (rules) layers = [...inherited, { base: dir, rules }];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(path);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link: nothing to lint
        }
      }
      if (isDirectory) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || this.isIgnored(path, true, layers)) continue;
        await this.walk(path, posix.join(display, entry.name), layers, chain);
      } else if (isFile && isLintableFileName(entry.name) && !this.isIgnored(path, false, layers)) {
        this.files.push({ kind: 'file', display: posix.join(display, entry.name), path });
      }
    }
  }

  private async readGitignore(path: string, display: string): Promise<Ignore | undefined> {
    try {
      return makeIgnore().add(await readFile(path, 'utf8'));
    } catch (error) {
      this.errors.push(`cannot read ${display}: ${describeFsError(error)}`);
      return undefined;
    }
  }

  private isIgnored(path: string, isDirectory: boolean, layers: readonly IgnoreLayer[]): boolean {
    if (this.configLayer && verdict(this.configLayer, path, isDirectory) === 'ignored') return true;
    // As in git, the deepest .gitignore that has an opinion decides (a `!pattern` there re-includes).
    for (let i = layers.length - 1; i >= 0; i--) {
      const result = verdict(layers[i]!, path, isDirectory);
      if (result !== undefined) return result === 'ignored';
    }
    return false;
  }
}

function verdict(layer: IgnoreLayer, path: string, isDirectory: boolean): 'ignored' | 'unignored' | undefined {
  const rel = relative(layer.base, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  const slashed = sep === '/' ? rel : rel.split(sep).join('/');
  const result = layer.rules.test(isDirectory ? `${slashed}/` : slashed);
  return result.ignored ? 'ignored' : result.unignored ? 'unignored' : undefined;
}

function makeIgnore(): Ignore {
  return ignore({ ignorecase: IGNORE_CASE });
}

/** The .gitignore rules of the folders above `dir`, from the git root (the folder holding `.git`) down. */
async function ancestorLayers(dir: string): Promise<IgnoreLayer[]> {
  const chain: string[] = [];
  let root: string | undefined;
  for (let current = dir; ; ) {
    if (await exists(join(current, '.git'))) {
      root = current;
      break;
    }
    const parent = dirname(current);
    if (parent === current) break;
    chain.unshift(parent);
    current = parent;
  }
  if (root === undefined) return [];
  const layers: IgnoreLayer[] = [];
  for (const folder of chain.slice(chain.indexOf(root))) {
    try {
      layers.push({ base: folder, rules: makeIgnore().add(await readFile(join(folder, '.gitignore'), 'utf8')) });
    } catch {
      // No .gitignore in this folder (or an unreadable one above the paths the user asked for).
    }
  }
  return layers;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
