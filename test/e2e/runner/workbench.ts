// One Chromium page on a code-server's workbench, with the smoke-test driver's hooks: the workbench
// forwards the extension host's console through codeAutomationLog and the suite's outcome through
// codeAutomationExit (as the exit code test-electron would give).
import { format } from 'node:util';
import { launchChromium, type BrowserContext, type Page } from './playwright';
import type { CodeServer } from './code-server';
import type { Tools } from './tools';

export interface WorkbenchOptions {
  folder: string;
  /** Loaded as the extension under development (instead of, or besides, installed extensions). */
  extensionDevelopmentPath?: string;
  /** The suite's index.js; the workbench runs it and reports through codeAutomationExit. */
  extensionTestsPath?: string;
  log(line: string): void;
}

export interface Workbench {
  page: Page;
  /** Resolves with the suite's exit code once the extension tests finish (never, without a suite). */
  exitCode: Promise<number>;
  close(): Promise<void>;
}

export async function openWorkbench(tools: Tools, server: CodeServer, browserDir: string, options: WorkbenchOptions): Promise<Workbench> {
  const browser: BrowserContext = await launchChromium(tools, browserDir);
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    let exited: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      for (const line of text.split('\n')) options.log(type === 'error' ? `[error] ${line}` : line);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exited(code));
    const payload: [string, string][] = [['skipWelcome', 'true']];
    if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', server.remoteUri(options.extensionDevelopmentPath)]);
    if (options.extensionTestsPath) payload.push(['extensionTestsPath', server.remoteUri(options.extensionTestsPath)]);
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(options.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    return { page, exitCode, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
