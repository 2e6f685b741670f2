// Wires the language server's features onto a connection. Each feature is a Disposable; shutdown
// disposes them all, so no timer or scan outlives the session.
import { type Connection, Disposable, type InitializeParams, type InitializeResult, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RescanRequest } from '../protocol';
import { CODE_ACTION_PROVIDER, registerCodeActions } from './codeActions';
import { registerDocuments } from './documents';
import { FolderRegistry } from './folders';
import { guard, type Log, logError } from './log';
import { registerLiveCheck } from './live';
import { Runner } from './runner';
import { registerRunbook } from './runbook';
import { SettingsStore } from './settings';
import { TopologyAwarePublisher, TopologyFeature } from './topology';
import { registerWatchedFiles } from './watchedFiles';

export const SERVER_NAME = 'multi-region-review';

export function startServer(connection: Connection): void {
  const log: Log = connection.console;
  const documents = new TextDocuments(TextDocument);
  let params: InitializeParams | undefined;
  let features: Disposable[] = [];

  connection.onInitialize((p): InitializeResult => {
    params = p;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        codeActionProvider: CODE_ACTION_PROVIDER,
      },
      serverInfo: { name: SERVER_NAME },
    };
  });
  connection.onInitialized(
    guard(log, 'initialized', () => {
      features = wireFeatures(connection, documents, params!, log);
    }),
  );
  connection.onShutdown(() => {
    for (const f of features.reverse()) f.dispose();
    features = [];
  });
  documents.listen(connection);
  // Never crash: a bug in one handler is logged and the server keeps serving the others.
  process.on('uncaughtException', (err) => logError(log, 'uncaught exception', err));
  process.on('unhandledRejection', (err) => logError(log, 'unhandled rejection', err));
}

function wireFeatures(connection: Connection, documents: TextDocuments<TextDocument>, params: InitializeParams, log: Log): Disposable[] {
  const caps = params.capabilities;
  const settings = new SettingsStore(connection, !!caps.workspace?.configuration);
  if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) SettingsStore.register(connection);
  const registry = new FolderRegistry(documents);
  const topology = new TopologyFeature(connection, { registry, settings, log });
  const publisher = new TopologyAwarePublisher(connection, topology);
  const runner = new Runner(connection, registry, settings, publisher, log);
  const initial = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
  for (const f of initial) registry.add(f.uri);

  const features: Disposable[] = [
    settings,
    runner,
    topology,
    registerDocuments(documents, { registry, runner, settings, log }),
    registerWatchedFiles(connection, { registry, runner, settings, log }),
    registerCodeActions(connection, documents, registry, log),
    registerLiveCheck(connection, { registry, runner, settings, log }),
    registerRunbook(connection, { registry, runner, settings }),
    settings.onDidChange(guard(log, 'settings change', () => runner.settingsChanged())),
    connection.onRequest(RescanRequest.type, async (token) => {
      await runner.rescan(registry.all(), token);
      await runner.whenIdle();
      return runner.summary();
    }),
  ];
  if (caps.workspace?.workspaceFolders) features.push(registerFolderChanges(connection, registry, runner, log));
  void runner.rescan(registry.all());
  return features;
}

/** Workspace folders added or removed: nested folders may change owners, so every folder is rescanned. */
function registerFolderChanges(connection: Connection, registry: FolderRegistry, runner: Runner, log: Log): Disposable {
  return connection.workspace.onDidChangeWorkspaceFolders(
    guard(log, 'workspace folders', (e) => {
      for (const f of e.removed) {
        const folder = registry.remove(f.uri);
        if (folder) runner.forget(folder);
      }
      for (const f of e.added) registry.add(f.uri);
      return runner.rescan(registry.all());
    }),
  );
}
