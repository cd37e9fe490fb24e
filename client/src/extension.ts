// Activation registers the commands and starts the language server; all analysis happens there.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Shipshape', { log: true });
  const watcher = vscode.workspace.createFileSystemWatcher('**/.shipshape.yaml');
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
  };
  const languageClient = new LanguageClient('shipshape', 'Shipshape', serverOptions, clientOptions);
  client = languageClient;

  context.subscriptions.push(
    output,
    watcher,
    vscode.commands.registerCommand('shipshape.restartServer', () => languageClient.restart()),
    vscode.commands.registerCommand('shipshape.showOutput', () => output.show(true)),
  );
  languageClient.start().catch((error: unknown) => output.error(`The Shipshape language server did not start: ${String(error)}`));
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}
