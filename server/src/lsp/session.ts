// What one initialized connection holds, built from the client's initialize request.
import type { ApplyWorkspaceEditResult, Diagnostic, InitializeParams, MessageType, TextDocuments, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseImageRef } from '../engine/index';
import type { QuickFixOptions } from './code-actions';
import { DocumentLinter } from './document-linter';
import { LiveAccess } from './live';
import { RegistryAccess } from './network';
import type { PinDeps, Progress } from './pin';
import { filePathOf, initialFolderUris, ProjectConfigs } from './project-config';
import { LintScheduler } from './scheduler';
import { SettingsCache, type SettingsFetcher } from './settings';

export interface SessionIo {
  /** workspace/configuration for the `shipshape` section scoped to a URI. */
  fetchSettings: SettingsFetcher;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  warn(message: string): void;
  error(message: string): void;
  applyEdit(edit: WorkspaceEdit): Promise<ApplyWorkspaceEditResult>;
  showMessage(type: MessageType, message: string): void;
  beginProgress(title: string): Promise<Progress>;
  /** The Kubernetes context in use (or its trust) changed. */
  clusterStatusChanged(): void;
}

export interface SessionOptions {
  /** How long a registry fact counts as fresh. */
  factTtlMs: number;
  userAgent: string;
  /** How long a live drift fact counts as fresh. */
  liveFactTtlMs: number;
  loadCluster(): Promise<typeof import('../../../client/src/cluster/index')>;
}

export interface Session {
  settings: SettingsCache;
  projects: ProjectConfigs;
  linter: DocumentLinter;
  scheduler: LintScheduler;
  registry: RegistryAccess;
  live: LiveAccess;
  pin: PinDeps;
  /** Workspace folder URIs, kept in step with the client's folder changes. */
  folders: Set<string>;
  quickFixOptions: QuickFixOptions;
  /** The client lets the server register for didChangeConfiguration (VS Code sends it only then). */
  registerConfigurationChanges: boolean;
  /** The client reports workspace folders being added and removed. */
  watchFolderChanges: boolean;
}

/**
 * Whether the workspace is trusted: VS Code's client says so in initializationOptions (`{trusted}`). A
 * client that says nothing gets no network and no credential helpers; other editors opt in with
 * `{trusted: true}`.
 */
export function isTrusted(params: InitializeParams): boolean {
  const options: unknown = params.initializationOptions;
  return typeof options === 'object' && options !== null && (options as { trusted?: unknown }).trusted === true;
}

export function createSession(params: InitializeParams, documents: TextDocuments<TextDocument>, io: SessionIo, options: SessionOptions): Session {
  const workspace = params.capabilities.workspace;
  const settings = new SettingsCache(workspace?.configuration ? io.fetchSettings : undefined);
  const projects = new ProjectConfigs(io.warn);
  const folders = new Set(initialFolderUris(params));
  for (const uri of folders) projects.addFolder(uri);
  let scheduler: LintScheduler | undefined;
  const registry = new RegistryAccess(isTrusted(params), {
    relint: (uri) => scheduler?.schedule(uri),
    warn: io.warn,
    factTtlMs: options.factTtlMs,
    userAgent: options.userAgent,
  });
  const live = new LiveAccess(isTrusted(params), {
    load: options.loadCluster,
    relint: (uri) => scheduler?.schedule(uri),
    statusChanged: io.clusterStatusChanged,
    warn: io.warn,
    registryDigest: (image) => {
      const parsed = parseImageRef(image);
      return parsed.ok ? registry.knownDigest(`${parsed.ref.name}:${parsed.ref.tag ?? 'latest'}`) : undefined;
    },
    platformDigests: (name, digest, signal) => registry.platformDigests(name, digest, signal),
    factTtlMs: options.liveFactTtlMs,
  });
  const linter = new DocumentLinter({
    settings,
    projects,
    logError: io.error,
    isOpen: (uri) => documents.get(uri) !== undefined,
    isCurrent: (uri, version) => documents.get(uri)?.version === version,
    registryFacts: (uri, current) => registry.factsFor(uri, current.network),
    observeImageRefs: (uri, refs, current) => void registry.observe(uri, refs, current.network),
    liveFacts: (uri, current) => live.factsFor(uri, current.live),
    observeWorkloads: (uri, workloads, current) => live.observe(uri, workloads, current.live),
  });
  scheduler = new LintScheduler({ documents, linter, settings, publish: io.publish, logError: io.error });
  const documentChanges = workspace?.workspaceEdit?.documentChanges === true;
  const pin: PinDeps = {
    access: registry,
    settings,
    projects,
    openDocument: (uri) => documents.get(uri),
    workspaceFolderPaths: () => [...folders].map(filePathOf).filter((path): path is string => path !== undefined),
    applyEdit: io.applyEdit,
    showMessage: io.showMessage,
    beginProgress: io.beginProgress,
    documentChanges,
  };
  return {
    settings,
    projects,
    linter,
    scheduler,
    registry,
    live,
    pin,
    folders,
    quickFixOptions: { documentChanges },
    registerConfigurationChanges: workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchFolderChanges: workspace?.workspaceFolders === true,
  };
}
