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

export class DiagnosticsPublisher {
  /** Per folder: file -> the serialized diagnostics last sent for it. */
  private readonly sent = new Map<Folder, Map<string, string>>();

  constructor(private readonly connection: Connection) {}

  /** Publishes the folder's findings: changed files get their new list, files with none left get []. */
  publish(folder: Folder, findings: Finding[]): void {
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
    for (const [file, diagnostics] of byFile) {
      const key = JSON.stringify(diagnostics);
      after.set(file, key);
      if (before.get(file) !== key) this.send(folder, file, diagnostics);
    }
    for (const file of before.keys()) if (!after.has(file)) this.send(folder, file, []);
    this.sent.set(folder, after);
  }

  /** Publishes one file's findings (an edit during a scan); the other files' diagnostics stay as they are. */
  publishFile(folder: Folder, file: string, findings: Finding[]): void {
    const uriOf = (f: string) => folder.uriOf(f);
    const diagnostics = findings.filter((f) => f.file === file).map((f) => toDiagnostic(f, uriOf));
    let sent = this.sent.get(folder);
    if (!sent) this.sent.set(folder, (sent = new Map()));
    const key = JSON.stringify(diagnostics);
    if ((sent.get(file) ?? '[]') === key) return;
    if (diagnostics.length) sent.set(file, key);
    else sent.delete(file);
    this.send(folder, file, diagnostics);
  }

  /** Clears every diagnostic of a folder (disabled, or removed from the workspace). */
  clear(folder: Folder): void {
    for (const file of this.sent.get(folder)?.keys() ?? []) this.send(folder, file, []);
    this.sent.delete(folder);
  }

  private send(folder: Folder, file: string, diagnostics: Diagnostic[]): void {
    void this.connection.sendDiagnostics({ uri: folder.uriOf(file), version: folder.appliedVersion.get(file), diagnostics });
  }
}

function configProblem(message: string): Diagnostic {
  return { range: zeroRange(), severity: DiagnosticSeverity.Warning, code: CONFIG_PROBLEM, source: DIAGNOSTIC_SOURCE, message, data: { ruleId: CONFIG_PROBLEM } };
}
