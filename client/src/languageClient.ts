// Starts the bundled language server over node IPC and tells it which files to watch.
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

export const CLIENT_ID = 'multiRegionReview';
export const CLIENT_NAME = 'Multi-Region Review';

/** Files whose changes on disk the server follows (templates, CDK/SDK code and the config file). */
export const WATCHED_FILES = '**/*.{yaml,yml,json,template,ts,js,py}';

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    // Only real files: untitled buffers and other schemes have no place in a workspace model.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'javascript' },
      { scheme: 'file', language: 'python' },
      { scheme: 'file', pattern: '**/*.{template,cfn}' },
    ],
    // The config file matches `*.json`, so one watcher covers it.
    synchronize: { fileEvents: watcher },
    outputChannelName: CLIENT_NAME,
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
