// `--fix`: applies the safe fixes to disk the way ESLint does. Each pass analyses the workspace,
// merges the safe fixes of every finding (edits that would overlap wait for the next pass) and
// writes the changed files; passes repeat until nothing changes, at most MAX_PASSES times. A file
// with a parse error is never written, and neither is a fixed text that would not parse.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PARSE_ERROR } from '../engine/analyze';
import { applyTextEdits, mergeSafeFixes, stillParses } from '../engine/fixes/apply';
import { displayPath, plural } from './common';
import { scan } from './scan';

export const MAX_PASSES = 10;

export interface FixedProblem {
  /** Workspace-relative, as in findings. */
  file: string;
  ruleId: string;
  /** 1-based line of the finding when it was fixed. */
  line: number;
  title: string;
}

export interface FixRun {
  root: string;
  fixed: FixedProblem[];
  /** Files whose fixed text would not parse, so they were left as they were. */
  unwritten: string[];
  passes: number;
}

export async function fixFiles(paths: string[], cwd: string, configFile?: string): Promise<FixRun> {
  const run: FixRun = { root: cwd, fixed: [], unwritten: [], passes: 0 };
  const unwritten = new Set<string>();
  while (run.passes < MAX_PASSES) {
    run.passes++;
    const { root, findings } = await scan(paths, cwd, configFile);
    run.root = root;
    const broken = new Set(findings.filter((f) => f.ruleId === PARSE_ERROR && f.severity === 'error').map((f) => f.file));
    const texts = new Map<string, string | undefined>();
    const text = (file: string) => {
      if (!texts.has(file)) texts.set(file, broken.has(file) || unwritten.has(file) ? undefined : readText(path.join(root, file)));
      return texts.get(file);
    };
    const merged = mergeSafeFixes(findings, text);
    const written = new Set<string>();
    for (const [file, edits] of merged.edits) {
      const before = text(file);
      if (before === undefined) continue;
      const after = applyTextEdits(before, edits);
      if (after === before) continue;
      if (!stillParses(file, after)) {
        unwritten.add(file);
        continue;
      }
      fs.writeFileSync(path.join(root, file), after);
      written.add(file);
    }
    for (const { finding, fix } of merged.applied) {
      if (fix.changes.every((c) => written.has(c.file))) run.fixed.push({ file: finding.file, ruleId: finding.ruleId, line: finding.range.start.line + 1, title: fix.title });
    }
    if (!written.size) break;
  }
  run.unwritten = [...unwritten].sort();
  return run;
}

function readText(full: string): string | undefined {
  try {
    const buf = fs.readFileSync(full);
    return buf.includes(0) ? undefined : buf.toString('utf8');
  } catch {
    return undefined;
  }
}

/** What `--fix` did, one line a fix: `path:line  rule-id  title`, paths relative to the current folder. */
export function fixSummary(run: FixRun, cwd: string): string {
  const lines: string[] = [];
  const shown = (file: string) => displayPath({ root: run.root, cwd }, file);
  const files = new Set(run.fixed.map((f) => f.file));
  if (run.fixed.length) {
    lines.push(`Fixed ${plural(run.fixed.length, 'problem')} in ${plural(files.size, 'file')}:`);
    for (const f of run.fixed) lines.push(`  ${shown(f.file)}:${f.line}  ${f.ruleId}  ${f.title}`);
  } else lines.push('No safe fixes to apply.');
  for (const file of run.unwritten) lines.push(`Not written: ${shown(file)} (the fixed text would not parse).`);
  return `${lines.join('\n')}\n\n`;
}
