// UI tests of the topology panel against the packaged extension in code-server: the command renders the
// fixture workspace (test/ui/topology-workspace) as a Mermaid diagram inside the webview's nested iframes,
// an edit redraws it without losing zoom or scroll, a click opens the resource, the toolbar collapses and
// filters, and hostile names are drawn as text. The tests run in order in one workbench; the first opens
// the fixture folder and the last returns to the shared UI workspace.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, openQuickInput, runCommand, waitForWorkbench } from './workbench.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = join(ROOT, 'test/ui/topology-workspace');
const DOCS_IMAGE = join(ROOT, 'docs/images/topology.png');
const COMMAND = 'Multi-Region Review: Show Topology';
/** Region subgraphs and resource nodes that the fixture draws. */
const REGIONS = ['eu-west-1', 'us-east-1'];
const NODES = 8;

/** The topology webview's content: two nested iframes inside the workbench. */
const view = (page) => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
const resources = (page) => view(page).locator('#diagram svg g.node.resource');
const node = (page, name) => view(page).locator(`#diagram svg g.node.resource[aria-label^="${name} ("]`);

/** The Frame object of the webview content, for evaluating scripts in it. */
async function contentFrame(page) {
  const outer = await (await page.locator('iframe.webview.ready').elementHandle()).contentFrame();
  return (await outer.locator('#active-frame').elementHandle()).contentFrame();
}

/** The titles of the subgraphs that name a region. */
async function regionTitles(page) {
  const titles = await view(page).locator('#diagram svg g.cluster .cluster-label').allTextContents();
  return titles.map((t) => t.trim()).filter((t) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(t)).sort();
}

/** Focuses the first editor group, so files open there and the panel beside stays visible. */
async function focusFirstGroup(page) {
  await runCommand(page, 'View: Focus First Editor Group');
}

/** Opens a fixture file through Quick Open into the first group. */
async function openFixtureFile(page, relativePath, expectText) {
  await focusFirstGroup(page);
  const input = await openQuickInput(page, 'Control+P');
  await input.fill(relativePath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: relativePath.split('/').pop() }).first().click();
  await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: expectText }).first().waitFor({ timeout: 10000 });
}

/** Chooses a colour theme by its exact name in "Preferences: Color Theme"; returns the one it replaced. */
async function pickTheme(page, name) {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input.input');
  // The picker opens on the current theme.
  const current = (await page.locator('.quick-input-list .monaco-list-row.focused .label-name').first().innerText()).trim();
  await input.fill(name);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.filter({ hasText: name }).first().waitFor({ timeout: 5000 });
  const labels = await rows.evaluateAll((els) => els.map((e) => (e.querySelector('.label-name')?.textContent ?? '').trim()));
  const index = labels.indexOf(name);
  assert.ok(index >= 0, `theme ${name} among ${labels.join(' | ')}`);
  await rows.nth(index).click();
  await input.waitFor({ state: 'hidden', timeout: 5000 });
  return current;
}

let shared;
let folder;
const dialogs = [];
/** Console reports of anything the webview's CSP blocked. */
const violations = [];

