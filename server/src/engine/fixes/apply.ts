// Fix-all, shared by `source.fixAll.multiRegionReview` and the CLI's `--fix`: the safe fixes of a
// set of findings, merged per file the way ESLint merges them. A fix whose edits overlap (or touch)
// an edit already taken waits for the next pass; a fix that repeats edits already taken (two
// findings on one literal) counts as done.
import type { Fix, TextEdit } from '../fix';
import type { Position } from '../model';
import type { Finding } from '../rule';
import { parseSource } from '../sources/cdk/tsapi';
import { CODE_FILE } from './common';
import { fixesFor } from './index';
import { openTemplate } from './template';

export { applyTextEdits } from './text';

export interface AppliedFix {
  finding: Finding;
  fix: Fix;
}

export interface MergedFixes {
  /** Edits per workspace-relative file, free of overlaps. */
  edits: Map<string, TextEdit[]>;
  applied: AppliedFix[];
}

/** The one safe fix each finding would get from "auto fix": its preferred safe fix, else its first. */
export function safeFixOf(finding: Finding, text: (file: string) => string | undefined): Fix | undefined {
  const safe = fixesFor({ finding, text }).filter((f) => f.safe);
  return safe.find((f) => f.preferred) ?? safe[0];
}

export function mergeSafeFixes(findings: Finding[], text: (file: string) => string | undefined): MergedFixes {
  const edits = new Map<string, TextEdit[]>();
  const applied: AppliedFix[] = [];
  for (const finding of findings) {
    const fix = safeFixOf(finding, text);
    if (!fix) continue;
    const fresh = fix.changes.flatMap((c) => c.edits.filter((e) => !(edits.get(c.file) ?? []).some((t) => sameEdit(t, e))).map((e) => ({ file: c.file, edit: e })));
    // A provider's own edits never overlap; only edits of different fixes can.
    if (fresh.some(({ file, edit }) => (edits.get(file) ?? []).some((t) => touches(t, edit)))) continue;
    for (const { file, edit } of fresh) edits.set(file, [...(edits.get(file) ?? []), edit]);
    applied.push({ finding, fix });
  }
  return { edits, applied };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function touches(a: TextEdit, b: TextEdit): boolean {
  return !before(a.range.end, b.range.start) && !before(b.range.end, a.range.start);
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.newText === b.newText && !before(a.range.start, b.range.start) && !before(b.range.start, a.range.start) && !before(a.range.end, b.range.end) && !before(b.range.end, a.range.end);
}

/** True when a fixed text still parses: a template without YAML/JSON errors, code without syntax errors. */
export function stillParses(file: string, text: string): boolean {
  // parseDiagnostics is the parser's own list of syntax errors on a SourceFile (not in the public typings).
  if (CODE_FILE.test(file)) return !(parseSource(file, text) as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length;
  return openTemplate(file, text) !== undefined;
}
