// The language server: connection, documents and handlers registered. Everything clever lives in
// lsp/ (LSP ⇄ engine translation) and engine/ (the analysis).
import {
  CodeActionKind,
  ConfigurationRequest,
  createConnection,
  DidChangeConfigurationNotification,
  NotificationType,
  NotificationType0,
  RequestType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { injectRuleFault } from './engine/index';
import { quickFixes, wantsQuickFixes } from './lsp/code-actions';
import { PIN_COMMANDS, PIN_FILE_COMMAND, PIN_WORKSPACE_COMMAND, pinFile, pinFixes, pinWorkspace } from './lsp/pin';
import { beginProgress, commandArgument, DEFAULT_FACT_TTL_MS } from './lsp/server-io';
import { createSession, type Session } from './lsp/session';
import { imageHover } from './lsp/hover';
import { DEFAULT_LIVE_FACT_TTL_MS } from './lsp/live';
import type { ClusterContexts, ClusterStatus } from '../../client/src/cluster/index';
import { loadClusterModule } from '../../client/src/cluster/load';
import { KUBERNETES_EXTENSION_KUBECONFIG, SETTINGS_SECTION } from './lsp/settings';

// Test hook: proves a failing rule costs only its own findings.
if (process.env.SHIPSHAPE_INJECT_RULE_FAULT) injectRuleFault(process.env.SHIPSHAPE_INJECT_RULE_FAULT);
// Test hook: how long registry facts stay fresh, so a re-push shows without waiting a minute.
const factTtlMs = Number(process.env.SHIPSHAPE_REGISTRY_FACT_TTL_MS) || DEFAULT_FACT_TTL_MS;

/** The client's word that the user trusted the workspace (VS Code's onDidGrantWorkspaceTrust). */
const TrustChangedNotification = new NotificationType<{ trusted: boolean }>('shipshape/trustChanged');
// The status bar's questions about the Kubernetes context, and Refresh Live Data.
const ClusterStatusRequest = new RequestType<object, ClusterStatus, void>('shipshape/clusterStatus');
const ClusterContextsRequest = new RequestType<object, ClusterContexts, void>('shipshape/clusterContexts');
const RefreshLiveNotification = new NotificationType<object>('shipshape/refreshLive');
const ClusterStatusChangedNotification = new NotificationType0('shipshape/clusterStatusChanged');
// Test hook: how long live drift facts stay fresh.
const liveFactTtlMs = Number(process.env.SHIPSHAPE_LIVE_FACT_TTL_MS) || DEFAULT_LIVE_FACT_TTL_MS;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let session: Session | undefined;

connection.onInitialize((params): InitializeResult => {
  session = createSession(params, documents, {
    fetchSettings: async (uri) => {
      const [own, kubernetes] = await connection.sendRequest(ConfigurationRequest.type, {
        items: [
          { scopeUri: uri, section: SETTINGS_SECTION },
          { scopeUri: uri, section: 'vs-kubernetes' },
        ],
      });
      const extensionKubeconfig = typeof kubernetes === 'object' && kubernetes !== null ? (kubernetes as Record<string, unknown>)['vs-kubernetes.kubeconfig'] : undefined;
      return typeof own === 'object' && own !== null ? { ...own, [KUBERNETES_EXTENSION_KUBECONFIG]: extensionKubeconfig } : own;
    },
    publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
    warn: (message) => connection.console.warn(message),
    error: (message) => connection.console.error(message),
    applyEdit: (edit) => connection.workspace.applyEdit(edit),
    showMessage: (type, message) => void connection.sendNotification(ShowMessageNotification.type, { type, message }),
    beginProgress: (title) => beginProgress(connection, title),
    clusterStatusChanged: () => void connection.sendNotification(ClusterStatusChangedNotification),
  }, { factTtlMs, userAgent: 'shipshape-language-server', liveFactTtlMs, loadCluster: loadClusterModule });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
      executeCommandProvider: { commands: PIN_COMMANDS },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'shipshape' },
  };
});

connection.onInitialized(() => {
  if (session?.registerConfigurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  if (session?.watchFolderChanges) {
    connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
      for (const folder of removed) {
        session?.projects.removeFolder(folder.uri);
        session?.folders.delete(folder.uri);
      }
      for (const folder of added) {
        session?.projects.addFolder(folder.uri);
        session?.folders.add(folder.uri);
      }
      session?.scheduler.scheduleAll();
    });
  }
});

documents.onDidChangeContent(({ document }) => session?.scheduler.schedule(document.uri));

documents.onDidClose(({ document }) => {
  session?.scheduler.cancel(document.uri);
  session?.linter.forget(document.uri);
  session?.settings.forget(document.uri);
  session?.registry.forget(document.uri);
  session?.live.forget(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration(({ settings }) => {
  session?.settings.reset(settings);
  session?.scheduler.scheduleAll();
  void connection.sendNotification(ClusterStatusChangedNotification);
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  if (session?.projects.reload(changes.map((change) => change.uri))) session.scheduler.scheduleAll();
});

connection.onCodeAction(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!session || !doc || !wantsQuickFixes(params)) return [];
  const linted = await session.linter.current(doc);
  return [...quickFixes(params, linted, session.quickFixOptions), ...(await pinFixes(params, linted, session.pin))];
});

connection.onExecuteCommand(async ({ command, arguments: args }) => {
  if (!session) return null;
  const { uri, position } = commandArgument(args);
  if (command === PIN_FILE_COMMAND && uri !== undefined) await pinFile(session.pin, uri, position);
  else if (command === PIN_WORKSPACE_COMMAND) await pinWorkspace(session.pin);
  return null;
});

connection.onHover(async ({ textDocument, position }, token) => {
  const doc = documents.get(textDocument.uri);
  if (!session || !doc) return null;
  return imageHover(doc, position, { settings: session.settings, registry: session.registry, live: session.live }, token);
});

/** Window-wide settings (the Kubernetes context is not per file): those of the first workspace folder. */
const windowSettings = () => session!.settings.get(session!.folders.values().next().value ?? '');

connection.onRequest(ClusterStatusRequest, async () => (session ? session.live.status((await windowSettings()).live) : { enabled: false }));
connection.onRequest(ClusterContextsRequest, async () => (session ? session.live.contexts((await windowSettings()).live) : { contexts: [] }));
connection.onNotification(RefreshLiveNotification, () => session?.live.refresh());

connection.onNotification(TrustChangedNotification, ({ trusted }) => {
  if (!session || !trusted || session.registry.trusted) return;
  session.registry.grantTrust();
  session.live.grantTrust();
  session.scheduler.scheduleAll();
});

connection.onShutdown(() => {
  session?.scheduler.dispose();
  session?.registry.dispose();
});

documents.listen(connection);
connection.listen();
