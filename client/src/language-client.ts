// Starting the language server client. Loaded on first use (after activation): vscode-languageclient is
// most of the extension's bundle, and activation should only register things.
import type * as vscode from 'vscode';
import type { ClusterContexts, ClusterStatus } from './cluster/index';
import { ExecuteCommandRequest, LanguageClient, NotificationType, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Tells the server the user trusted the workspace: it may contact registries from now on. */
const TrustChangedNotification = new NotificationType<{ trusted: boolean }>('shipshape/trustChanged');

export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, watcher: vscode.FileSystemWatcher, trusted: boolean): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { fileEvents: watcher },
    outputChannel: output,
    // Untrusted: the server lints but never contacts a registry or runs a credential helper.
    initializationOptions: { trusted },
  };
  return new LanguageClient('shipshape', 'Shipshape', serverOptions, clientOptions);
}

export function notifyTrustGranted(client: LanguageClient): Promise<void> {
  return client.sendNotification(TrustChangedNotification, { trusted: true });
}

/** Runs one of the server's `shipshape.server.*` commands and waits for it to finish. */
export async function executeServerCommand(client: LanguageClient, command: string, argument: object): Promise<void> {
  await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] });
}

export function clusterStatus(client: LanguageClient): Promise<ClusterStatus> {
  return client.sendRequest<ClusterStatus>('shipshape/clusterStatus', {});
}

export function clusterContexts(client: LanguageClient): Promise<ClusterContexts> {
  return client.sendRequest<ClusterContexts>('shipshape/clusterContexts', {});
}

/** Drops cached live data and looks again (hovers and the drift diagnostic). */
export function refreshLive(client: LanguageClient): Promise<void> {
  return client.sendNotification('shipshape/refreshLive', {});
}

export function onClusterStatusChanged(client: LanguageClient, listener: () => void): vscode.Disposable {
  return client.onNotification('shipshape/clusterStatusChanged', listener);
}
