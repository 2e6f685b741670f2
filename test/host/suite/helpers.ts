// Helpers for the in-host tests: the extension's API, the fixture workspace, and waits on events with a
// timeout (never fixed sleeps).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'multi-region-review.multi-region-review';
export const SOURCE = 'multi-region-review';
export const RULE = 'failover-without-health-check';

/** The status-bar summary, as the language server reports it (see server/src/protocol.ts). */
export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
  resources: number;
  regions: number;
  scanning: boolean;
}

/** What `activate` returns. Only the parts these tests use. */
export interface Api {
  ready: Promise<unknown>;
  summary(): Summary | undefined;
  onDidChangeSummary?: vscode.Event<Summary>;
}

let cached: Api | undefined;

export async function extensionApi(): Promise<Api> {
  if (cached) return cached;
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  assert.ok(api && typeof api.summary === 'function', 'activate() exports { summary(), ready }');
  await withTimeout(Promise.resolve(api.ready), 30_000, 'the language client to be ready');
  cached = api;
  return api;
}

export function fixture(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export function ruleId(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** This extension's diagnostics for one file. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** This extension's diagnostics over every file. */
export function allOurs(): [vscode.Uri, vscode.Diagnostic[]][] {
  return vscode.languages
    .getDiagnostics()
    .map(([uri, ds]) => [uri, ds.filter((d) => d.source === SOURCE)] as [vscode.Uri, vscode.Diagnostic[]])
    .filter(([, ds]) => ds.length > 0);
}

export function describeDiagnostics(ds: readonly vscode.Diagnostic[]): string {
  if (!ds.length) return '(none)';
  return ds.map((d) => `${ruleId(d)} ${vscode.DiagnosticSeverity[d.severity]} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).join('; ');
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with this extension's diagnostics for `uri` once `predicate` holds: checked now and again on every
 * `onDidChangeDiagnostics` event for that file.
 */
export function waitForDiagnostics(uri: vscode.Uri, predicate: (ds: vscode.Diagnostic[]) => boolean, what: string, ms = 20_000): Promise<vscode.Diagnostic[]> {
  const now = ours(uri);
  if (predicate(now)) return Promise.resolve(now);
  let sub: vscode.Disposable | undefined;
  const changed = new Promise<vscode.Diagnostic[]>((resolve) => {
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const ds = ours(uri);
      if (predicate(ds)) resolve(ds);
    });
  });
  return withTimeout(changed, ms, `${what} in ${vscode.workspace.asRelativePath(uri)}`)
    .catch((e: Error) => {
      throw new Error(`${e.message}; last seen: ${describeDiagnostics(ours(uri))}`);
    })
    .finally(() => sub?.dispose());
}

export const hasRule = (id: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => ruleId(d) === id);
export const lacksRule = (id: string) => (ds: vscode.Diagnostic[]) => !ds.some((d) => ruleId(d) === id);

/**
 * Resolves once `probe` returns a value other than undefined: checked now, on each `event` if given, and
 * otherwise every 50 ms, until `ms` passes.
 */
export function waitUntil<T>(probe: () => T | undefined, what: string | (() => string), ms = 20_000, event?: vscode.Event<unknown>): Promise<T> {
  const first = probe();
  if (first !== undefined) return Promise.resolve(first);
  let sub: vscode.Disposable | undefined;
  let poll: NodeJS.Timeout | undefined;
  const found = new Promise<T>((resolve) => {
    const check = () => {
      const v = probe();
      if (v !== undefined) resolve(v);
    };
    if (event) sub = event(check);
    poll = setInterval(check, 50);
  });
  return withTimeout(found, ms, typeof what === 'string' ? what : 'a condition')
    .catch((e: Error) => {
      throw typeof what === 'string' ? e : new Error(`${e.message}: ${what()}`);
    })
    .finally(() => {
      sub?.dispose();
      clearInterval(poll);
    });
}

/** The summary once no scan is running and `predicate` holds. */
export async function settledSummary(api: Api, predicate: (s: Summary) => boolean = () => true, what = 'the summary'): Promise<Summary> {
  return waitUntil(() => {
    const s = api.summary();
    return s && !s.scanning && predicate(s) ? s : undefined;
  }, () => `${what} (last: ${JSON.stringify(api.summary())})`, 20_000, api.onDidChangeSummary as vscode.Event<unknown> | undefined);
}
