// The live Route 53 check in the server: reads the account for each folder under the request's
// cancellation token, with work-done progress, keeps the snapshot on the folder and reruns the
// folder, so the live findings are published with the others (source `live`) and the diagram shows
// node states. Only the client's command sends this request; nothing here runs on its own.
import * as path from 'node:path';
import { type CancellationToken, type Connection, Disposable } from 'vscode-languageserver';
import { liveFindings, LiveCheckError, takeSnapshot } from '../live';
import { LiveCheckRequest, type LiveCheckParams, type LiveCheckResult, LiveClearRequest } from '../protocol';
import type { Folder } from './folder';
import { type FolderRegistry, uriToPath } from './folders';
import { type Log, logError } from './log';
import type { Runner } from './runner';
import type { SettingsStore } from './settings';

export interface LiveDeps {
  registry: FolderRegistry;
  runner: Runner;
  settings: SettingsStore;
  log: Log;
}

export function registerLiveCheck(connection: Connection, deps: LiveDeps): Disposable {
  const handlers = [
    connection.onRequest(LiveCheckRequest.type, (params, token) => checkFolders(connection, deps, params, token)),
    connection.onRequest(LiveClearRequest.type, async () => {
      for (const folder of deps.registry.all()) {
        if (!folder.liveSnapshot) continue;
        folder.liveSnapshot = undefined;
        deps.runner.schedule(folder, { trigger: 'live' });
      }
      await deps.runner.whenIdle();
    }),
  ];
  return Disposable.create(() => handlers.forEach((h) => h.dispose()));
}

async function checkFolders(connection: Connection, deps: LiveDeps, params: LiveCheckParams, token: CancellationToken): Promise<LiveCheckResult> {
  const folders = pick(deps.registry, params.folderUri);
  const abort = new AbortController();
  const sub = token.onCancellationRequested(() => abort.abort());
  const progress = params.workDoneToken ? connection.window.attachWorkDoneProgress(params.workDoneToken) : undefined;
  progress?.begin('Live Route 53', undefined, 'Connecting', true);
  try {
    // The model the check compares with is the one the user sees: wait for pending edits and scans.
    await deps.runner.whenIdle();
    const totals: Extract<LiveCheckResult, { ok: true }> = { ok: true, checkedAt: '', zones: [], records: 0, inSync: 0, drift: 0, missingLive: 0, unhealthy: 0, notComparable: 0, findings: 0 };
    const snapshots = new Map<Folder, Awaited<ReturnType<typeof takeSnapshot>>>();
    for (const folder of folders) {
      const config = folder.config(await deps.settings.get(folder.uri));
      const { model } = folder.analyzer.run(config, { rules: [] });
      const name = path.basename(folder.root);
      const snapshot = await takeSnapshot(model, {
        profile: params.profile || undefined,
        region: params.region || undefined,
        endpoint: params.endpoint || undefined,
        timeoutMs: params.timeoutMs,
        signal: abort.signal,
        onProgress: (m) => progress?.report(folders.length > 1 ? `${name}: ${m}` : m),
      });
      snapshots.set(folder, snapshot);
      const live = liveFindings(model, config, snapshot);
      totals.checkedAt = snapshot.fetchedAt;
      totals.zones.push(...snapshot.zones.map((z) => z.name));
      totals.records += snapshot.records.length;
      for (const state of live.states.values()) {
        if (state === 'in-sync') totals.inSync++;
        else if (state === 'drift') totals.drift++;
        else if (state === 'missing-live') totals.missingLive++;
        else totals.unhealthy++;
      }
      totals.notComparable += live.comparison.notComparable.length;
      totals.findings += live.findings.length;
    }
    // All folders read: only now do the results replace the previous ones, so a cancel changes nothing.
    for (const [folder, snapshot] of snapshots) {
      folder.liveSnapshot = snapshot;
      deps.runner.schedule(folder, { trigger: 'live' });
    }
    await deps.runner.whenIdle();
    totals.zones = [...new Set(totals.zones)].sort();
    return totals;
  } catch (err) {
    if (err instanceof LiveCheckError) return { ok: false, kind: err.kind, message: err.message };
    logError(deps.log, 'live Route 53 check', err);
    return { ok: false, kind: 'failed', message: 'The live Route 53 check failed unexpectedly; see the Multi-Region Review output channel.' };
  } finally {
    sub.dispose();
    progress?.done();
  }
}

function pick(registry: FolderRegistry, uri: string | undefined): Folder[] {
  const all = registry.all();
  if (!uri) return all;
  const root = uriToPath(uri);
  return all.filter((f) => f.uri === uri || f.root === root);
}
