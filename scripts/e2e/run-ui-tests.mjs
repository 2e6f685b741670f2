#!/usr/bin/env node
// UI tier: installs the packaged multi-region-review.vsix (from `npm run package`) into a code-server with a
// fresh profile on 127.0.0.1 and drives the real workbench with playwright-core and /usr/bin/chromium.
// Screenshots go to $SHOTS (default .e2e/shots); the Problems-panel one is also copied to
// docs/images/problems-panel.png when that is missing or UPDATE_DOCS_IMAGE=1.
//   usage: npm run package && npm run test:ui     env: SHOTS, UI_FILES, UI_WORKSPACE, VSIX, CODE_SERVER, CHROMIUM, E2E_KEEP, UPDATE_DOCS_IMAGE=1
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findCodeServer, freePort, hostMissing, launchChromium, removeDir, ROOT, scratchDir, seconds, startCodeServer } from './lib.mjs';

const t0 = Date.now();
const vsix = resolve(ROOT, process.env.VSIX || 'multi-region-review.vsix');
const shots = resolve(ROOT, process.env.SHOTS || '.e2e/shots');
const missing = !findCodeServer() ? 'code-server is not installed (run scripts/e2e/ci-setup.sh, or set CODE_SERVER)' : hostMissing();
if (missing) {
  console.error(`test:ui: cannot run: ${missing}`);
  process.exit(1);
}
if (!existsSync(vsix)) {
  console.error(`test:ui: ${vsix} is missing; run \`npm run package\` first`);
  process.exit(1);
}
console.log(`test:ui: ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KB); screenshots in ${shots}`);
mkdirSync(shots, { recursive: true });

// UI_FILES=topology,live runs only the files whose names contain one of those words (for development).
const only = (process.env.UI_FILES || '').split(',').map((s) => s.trim()).filter(Boolean);
const files = readdirSync(join(ROOT, 'test/ui')).filter((f) => f.endsWith('.ui.mjs') && (!only.length || only.some((w) => f.includes(w)))).sort();
const tests = [];
for (const f of files) for (const t of (await import(pathToFileURL(join(ROOT, 'test/ui', f)).href)).default) tests.push({ ...t, file: f });

const dir = scratchDir('ui');
const workspace = join(dir, 'workspace');
cpSync(resolve(ROOT, process.env.UI_WORKSPACE || 'test/host/workspace'), workspace, { recursive: true });
let passed = 0;
let failed = 0;
const kept = {};
let cs;
let ctx;
try {
  // Fake static AWS credentials and empty shared files: the live-check test talks to a fake on
  // 127.0.0.1, and nothing in the UI host can reach a real account with the machine's credentials.
  writeFileSync(join(dir, 'aws-empty'), '');
  const awsEnv = { AWS_ACCESS_KEY_ID: 'AKIAUITESTFAKEKEY000', AWS_SECRET_ACCESS_KEY: 'ui-test-fake-secret', AWS_SESSION_TOKEN: '', AWS_PROFILE: '', AWS_CONFIG_FILE: join(dir, 'aws-empty'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-empty'), AWS_EC2_METADATA_DISABLED: 'true' };
  // The live-check test serves its fake Route 53 on this port (UI_LIVE_PORT); the user setting points there.
  process.env.UI_LIVE_PORT = String(await freePort());
  const settings = { 'multiRegionReview.live.endpoint': `http://127.0.0.1:${process.env.UI_LIVE_PORT}`, 'multiRegionReview.live.timeoutMs': 5000 };
  cs = await startCodeServer({ dir, vsix, env: awsEnv, settings });
  console.log(`test:ui: code-server up at ${cs.base} with the VSIX installed (${seconds(Date.now() - t0)})`);
  ctx = await launchChromium(join(dir, 'chromium'));
  const page = ctx.pages()[0] || (await ctx.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${cs.base}/?folder=${encodeURIComponent(workspace)}`);
  const { waitForWorkbench } = await import(pathToFileURL(join(ROOT, 'test/ui/workbench.mjs')).href);
  await waitForWorkbench(page);
  console.log(`test:ui: workbench ready (${seconds(Date.now() - t0)})`);
  const shot = async (name) => {
    const path = join(shots, `${name}.png`);
    await page.screenshot({ path });
    return path;
  };
  const keep = (key, path) => { kept[key] = path; };
  for (const [i, t] of tests.entries()) {
    const start = Date.now();
    try {
      await t.run({ page, shot, keep, workspace });
      passed++;
      console.log(`  ✔ ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✘ ${t.name} (${Date.now() - start} ms)\n    ${String(e.stack || e).split('\n').join('\n    ')}`);
      await shot(`99-failed-${String(i + 1).padStart(2, '0')}`).catch(() => {});
    }
  }
  if (failed && errors.length) console.log(`page errors:\n  ${errors.slice(0, 10).join('\n  ')}`);
} catch (e) {
  failed++;
  console.error(`test:ui: ${e.stack || e}`);
} finally {
  await ctx?.close().catch(() => {});
  await cs?.stop();
}

// The committed README image is refreshed when asked (UPDATE_DOCS_IMAGE=1) or when it is missing, so that
// ordinary test runs leave the work tree clean.
const docsImage = join(ROOT, 'docs/images/problems-panel.png');
if (kept['problems-panel'] && !failed && (process.env.UPDATE_DOCS_IMAGE === '1' || !existsSync(docsImage))) {
  mkdirSync(join(ROOT, 'docs/images'), { recursive: true });
  copyFileSync(kept['problems-panel'], docsImage);
  console.log('test:ui: docs/images/problems-panel.png updated');
}
console.log(`test:ui: ${passed} UI tests passed, ${failed} failed in ${seconds(Date.now() - t0)}; screenshots: ${shots}`);
console.log(`ui: ${passed} passed, ${failed} failed`);
if (failed) console.error(`test:ui: scratch folder kept: ${dir} (code-server log inside)`);
else removeDir(dir);
process.exit(failed || !passed ? 1 : 0);
