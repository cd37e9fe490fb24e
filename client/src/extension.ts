// Activation registers the commands and starts the language server; all analysis happens there.
// The language client library is loaded just after activation returns (see language-client.ts).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

let starting: Promise<LanguageClient | undefined> | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Shipshape', { log: true });
  const watcher = vscode.workspace.createFileSystemWatcher('**/.shipshape.yaml');
  context.subscriptions.push(
    output,
    watcher,
    vscode.commands.registerCommand('shipshape.restartServer', async () => (await starting)?.restart()),
    vscode.commands.registerCommand('shipshape.showOutput', () => output.show(true)),
  );
  starting = import('./language-client').then(
    async ({ createClient }) => {
      const client = createClient(context, output, watcher);
      await client.start();
      return client;
    },
    (error: unknown) => {
      output.error(`The Shipshape language client did not load: ${String(error)}`);
      return undefined;
    },
  );
  starting.catch((error: unknown) => output.error(`The Shipshape language server did not start: ${String(error)}`));
}

export async function deactivate(): Promise<void> {
  const client = await starting?.catch(() => undefined);
  starting = undefined;
  await client?.stop();
}
