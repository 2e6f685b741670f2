// A minimal LSP client for protocol tests: spawns the bundled server (`--stdio` or `--node-ipc`), answers the
// requests a real editor answers (settings, progress, registrations) and records what the server
// sends. `waitFor` re-checks its condition after every message, so tests never sleep.
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, FileEvent, InitializeParams, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { RescanRequest, type Summary, SummaryNotification } from '../../server/src/protocol';
import { ROOT } from '../helpers';

export const SERVER = path.join(ROOT, 'dist', 'server.js');

export interface ProgressEvent {
  token: string | number;
  kind: string;
  percentage?: number;
  message?: string;
}

export class LspClient {
  /** Latest diagnostics per file-system path. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly summaries: Summary[] = [];
  readonly progress: ProgressEvent[] = [];
  readonly configurationRequests: { scopeUri?: string; section?: string }[] = [];
  readonly logs: { type: number; message: string }[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private exited = false;

  private constructor(
    readonly root: string,
    private readonly proc: ChildProcess,
    readonly connection: MessageConnection,
    /** What the client answers to `workspace/configuration` for the `multiRegionReview` section. */
    public settings: Record<string, unknown>,
  ) {}

  /** Starts the server on a workspace folder and completes the initialize handshake. */
  static async start(root: string, settings: Record<string, unknown> = {}, transport: 'stdio' | 'ipc' = 'stdio'): Promise<LspClient> {
    ensureBuilt();
    let proc: ChildProcess;
    let connection: MessageConnection;
    if (transport === 'ipc') {
      // How the VS Code client starts it (TransportKind.ipc).
      proc = fork(SERVER, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
      connection = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    } else {
      proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    }
    const client = new LspClient(root, proc, connection, settings);
    client.listen();
    connection.listen();
    await connection.sendRequest('initialize', client.initializeParams());
    await connection.sendNotification('initialized', {});
    return client;
  }

  uri(file: string): string {
    return pathToFileURL(path.join(this.root, file)).href;
  }

  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(path.join(this.root, file))?.diagnostics ?? [];
  }

  /** Resolves with the first truthy value of `check`, re-evaluated after every message from the server. */
  waitFor<T>(what: string, check: () => T | undefined | false | null, timeoutMs = 15_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        let value: T | undefined | false | null;
        try {
          value = check();
        } catch (err) {
          return finish(() => reject(err));
        }
        if (value) finish(() => resolve(value as T));
        else if (this.exited) finish(() => reject(new Error(`server exited while waiting for ${what}; logs:\n${this.logText()}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; logs:\n${this.logText()}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
        settle();
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** Waits for a summary sent after the given count of summaries, matching `check`. */
  nextSummary(after: number, check: (s: Summary) => boolean = () => true): Promise<Summary> {
    return this.waitFor('a summary', () => this.summaries.slice(after).find(check));
  }

  open(file: string, text: string, languageId = 'yaml'): void {
    this.versions.set(file, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(file), languageId, version: 1, text } });
  }

  /** Replaces the whole text. Returns the new version. */
  change(file: string, text: string): number {
    return this.sendChange(file, [{ text }]);
  }

  /** Replaces one range, as an editor does for a keystroke. Returns the new version. */
  edit(file: string, range: Range, text: string): number {
    return this.sendChange(file, [{ range, text }]);
  }

  close(file: string): void {
    this.versions.delete(file);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(file) } });
  }

  filesChanged(changes: { file: string; type: FileEvent['type'] }[]): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: this.uri(c.file), type: c.type })) });
  }

  /** Changes the answer to `workspace/configuration` and tells the server, as VS Code does. */
  changeSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { multiRegionReview: settings } });
  }

  rescan(): Promise<Summary> {
    return this.connection.sendRequest(RescanRequest.type);
  }

  errorLogs(): string[] {
    return this.logs.filter((l) => l.type === 1).map((l) => l.message);
  }

  /** Shuts the server down politely and returns its exit code. */
  async stop(): Promise<number | null> {
    const exit = new Promise<number | null>((resolve) => (this.exited ? resolve(this.proc.exitCode) : this.proc.once('exit', (code) => resolve(code))));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.proc.kill();
    }
    const code = await exit;
    this.connection.dispose();
    return code;
  }

  private sendChange(file: string, contentChanges: unknown[]): number {
    const version = (this.versions.get(file) ?? 0) + 1;
    this.versions.set(file, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(file), version }, contentChanges });
    return version;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      this.diagnostics.set(fileURLToPath(p.uri), p);
      this.notify();
    });
    c.onNotification(SummaryNotification.type, (s) => {
      this.summaries.push(s);
      this.notify();
    });
    c.onNotification('$/progress', (p: { token: string | number; value: Omit<ProgressEvent, 'token'> }) => {
      this.progress.push({ token: p.token, ...p.value });
      this.notify();
    });
    c.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p);
      this.notify();
    });
    c.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) => {
      this.configurationRequests.push(...p.items);
      return p.items.map((item) => (item.section === 'multiRegionReview' ? this.settings : null));
    });
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('client/unregisterCapability', () => null);
    this.proc.stderr!.on('data', (d: Buffer) => this.logs.push({ type: 1, message: `stderr: ${d.toString()}` }));
    this.proc.on('exit', () => {
      this.exited = true;
      this.notify();
    });
  }

  private initializeParams(): InitializeParams {
    return {
      processId: process.pid,
      rootUri: pathToFileURL(this.root).href,
      workspaceFolders: [{ uri: pathToFileURL(this.root).href, name: path.basename(this.root) }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false } },
        window: { workDoneProgress: true },
        textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
      },
    };
  }

  private logText(): string {
    return this.logs.map((l) => `  [${l.type}] ${l.message}`).join('\n');
  }
}

/** A fresh folder under the system temp directory (never beside the project's own files). */
export function tempWorkspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-lsp-')));
  for (const [file, text] of Object.entries(files)) writeFile(root, file, text);
  return root;
}

export function writeFile(root: string, file: string, text: string): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}

/** `npm test` builds first; a lone `npm run test:lsp` after a fresh clone builds here. */
function ensureBuilt(): void {
  if (fs.existsSync(SERVER)) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building dist/server.js failed');
}
