// Decides when a folder is analysed: coalesces run requests, drops stale runs, scans folders with
// progress, and keeps the summary that the status bar shows.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CancellationToken, type Connection, type Disposable, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import type { AnalysisResult } from '../engine/analyze';
import { liveFindings } from '../live';
import { initPython } from '../engine/sources/python';
import { type RunTiming, type Summary, SummaryNotification } from '../protocol';
import type { DiagnosticsPublisher } from './diagnostics';
import type { Folder, FolderStats } from './folder';
import type { FolderRegistry } from './folders';
import { type Log, logError } from './log';
import { scanFolder } from './scan';
import type { SettingsStore } from './settings';

/** Why a folder is analysed again, with the timing measured before the run (for `lastRun`). */
export interface RunCause {
  trigger: RunTiming['trigger'];
  file?: string;
  updateMs?: number;
  /** `performance.now()` when the edit reached the server. */
  receivedAt?: number;
}

export class Runner implements Disposable {
  private readonly causes = new Map<Folder, RunCause>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private lastRun?: RunTiming;
  private disposed = false;

  constructor(
    private readonly connection: Connection,
    private readonly registry: FolderRegistry,
    private readonly settings: SettingsStore,
    private readonly publisher: DiagnosticsPublisher,
    private readonly log: Log,
  ) {}

  /**
   * Asks for the folder's rules to run once the current event-loop turn is over. Requests made
   * before it starts merge into one run; a run that a newer request overtakes is dropped.
   */
  schedule(folder: Folder, cause: RunCause): void {
    const generation = ++folder.generation;
    this.causes.set(folder, cause);
    if (folder.scanning) {
      // The scan ends with a run of the whole workspace. Until then cross-file rules would see half
      // of it, so an edited document gets at once the findings that follow from it alone.
      const file = cause.file;
      if (cause.trigger === 'edit' && file !== undefined) this.track('analysis', new Promise((resolve) => setImmediate(resolve)).then(() => this.runFile(folder, file, generation, cause)));
      return;
    }
    this.track('analysis', new Promise((resolve) => setImmediate(resolve)).then(() => this.run(folder, generation)));
  }

  /** Reads the folders again from disk (open documents win), with progress, then runs the rules. */
  rescan(folders: Folder[], token?: CancellationToken): Promise<void> {
    return this.track('scan', this.scanWithProgress(folders.filter((f) => f.scanned), token));
  }

  /** `multi-region-review.json` changed: rescan when ignores or size limits moved, else just rerun. */
  configChanged(folder: Folder): Promise<void> {
    const work = async () => {
      const { changed, affectsFiles } = await folder.reloadConfig();
      if (affectsFiles) await this.rescan([folder]);
      else if (changed) this.schedule(folder, { trigger: 'config' });
    };
    return this.track('config', work());
  }

  /** Editor settings changed: ignores and size limits may have moved, so rescan. */
  settingsChanged(): void {
    void this.rescan(this.registry.all());
    for (const folder of this.registry.all()) if (!folder.scanned) this.schedule(folder, { trigger: 'config' });
  }

  /** Resolves once no scan or run is queued or running. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Totals over every folder. */
  summary(): Summary {
    const s: Summary = { errors: 0, warnings: 0, infos: 0, files: 0, resources: 0, regions: 0, scanning: false, lastRun: this.lastRun };
    const regions = new Set<string>();
    for (const folder of this.registry.all()) {
      s.scanning ||= folder.scanning;
      const st = folder.stats;
      if (!st) continue;
      s.errors += st.errors;
      s.warnings += st.warnings;
      s.infos += st.infos;
      s.files += st.files;
      s.resources += st.resources;
      for (const r of st.regions) regions.add(r);
    }
    s.regions = regions.size;
    return s;
  }

  sendSummary(): void {
    if (!this.disposed) void this.connection.sendNotification(SummaryNotification.type, this.summary());
  }

  /** Forgets a folder that left the workspace: stops its work and clears its diagnostics. */
  forget(folder: Folder): void {
    folder.generation++;
    folder.scanToken++;
    folder.scanning = false;
    folder.stats = undefined;
    this.publisher.clear(folder);
    this.sendSummary();
  }

  dispose(): void {
    this.disposed = true;
    for (const folder of this.registry.all()) {
      folder.generation++;
      folder.scanToken++;
    }
  }

