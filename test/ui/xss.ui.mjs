// XSS corpus in the real webview: a workspace generated from test/ui/xss-corpus.json (each hostile string as a
// logical id, record name, hosted zone and set identifier) is drawn by Show Topology in code-server. A tripwire
// counter (window.__xss, set in the webview and in the workbench) is what the payloads would bump; the test
// asserts the strings are shown as text, nothing ran (counters 0, no dialog), no element in the diagram has an
// on* attribute or a javascript: link, and the CSP had nothing to block. Then it returns to the shared workspace.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, openQuickInput, runCommand, waitForWorkbench } from './workbench.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = JSON.parse(readFileSync(join(ROOT, 'test/ui/xss-corpus.json'), 'utf8')).strings;
const view = (page) => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

async function contentFrame(page) {
  const outer = await (await page.locator('iframe.webview.ready').elementHandle()).contentFrame();
  return (await outer.locator('#active-frame').elementHandle()).contentFrame();
}

/** One JSON template with a failover pair per corpus string. */
function writeWorkspace(folder) {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const Resources = {};
  CORPUS.forEach((s, i) => {
    Resources[s] = { Type: 'AWS::Route53::RecordSet', Properties: { HostedZoneName: s, Name: s, Type: 'CNAME', SetIdentifier: s, Failover: 'PRIMARY', TTL: '60', ResourceRecords: ['a.example.com'] } };
    Resources[`Secondary${i}`] = { Type: 'AWS::Route53::RecordSet', Properties: { HostedZoneName: s, Name: s, Type: 'CNAME', SetIdentifier: `${s}-2`, Failover: 'SECONDARY', TTL: '60', ResourceRecords: ['b.example.com'] } };
  });
  writeFileSync(join(folder, 'xss.template.json'), JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources }, null, 2));
}

const flat = (s) => s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');

export default [
  {
    name: `the XSS corpus (${CORPUS.length} strings) is drawn as text in the topology webview and runs nothing`,
    async run({ page, shot, workspace }) {
      const folder = join(dirname(workspace), 'xss-workspace');
      writeWorkspace(folder);
      const dialogs = [];
      const violations = [];
      const onDialog = (d) => {
        if (d.type() === 'beforeunload') return void d.accept();
        dialogs.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      };
      const onConsole = (m) => {
        if (/Content Security Policy|securitypolicyviolation/i.test(m.text())) violations.push(m.text());
      };
      page.on('dialog', onDialog);
      page.on('console', onConsole);
      try {
        await page.goto(`${new URL(page.url()).origin}/?folder=${encodeURIComponent(folder)}`);
        await waitForWorkbench(page);
        await page.evaluate(() => {
          window.__xss = 0;
        });
        const input = await openQuickInput(page, 'Control+P');
        await input.fill('xss.template.json');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'xss.template.json' }).first().click();
        await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'AWSTemplateFormatVersion' }).first().waitFor({ timeout: 15000 });
        await runCommand(page, 'Multi-Region Review: Show Topology');
        const nodes = view(page).locator('#diagram svg g.node.resource');
        await nodes.first().waitFor({ timeout: 60000 });
        await eventually(async () => assert.ok((await nodes.count()) >= CORPUS.length, `nodes: ${await nodes.count()}`), { timeout: 30000 });
        const frame = await contentFrame(page);
        // The tripwire inside the webview, and a listener for anything the CSP blocks from now on.
        await frame.evaluate(() => {
          window.__xss = 0;
          window.__violations = [];
          document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        });
        // Analyse again with the tripwire in place; the panel redraws after each run.
        await runCommand(page, 'Multi-Region Review: Rescan Workspace');
        await view(page).locator('#zoom-fit').click();
        await shot('30-xss-topology');
        const found = await frame.evaluate(() => ({
          xss: window.__xss,
          violations: window.__violations,
          scripts: document.querySelectorAll('#diagram script, #diagram iframe, #diagram object, #diagram embed, #diagram img, #diagram foreignObject img').length,
          handlers: [...document.querySelectorAll('#diagram *')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).map((el) => el.tagName),
          jsLinks: [...document.querySelectorAll('#diagram [href], #diagram [src], #diagram [data], #diagram [action]')].filter((el) => [...el.attributes].some((a) => /^(href|xlink:href|src|data|action)$/.test(a.name) && /^\s*(javascript|data):/i.test(a.value))).length,
          text: document.getElementById('diagram').textContent,
        }));
        assert.equal(found.xss, 0, 'no payload ran in the webview');
        assert.deepEqual(found.handlers, [], 'no element with an on* attribute');
        assert.equal(found.jsLinks, 0, 'no javascript: or data: link');
        assert.equal(found.scripts, 0, 'no script, frame, object, embed or image from a name');
        assert.deepEqual(found.violations, [], 'the CSP had nothing to block');
        const shown = found.text.replace(/\s+/g, ' ');
        const missing = CORPUS.filter((s) => s.length < 200 && !shown.includes(flat(s).replace(/\s+/g, ' ').replace(/\u0000/g, '\ufffd')) && !shown.includes(flat(s).replace(/\s+/g, ' ')));
        const checked = CORPUS.filter((s) => s.length < 200).length;
        console.log(`    ${checked - missing.length} of ${checked} corpus strings under 200 characters found verbatim in the diagram text`);
        assert.deepEqual(missing.map((s) => JSON.stringify(s)), [], 'every name is shown as text');
        for (const sample of ['<script>alert(1)</script>', '<img src=x onerror=top.__xss++>', 'click n1 call top.__xss++()', '%%{init: {"securityLevel":"loose"}}%%']) {
          assert.ok(shown.includes(sample), `${sample} is shown literally`);
        }
        assert.equal(await page.evaluate(() => window.__xss), 0, 'nothing ran in the workbench');
        assert.deepEqual(dialogs, [], 'no dialog opened');
        assert.deepEqual(violations, [], 'no CSP report in the console');
      } finally {
        page.off('dialog', onDialog);
        page.off('console', onConsole);
        await page.goto(`${new URL(page.url()).origin}/?folder=${encodeURIComponent(workspace)}`);
        await waitForWorkbench(page);
        rmSync(folder, { recursive: true, force: true });
      }
    },
  },
];
