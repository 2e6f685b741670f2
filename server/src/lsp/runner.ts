// Decides when a folder is analysed: coalesces run requests, drops stale runs, scans folders with
// progress, and keeps the summary that the status bar shows.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CancellationToken, type Connection, type Disposable, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { type AnalysisResult, fromOneFile } from '../engine/analyze';
import type { Finding } from '../engine/rule';
import { liveFindings } from '../live';
import { initPython } from '../engine/sources/python';
import { type RunTiming, type Summary, SummaryNotification } from '../protocol';
import type { DiagnosticsPublisher } from './diagnostics';
import type { Folder, FolderStats } from './folder';
import type { FolderRegistry } from './folders';
import { type Log, logError } from './log';
import { scanFolder, yieldToEventLoop } from './scan';
import type { SettingsStore } from './settings';

/** Why a folder is analysed again, with the timing measured before the run (for `lastRun`). */
export interface RunCause {
  trigger: RunTiming['trigger'];
  file?: string;
  updateMs?: number;
  /** `performance.now()` when the edit reached the server. */
  receivedAt?: number;
}

/** A workspace run slower than this (the last one) lets an edit's own findings go first. */
export const QUICK_ANSWER_ABOVE_MS = 50;
const IDLE_GC_MS = 2_000;

interface RunState {
  running: boolean;
  /** Something asked for a run while one was in progress. */
  again: boolean;
  /** Files edited while a run was in progress: their diagnostics are left to the next run. */
  edited: Set<string>;
  lastRunMs: number;
  /** The last workspace run's findings of cross-file rules, by file (for quick answers). */
  crossFile: Map<string, Finding[]>;
}

export class Runner implements Disposable {
  private readonly causes = new Map<Folder, RunCause>();
  private readonly states = new Map<Folder, RunState>();
  /** Every scan and run in flight, for `whenIdle`. */
  private readonly work = new InFlight();
  /** Quick answers scheduled and not yet sent; scans and runs wait for them between steps. */
  private readonly quickAnswers = new InFlight();
  private gcTimer?: NodeJS.Timeout;
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
   * before it starts merge into one run. An edit gets its file's own findings at once when the
   * workspace run would keep it waiting: during a scan, while a run is in progress, or when runs take
   * longer than QUICK_ANSWER_ABOVE_MS; the workspace run follows.
   */
  schedule(folder: Folder, cause: RunCause): void {
    const generation = ++folder.generation;
    this.causes.set(folder, cause);
    const st = this.stateOf(folder);
    const file = cause.trigger === 'edit' ? cause.file : undefined;
    if (file !== undefined && (folder.scanning || st.running || st.lastRunMs > QUICK_ANSWER_ABOVE_MS)) {
      if (st.running) st.edited.add(file);
      this.track('analysis', this.quickAnswers.add(yieldToEventLoop().then(() => this.runFile(folder, file, generation, cause))));
    }
    // A scan in progress ends with a run of its own; a run in progress is followed by another.
    if (folder.scanning) return;
    if (st.running) {
      st.again = true;
      return;
    }
    this.track('analysis', yieldToEventLoop().then(() => this.run(folder, generation)));
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
    return this.work.settled();
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

  /** `ran`: the run this summary reports (a quick answer may have finished while a run's diagnostics were written). */
  sendSummary(ran?: RunTiming): void {
    if (!this.disposed) void this.connection.sendNotification(SummaryNotification.type, { ...this.summary(), ...(ran ? { lastRun: ran } : {}) });
  }

  /** Forgets a folder that left the workspace: stops its work and clears its diagnostics. */
  forget(folder: Folder): void {
    this.states.delete(folder);
    folder.generation++;
    folder.scanToken++;
    folder.scanning = false;
    folder.stats = undefined;
    this.publisher.clear(folder);
    this.sendSummary();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.gcTimer);
    for (const folder of this.registry.all()) {
      folder.generation++;
      folder.scanToken++;
    }
  }

  /**
   * A run over a large workspace leaves hundreds of megabytes of garbage that V8 keeps until memory
   * gets tight. Once runs have stopped for IDLE_GC_MS, one full collection gives it back. Only when
   * the process was started with --expose-gc (the client does); the collection takes about 0.2 s
   * for a 5,000-file workspace.
   */
  private collectWhenIdle(): void {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (typeof gc !== 'function') return;
    clearTimeout(this.gcTimer);
    this.gcTimer = setTimeout(() => {
      if (this.work.size === 0 && !this.disposed) gc();
    }, IDLE_GC_MS);
    this.gcTimer.unref();
  }

