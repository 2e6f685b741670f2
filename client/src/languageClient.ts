// Starts the bundled language server over node IPC and tells it which files to watch. If the server
// process dies, the client starts it again within the bound of RestartPolicy (restartPolicy.ts) and says so
// in the output channel; past the bound it warns once and offers the Restart Server command.
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandler,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { RESTART_COMMAND_TITLE, RestartPolicy, type ServerExit } from './restartPolicy';

export const CLIENT_ID = 'multiRegionReview';
export const CLIENT_NAME = 'Multi-Region Review';
export const RESTART_SERVER_COMMAND = 'multiRegionReview.restartServer';

/** How long `closed()` waits for the dead process's exit event, to name its exit code. */
const EXIT_WAIT_MS = 1000;

const policies = new WeakMap<LanguageClient, RestartPolicy>();

/** The running server's process id; undefined while it is stopped or starting. */
export function serverPid(client: LanguageClient): number | undefined {
  return client.state === State.Running ? client.serverProcess?.pid : undefined;
}

/** Starts the server again by hand, forgetting past crashes (the Restart Server command). */
export async function restartServer(client: LanguageClient): Promise<void> {
  policies.get(client)?.reset();
  if (client.state === State.Running) await client.restart();
  else if (client.state === State.Stopped) await client.start();
}

export function registerRestartCommand(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand(RESTART_SERVER_COMMAND, () => restartServer(client));
}

/** Connection errors as the library's default handler treats them; crashes under RestartPolicy. */
class CrashHandler implements ErrorHandler {
  private watched: { proc: ChildProcess; exit: Promise<ServerExit> } | undefined;

  constructor(
    private readonly policy: RestartPolicy,
    private readonly client: () => LanguageClient | undefined,
  ) {}

  /** Called on each start: remembers the new process and how it ends. */
  watch(proc: ChildProcess | undefined): void {
    if (!proc || this.watched?.proc === proc) return;
    const exit = new Promise<ServerExit>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve({ code: proc.exitCode, signal: proc.signalCode });
      else proc.once('exit', (code, signal) => resolve({ code, signal }));
    });
    this.watched = { proc, exit };
  }

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  async closed(): Promise<CloseHandlerResult> {
    const w = this.watched;
    this.watched = undefined;
    let timer: NodeJS.Timeout | undefined;
    const unknown = new Promise<ServerExit>((resolve) => {
      timer = setTimeout(() => resolve({ code: null, signal: null }), EXIT_WAIT_MS);
    });
    const exit = w ? await Promise.race([w.exit, unknown]) : { code: null, signal: null };
    clearTimeout(timer);
    const decision = this.policy.onCrash(exit);
    if (!decision.restart) {
      void vscode.window.showWarningMessage(decision.message, 'Restart Server').then((pick) => {
        const c = this.client();
        if (pick && c) void restartServer(c);
      });
    }
    // `handled`: the client writes the message to its output channel without a notification of its own.
    return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, message: decision.message, handled: true };
  }
}

/** Files whose changes on disk the server follows (templates, CDK/SDK code and the config file). */
export const WATCHED_FILES = '**/*.{yaml,yml,json,template,ts,js,py}';

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // --expose-gc: the server gives memory back with one collection once it is idle after a run.
    run: { module, transport: TransportKind.ipc, options: { execArgv: ['--expose-gc'] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019', '--expose-gc'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  context.subscriptions.push(watcher);
  const policy = new RestartPolicy();
  let client: LanguageClient | undefined;
  const handler = new CrashHandler(policy, () => client);
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
    errorHandler: handler,
  };
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  policies.set(client, policy);
  const c = client;
  context.subscriptions.push(
    c.onDidChangeState((e) => {
      if (e.newState === State.Running) handler.watch(c.serverProcess);
    }),
  );
  return client;
}
