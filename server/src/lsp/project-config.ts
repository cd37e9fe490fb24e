// `.shipshape.yaml` at the root of each workspace folder: read at start, re-read when the client
// reports the file changed. Its rules layer under the user's settings; its `ignore:` patterns
// (gitignore-style, relative to the folder) silence whole documents.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ignore, { type Ignore } from 'ignore';
import type { InitializeParams } from 'vscode-languageserver';
import { CONFIG_FILE_NAME, emptyConfig, parseProjectConfig, RULE_IDS, type ProjectConfig } from '../engine/index';

export interface FolderConfig {
  folderPath: string;
  configPath: string;
  config: ProjectConfig;
  ignores: Ignore;
}

/** The file-system path of a `file:` URI; undefined for other schemes (untitled, …) or malformed URIs. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class ProjectConfigs {
  /** Folder path → its config, loading or loaded. */
  private readonly folders = new Map<string, Promise<FolderConfig>>();

  constructor(private readonly warn: (message: string) => void) {}

  addFolder(folderUri: string): void {
    const folderPath = filePathOf(folderUri);
    if (folderPath !== undefined) this.folders.set(folderPath, this.load(folderPath));
  }

  removeFolder(folderUri: string): void {
    const folderPath = filePathOf(folderUri);
    if (folderPath !== undefined) this.folders.delete(folderPath);
  }

  /** Re-reads the configs among the changed files; true when one of them was a folder's config. */
  reload(changedUris: readonly string[]): boolean {
    const changed = new Set(changedUris.map(filePathOf));
    let any = false;
    for (const folderPath of this.folders.keys()) {
      if (!changed.has(join(folderPath, CONFIG_FILE_NAME))) continue;
      this.folders.set(folderPath, this.load(folderPath));
      any = true;
    }
    return any;
  }

  /** The config of the innermost workspace folder holding the document. */
  async forDocument(uri: string): Promise<FolderConfig | undefined> {
    const path = filePathOf(uri);
    if (path === undefined) return undefined;
    let best: string | undefined;
    for (const folderPath of this.folders.keys()) {
      if (relativeInside(folderPath, path) !== undefined && (best === undefined || folderPath.length > best.length)) best = folderPath;
    }
    return best === undefined ? undefined : this.folders.get(best);
  }

  /** The folder whose `.shipshape.yaml` this document is, if it is one. */
  async ownerOfConfigFile(uri: string): Promise<FolderConfig | undefined> {
    const path = filePathOf(uri);
    for (const [folderPath, config] of this.folders) if (path === join(folderPath, CONFIG_FILE_NAME)) return config;
    return undefined;
  }

  private async load(folderPath: string): Promise<FolderConfig> {
    const configPath = join(folderPath, CONFIG_FILE_NAME);
    let config = emptyConfig();
    try {
      config = parseProjectConfig(await readFile(configPath, 'utf8'), RULE_IDS);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') config.problems.push(`${CONFIG_FILE_NAME} could not be read: ${(error as Error).message}`);
    }
    for (const problem of config.problems) this.warn(`${configPath}: ${problem}`);
    return { folderPath, configPath, config, ignores: ignore().add(config.ignore) };
  }
}

/** Whether the folder's `ignore:` patterns cover the document. */
export function isIgnored(folder: FolderConfig, uri: string): boolean {
  const path = filePathOf(uri);
  const rel = path === undefined ? undefined : relativeInside(folder.folderPath, path);
  return rel !== undefined && rel !== '' && folder.ignores.ignores(rel);
}

/** The path relative to the folder, with `/` separators, or undefined when it lies outside. */
function relativeInside(folderPath: string, path: string): string | undefined {
  const rel = relative(folderPath, path);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** The workspace folders the client opened with: `workspaceFolders`, else the deprecated `rootUri`/`rootPath`. */
export function initialFolderUris(params: InitializeParams): string[] {
  if (params.workspaceFolders) return params.workspaceFolders.map((folder) => folder.uri);
  if (params.rootUri) return [params.rootUri];
  return params.rootPath ? [pathToFileURL(params.rootPath).href] : [];
}
