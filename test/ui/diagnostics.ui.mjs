// UI tests against the packaged extension in code-server: what a user sees of a finding.
import assert from 'node:assert/strict';
import { eventually, hover, openFile, runCommand } from './workbench.mjs';

const RULE = 'failover-without-health-check';
const FILE = 'templates/edge.yaml';
const MESSAGE = /PRIMARY failover record api\.example\.com\. A has no HealthCheckId/;

/** Each test gets { page, shot(name) } and runs in order in one workbench. */
export default [
  {
    name: 'opening the flawed template shows an error squiggle under the Failover property',
    async run({ page, shot }) {
      await openFile(page, FILE, 'Failover: PRIMARY');
      const squiggle = page.locator('.editor-instance .monaco-editor .squiggly-error');
      await squiggle.first().waitFor({ timeout: 30000 });
      // The decoration sits on line 13 (`Failover: PRIMARY`): its top matches that line's top.
      const line = page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'Failover: PRIMARY' }).first();
      // (The editor re-renders its lines as decorations arrive, so an element can vanish between two reads.)
      await eventually(async () => {
        const [sq, ln] = [await squiggle.first().boundingBox(), await line.boundingBox()];
        assert.ok(sq && ln && Math.abs(sq.y - ln.y) < ln.height, `the squiggle is on the Failover line (squiggle y=${sq?.y}, line y=${ln?.y})`);
      });
      await shot('01-squiggle');
    },
  },
  {
    name: 'hovering the squiggle shows the message and a link to the rule docs',
    async run({ page, shot }) {
      const squiggle = page.locator('.editor-instance .monaco-editor .squiggly-error').first();
      const widget = await hover(page, squiggle);
      await widget.filter({ hasText: RULE }).waitFor({ timeout: 10000 });
      const text = await widget.innerText();
      assert.match(text, MESSAGE, `hover text: ${text}`);
      assert.match(text, /multi-region-review/, 'the hover names the source');
      const link = widget.locator('a', { hasText: RULE }).first();
      await link.waitFor({ timeout: 5000 });
      const href = (await link.getAttribute('href')) || (await link.getAttribute('data-href')) || (await link.getAttribute('title')) || '';
      assert.match(href, new RegExp(`${RULE}\\.md`), `docs link: ${href}`);
      await shot('02-hover');
      await page.mouse.move(2, 2);
    },
  },
  {
    name: 'the Problems panel lists the finding with its rule id and position',
    async run({ page, shot, keep }) {
      const statusItem = page.locator('.statusbar-item[id^="multi-region-review.multi-region-review"]').first();
      if (await statusItem.count()) {
        // The extension's status-bar summary opens the Problems panel.
        await statusItem.click();
      } else {
        await runCommand(page, 'Multi-Region Review: Show Problems');
      }
      const panel = page.locator('.markers-panel');
      const row = panel.locator('.monaco-list-row', { hasText: RULE }).first();
      await row.waitFor({ timeout: 20000 });
      const text = await row.innerText();
      assert.match(text, MESSAGE, `row: ${text}`);
      assert.match(text, /multi-region-review/, `the row names the source: ${text}`);
      assert.match(text, /Ln 13, Col 7/, `the row gives the position: ${text}`);
      const fileRow = panel.locator('.monaco-list-row', { hasText: 'edge.yaml' }).first();
      await fileRow.waitFor();
      const path = await shot('03-problems-panel');
      keep('problems-panel', path);
    },
  },
  {
    name: 'the status bar summarises the errors',
    async run({ page }) {
      const item = page.locator('.statusbar-item[id^="multi-region-review.multi-region-review"]').first();
      await item.waitFor({ timeout: 10000 });
      const label = `${await item.innerText()} ${(await item.getAttribute('aria-label')) || ''}`;
      assert.match(label, /\b1\b/, `status bar item: ${label}`);
    },
  },
];
