// Checks on the real workbench through Chromium: what a person sees. Each waits for a selector or a
// state with a deadline; screenshots go to test-results/e2e/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from './playwright';
import type { E2eContext } from '../protocol';

const DEADLINE_MS = 20_000;

export interface UiContext {
  page: Page;
  e2e: E2eContext;
  screenshotDir: string;
}

export interface UiCheck {
  name: string;
  run(ui: UiContext): Promise<void>;
}

const EDITOR_LINES = '.part.editor .monaco-editor .view-lines';

async function screenshot(ui: UiContext, name: string): Promise<void> {
  await ui.page.screenshot({ path: join(ui.screenshotDir, `${name}.png`) });
}

/** A page expression: the text of every element matching `selector`, non-breaking spaces as spaces. */
function textIn(selector: string): string {
  return `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => (e.textContent ?? '').replace(/\\u00a0/g, ' ')).join('\\n')`;
}

/** Polls the page until `text` shows inside `selector`. Expressions are strings: this project's TypeScript has no DOM types. */
async function waitForText(page: Page, selector: string, text: string, timeout = DEADLINE_MS): Promise<void> {
  await page.waitForFunction(`${textIn(selector)}.includes(${JSON.stringify(text)})`, undefined, { timeout, polling: 100 });
}

async function waitForTextGone(page: Page, selector: string, text: string, timeout = DEADLINE_MS): Promise<void> {
  await page.waitForFunction(`!${textIn(selector)}.includes(${JSON.stringify(text)})`, undefined, { timeout, polling: 100 });
}

/** The rule ids of the Problems panel's rows, top to bottom (errors first). */
async function problemRuleIds(page: Page): Promise<string[]> {
  const rows = await page.locator('.markers-panel .monaco-list-row').allTextContents();
  // A row reads "<message>shipshape<rule-id>[Ln 24, Col 43]": the parentheses are drawn by CSS.
  return rows.flatMap((row) => /shipshape([a-z-]+)\[Ln \d+/.exec(row)?.[1] ?? []);
}

async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: DEADLINE_MS });
  await page.keyboard.type(label);
  await waitForText(page, '.quick-input-list .monaco-list-row', label);
  await page.keyboard.press('Enter');
}

/** The web workspace, with the extension installed from the .vsix. */
export const WORKBENCH_CHECKS: UiCheck[] = [
  {
    name: 'opening a manifest from the Explorer shows squiggles under the findings',
    async run(ui) {
      const row = ui.page.locator('.explorer-folders-view .monaco-list-row[aria-label^="deployment.yaml"]').first();
      await row.waitFor({ state: 'visible', timeout: DEADLINE_MS });
      await row.click();
      await waitForText(ui.page, EDITOR_LINES, 'team/web:latest');
      await ui.page.locator('.part.editor .monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: DEADLINE_MS });
      await ui.page.locator('.part.editor .monaco-editor .squiggly-warning').first().waitFor({ state: 'visible', timeout: DEADLINE_MS });
      assert.equal(await ui.page.locator('.part.editor .monaco-editor .squiggly-warning').count(), 2, 'two warnings: the Recreate rollout and :latest');
      await screenshot(ui, 'editor-squiggles');
    },
  },
  {
    name: "hovering the image shows the image hover and the finding's message",
    async run(ui) {
      // The image's squiggle is the lowest warning (the other is the Recreate strategy, above it).
      const warnings = ui.page.locator('.part.editor .monaco-editor .squiggly-warning');
      const boxes = [];
      for (let i = 0; i < (await warnings.count()); i++) boxes.push(await warnings.nth(i).boundingBox());
      const box = boxes.filter((b) => b !== null).sort((a, b) => b.y - a.y)[0];
      assert.ok(box, 'the image-latest-tag squiggle is on screen');
      const deadline = Date.now() + DEADLINE_MS;
      // The editor shows a hover once the mouse rests on a token; moving onto it again restarts that.
      for (let step = 0; ; step++) {
        await ui.page.mouse.move(box.x + box.width / 3 + (step % 2), box.y + box.height / 2, { steps: 2 });
        try {
          await waitForText(ui.page, '.monaco-hover', 'repository team/web', 2_000);
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
      }
      const text = (await ui.page.locator('.monaco-hover').allInnerTexts()).join('\n');
      assert.match(text, /container web of Deployment web/);
      assert.match(text, /tag latest/);
      assert.match(text, /uses the tag "latest", which moves with every push/);
      assert.match(text, /image-latest-tag/);
      // The registry's digest for :latest, and the live pods in the test cluster still on the 1.0 build.
      assert.match(text, /Registry now: latest → sha256:[0-9a-f]{64}/);
      assert.match(text, /Live — context test, namespace default: ❌ running something else/);
      await screenshot(ui, 'hover');
      await ui.page.mouse.move(0, 0);
      await ui.page.keyboard.press('Escape');
    },
  },
  {
    name: 'the Problems panel lists each finding with its rule id',
    async run(ui) {
      await ui.page.keyboard.press('Control+Shift+M');
      for (const ruleId of ['probe-port-unknown', 'rollout-recreate', 'image-latest-tag']) await waitForText(ui.page, '.markers-panel .monaco-list-row', ruleId);
      assert.deepEqual(await problemRuleIds(ui.page), ['probe-port-unknown', 'rollout-recreate', 'image-latest-tag']);
      await screenshot(ui, 'problems-panel');
    },
  },
  {
    name: 'Shipshape: Pin All Images in File to Digests from the Command Palette pins the image',
    async run(ui) {
      const digest = ui.e2e.registry?.digests['team/web:latest'];
      assert.ok(digest, 'the runner pushed team/web:latest');
      await ui.page.keyboard.press('Escape');
      await runCommand(ui.page, 'Shipshape: Pin All Images in File to Digests');
      await waitForText(ui.page, EDITOR_LINES, `team/web:latest@${digest}`);
      // The Problems panel (still open) follows: the :latest finding goes, the other two stay.
      await waitForTextGone(ui.page, '.markers-panel .monaco-list-row', 'image-latest-tag');
      assert.deepEqual(await problemRuleIds(ui.page), ['probe-port-unknown', 'rollout-recreate']);
      await screenshot(ui, 'pinned');
    },
  },
];

/** In the untrusted workspace, while the suite runs the pin commands. */
export const UNTRUSTED_CHECKS: UiCheck[] = [
  {
    name: 'the pin commands explain that pinning needs a trusted workspace',
    async run(ui) {
      const message = 'Shipshape pins images only in a trusted workspace';
      // In this mode the workbench does not pop toasts up, but it announces each new notification to
      // screen readers, and the notification center lists it.
      await waitForText(ui.page, '.monaco-aria-container', message, 60_000);
      await runCommand(ui.page, 'Notifications: Show Notifications');
      await waitForText(ui.page, '.notifications-center', message);
      await screenshot(ui, 'untrusted-pin-warning');
    },
  },
];
