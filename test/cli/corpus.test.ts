// Robustness over ~600 third-party templates (../shared/corpus, outside the repository): the CLI
// finishes, no rule fails, and every finding lies inside its file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Range } from '../../server/src/engine/model';
import { ROOT } from '../helpers';
import { runCli } from './run';

const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

interface JsonFinding {
  ruleId: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related?: { file: string; line: number; column: number; endLine: number; endColumn: number }[];
}

describe('third-party corpus', () => {
  it('scans every template without a crash and keeps findings inside their files', { timeout: 120_000 }, async (t) => {
    if (!fs.existsSync(CORPUS)) {
      t.skip(`corpus not found at ${CORPUS}`);
      console.warn(`\n*** SKIPPED: corpus not found at ${CORPUS} ***\n`);
      return;
    }
    const { code, stdout, stderr } = await runCli([CORPUS, '--format', 'json'], ROOT);
    assert.ok(code === 0 || code === 1, `exit code ${code}: ${stderr.slice(0, 2000)}`);
    const doc = JSON.parse(stdout) as { findings: JsonFinding[]; model: { resources: unknown[] } };
    assert.ok(doc.model.resources.length > 0, 'the corpus yields resources');
    const failures = doc.findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message);
    assert.deepEqual(failures, [], 'no rule fails');
    const lines = new Map<string, string[]>();
    const linesOf = (file: string) => {
      let l = lines.get(file);
      if (!l) lines.set(file, (l = fs.readFileSync(path.resolve(ROOT, file), 'utf8').split(/\r\n|\r|\n/)));
      return l;
    };
    const outside: string[] = [];
    for (const f of doc.findings) {
      for (const loc of [f, ...(f.related ?? [])]) {
        const problem = outOfBounds(linesOf(loc.file), toRange(loc));
        if (problem) outside.push(`${loc.file}:${loc.line}:${loc.column} ${f.ruleId}: ${problem}`);
      }
    }
    assert.deepEqual(outside, [], 'every finding lies inside its file');
  });
});

function toRange(p: { line: number; column: number; endLine: number; endColumn: number }): Range {
  return { start: { line: p.line - 1, character: p.column - 1 }, end: { line: p.endLine - 1, character: p.endColumn - 1 } };
}

/** Why the range is not inside the file, or undefined when it is. */
function outOfBounds(lines: string[], range: Range): string | undefined {
  for (const [name, pos] of [['start', range.start], ['end', range.end]] as const) {
    if (pos.line < 0 || pos.line >= lines.length) return `${name} line ${pos.line + 1} of ${lines.length}`;
    if (pos.character < 0 || pos.character > lines[pos.line].length) return `${name} column ${pos.character + 1}, line has ${lines[pos.line].length} characters`;
  }
  if (range.end.line < range.start.line || (range.end.line === range.start.line && range.end.character < range.start.character)) return 'ends before it starts';
  return undefined;
}
