// Reads every candidate file of a folder into its Analyzer, yielding to the event loop between files
// so that edits and other requests are served while a large workspace is scanned.
import type { Config } from '../engine/config';
import type { Folder } from './folder';

export interface ScanOptions {
  isCancelled(): boolean;
  /** False for files that a nested workspace folder analyses instead. */
  owns(file: string): boolean;
  onProgress(done: number, total: number): void;
  /** Awaited before each file: lets edits that arrived meanwhile be answered first. */
  beforeNext?(): Promise<void>;
}

/** Returns false when cancelled before the end; the facts read so far are kept. */
export async function scanFolder(folder: Folder, config: Config, options: ScanOptions): Promise<boolean> {
  const listed = await folder.workspace.listFiles();
  const files = listed.filter((f) => !folder.isExcluded(f, config) && options.owns(f)).sort();
  const seen = new Set<string>();
  for (let i = 0; i < files.length; i++) {
    if (options.isCancelled()) return false;
    const file = files[i];
    let text = await folder.workspace.readFile(file);
    if (options.isCancelled()) return false;
    // Opened in the editor while we read the disk: the editor's text wins.
    if (folder.open.has(file)) text = await folder.workspace.readFile(file);
    if (text !== undefined) seen.add(file);
    folder.updateFile(file, text, config, folder.workspace.versionOf(file));
    options.onProgress(i + 1, files.length);
    await yieldToEventLoop();
    await options.beforeNext?.();
  }
  for (const file of folder.knownFiles()) if (!seen.has(file)) folder.updateFile(file, undefined, config);
  return true;
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
