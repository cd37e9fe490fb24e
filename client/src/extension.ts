// Activation registers the commands and starts the language server; all analysis happens there.
// The language client library is loaded just after activation returns (see language-client.ts).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LiveStatus } from './live-status';

let starting: Promise<LanguageClient | undefined> | undefined;

const UNTRUSTED_PIN_MESSAGE = 'Shipshape pins images only in a trusted workspace: pinning contacts registries and may run credential helpers.';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Shipshape', { log: true });
  const watcher = vscode.workspace.createFileSystemWatcher('**/.shipshape.yaml');
  const loaded = import('./language-client');
  const liveStatus = new LiveStatus(async () => starting, loaded);
  context.subscriptions.push(
    output,
    watcher,
    liveStatus,
    vscode.commands.registerCommand('shipshape.switchContext', () => liveStatus.switchContext()),
    vscode.commands.registerCommand('shipshape.refreshLive', () => liveStatus.refresh()),
    vscode.commands.registerCommand('shipshape.restartServer', async () => (await starting)?.restart()),
    vscode.commands.registerCommand('shipshape.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('shipshape.pinImage', () => {
      const editor = vscode.window.activeTextEditor;
      const position = editor?.selection.active;
      return pin(loaded, 'shipshape.server.pinFile', editor && position && { uri: editor.document.uri.toString(), position: { line: position.line, character: position.character } });
    }),
    vscode.commands.registerCommand('shipshape.pinFile', () => {
      const editor = vscode.window.activeTextEditor;
      return pin(loaded, 'shipshape.server.pinFile', editor && { uri: editor.document.uri.toString() });
    }),
    vscode.commands.registerCommand('shipshape.pinWorkspace', () => pin(loaded, 'shipshape.server.pinWorkspace', {})),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      const [client, { notifyTrustGranted }] = await Promise.all([starting, loaded]);
      if (client) await notifyTrustGranted(client);
      await liveStatus.update();
    }),
  );
  starting = loaded.then(
    async ({ createClient }) => {
      const client = createClient(context, output, watcher, vscode.workspace.isTrusted);
      await client.start();
      void liveStatus.start(client);
      return client;
    },
    (error: unknown) => {
      output.error(`The Shipshape language client did not load: ${String(error)}`);
      return undefined;
    },
  );
  starting.catch((error: unknown) => output.error(`The Shipshape language server did not start: ${String(error)}`));
}

/** Forwards a pin command to the server, which reports the outcome itself (progress, summary message). */
async function pin(loaded: Promise<typeof import('./language-client')>, command: string, argument: object | undefined): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(UNTRUSTED_PIN_MESSAGE);
    return;
  }
  if (!argument) {
    void vscode.window.showInformationMessage('Open a YAML file to pin its images.');
    return;
  }
  const [client, { executeServerCommand }] = await Promise.all([starting, loaded]);
  if (client) await executeServerCommand(client, command, argument);
}

export async function deactivate(): Promise<void> {
  const client = await starting?.catch(() => undefined);
  starting = undefined;
  await client?.stop();
}
