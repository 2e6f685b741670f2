#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
// It takes the desktop CLI that runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir=, a workspace folder, and flags such as --no-sandbox that it ignores)
// and maps it onto code-server (VS Code 1.100 server + Node extension host) plus headless chromium driving
// the web workbench with the test `payload` URL. Its exit code is the extension host's: 0 = all tests passed.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { removeDir, scratchDir, startCodeServer } from './lib.mjs';
import { runInBrowser } from './run-in-browser.mjs';

const argv = process.argv.slice(2);
const values = (name) => {
  const out = [];
  argv.forEach((a, i) => {
    if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
    else if (a === `--${name}` && argv[i + 1] && !argv[i + 1].startsWith('--')) out.push(argv[i + 1]);
  });
  return out;
};
const devPaths = values('extensionDevelopmentPath');
const [testsPath] = values('extensionTestsPath');
const optionValues = new Set(['user-data-dir', 'extensions-dir', 'extensionDevelopmentPath', 'extensionTestsPath'].flatMap(values));
const positional = argv.filter((a) => !a.startsWith('--') && !optionValues.has(a));
if (!testsPath || !devPaths.length) {
  console.error('code-server-shim: needs --extensionTestsPath= and --extensionDevelopmentPath=');
  process.exit(2);
}
const workspace = positional.map((p) => resolve(p)).find((p) => existsSync(p) && statSync(p).isDirectory());
if (!workspace) {
  console.error(`code-server-shim: pass a workspace folder (got ${JSON.stringify(positional)})`);
  process.exit(2);
}

const dir = scratchDir('host');
let cs;
let code = 1;
const stop = async () => { await cs?.stop(); };
process.on('SIGINT', () => stop().then(() => process.exit(130)));
process.on('SIGTERM', () => stop().then(() => process.exit(143)));
try {
  cs = await startCodeServer({ dir, userDataDir: values('user-data-dir')[0], extensionsDir: values('extensions-dir')[0] });
  const result = await runInBrowser({ base: cs.base, devPaths, testsPath, workspace });
  code = result === 0 ? 0 : typeof result === 'number' ? result : 1;
} catch (e) {
  console.error('code-server-shim:', e.message);
} finally {
  await stop();
  if (code !== 0) console.error(`code-server-shim: kept the run folder for inspection: ${dir} (code-server log: ${join(dir, 'code-server.log')})`);
  else removeDir(dir);
}
process.exit(code);
