// Shared pieces of the VS Code host tiers: finding code-server, starting it isolated on 127.0.0.1,
// launching Debian's chromium through playwright-core, and waiting on conditions (never fixed sleeps).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The code-server launcher: $CODE_SERVER, or the copy that install-code-server.sh puts in .e2e/. */
export function findCodeServer() {
  const candidates = [process.env.CODE_SERVER, join(process.env.CS_PREFIX || join(ROOT, '.e2e/code-server'), 'node_modules/.bin/code-server')];
  return candidates.find((c) => c && existsSync(c));
}

/** Why the host tiers cannot run here, or undefined when they can. */
export function hostMissing() {
  if (!process.env.VSCODE_EXECUTABLE && !findCodeServer()) return 'code-server is not installed (run scripts/e2e/ci-setup.sh, or set CODE_SERVER)';
  if (!existsSync(CHROMIUM) && !process.env.VSCODE_EXECUTABLE) return `no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;
  return undefined;
}

/** A scratch folder for one run. Kept short: VS Code puts unix sockets (108-byte path limit) under TMPDIR. */
export function scratchDir(prefix) {
  const base = process.env.E2E_TMP || tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `mrr-${prefix}-`));
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

/** Polls `probe` (sync or async, truthy = done) until it succeeds or `timeoutMs` passes. */
export async function waitUntil(probe, { timeoutMs = 30000, everyMs = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try { const v = await probe(); if (v) return v; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
};

/**
 * Starts code-server with a fresh profile under `dir` (user data, extensions, XDG dirs, TMPDIR), optionally
 * installing a VSIX first. Resolves once /healthz answers. `stop()` ends the whole process group.
 */
export async function startCodeServer({ dir, vsix, userDataDir, extensionsDir, settings = {}, env = {}, log = join(dir, 'code-server.log') }) {
  const bin = findCodeServer();
  if (!bin) throw new Error('code-server not found; run scripts/e2e/install-code-server.sh');
  userDataDir ||= join(dir, 'user-data');
  extensionsDir ||= join(dir, 'extensions');
  const xdg = join(dir, 'xdg');
  const tmp = join(dir, 'tmp');
  for (const d of [join(userDataDir, 'User'), extensionsDir, xdg, tmp]) mkdirSync(d, { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const childEnv = { ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, TMPDIR: tmp, ...env };
  const profile = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (vsix) {
    const r = spawnSync(bin, [...profile, '--install-extension', vsix, '--force'], { env: childEnv, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  }
  const port = await freePort();
  const out = openSync(log, 'a');
  const child = spawn(bin, [...profile, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--disable-file-downloads', '--disable-proxy', '--ignore-last-opened', '--log', 'info'],
  { detached: true, stdio: ['ignore', out, out], env: childEnv });
  let exited = null;
  const gone = new Promise((r) => child.on('exit', (code, signal) => { exited = code ?? signal; r(); }));
  /** Ends code-server's whole process group and resolves once it has exited (SIGKILL after 5 s). */
  const stop = async () => {
    const kill = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
    kill('SIGTERM');
    let timer;
    await Promise.race([gone, new Promise((r) => { timer = setTimeout(r, 5000); })]);
    clearTimeout(timer);
    kill('SIGKILL');
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(async () => {
      if (exited !== null) throw new Error(`code-server exited (${exited}); see ${log}`);
      return (await fetch(`${base}/healthz`)).ok;
    }, { timeoutMs: 60000, what: 'code-server /healthz' });
  } catch (e) { await stop(); throw e; }
  return { base, port, pid: child.pid, stop, log, userDataDir, extensionsDir };
}

/** Headless chromium with a throwaway profile (launchPersistentContext, never --user-data-dir in args). */
export async function launchChromium(profileDir, options = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1600, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    ...options,
  });
}

export function removeDir(dir) {
  if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}
