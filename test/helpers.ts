// Shared test helpers: the repository root, fixtures, and in-memory analysis.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { analyze, type AnalysisResult } from '../server/src/engine/analyze';
import { type Config, CONFIG_FILE, defaultConfig, parseConfig } from '../server/src/engine/config';
import type { Finding } from '../server/src/engine/rule';
import { MemoryWorkspace } from '../server/src/engine/workspace';

/** The repository root (tests run from out/test/...). */
export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export async function analyzeDocs(docs: Record<string, string>, config?: Partial<Config>, now?: Date): Promise<AnalysisResult> {
  let base = defaultConfig();
  if (docs[CONFIG_FILE]) base = parseConfig(docs[CONFIG_FILE]).config;
  return analyze(new MemoryWorkspace(docs), { ...base, ...config }, { now });
}

/** Reads a fixture: a single file, or a folder whose files form one workspace. */
export function readFixture(full: string): Record<string, string> {
  if (fs.statSync(full).isFile()) return { [path.basename(full)]: fs.readFileSync(full, 'utf8') };
  const docs: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else docs[path.relative(full, p).split(path.sep).join('/')] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(full);
  return docs;
}

/** A failover pair whose PRIMARY record has no health check: failover-without-health-check at 11:7. */
export const PRIMARY_NO_CHECK = fs.readFileSync(path.join(FIXTURES, 'failover-without-health-check', 'invalid', 'primary-no-check.yaml'), 'utf8');

/** Compares `actual` with a snapshot file; UPDATE_SNAPSHOTS=1 rewrites it (review the diff). */
export function checkSnapshot(file: string, actual: string): void {
  if (process.env.UPDATE_SNAPSHOTS) fs.writeFileSync(file, actual);
  assert.ok(fs.existsSync(file), `missing ${path.relative(FIXTURES, file)} (run with UPDATE_SNAPSHOTS=1)`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), path.relative(FIXTURES, file));
}

/** Syntax errors of a TS/JS text (no type check). */
export function syntaxErrors(file: string, text: string): string[] {
  const out = ts.transpileModule(text, { fileName: file, reportDiagnostics: true, compilerOptions: { allowJs: true } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** A fixture case's findings as its `.expected.json` snapshot holds them (1-based; the file only when the case has several). */
export function snapshotOf(findings: readonly Finding[], single: boolean) {
  return findings.map((f) => ({
    ...(single ? {} : { file: f.file }),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    message: f.message,
    ...(f.related ? { related: f.related.map((r) => ({ file: r.file, line: r.range.start.line + 1, message: r.message })) } : {}),
    ...(f.data ? { data: f.data } : {}),
  }));
}