  private async run(folder: Folder, generation: number): Promise<void> {
    const stale = () => this.disposed || generation !== folder.generation || folder.scanning;
    if (stale()) return;
    const settings = await this.settings.get(folder.uri);
    if (stale()) return;
    const cause = this.causes.get(folder) ?? { trigger: 'files' };
    this.causes.delete(folder);
    if (!settings.enable) {
      this.publisher.clear(folder);
      folder.stats = undefined;
      return this.sendSummary();
    }
    const t0 = performance.now();
    // The rules run synchronously; the check between rules still stops a run whose folder was removed.
    const config = folder.config(settings);
    const result = folder.analyzer.run(config, { isCancelled: stale });
    if (stale()) return;
    // The live check's findings follow the code: compared again with the last snapshot on every run.
    if (folder.liveSnapshot) result.findings = [...result.findings, ...liveFindings(result.model, config, folder.liveSnapshot).findings];
    const t1 = performance.now();
    this.publisher.publish(folder, result.findings);
    const t2 = performance.now();
    folder.stats = statsOf(result, folder.configProblems.length);
    this.lastRun = {
      trigger: cause.trigger,
      scope: 'workspace',
      file: cause.file,
      updateMs: round(cause.updateMs ?? 0),
      runMs: round(t1 - t0),
      publishMs: round(t2 - t1),
      sinceEditMs: cause.receivedAt === undefined ? undefined : round(t2 - cause.receivedAt),
    };
    this.sendSummary();
  }

  /** One document's file-scoped findings during a scan (see `Analyzer.runFile`); only that file is published. */
  private async runFile(folder: Folder, file: string, generation: number, cause: RunCause): Promise<void> {
    const stale = () => this.disposed || generation !== folder.generation || !folder.scanning;
    if (stale()) return;
    const settings = await this.settings.get(folder.uri);
    if (stale() || !settings.enable) return;
    const t0 = performance.now();
    const { findings } = folder.analyzer.runFile(file, folder.config(settings));
    const t1 = performance.now();
    this.publisher.publishFile(folder, file, findings);
    const t2 = performance.now();
    this.lastRun = {
      trigger: cause.trigger,
      scope: 'file',
      file,
      updateMs: round(cause.updateMs ?? 0),
      runMs: round(t1 - t0),
      publishMs: round(t2 - t1),
      sinceEditMs: cause.receivedAt === undefined ? undefined : round(t2 - cause.receivedAt),
    };
    this.sendSummary();
  }

  private async scanWithProgress(folders: Folder[], token?: CancellationToken): Promise<void> {
    // With nothing to scan, still say so: the client waits for a summary that is not scanning.
    if (folders.length === 0) return this.sendSummary();
    const tokens = new Map(folders.map((f) => [f, ++f.scanToken] as const));
    for (const f of folders) f.scanning = true;
    this.sendSummary();
    // Before any file is read: the Python parser loads asynchronously (about 30 ms, once).
    await initPython().catch((err) => logError(this.log, 'Python parser', err));
    // A client that cannot show progress gets a silent reporter; a failed request must not stop the scan.
    const progress = await this.connection.window.createWorkDoneProgress().catch((err) => {
      logError(this.log, 'progress', err);
      return SILENT_PROGRESS;
    });
    progress.begin('Multi-Region Review', 0, 'Scanning the workspace', true);
    try {
      const userCancelled = () => !!token?.isCancellationRequested || progress.token.isCancellationRequested;
      for (const folder of folders) await this.scanOne(folder, tokens.get(folder)!, progress, userCancelled);
    } finally {
      progress.done();
    }
  }

  private async scanOne(folder: Folder, token: number, progress: WorkDoneProgressServerReporter, userCancelled: () => boolean): Promise<void> {
    const stale = () => this.disposed || token !== folder.scanToken;
    try {
      const settings = await this.settings.get(folder.uri);
      if (stale() || !settings.enable) return;
      await folder.reloadConfig();
      const config = folder.config(settings);
      let shown = -1;
      const name = path.basename(folder.root);
      await scanFolder(folder, config, {
        isCancelled: () => stale() || userCancelled(),
        owns: (file) => this.registry.owns(folder, file),
        onProgress: (done, total) => {
          const pct = Math.floor((done * 100) / total);
          if (pct !== shown) progress.report((shown = pct), `${name}: ${done}/${total} files`);
        },
      });
    } finally {
      if (!stale()) {
        folder.scanning = false;
        this.schedule(folder, { trigger: 'scan' });
      }
    }
  }

  /** Counts work in flight for `whenIdle`, and logs failures instead of letting them escape. */
  private track(what: string, work: Promise<void>): Promise<void> {
    this.pending++;
    return work
      .catch((err) => logError(this.log, what, err))
      .finally(() => {
        if (--this.pending > 0) return;
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      });
  }
}

const SILENT_PROGRESS: WorkDoneProgressServerReporter = { token: CancellationToken.None, begin() {}, report() {}, done() {} };

function statsOf(result: AnalysisResult, configProblems: number): FolderStats {
  const s: FolderStats = { errors: 0, warnings: configProblems, infos: 0, files: result.model.files.size, resources: result.model.resources.length, regions: result.model.regions };
  for (const f of result.findings) {
    if (f.severity === 'error') s.errors++;
    else if (f.severity === 'warning') s.warnings++;
    else s.infos++;
  }
  return s;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
