// The runbook request: the folder's failover game-day runbook, from the same facts the diagnostics
// come from (pending edits and scans are waited for first).
import * as path from 'node:path';
import type { Connection, Disposable } from 'vscode-languageserver';
import { buildRunbook } from '../engine/runbook';
import { RunbookRequest } from '../protocol';
import { type FolderRegistry, uriToPath } from './folders';
import type { Runner } from './runner';
import type { SettingsStore } from './settings';

export function registerRunbook(connection: Connection, deps: { registry: FolderRegistry; runner: Runner; settings: SettingsStore }): Disposable {
  return connection.onRequest(RunbookRequest.type, async (params) => {
    await deps.runner.whenIdle();
    const all = deps.registry.all();
    const root = params.folderUri ? uriToPath(params.folderUri) : undefined;
    const folder = params.folderUri ? all.find((f) => f.uri === params.folderUri || f.root === root) : (all.find((f) => f.scanned) ?? all[0]);
    if (!folder) return null;
    const config = folder.config(await deps.settings.get(folder.uri));
    const { model, findings } = folder.analyzer.run(config);
    const folderName = path.basename(folder.root);
    return { folderUri: folder.uri, folderName, markdown: buildRunbook(model, config, { name: folderName, findings }) };
  });
}
