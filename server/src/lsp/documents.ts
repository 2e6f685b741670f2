// Live analysis while typing: each document is debounced on its own, and only the edited file is
// re-read before the rules run. Opening a document applies it at once; closing it falls back to disk.
import { performance } from 'node:perf_hooks';
import { Disposable, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE } from '../engine/config';
import type { FolderRegistry } from './folders';
import { guard, type Log } from './log';
import type { Runner } from './runner';
import { DEFAULT_SETTINGS, type SettingsStore } from './settings';

export interface DocumentDeps {
  registry: FolderRegistry;
  runner: Runner;
  settings: SettingsStore;
  log: Log;
}

export function registerDocuments(documents: TextDocuments<TextDocument>, deps: DocumentDeps): Disposable {
  const { registry, runner, settings, log } = deps;
  const timers = new Map<string, NodeJS.Timeout>();
  const justOpened = new Set<string>();

  const cancelTimer = (uri: string) => {
    clearTimeout(timers.get(uri));
    timers.delete(uri);
  };

  const apply = async (uri: string, receivedAt: number) => {
    timers.delete(uri);
    const loc = registry.locate(uri, true);
    if (!loc || !documents.get(uri)) return;
    const { folder, file } = loc;
    if (file === CONFIG_FILE && folder.scanned) return runner.configChanged(folder);
    const current = await settings.get(folder.uri);
    const config = folder.config(current);
    // Read the text only now: it may have moved on while the settings were fetched.
    const doc = documents.get(uri);
    if (!doc || !current.enable || folder.isExcluded(file, config)) return;
    const t0 = performance.now();
    if (folder.updateFile(file, doc.getText(), config, doc.version)) {
      runner.schedule(folder, { trigger: 'edit', file, updateMs: performance.now() - t0, receivedAt });
    }
  };

  const onChange = (uri: string) => {
    const loc = registry.locate(uri, true);
    if (!loc) return; // not a file: URI (untitled, git, ...): never analysed
    cancelTimer(uri);
    const delay = justOpened.delete(uri) ? 0 : (settings.peek(loc.folder.uri)?.debounceMs ?? DEFAULT_SETTINGS.debounceMs);
    const receivedAt = performance.now();
    timers.set(uri, setTimeout(guard(log, 'document analysis', () => apply(uri, receivedAt)), delay));
  };

  const onClose = async (uri: string) => {
    cancelTimer(uri);
    justOpened.delete(uri);
    const loc = registry.locate(uri);
    if (!loc) return;
    const { folder, file } = loc;
    folder.open.delete(file);
    if (file === CONFIG_FILE && folder.scanned) return runner.configChanged(folder);
    const config = folder.config(await settings.get(folder.uri));
    // The disk is the truth again; a loose file outside the workspace is simply forgotten.
    const text = folder.scanned && !folder.isExcluded(file, config) ? await folder.workspace.readFile(file) : undefined;
    if (folder.open.has(file)) return; // opened again meanwhile
    if (folder.updateFile(file, text, config)) runner.schedule(folder, { trigger: 'files', file });
  };

  const subscriptions = [
    documents.onDidOpen(
      guard(log, 'didOpen', (e) => {
        const loc = registry.locate(e.document.uri, true);
        if (!loc) return;
        loc.folder.open.set(loc.file, e.document.uri);
        justOpened.add(e.document.uri);
      }),
    ),
    // Fires after didOpen too, then without the debounce.
    documents.onDidChangeContent(guard(log, 'didChange', (e) => onChange(e.document.uri))),
    documents.onDidClose(guard(log, 'didClose', (e) => onClose(e.document.uri))),
  ];

  return Disposable.create(() => {
    for (const s of subscriptions) s.dispose();
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });
}
