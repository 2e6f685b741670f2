// Snapshot tests of the conditional-write fixes (unconditional-global-write, global-table-counter).
// Each folder test/fixtures/fixes/<rule-id>/<case>/ is one workspace: input.ts or input.js, and the
// CloudFormation or CDK template that makes its table global. Beside them:
//   expected.json   the finding on the input and the fixes offered for it (title, safe, preferred);
//   output.ts       the input after the first fix, output.2.ts after the second, and so on.
// UPDATE_SNAPSHOTS=1 rewrites expected.json and the outputs; review the diff. After each fix the
// file still parses, neither data rule fires on it, and TypeScript outputs type-check.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import type { TextEdit } from '../../server/src/engine/fix';
import { fixesFor } from '../../server/src/engine/fixes';
import conditionalWrite from '../../server/src/engine/fixes/conditional-write';
import globalTableCounter from '../../server/src/engine/fixes/global-table-counter';
import { addSetAction, andCondition, writesAttribute } from '../../server/src/engine/fixes/conditional-write-text';
import type { Finding } from '../../server/src/engine/rule';
import { analyzeDocs, FIXTURES, readFixture, ROOT, checkSnapshot, syntaxErrors } from '../helpers';

const FIX_FIXTURES = path.join(FIXTURES, 'fixes');
const PROVIDERS = [conditionalWrite, globalTableCounter];
const DATA_RULES = new Set(PROVIDERS.map((p) => p.ruleId));
const SNAPSHOT = /^(?:output(?:\.\d+)?\.[jt]s|expected\.json)$/;

/** Applies non-overlapping edits to a text, as an editor does. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (let i = 1; i < sorted.length; i++) assert.ok(offset(sorted[i].range.end) <= offset(sorted[i - 1].range.start), 'edits overlap');
  return sorted.reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

function outputName(input: string, i: number): string {
  return `output${i === 0 ? '' : `.${i + 1}`}${path.extname(input)}`;
}

function describeFinding(f: Finding) {
  return { ruleId: f.ruleId, line: f.range.start.line + 1, column: f.range.start.character + 1, message: f.message, data: f.data };
}

for (const provider of PROVIDERS) {
  const ruleId = provider.ruleId;
  const dir = path.join(FIX_FIXTURES, ruleId);
  describe(`fixes for ${ruleId}`, () => {
    for (const name of fs.readdirSync(dir)) {
      it(name, async () => {
        const caseDir = path.join(dir, name);
        const docs = Object.fromEntries(Object.entries(readFixture(caseDir)).filter(([f]) => !SNAPSHOT.test(f)));
        const input = Object.keys(docs).find((f) => /^input\.[jt]s$/.test(f))!;
        assert.ok(input, 'the case has an input.ts or input.js');
        const mine = (await analyzeDocs(docs)).findings.filter((f) => f.ruleId === ruleId && f.file === input);
        assert.equal(mine.length, 1, `one ${ruleId} finding on the input: ${JSON.stringify(mine.map(describeFinding))}`);
        const ctx = { finding: mine[0], text: (f: string) => docs[f] };
        const fixes = provider.provide(ctx);
        assert.ok(fixes.length > 0, 'at least one fix is offered');
        const registered = fixesFor(ctx).map((f) => f.title);
        assert.ok(fixes.every((f) => registered.includes(f.title)), 'the provider is registered: fixesFor offers its fixes');
        const expected = { finding: describeFinding(mine[0]), fixes: fixes.map((f, i) => ({ title: f.title, safe: f.safe, preferred: f.preferred ?? false, output: outputName(input, i) })) };
        checkSnapshot(path.join(caseDir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
        const outputs = fs.readdirSync(caseDir).filter((f) => /^output/.test(f)).sort();
        if (process.env.UPDATE_SNAPSHOTS) for (const f of outputs) fs.rmSync(path.join(caseDir, f));
        else assert.deepEqual(outputs, fixes.map((_, i) => outputName(input, i)).sort(), 'one output file per fix');
        for (const [i, fix] of fixes.entries()) {
          assert.deepEqual(fix.changes.map((c) => c.file), [input], 'a fix edits only the finding\'s file');
          const fixed = applyEdits(docs[input], fix.changes[0].edits);
          checkSnapshot(path.join(caseDir, outputName(input, i)), fixed);
          assert.deepEqual(syntaxErrors(input, fixed), [], `${outputName(input, i)} parses`);
          const after = await analyzeDocs({ ...docs, [input]: fixed });
          const left = after.findings.filter((f) => f.file === input && (DATA_RULES.has(f.ruleId) || f.ruleId === 'parse-error'));
          assert.deepEqual(left.map(describeFinding), [], `no data rule fires after "${fix.title}"`);
        }
      });
    }
  });
}

describe('fixed fixtures type-check', () => {
  it('tsc --noEmit over test/fixtures/fixes (inputs, outputs and the dynalite module)', () => {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', path.join(FIX_FIXTURES, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
});

describe('DynamoDB expression editing', () => {
  it('ANDs conditions, parenthesising a side with a top-level OR', () => {
    assert.equal(andCondition(undefined, 'a = :a'), 'a = :a');
    assert.equal(andCondition('  ', 'a = :a'), 'a = :a');
    assert.equal(andCondition('attribute_exists(pk)', 'attribute_not_exists(#v) OR #v = :e'), 'attribute_exists(pk) AND (attribute_not_exists(#v) OR #v = :e)');
    assert.equal(andCondition('a = :a OR b = :b', 'c = :c'), '(a = :a OR b = :b) AND c = :c');
    assert.equal(andCondition('(a = :a OR b = :b)', 'c = :c'), '(a = :a OR b = :b) AND c = :c');
  });

  it('adds a SET action to the SET clause, wherever it stands, or a SET clause', () => {
    assert.equal(addSetAction('SET a = :a', '#v = :n'), 'SET a = :a, #v = :n');
    assert.equal(addSetAction('SET a = :a REMOVE b', '#v = :n'), 'SET a = :a, #v = :n REMOVE b');
    assert.equal(addSetAction('REMOVE b set a = list_append(a, :x) ADD c :one', '#v = :n'), 'REMOVE b set a = list_append(a, :x), #v = :n ADD c :one');
    assert.equal(addSetAction('ADD views :one', '#v = :n'), 'ADD views :one SET #v = :n');
    assert.equal(addSetAction('ADD #set :one ', '#v = :n'), 'ADD #set :one SET #v = :n');
  });

  it('knows when an update writes the version already', () => {
    assert.equal(writesAttribute('SET version = :v', {}, 'version'), true);
    assert.equal(writesAttribute('SET #a = :v', { '#a': 'version' }, 'version'), true);
    assert.equal(writesAttribute('SET #version = :v', { '#version': 'schemaVersion' }, 'version'), false);
    assert.equal(writesAttribute('SET a = :version', {}, 'version'), false);
  });
});
