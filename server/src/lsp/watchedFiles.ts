// Follows files that change on disk (`workspace/didChangeWatchedFiles`): re-reads the changed files
// that are not open in the editor, forgets deleted ones, and reloads the config file when it changes.
import { type Connection, type Disposable, FileChangeType, type FileEvent } from 'vscode-languageserver';
import { CONFIG_FILE } from '../engine/config';
import type { Folder } from './folder';
import type { FolderRegistry } from './folders';
import { guard, type Log } from './log';
import type { Runner } from './runner';
import type { SettingsStore } from './settings';

export interface WatchedFilesDeps {
  registry: FolderRegistry;
  runner: Runner;
  settings: SettingsStore;
  log: Log;
}

export function registerWatchedFiles(connection: Connection, deps: WatchedFilesDeps): Disposable {
  const handler = guard(deps.log, 'didChangeWatchedFiles', async (changes: FileEvent[]) => {
    const touched = new Set<Folder>();
    const configs = new Set<Folder>();
    for (const change of changes) {
      const loc = deps.registry.locate(change.uri);
      if (!loc?.folder.scanned) continue;
      if (loc.file === CONFIG_FILE) configs.add(loc.folder);
      else if (await applyChange(loc.folder, loc.file, change.type, deps.settings)) touched.add(loc.folder);
    }
    for (const folder of configs) void deps.runner.configChanged(folder);
    for (const folder of touched) if (!configs.has(folder)) deps.runner.schedule(folder, { trigger: 'files' });
  });
  return connection.onDidChangeWatchedFiles((params) => handler(params.changes));
}

/** Returns true when the folder's facts changed. */
async function applyChange(folder: Folder, file: string, type: FileChangeType, settings: SettingsStore): Promise<boolean> {
  // The editor's text wins over the disk while the document is open.
  if (folder.open.has(file)) return false;
  const config = folder.config(await settings.get(folder.uri));
  // A deleted folder arrives as one event for the folder itself.
  if (type === FileChangeType.Deleted) return folder.removeUnder(file, config);
  if (folder.isExcluded(file, config)) return false;
  const text = await folder.workspace.readFile(file);
  if (folder.open.has(file)) return false;
  return folder.updateFile(file, text, config);
}
