// AWS CDK apps in Python, read statically like the TypeScript ones. The Python module is turned
// into the TypeScript the CDK reader knows (cdk/statements.ts, cdk/expressions.ts): keyword
// arguments become props objects with camelCase names, struct calls object literals, snake_case
// attributes camelCase ones, `self` `this`. The TypeScript CDK reader then maps constructs to
// CloudFormation-shaped resources exactly as it does for TypeScript apps (L1 `Cfn*` classes, the
// L2 constructs, escape hatches, stacks per region), and every range is mapped back to Python.
import type { FileFacts, Range } from '../../model';
import { readCdk } from '../cdk';
import type * as TS from 'typescript';
import { parseSource, reparseSource } from '../cdk/tsapi';
import { findCommentSuppressions } from '../suppressions';
import { changedSpan, LineIndex } from '../tree';
import { rangeMapper } from './cdk/emit';
import { InsideEdit, PositionShift } from './shift';
import { translateModule } from './cdk/statements';
import type { PyNode } from './cdk/syntax';

export type { PyNode } from './cdk/syntax';
export { translateModule } from './cdk/statements';

const CDK_IMPORT = /^\s*(?:from\s+aws_cdk(?:\.[\w.]+)?\s+import\b|import\s+aws_cdk\b)/m;

/** Cheap test: a Python file that imports the AWS CDK (v2 `aws_cdk`, or v1 `aws_cdk.core`). */
export function looksLikeCdkPython(text: string): boolean {
  return CDK_IMPORT.test(text);
}

/**
 * The CDK facts of a Python file, from its tree-sitter syntax tree. When the translation is the same
 * as the last one of this file (an edit in a comment), or differs only in the number of empty lines
 * (blank or comment lines added or removed), the TypeScript reader's last facts are reused, their
 * lines moved, instead of running it again.
 */
export function readCdkPython(file: string, text: string, root: PyNode): FileFacts {
  const t = translateModule(file, root);
  const { facts, shift } = cdkFacts(file, t.text);
  const mapped = rangeMapper(new LineIndex(t.text), new LineIndex(text), t.map);
  const toPy = shift ? (r: Range) => mapped(shift.rangeOrClamp(r)) : mapped;
  const inner = facts.rangeOf;
  const problems = facts.problems.map((p) => ({ ...p, range: toPy(p.range) }));
  return {
    ...facts,
    // A property object of its own for each read: the model's linking may add to it, and the same facts may be reused.
    resources: facts.resources.map((r) => ({ ...r, properties: { ...r.properties }, range: toPy(r.range) })),
    problems,
    suppressions: findCommentSuppressions(file, text, problems),
    rangeOf: (path): Range => toPy(inner(path)),
    // Local imports name Python modules; their files end in .py.
    cdk: facts.cdk && { ...facts.cdk, uses: facts.cdk.uses.map((u) => ({ ...u, module: `${u.module}.py` })) },
  };
}

/**
 * The TypeScript reader's facts for the last translation of each recently read file. They depend on
 * the translation's text alone: the same text gives the same facts. A text whose lines are the same
 * and in the same order, with more or fewer empty lines between them, gives the same facts on moved
 * lines: the reader compares lines only to tell whether two things are on the same line, and a range
 * ends at the end of its first line; only a source text it keeps (a construct id or a zone name
 * written as an expression) could hold the empty lines, and facts that hold a line break are not reused.
 */
const READS = new Map<string, { ts: string; facts: FileFacts; multiline?: boolean; how: 'read' | 'same' | 'moved' }>();

/** How the last read of a file got its CDK facts: read, reused (same translation), or reused with lines moved. */
export function lastCdkRead(file: string): 'read' | 'same' | 'moved' | undefined {
  return READS.get(file)?.how;
}

function cdkFacts(file: string, ts: string): { facts: FileFacts; shift?: PositionShift } {
  const last = READS.get(file);
  if (last?.ts === ts) {
    last.how = 'same';
    return { facts: last.facts };
  }
  const shift = last && emptyLinesOnly(last.ts, ts);
  // JSON writes a line break inside a string as \n.
  if (last && shift && !(last.multiline ??= JSON.stringify(last.facts).includes('\\n'))) {
    if (fitsShift(last.facts, shift)) {
      last.how = 'moved';
      return { facts: last.facts, shift };
    }
  }
  const { facts } = readCdk(file, ts, tsParse(file, ts));
  READS.delete(file);
  READS.set(file, { ts, facts, how: 'read' });
  while (READS.size > 32) READS.delete(READS.keys().next().value!);
  return { facts };
}

/**
 * The move from `before` to `after` when they differ only in one run of line breaks that stays a run
 * (lines neither split nor joined), and neither has a \r (lines are counted at \n here).
 */
function emptyLinesOnly(before: string, after: string): PositionShift | undefined {
  const span = changedSpan(before, after);
  const breaks = (s: string) => /^\n*$/.test(s);
  if (!breaks(before.slice(span.start, span.oldEnd)) || !breaks(after.slice(span.start, span.newEnd))) return undefined;
  const inRun = (t: string, end: number) => t[span.start - 1] === '\n' || t[end] === '\n';
  if (!inRun(before, span.oldEnd) || !inRun(after, span.newEnd)) return undefined;
  if (before.includes('\r') || after.includes('\r')) return undefined;
  return new PositionShift(before, after, span);
}

/** Whether every range of the facts lies outside the changed span (the reader's ranges never end inside a run of line breaks, but check). */
function fitsShift(facts: FileFacts, shift: PositionShift): boolean {
  try {
    for (const r of facts.resources) shift.range(r.range);
    for (const p of facts.problems) shift.range(p.range);
    return true;
  } catch (err) {
    if (err instanceof InsideEdit) return false;
    throw err;
  }
}

/** The last TypeScript tree of each recently read file, re-parsed incrementally after an edit. */
const TREES = new Map<string, TS.SourceFile>();

function tsParse(file: string, text: string): TS.SourceFile {
  const old = TREES.get(file);
  TREES.delete(file);
  const sf = old ? reparseSource(old, text) : parseSource(`${file}.ts`, text);
  TREES.set(file, sf);
  while (TREES.size > 32) TREES.delete(TREES.keys().next().value!);
  return sf;
}
