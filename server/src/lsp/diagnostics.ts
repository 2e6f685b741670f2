// The one place that turns engine findings into LSP diagnostics, and publishes only the files whose
// diagnostics changed. Findings may point at files other than the one edited (cross-file rules), so
// every run compares the whole folder's diagnostics with what was last sent.
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { CONFIG_FILE } from '../engine/config';
import { zeroRange } from '../engine/model';
import { PARSE_ERROR } from '../engine/analyze';
import { docsUrl, type Finding, type Severity } from '../engine/rule';
import { allRules } from '../engine/rules';
import { isLiveId } from '../live/types';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from '../protocol';
import type { Folder } from './folder';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Ids with a docs page: every rule, plus the engine's own parse and config problems. */
const DOCUMENTED = new Set([...allRules.map((r) => r.id), PARSE_ERROR, 'invalid-config']);

/** Code of the diagnostics that report a malformed `multi-region-review.json`. */
export const CONFIG_PROBLEM = 'invalid-config';

export function toDiagnostic(f: Finding, uriOf: (file: string) => string): Diagnostic {
  const data: DiagnosticData = { ...f.data, ruleId: f.ruleId, ...(f.resourceId ? { resourceId: f.resourceId } : {}) };
  const d: Diagnostic = { range: f.range, severity: SEVERITY[f.severity], code: f.ruleId, source: f.source ?? DIAGNOSTIC_SOURCE, message: f.message, data };
  if (DOCUMENTED.has(f.ruleId) || isLiveId(f.ruleId)) d.codeDescription = { href: docsUrl(f.ruleId) };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: uriOf(r.file), range: r.range }, message: r.message }));
  return d;
}

/** One file's diagnostics waiting to be written, and who waits for them. */
interface Outgoing {
  uri: string;
  version: number | undefined;
  diagnostics: Diagnostic[];
  done: (() => void)[];
}

export class DiagnosticsPublisher {
  /** Per folder: file -> the serialized diagnostics last published for it. */
  private readonly sent = new Map<Folder, Map<string, string>>();
  /**
   * Written one message at a time, newest list per document: a run that changes thousands of files
   * must not make an edited document's answer wait behind all of them (the connection writes in
   * order, about one message per event-loop turn when the client is busy reading).
   */
  private readonly queue = new Map<string, Outgoing>();
  /** Edited documents' quick answers: written before the rest of the queue. */
  private readonly urgent = new Map<string, Outgoing>();
  private draining = false;

  constructor(private readonly connection: Connection) {}

  /**
   * Publishes the folder's findings: changed files get their new list, files with none left get [].
   * Files in `keep` (edited while the run was going on) keep what they have; the next run sends theirs.
   * Resolves once every message of this call has been written.
   */
  publish(folder: Folder, findings: Finding[], keep: ReadonlySet<string> = new Set()): Promise<void> {
    const byFile = new Map<string, Diagnostic[]>();
    const add = (file: string, d: Diagnostic) => {
      const list = byFile.get(file);
      if (list) list.push(d);
      else byFile.set(file, [d]);
    };
    const uriOf = (file: string) => folder.uriOf(file);
    for (const f of findings) add(f.file, toDiagnostic(f, uriOf));
    for (const message of folder.configProblems) add(CONFIG_FILE, configProblem(message));
    const before = this.sent.get(folder) ?? new Map<string, string>();
    const after = new Map<string, string>();
    const writes: Promise<void>[] = [];
    for (const file of keep) {
      const was = before.get(file);
      if (was !== undefined) after.set(file, was);
    }
    for (const [file, diagnostics] of byFile) {
      if (keep.has(file)) continue;
      const key = JSON.stringify(diagnostics);
      after.set(file, key);
      if (before.get(file) !== key) writes.push(this.send(folder, file, diagnostics, false));
    }
    for (const file of before.keys()) if (!after.has(file)) writes.push(this.send(folder, file, [], false));
    this.sent.set(folder, after);
    return Promise.all(writes).then(() => undefined);
  }

  /**
   * Publishes one file's findings (an edited document's quick answer) ahead of anything queued; the
   * other files' diagnostics stay as they are. Resolves once it has been written.
   */
  publishFile(folder: Folder, file: string, findings: Finding[]): Promise<void> {
    const uriOf = (f: string) => folder.uriOf(f);
    const diagnostics = findings.filter((f) => f.file === file).map((f) => toDiagnostic(f, uriOf));
    let sent = this.sent.get(folder);
    if (!sent) this.sent.set(folder, (sent = new Map()));
    const key = JSON.stringify(diagnostics);
    if ((sent.get(file) ?? '[]') === key) return Promise.resolve();
    if (diagnostics.length) sent.set(file, key);
    else sent.delete(file);
    return this.send(folder, file, diagnostics, true);
  }

  /** Clears every diagnostic of a folder (disabled, or removed from the workspace). */
  clear(folder: Folder): void {
    for (const file of this.sent.get(folder)?.keys() ?? []) void this.send(folder, file, [], false);
    this.sent.delete(folder);
  }

  private send(folder: Folder, file: string, diagnostics: Diagnostic[], urgent: boolean): Promise<void> {
    const uri = folder.uriOf(file);
    const wasUrgent = this.urgent.get(uri);
    const waiting = wasUrgent ?? this.queue.get(uri);
    // A newer list for a document still queued replaces the older one (and keeps its place, unless
    // it becomes urgent).
    const into = urgent || wasUrgent ? this.urgent : this.queue;
    if (into === this.urgent) this.queue.delete(uri);
    return new Promise((resolve) => {
      into.set(uri, { uri, version: folder.appliedVersion.get(file), diagnostics, done: [...(waiting?.done ?? []), resolve] });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (;;) {
        const from = this.urgent.size ? this.urgent : this.queue;
        const next = from.values().next();
        if (next.done) break;
        const { uri, version, diagnostics, done } = next.value;
        from.delete(uri);
        // A closed connection fails the write; nothing more can be said to the client then.
        await this.connection.sendDiagnostics({ uri, version, diagnostics }).catch(() => undefined);
        for (const d of done) d();
      }
    } finally {
      this.draining = false;
    }
  }
}

function configProblem(message: string): Diagnostic {
  return { range: zeroRange(), severity: DiagnosticSeverity.Warning, code: CONFIG_PROBLEM, source: DIAGNOSTIC_SOURCE, message, data: { ruleId: CONFIG_PROBLEM } };
}
