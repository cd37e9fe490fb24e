// The language server: connection, documents and handlers registered. Everything clever lives in
// lsp/ (LSP ⇄ engine translation) and engine/ (the analysis).
import {
  CodeActionKind,
  ConfigurationRequest,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { injectRuleFault } from './engine/index';
import { quickFixes, wantsQuickFixes } from './lsp/code-actions';
import { createSession, type Session } from './lsp/session';
import { SETTINGS_SECTION } from './lsp/settings';

// Test hook: proves a failing rule costs only its own findings.
if (process.env.SHIPSHAPE_INJECT_RULE_FAULT) injectRuleFault(process.env.SHIPSHAPE_INJECT_RULE_FAULT);

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let session: Session | undefined;

connection.onInitialize((params): InitializeResult => {
  session = createSession(params, documents, {
    fetchSettings: async (uri) => (await connection.sendRequest(ConfigurationRequest.type, { items: [{ scopeUri: uri, section: SETTINGS_SECTION }] }))[0],
    publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
    warn: (message) => connection.console.warn(message),
    error: (message) => connection.console.error(message),
  });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'shipshape' },
  };
});

connection.onInitialized(() => {
  if (session?.registerConfigurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  if (session?.watchFolderChanges) {
    connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
      for (const folder of removed) session?.projects.removeFolder(folder.uri);
      for (const folder of added) session?.projects.addFolder(folder.uri);
      session?.scheduler.scheduleAll();
    });
  }
});

documents.onDidChangeContent(({ document }) => session?.scheduler.schedule(document.uri));

documents.onDidClose(({ document }) => {
  session?.scheduler.cancel(document.uri);
  session?.linter.forget(document.uri);
  session?.settings.forget(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration(({ settings }) => {
  session?.settings.reset(settings);
  session?.scheduler.scheduleAll();
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  if (session?.projects.reload(changes.map((change) => change.uri))) session.scheduler.scheduleAll();
});

connection.onCodeAction(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!session || !doc || !wantsQuickFixes(params)) return [];
  return quickFixes(params, await session.linter.current(doc), session.quickFixOptions);
});

connection.onShutdown(() => session?.scheduler.dispose());

documents.listen(connection);
connection.listen();
