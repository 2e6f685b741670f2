// Runs an extension test suite INSIDE code-server's real (remote, Node) extension host, the way VS Code's own
// browser integration tests do: the web workbench takes extensionDevelopmentPath / extensionTestsPath from the
// `payload` query parameter (vscode-remote:// URIs), runs the suite in the extension host and, when the host
// exits, calls window.codeAutomationExit(code). We expose that function (and codeAutomationLog, which carries
// the extension host's console, i.e. the mocha reporter) through Playwright.
//   usage: node scripts/e2e/run-in-browser.mjs <base-url> <extensionDevelopmentPath> <extensionTestsPath> <workspace>
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { launchChromium, removeDir, scratchDir, seconds } from './lib.mjs';

const NOISE = /connection token|Creating a socket|Service ?Worker|ChatSession|builtin extensions|took \d+ms|open-vsx|marketplace|\[perf\]|Ignoring the error while validating workspace folder|Settings Sync|extensionEnablementService/i;

/** Resolves with the extension host's exit code (0 = every test passed), or 'timeout'. */
export async function runInBrowser({ base, devPaths, testsPath, workspace, timeoutMs = +(process.env.HOST_TEST_TIMEOUT_MS || 240000), verbose = !!process.env.E2E_VERBOSE }) {
  const host = new URL(base).host;
  const remote = (p) => `vscode-remote://${host}${resolve(p)}`;
  const payload = [
    ...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `${base}/?folder=${encodeURIComponent(resolve(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const profile = scratchDir('chromium');
  const ctx = await launchChromium(profile);
  const t0 = Date.now();
  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    let finish;
    const exited = new Promise((r) => { finish = r; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(args || []).map((a) => (typeof a === 'string' ? a.replace(/^%c\s*\S+\s*color: #\w+\s*/, '') : a)));
      if (verbose || !NOISE.test(text)) console.log(verbose ? `[${type}] ${text}` : text.replace(/\s+$/, ''));
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    page.on('pageerror', (e) => verbose && console.log('[pageerror]', e.message));
    page.on('crash', () => finish('page crashed'));
    if (verbose) console.log('opening', url);
    await page.goto(url);
    let timer;
    const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); })]);
    clearTimeout(timer);
    console.log(`extension host exited with ${code} after ${seconds(Date.now() - t0)}`);
    return code;
  } finally {
    await ctx.close().catch(() => {});
    removeDir(profile);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [base, devPath, testsPath, workspace] = process.argv.slice(2);
  if (!base || !devPath || !testsPath || !workspace) {
    console.error('usage: run-in-browser.mjs <base-url> <extensionDevelopmentPath> <extensionTestsPath> <workspace>');
    process.exit(2);
  }
  const code = await runInBrowser({ base, devPaths: [devPath], testsPath: join(testsPath), workspace });
  process.exit(code === 0 ? 0 : 1);
}
