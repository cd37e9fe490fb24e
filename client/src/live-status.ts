// The status bar item that names the Kubernetes context and namespace Shipshape reads live data from,
// and the two commands behind it: switch context (for Shipshape only: the kubeconfig is not changed)
// and refresh live data. The server owns the kubeconfig; this asks it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

type ClientModule = typeof import('./language-client');

export const CONTEXT_SETTING = 'kubernetes.context';

export class LiveStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('shipshape.context', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];
  private updating = 0;

  constructor(
    private readonly client: () => Promise<LanguageClient | undefined>,
    private readonly loaded: Promise<ClientModule>,
  ) {
    this.item.name = 'Shipshape: Kubernetes context';
    this.item.command = 'shipshape.switchContext';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.showForEditor()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('shipshape') || event.affectsConfiguration('vs-kubernetes')) void this.update();
      }),
    );
  }

  /** Called once the language client runs. */
  async start(client: LanguageClient): Promise<void> {
    const { onClusterStatusChanged } = await this.loaded;
    this.disposables.push(onClusterStatusChanged(client, () => void this.update()));
    await this.update();
  }

  async update(): Promise<void> {
    const ticket = ++this.updating;
    const [client, { clusterStatus }] = await Promise.all([this.client(), this.loaded]);
    if (!client) return;
    let status: Awaited<ReturnType<typeof clusterStatus>>;
    try {
      status = await clusterStatus(client);
    } catch {
      return;
    }
    if (ticket !== this.updating) return;
    if (!status.enabled) {
      this.item.text = '$(cloud) live off';
      this.item.tooltip = vscode.workspace.isTrusted
        ? 'Shipshape does not read live data (shipshape.live.enable is off).'
        : 'Shipshape reads no live data in an untrusted workspace: it would contact your cluster and may run kubeconfig credential plugins.';
    } else if (status.error !== undefined || status.context === undefined) {
      this.item.text = '$(cloud) no context';
      this.item.tooltip = `Shipshape: ${status.error ?? 'no Kubernetes context'}. Click to choose one.`;
    } else {
      this.item.text = `$(cloud) ${status.context} · ${status.namespace ?? 'default'}`;
      const tooltip = new vscode.MarkdownString(`Shipshape reads live data from context **${status.context}**, namespace **${status.namespace ?? 'default'}**`);
      if (status.server) tooltip.appendMarkdown(`\n\n${status.server}`);
      tooltip.appendMarkdown('\n\nClick to switch context (for Shipshape only).');
      this.item.tooltip = tooltip;
    }
    this.showForEditor();
  }

  private showForEditor(): void {
    const language = vscode.window.activeTextEditor?.document.languageId;
    if (language === 'yaml') this.item.show();
    else this.item.hide();
  }

  /** shipshape.switchContext: a quick pick of the kubeconfig's contexts; the choice goes to the workspace's settings. */
  async switchContext(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Shipshape reads no live data in an untrusted workspace: it would contact your cluster and may run kubeconfig credential plugins.');
      return;
    }
    const [client, { clusterContexts }] = await Promise.all([this.client(), this.loaded]);
    if (!client) return;
    const answer = await clusterContexts(client);
    if (answer.error !== undefined && answer.contexts.length === 0) {
      void vscode.window.showErrorMessage(`Shipshape: ${answer.error}`);
      return;
    }
    type Item = vscode.QuickPickItem & { context: string };
    const items: Item[] = answer.contexts.map((c) => ({
      label: c.name,
      description: `${c.namespace} · ${c.server}`,
      detail: [c.name === answer.current ? 'used by Shipshape now' : undefined, c.name === answer.kubeconfigCurrent ? "the kubeconfig's current-context" : undefined]
        .filter((s) => s !== undefined)
        .join(' · ') || undefined,
      context: c.name,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: 'Kubernetes context for Shipshape (your kubeconfig is not changed)', placeHolder: answer.current ?? 'no context' });
    if (!picked) return;
    const value = picked.context === answer.kubeconfigCurrent ? '' : picked.context;
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('shipshape').update(CONTEXT_SETTING, value, target);
  }

  async refresh(): Promise<void> {
    const [client, { refreshLive }] = await Promise.all([this.client(), this.loaded]);
    if (!client) return;
    await refreshLive(client);
    await this.update();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
