// What every report format receives, and the small conversions they share: paths relative to the
// current folder with forward slashes, and 1-based positions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Range, RegionRef, WorkspaceModel } from '../engine/model';
import { DOCS_BASE, type Finding, type Severity } from '../engine/rule';

export interface ScanStats {
  /** Files read from disk (any candidate extension). */
  filesRead: number;
  /** Files that a source understood (templates). */
  templates: number;
  elapsedMs: number;
}

export interface ReportInput {
  /** The findings to print (already filtered by --quiet). */
  findings: Finding[];
  model: WorkspaceModel;
  /** Absolute workspace root: finding and resource files are relative to it. */
  root: string;
  /** Absolute folder that printed paths are relative to. */
  cwd: string;
  stats: ScanStats;
}

export interface ReportOptions {
  color: boolean;
  summary: boolean;
}

export type Formatter = (input: ReportInput, options: ReportOptions) => string;

export const TOOL_NAME = 'multi-region-review';
/** The repository home page, derived from the rule docs base so the two cannot drift apart. */
export const INFORMATION_URI = DOCS_BASE.split('/blob/')[0];

export interface OneBased {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** LSP ranges are 0-based with an exclusive end; printed ranges are 1-based, end column exclusive. */
export function oneBased(range: Range): OneBased {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** A workspace-relative file as a path relative to the current folder, with forward slashes. */
export function displayPath(input: Pick<ReportInput, 'root' | 'cwd'>, file: string): string {
  const rel = path.relative(input.cwd, path.resolve(input.root, file));
  return (rel || path.basename(file)).split(path.sep).join('/');
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** "2 errors, 1 warning, 0 infos" style counts; info is left out when there is none. */
export function severityPhrase(counts: Record<Severity, number>): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info) parts.push(plural(counts.info, 'info'));
  return parts.join(', ');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A region reference as JSON: one name, the list of deployment regions, or null when unknown. */
export function regionValue(ref: RegionRef): string | string[] | null {
  if (ref.kind === 'known') return ref.region;
  if (ref.kind === 'per-deployment') return [...ref.regions];
  return null;
}

let cachedVersion: string | undefined;

/** The package version, found by walking up from this file (dist/ when bundled, out/ when compiled). */
export function toolVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = __dirname;
  for (let i = 0; i < 6 && !cachedVersion; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === TOOL_NAME && pkg.version) cachedVersion = pkg.version;
    } catch {
      // No package.json here; keep walking up.
    }
    dir = path.dirname(dir);
  }
  return (cachedVersion ??= '0.0.0');
}
