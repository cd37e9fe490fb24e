// What one initialized connection holds, built from the client's initialize request.
import type { Diagnostic, InitializeParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { QuickFixOptions } from './code-actions';
import { DocumentLinter } from './document-linter';
import { initialFolderUris, ProjectConfigs } from './project-config';
import { LintScheduler } from './scheduler';
import { SettingsCache, type SettingsFetcher } from './settings';

export interface SessionIo {
  /** workspace/configuration for the `shipshape` section scoped to a URI. */
  fetchSettings: SettingsFetcher;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Session {
  settings: SettingsCache;
  projects: ProjectConfigs;
  linter: DocumentLinter;
  scheduler: LintScheduler;
  quickFixOptions: QuickFixOptions;
  /** The client lets the server register for didChangeConfiguration (VS Code sends it only then). */
  registerConfigurationChanges: boolean;
  /** The client reports workspace folders being added and removed. */
  watchFolderChanges: boolean;
}

export function createSession(params: InitializeParams, documents: TextDocuments<TextDocument>, io: SessionIo): Session {
  const workspace = params.capabilities.workspace;
  const settings = new SettingsCache(workspace?.configuration ? io.fetchSettings : undefined);
  const projects = new ProjectConfigs(io.warn);
  for (const uri of initialFolderUris(params)) projects.addFolder(uri);
  const linter = new DocumentLinter({
    settings,
    projects,
    logError: io.error,
    isOpen: (uri) => documents.get(uri) !== undefined,
    isCurrent: (uri, version) => documents.get(uri)?.version === version,
  });
  const scheduler = new LintScheduler({ documents, linter, settings, publish: io.publish, logError: io.error });
  return {
    settings,
    projects,
    linter,
    scheduler,
    quickFixOptions: { documentChanges: workspace?.workspaceEdit?.documentChanges === true },
    registerConfigurationChanges: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchFolderChanges: workspace?.workspaceFolders === true,
  };
}
