#!/usr/bin/env node
// In-host tier: mocha inside a real VS Code extension host, started through @vscode/test-electron's runTests.
// The "VS Code executable" is $VSCODE_EXECUTABLE when it names a desktop VS Code, and otherwise the
// code-server shim (code-server + headless chromium). The fixture workspace is copied to a scratch folder,
// because the tests change its settings.
//   usage: npm run test:host       env: VSCODE_EXECUTABLE, CODE_SERVER, CHROMIUM, MRR_HOST_GREP, E2E_KEEP, E2E_VERBOSE
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hostMissing, removeDir, ROOT, scratchDir, seconds } from './lib.mjs';

const t0 = Date.now();
const missing = hostMissing();
if (missing) {
  console.error(`test:host: cannot run: ${missing}`);
  process.exit(1);
}

const node = process.execPath;
execFileSync(node, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
if (!existsSync(join(ROOT, 'dist/client.js'))) {
  console.error('test:host: dist/client.js was not built (client/src/extension.ts missing?)');
  process.exit(1);
}
// A clean output folder, so that a renamed or deleted test never runs from a stale .js file.
rmSync(join(ROOT, 'out/host'), { recursive: true, force: true });
execFileSync(node, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'test/host/tsconfig.json')], { cwd: ROOT, stdio: 'inherit' });

const dir = scratchDir('hosttests');
const workspace = join(dir, 'workspace');
cpSync(join(ROOT, 'test/host/workspace'), workspace, { recursive: true });
const results = join(dir, 'results.json');
const desktop = process.env.VSCODE_EXECUTABLE;
const executable = desktop || join(ROOT, 'scripts/e2e/code-server-shim.mjs');
console.log(`test:host: running in ${desktop ? `desktop VS Code (${desktop})` : 'code-server through the shim'}`);

const { runTests } = await import('@vscode/test-electron');
let ok = false;
try {
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out/host/index'),
    launchArgs: [workspace, `--user-data-dir=${join(dir, 'user-data')}`, `--extensions-dir=${join(dir, 'extensions')}`, '--disable-extensions'],
    extensionTestsEnv: { MRR_HOST_RESULTS: results },
  });
  ok = true;
} catch (e) {
  console.error(`test:host: ${e.message}`);
}

let summary = { passed: 0, failed: 0 };
if (existsSync(results)) summary = JSON.parse(readFileSync(results, 'utf8'));
else console.error('test:host: the suite wrote no results (did the extension host start the tests?)');
for (const o of summary.outcomes ?? []) if (o.state === 'failed') console.error(`FAILED: ${o.title}\n${o.error}\n`);
const vscodeVersion = summary.vscode ? ` on VS Code ${summary.vscode}` : '';
console.log(`test:host: ${summary.passed} in-host tests passed, ${summary.failed} failed${vscodeVersion} in ${seconds(Date.now() - t0)}`);
console.log(`host: ${summary.passed} passed, ${summary.failed} failed`);
const success = ok && summary.failed === 0 && summary.passed > 0;
if (success) removeDir(dir);
else console.error(`test:host: scratch folder kept: ${dir}`);
process.exit(success ? 0 : 1);