export default [
  {
    name: 'Show Topology draws the fixture: 2 region subgraphs, 8 resource nodes, the finding marked',
    async run({ page, shot, workspace }) {
      shared = workspace;
      folder = join(dirname(workspace), 'topology-workspace');
      cpSync(FIXTURE, folder, { recursive: true });
      page.on('dialog', (d) => {
        // Leaving a workbench with unsaved editors (an earlier test's) asks first: leave.
        if (d.type() === 'beforeunload') return void d.accept();
        dialogs.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`${new URL(page.url()).origin}/?folder=${encodeURIComponent(folder)}`);
      await waitForWorkbench(page);
      await openFixtureFile(page, 'global/dns.yaml', 'ApiPrimary');
      const start = Date.now();
      await runCommand(page, COMMAND);
      await resources(page).nth(NODES - 1).waitFor({ timeout: 60000 });
      console.log(`    diagram drawn ${Date.now() - start} ms after the command`);
      await eventually(async () => assert.equal(await resources(page).count(), NODES));
      assert.deepEqual(await regionTitles(page), REGIONS);
      const clusters = await view(page).locator('#diagram svg g.cluster .cluster-label').allTextContents();
      assert.ok(clusters.some((t) => /^Global/.test(t.trim())), `a group for the global services: ${clusters.join(' | ')}`);
      // The failover-ttl-too-high warning on ApiPrimary marks its node and names the rule in its tooltip.
      const primary = node(page, 'ApiPrimary');
      assert.match((await primary.getAttribute('class')) ?? '', /\bwarning\b/);
      assert.match(await primary.locator('title').textContent(), /failover-ttl-too-high/);
      const replica = node(page, 'OrdersTable replica');
      assert.equal(await replica.count(), 1, 'the global table has a replica node in eu-west-1');
      assert.match(await view(page).locator('#status').innerText(), /8 nodes · 2 regions/);
      await shot('10-topology');
      if (process.env.UPDATE_DOCS_IMAGE === '1' || !existsSync(DOCS_IMAGE)) {
        // The README's picture: the template beside its diagram, without the side bar.
        await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
        await view(page).locator('#zoom-fit').click();
        mkdirSync(dirname(DOCS_IMAGE), { recursive: true });
        await page.screenshot({ path: DOCS_IMAGE });
        await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
        console.log('    docs/images/topology.png updated');
      }
    },
  },
  {
    name: 'an edit redraws the diagram in place, keeping zoom and scroll, without a blank frame',
    async run({ page, shot }) {
      await openFixtureFile(page, 'secondary/app.yaml', 'StandbyQueue');
      const frame = await contentFrame(page);
      await view(page).locator('#zoom-reset').click();
      await view(page).locator('#zoom-in').click();
      await view(page).locator('#zoom-in').click();
      const before = await frame.evaluate(() => {
        const viewport = document.getElementById('viewport');
        viewport.scrollTo(40, 30);
        const diagram = document.getElementById('diagram');
        // Records every moment the diagram has no SVG (a flicker) until the test reads it.
        window.__blank = 0;
        new MutationObserver(() => {
          if (!diagram.querySelector('svg')) window.__blank++;
        }).observe(diagram, { childList: true });
        return { scale: diagram.dataset.scale, render: diagram.dataset.render, left: viewport.scrollLeft, top: viewport.scrollTop };
      });
      assert.equal(before.scale, '1.563', 'two zoom steps of 1.25');
      // Rename the queue: double-click selects the logical id, typing replaces it.
      const line = page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'StandbyQueue:' }).first();
      await line.locator('span span', { hasText: /^StandbyQueue$/ }).first().dblclick();
      await page.keyboard.type('ReplayQueue');
      const typed = Date.now();
      await node(page, 'ReplayQueue').waitFor({ timeout: 10000 });
      console.log(`    diagram redrawn ${Date.now() - typed} ms after the last keystroke`);
      assert.equal(await node(page, 'StandbyQueue').count(), 0);
      const after = await frame.evaluate(() => {
        const viewport = document.getElementById('viewport');
        const diagram = document.getElementById('diagram');
        return { scale: diagram.dataset.scale, render: diagram.dataset.render, left: viewport.scrollLeft, top: viewport.scrollTop, blank: window.__blank };
      });
      assert.notEqual(after.render, before.render, 'the diagram was drawn again');
      assert.deepEqual({ scale: after.scale, left: after.left, top: after.top }, { scale: before.scale, left: before.left, top: before.top }, 'zoom and scroll survive the redraw');
      assert.equal(after.blank, 0, 'the old drawing stays until the new one replaces it');
      await shot('11-topology-after-edit');
      await view(page).locator('#zoom-reset').click();
      // Leave the file as it was on disk; the diagram follows.
      await focusFirstGroup(page);
      await runCommand(page, 'File: Revert File');
      await node(page, 'StandbyQueue').waitFor({ timeout: 10000 });
    },
  },
  {
    name: 'clicking a node opens its template at the logical id',
    async run({ page, shot }) {
      await node(page, 'OrdersTable').click();
      const selection = page.locator('.statusbar-item[id="status.editor.selection"]');
      // The logical id is selected (the range may end after its colon).
      await eventually(async () => assert.match(await selection.innerText(), /Ln 4, Col \d+ \(1[12] selected\)/));
      const tab = page.locator('.editor-group-container .tab.active', { hasText: 'app.yaml' }).first();
      await tab.waitFor({ timeout: 5000 });
      const editor = page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'OrdersTable:' });
      await editor.first().waitFor({ timeout: 5000 });
      assert.match(await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText(), /GlobalTable/);
      await shot('12-topology-reveal');
    },
  },
  {
    name: 'the toolbar collapses by region and filters by kind; a collapsed box expands on click',
    async run({ page, shot }) {
      const v = view(page);
      await v.locator('#collapse-menu > summary').click();
      await v.locator('#collapse-regions').click();
      assert.equal(await v.locator('#collapse-menu[open]').count(), 0, 'a menu action closes its menu');
      await eventually(async () => assert.deepEqual(await regionTitles(page), []), { timeout: 10000 });
      const boxes = v.locator('#diagram svg g.node.resource[aria-label*="collapsed"]');
      await eventually(async () => assert.equal(await boxes.count(), 3, 'global, us-east-1 and eu-west-1 folded'));
      await shot('13-topology-collapsed');
      await v.locator('#diagram svg g.node.resource[aria-label^="us-east-1:"]').click();
      await eventually(async () => assert.deepEqual(await regionTitles(page), ['us-east-1']), { timeout: 10000 });
      await v.locator('#collapse-menu > summary').click();
      await v.locator('#expand-all').click();
      await eventually(async () => assert.deepEqual(await regionTitles(page), REGIONS), { timeout: 10000 });
      await v.locator('#kind-menu > summary').click();
      await v.locator('input[name="kind-dns"]').uncheck();
      await eventually(async () => assert.equal(await node(page, 'ApiPrimary').count(), 0), { timeout: 10000 });
      assert.equal(await node(page, 'ApiHealth').count(), 1, 'health checks are their own kind');
      await shot('13-topology-filtered');
      await v.locator('#show-all-kinds').click();
      await node(page, 'ApiPrimary').waitFor({ timeout: 10000 });
    },
  },
  {
    name: 'the DR summary beside the diagram names the tier and opens its evidence',
    async run({ page, shot }) {
      const v = view(page);
      await v.locator('#toggle-summary').click();
      const summary = v.locator('#summary');
      await summary.locator('h2', { hasText: 'DR tier: Warm standby' }).waitFor({ timeout: 10000 });
      const text = await summary.innerText();
      assert.match(text, /RPO: under 1 s/);
      assert.match(text, /RTO: /);
      assert.match(text, /Weakest link: /);
      assert.match(text, /× a single region/);
      await shot('14-topology-summary');
      await summary.locator('button.link', { hasText: 'Compute in eu-west-1: StandbyApi' }).click();
      const selection = page.locator('.statusbar-item[id="status.editor.selection"]');
      await eventually(async () => assert.match(await selection.innerText(), /Ln 4, Col \d+ \(1[01] selected\)/));
      await page.locator('.editor-group-container .tab.active', { hasText: 'app.yaml' }).first().waitFor({ timeout: 5000 });
      await v.locator('#toggle-summary').click();
      assert.equal(await summary.isHidden(), true);
    },
  },
  {
    name: 'the diagram follows the colour theme: light, dark and high contrast',
    async run({ page, shot }) {
      const frame = await contentFrame(page);
      const shape = '#diagram g.node.resource :is(rect, circle, polygon, path).label-container';
      const fill = () => frame.evaluate((selector) => getComputedStyle(document.querySelector(selector)).fill, shape);
      const dark = await fill();
      await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
      await eventually(async () => assert.notEqual(await fill(), dark, 'nodes are drawn in the light theme'), { timeout: 10000 });
      await shot('15-topology-light');
      await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
      await eventually(async () => assert.equal(await fill(), dark), { timeout: 10000 });
      // High contrast: the editor's own background fills the nodes, outlined by the contrast border.
      const original = await pickTheme(page, 'Dark High Contrast');
      await eventually(async () => assert.equal(await frame.evaluate(() => document.body.classList.contains('vscode-high-contrast')), true), { timeout: 10000 });
      const background = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await eventually(async () => assert.equal(await fill(), background), { timeout: 10000 });
      await shot('15-topology-high-contrast');
      await pickTheme(page, original);
      await eventually(async () => assert.equal(await fill(), dark), { timeout: 10000 });
    },
  },
  {
    name: 'hostile names (HTML, Mermaid syntax, click directives) are drawn as text and run nothing',
    async run({ page, shot }) {
      try {
        // Every group open, so that each hostile name is drawn.
        await view(page).locator('#collapse-menu > summary').click();
        await view(page).locator('#expand-all').click();
        writeFileSync(join(folder, 'hostile.yaml'), HOSTILE);
        const evil = view(page).locator('#diagram svg g.node.resource', { hasText: '<img src=x onerror=' });
        await evil.first().waitFor({ timeout: 20000 });
        await view(page).locator('#zoom-fit').click();
        await shot('16-topology-hostile');
        const frame = await contentFrame(page);
        const found = await frame.evaluate(() => ({
          images: document.querySelectorAll('#diagram img').length,
          scripts: document.querySelectorAll('#diagram script').length,
          links: document.querySelectorAll('#diagram [href]:not([href^="#"])').length,
          handlers: [...document.querySelectorAll('#diagram *')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
          pwned: document.body.dataset.pwned ?? null,
          text: document.getElementById('diagram').textContent,
        }));
        assert.deepEqual({ ...found, text: undefined }, { images: 0, scripts: 0, links: 0, handlers: 0, pwned: null, text: undefined });
        assert.match(found.text, /Evil<img src=x onerror=document\.body\.dataset\.pwned=1>/, 'the logical id is shown literally');
        assert.match(found.text, /click n0 call alert/, `the click directive in a logical id is shown as text: ${found.text}`);
        assert.equal(await page.evaluate(() => document.body.dataset.pwned ?? null), null, 'nothing ran in the workbench either');
        assert.deepEqual(dialogs, [], 'no dialog opened');
        assert.deepEqual(violations, [], 'the CSP had nothing to block: no markup from a name ever reached the page');
      } finally {
        rmSync(join(folder, 'hostile.yaml'), { force: true });
        // Later test files expect the shared workspace.
        await page.goto(`${new URL(page.url()).origin}/?folder=${encodeURIComponent(shared)}`);
        await waitForWorkbench(page);
      }
    },
  },
];


/** Names that try to become markup, Mermaid structure, a click handler or a directive. */
const HOSTILE = `AWSTemplateFormatVersion: '2010-09-09'
Description: UI test fixture, written at run time. Every name here tries to run or reshape something.
Resources:
  "Evil<img src=x onerror=document.body.dataset.pwned=1>":
    Type: AWS::SQS::Queue
  "Click\\"]\\n  click n0 call alert(1)\\n  n9[\\"<script>document.body.dataset.pwned=2</script>":
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: "x\\"]\\n  click n0 href \\"javascript:alert(1)\\""
      Type: A
      TTL: '60'
      ResourceRecords:
        - 192.0.2.1
  "Tagged%%{init: {'securityLevel':'loose'}}%%":
    Type: AWS::S3::Bucket
    Properties:
      BucketName: "javascript:alert(1)"
      Tags:
        - Key: "<b onmouseover=alert(1)>"
          Value: "</foreignObject><script>alert(1)</script>"
`;
