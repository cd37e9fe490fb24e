// Finds and reads `.shipshape.yaml` for the CLI: the nearest one from the cwd up, or the --config file.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, RULE_IDS, emptyConfig, parseProjectConfig, type ProjectConfig } from '../engine/index';

export interface LoadedConfig {
  config: ProjectConfig;
  /** The folder the config's ignore patterns are relative to; undefined when there is no config. */
  dir: string | undefined;
  /** Absolute path of the file read. */
  file: string | undefined;
}

export async function loadConfig(cwd: string, explicit: string | undefined): Promise<LoadedConfig> {
  const file = explicit !== undefined ? resolve(cwd, explicit) : await findConfigFile(cwd);
  if (file === undefined) return { config: emptyConfig(), dir: undefined, file: undefined };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const config = emptyConfig();
    config.problems.push(`cannot read ${file}: ${describeFsError(error)}`);
    return { config, dir: dirname(file), file };
  }
  return { config: parseProjectConfig(text, RULE_IDS), dir: dirname(file), file };
}

/** The nearest `.shipshape.yaml` in `start` or an ancestor, up to the filesystem root. */
export async function findConfigFile(start: string): Promise<string | undefined> {
  for (let dir = resolve(start); ; ) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (await isFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** "no such file or directory" rather than a stack-ish ENOENT line. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}