  /** Between two slices of a workspace run: one event-loop turn, then the edits' quick answers first. */
  private async pauseForEdits(): Promise<void> {
    await yieldToEventLoop();
    await this.quickAnswers.settled();
  }

  private stateOf(folder: Folder): RunState {
    let st = this.states.get(folder);
    if (!st) this.states.set(folder, (st = { running: false, again: false, edited: new Set(), lastRunMs: 0, crossFile: new Map() }));
    return st;
  }

  /**
   * Runs every rule over the folder, in slices of about 10 ms (a small workspace's run is one slice),
   * so that edits meanwhile get their quick answers. Edits do not stop it (under
   * continuous typing it would never finish), it is followed by another run instead, and it leaves
   * the diagnostics of files edited meanwhile to that next run.
   */
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
    const st = this.stateOf(folder);
    const scanToken = folder.scanToken;
    // Stopped by a scan (it ends with its own run), the folder leaving, or the server stopping.
    const aborted = () => this.disposed || folder.scanning || scanToken !== folder.scanToken;
    st.running = true;
    st.again = false;
    st.edited.clear();
    try {
      const t0 = performance.now();
      const config = folder.config(settings);
      const result = await folder.analyzer.runInSlices(config, () => this.pauseForEdits(), { isCancelled: aborted });
      if (aborted()) return;
      // The live check's findings follow the code: compared again with the last snapshot on every run.
      if (folder.liveSnapshot) result.findings = [...result.findings, ...liveFindings(result.model, config, folder.liveSnapshot).findings];
      const t1 = performance.now();
      const written = this.publisher.publish(folder, result.findings, st.edited);
      const t2 = performance.now();
      st.lastRunMs = t1 - t0;
      st.crossFile = crossFileFindings(result.findings);
      folder.stats = statsOf(result, folder.configProblems.length);
      const ran = (this.lastRun = timing(cause, 'workspace', cause.file, t0, t1, t2));
      // The summary says the run's diagnostics are out: send it once they have been written.
      await written;
      this.sendSummary(ran);
      this.collectWhenIdle();
    } finally {
      st.running = false;
      if (st.again && !aborted()) {
        st.again = false;
        const next = folder.generation;
        this.track('analysis', yieldToEventLoop().then(() => this.run(folder, next)));
      }
    }
  }

  /**
   * An edited document's quick answer (see `Analyzer.runFile`): its file-scoped findings now, with
   * the cross-file findings that the last workspace run had for it, until the next one replaces them.
   * Only that file is published.
   */
  private async runFile(folder: Folder, file: string, generation: number, cause: RunCause): Promise<void> {
    const stale = () => this.disposed || generation !== folder.generation;
    if (stale()) return;
    const settings = await this.settings.get(folder.uri);
    if (stale() || !settings.enable) return;
    const t0 = performance.now();
    const { findings } = folder.analyzer.runFile(file, folder.config(settings));
    const t1 = performance.now();
    const written = this.publisher.publishFile(folder, file, [...findings, ...(this.stateOf(folder).crossFile.get(file) ?? [])]);
    const t2 = performance.now();
    const ran = (this.lastRun = timing(cause, 'file', file, t0, t1, t2));
    await written;
    this.sendSummary(ran);
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
        beforeNext: () => this.quickAnswers.settled(),
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
    return this.work.add(work.catch((err) => logError(this.log, what, err)));
  }
}

/** Counts promises in flight; `settled()` resolves once none is left. */
class InFlight {
  size = 0;
  private waiters: (() => void)[] = [];

  add<T>(work: Promise<T>): Promise<T> {
    this.size++;
    return work.finally(() => {
      if (--this.size > 0) return;
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    });
  }

  settled(): Promise<void> {
    return this.size === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
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

function crossFileFindings(findings: Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    if (fromOneFile(f.ruleId)) continue;
    const list = out.get(f.file);
    if (list) list.push(f);
    else out.set(f.file, [f]);
  }
  return out;
}

/** A run's timing for the summary: `t0` start, `t1` rules done, `t2` diagnostics handed to the publisher. */
function timing(cause: RunCause, scope: RunTiming['scope'], file: string | undefined, t0: number, t1: number, t2: number): RunTiming {
  return {
    trigger: cause.trigger,
    scope,
    file,
    updateMs: round(cause.updateMs ?? 0),
    runMs: round(t1 - t0),
    publishMs: round(t2 - t1),
    sinceEditMs: cause.receivedAt === undefined ? undefined : round(t2 - cause.receivedAt),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
