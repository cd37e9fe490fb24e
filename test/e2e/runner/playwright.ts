// The part of playwright-core's API the runner uses. playwright-core is loaded from the tools folder
// (scripts/ensure-vscode.sh), not from the project's dependencies, so its types are not at hand here.
import { join } from 'node:path';
import type { Tools } from './tools';

export interface Locator {
  first(): Locator;
  nth(index: number): Locator;
  count(): Promise<number>;
  innerText(): Promise<string>;
  allInnerTexts(): Promise<string[]>;
  allTextContents(): Promise<string[]>;
  waitFor(options?: { state?: 'attached' | 'visible'; timeout?: number }): Promise<void>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  click(options?: { timeout?: number }): Promise<void>;
  screenshot(options: { path: string }): Promise<Buffer>;
}

export interface Page {
  goto(url: string, options?: { timeout?: number }): Promise<unknown>;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  locator(selector: string): Locator;
  waitForFunction(expression: string, arg: undefined, options?: { timeout?: number; polling?: number }): Promise<unknown>;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  mouse: { move(x: number, y: number, options?: { steps?: number }): Promise<void> };
  screenshot(options: { path: string }): Promise<Buffer>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  on(event: 'pageerror', listener: (error: Error) => void): void;
}

export interface BrowserContext {
  newPage(): Promise<Page>;
  pages(): Page[];
  close(): Promise<void>;
}

interface Chromium {
  launchPersistentContext(
    userDataDir: string,
    options: { executablePath: string; headless: boolean; args: string[]; viewport: { width: number; height: number } },
  ): Promise<BrowserContext>;
}

export function launchChromium(tools: Tools, userDataDir: string): Promise<BrowserContext> {
  const { chromium } = require(join(tools.playwrightCore)) as { chromium: Chromium };
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: tools.chromium,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
