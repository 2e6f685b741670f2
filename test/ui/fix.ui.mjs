// UI test of a quick fix through VS Code's own code-action menu (Ctrl+.): on the flawed template the
// light bulb offers "add a health check"; choosing it edits the file and the error goes away. The test
// then undoes the fix, so the file is as it was for the tests that follow. The same is then done on the
// example workspace (examples/global-app), in a copy.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, openFile, openQuickInput, waitForWorkbench } from './workbench.mjs';

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/global-app');

const FILE = 'templates/edge.yaml';
const FIX = /health check/i;

/** Opens the code-action menu at the squiggle, retrying when the keystroke was swallowed. */
async function openCodeActions(page, squiggle) {
  const menu = page.locator('.action-widget');
  for (let i = 0; i < 5; i++) {
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the squiggle is not on screen');
    await page.mouse.click(box.x + Math.min(box.width / 2, 30), box.y + box.height / 2);
    await page.keyboard.press('Control+.');
    try {
      await menu.first().waitFor({ state: 'visible', timeout: 3000 });
      return menu.first();
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error('the code-action menu did not open');
}

/** Moves the menu's focus down to the entry matching `label` and presses Enter. */
async function chooseWithKeyboard(page, menu, label) {
  for (let i = 0; i < 10; i++) {
    const focused = menu.locator('.monaco-list-row.focused').first();
    if (label.test((await focused.innerText().catch(() => '')) || '')) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no menu entry matches ${label}`);
}

export default [
  {
    name: 'the quick fix from the light-bulb menu adds a health check and the error disappears',
    async run({ page, shot }) {
      await openFile(page, FILE, 'Failover: PRIMARY');
      const squiggles = page.locator('.editor-instance .monaco-editor .squiggly-error');
      await squiggles.first().waitFor({ timeout: 30000 });
      const menu = await openCodeActions(page, squiggles.first());
      const item = menu.locator('.monaco-list-row', { hasText: FIX }).first();
      await item.waitFor({ timeout: 10000 });
      const labels = await menu.locator('.monaco-list-row').allInnerTexts();
      assert.ok(labels.some((l) => /suppress/i.test(l)), `the menu also offers the suppression: ${labels.join(' | ')}`);
      await shot('04-code-actions');
      // The menu puts a pointer block over the editor, so choose with the keyboard, as a user would.
      await chooseWithKeyboard(page, menu, FIX);
      // The fix inserts an AWS::Route53::HealthCheck and a HealthCheckId reference; the error goes away.
      await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'HealthCheckId' }).first().waitFor({ timeout: 10000 });
      await eventually(async () => assert.equal(await squiggles.count(), 0, 'no error squiggle after the fix'), { timeout: 20000 });
      const status = page.locator('.statusbar-item[id^="multi-region-review.multi-region-review"]').first();
      await eventually(async () => assert.doesNotMatch(await status.innerText(), /error/i, 'the status bar counts no error'), { timeout: 20000 });
      await shot('05-after-fix');
      // Undo, and the finding comes back: the file is left as the other tests expect it.
      await page.keyboard.press('Control+z');
      await squiggles.first().waitFor({ timeout: 20000 });
    },
  },
  {
    name: 'on the example, the light-bulb fix for the PRIMARY record without a health check clears its error',
    async run({ page, shot, workspace }) {
      const folder = join(dirname(workspace), 'global-app');
      cpSync(EXAMPLE, folder, { recursive: true });
      await page.goto(`${new URL(page.url()).origin}/?folder=${encodeURIComponent(folder)}`);
      await waitForWorkbench(page);
      await openFile(page, 'global/dns.yaml', 'AWSTemplateFormatVersion');
      // Go to the flawed record's Failover line (line 89) with "Go to Line".
      const input = await openQuickInput(page, 'Control+g');
      await input.fill(':89:7');
      await page.keyboard.press('Enter');
      const errors = page.locator('.editor-instance .monaco-editor .squiggly-error');
      await errors.first().waitFor({ timeout: 30000 });
      const status = page.locator('.statusbar-item[id^="multi-region-review.multi-region-review"]').first();
      await eventually(async () => assert.match(await status.innerText(), /\b2 errors\b/), { timeout: 30000 });
      const menu = await openCodeActions(page, errors.first());
      await chooseWithKeyboard(page, menu, FIX);
      await eventually(async () => assert.equal(await errors.count(), 0, 'no error squiggle left in dns.yaml'), { timeout: 20000 });
      // The workspace had two errors (this one and a global table without a stream); one is left.
      await eventually(async () => assert.match(await status.innerText(), /\b1 error\b/), { timeout: 20000 });
      await shot('06-example-after-fix');
    },
  },
];
