// Snapshot tests of the template, CDK, region and suppression fixes. Each folder
// test/fixtures/fixes/<rule-id>/<case>/ (and fixes/suppress/<case>/) is one workspace: input.<ext>,
// any files it needs beside it (a partner template, multi-region-review.json), and:
//   fix.json       optional: { "rule": id (for suppress/), "title": the start of the fix's title };
//                  without a title the preferred fix (else the first) is applied;
//   expected.json  the finding on the input and the fix applied (title, safe, preferred);
//   output.<ext>   the input after the fix.
// UPDATE_SNAPSHOTS=1 rewrites expected.json and the outputs; review the diff. The rule must fire
// exactly once on the input and not at all on the output, the output must parse (and TypeScript
// outputs type-check), and a CRLF input stays CRLF.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import type { Fix } from '../../server/src/engine/fix';
import { applyTextEdits, mergeSafeFixes } from '../../server/src/engine/fixes/apply';
import { fixesFor } from '../../server/src/engine/fixes';
import { PLACEHOLDER_REASON } from '../../server/src/engine/fixes/suppress';
import { openTemplate } from '../../server/src/engine/fixes/template';
import type { Finding } from '../../server/src/engine/rule';
import { allRules } from '../../server/src/engine/rules';
import { analyzeDocs, FIXTURES, readFixture, checkSnapshot, syntaxErrors } from '../helpers';

const FIX_FIXTURES = path.join(FIXTURES, 'fixes');
/** The rules whose fixes this file tests; the conditional writes have their own suite. */
const RULES = ['failover-without-health-check', 'alias-without-target-health', 'failover-unpaired', 'failover-ttl-too-high', 's3-replication-without-rtc', 'global-table-missing-stream', 'hardcoded-region'];
const SNAPSHOT = /^(?:output\.[a-z]+|expected\.json|fix\.json)$/;
const CODE = /\.(tsx?|[mc]?js)$/;
const NOW = new Date('2026-11-01T00:00:00Z');

interface CaseSpec {
  rule?: string;
  title?: string;
}

const typeScriptOutputs: string[] = [];

for (const group of [...RULES, 'suppress']) {
  const dir = path.join(FIX_FIXTURES, group);
  describe(`fixes: ${group}`, () => {
    for (const name of fs.readdirSync(dir).sort()) {
      const caseDir = path.join(dir, name);
      const spec: CaseSpec = fs.existsSync(path.join(caseDir, 'fix.json')) ? JSON.parse(fs.readFileSync(path.join(caseDir, 'fix.json'), 'utf8')) : {};
      const input = fs.readdirSync(caseDir).find((f) => /^input\./.test(f))!;
      if (input && /\.tsx?$/.test(input)) typeScriptOutputs.push(path.join(caseDir, `output${path.extname(input)}`));
      it(name, async () => {
        assert.ok(input, 'the case has an input file');
        await checkCase(caseDir, input, spec.rule ?? group, spec.title);
      });
    }
  });
}

async function checkCase(caseDir: string, input: string, ruleId: string, title: string | undefined): Promise<void> {
  const docs = Object.fromEntries(Object.entries(readFixture(caseDir)).filter(([f]) => !SNAPSHOT.test(f)));
  const before = (await analyzeDocs(docs, undefined, NOW)).findings;
  assert.deepEqual(problems(before, input), [], 'the input parses cleanly');
  const mine = before.filter((f) => f.ruleId === ruleId && f.file === input);
  assert.equal(mine.length, 1, `one ${ruleId} finding on the input: ${JSON.stringify(mine.map(describeFinding))}`);
  const fixes = fixesFor({ finding: mine[0], text: (f) => docs[f] });
  const fix = title === undefined ? (fixes.find((f) => f.preferred) ?? fixes[0]) : fixes.find((f) => f.title.startsWith(title));
  assert.ok(fix, `a fix${title ? ` titled "${title}..."` : ''} among ${JSON.stringify(fixes.map((f) => f.title))}`);
  const expected = { finding: describeFinding(mine[0]), fix: describeFix(fix), offered: fixes.map((f) => f.title) };
  checkSnapshot(path.join(caseDir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
  assert.deepEqual(fix.changes.map((c) => c.file), [input], 'a fix edits only the finding\'s file');
  const fixed = applyTextEdits(docs[input], fix.changes[0].edits);
  checkSnapshot(path.join(caseDir, `output${path.extname(input)}`), fixed);
  if (docs[input].includes('\r\n')) assert.ok(!/[^\r]\n/.test(fixed), 'CRLF line endings are kept');
  if (!CODE.test(input)) assert.ok(openTemplate(input, fixed), 'the fixed template parses');
  else assert.deepEqual(syntaxErrors(input, fixed), [], 'the fixed code parses');
  const after = (await analyzeDocs({ ...docs, [input]: fixed }, undefined, NOW)).findings;
  assert.deepEqual(problems(after, input), [], 'the output parses cleanly, suppressions included');
  assert.deepEqual(after.filter((f) => f.ruleId === ruleId && f.file === input).map(describeFinding), [], `${ruleId} no longer fires`);
}

/** Parse errors and malformed suppressions of one file. */
function problems(findings: Finding[], file: string): string[] {
  return findings.filter((f) => f.ruleId === 'parse-error' && f.file === file).map((f) => `${f.range.start.line + 1}: ${f.message}`);
}

function describeFinding(f: Finding) {
  return { ruleId: f.ruleId, line: f.range.start.line + 1, column: f.range.start.character + 1, data: f.data };
}

function describeFix(f: Fix) {
  return { title: f.title, safe: f.safe, preferred: f.preferred ?? false };
}

describe('fixed TypeScript fixtures type-check', () => {
  // aws-cdk-lib is not a dependency of this repository: its imports resolve to `any`, so what is
  // checked is the code the fixes write around them (process.env, `as string`, property shapes).
  const MISSING_MODULE = new Set([2307, 7016]);
  it('outputs have no type errors except unresolved CDK modules', () => {
    const program = ts.createProgram(typeScriptOutputs, { noEmit: true, strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, skipLibCheck: true, types: ['node'] });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => !MISSING_MODULE.has(d.code))
      .map((d) => `${d.file ? path.relative(FIX_FIXTURES, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    assert.deepEqual(errors, []);
  });
});

describe('suppression fix', () => {
  it('is offered for every rule, in YAML, code and JSON, with a placeholder reason', () => {
    const yaml = 'Resources:\n  Thing:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: x\n';
    const json = '{\n  "Resources": {\n    "Thing": {\n      "Type": "AWS::SNS::Topic",\n      "Properties": { "TopicName": "x" }\n    }\n  }\n}\n';
    const code = 'export const x = 1;\n';
    const range = { start: { line: 4, character: 6 }, end: { line: 4, character: 18 } };
    for (const rule of allRules) {
      for (const [file, text] of [['t.yaml', yaml], ['t.json', json], ['t.ts', code]]) {
        const finding: Finding = { ruleId: rule.id, severity: 'info', message: '', file, range: file === 't.ts' ? { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } : range, resourceId: `${file}#Thing` };
        const suppress = fixesFor({ finding, text: () => text }).filter((f) => f.title.startsWith('Suppress'));
        assert.equal(suppress.length, 1, `${rule.id} in ${file}`);
        assert.equal(suppress[0].safe, false, 'a suppression is never applied by fix-all');
        assert.ok(suppress[0].changes[0].edits[0].newText.includes(PLACEHOLDER_REASON));
      }
    }
  });

  it('is not offered for parse errors', () => {
    const finding: Finding = { ruleId: 'parse-error', severity: 'error', message: '', file: 't.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    assert.deepEqual(fixesFor({ finding, text: () => 'a: [' }), []);
  });
});

describe('stale or odd input', () => {
  const text = "Resources:\n  R:\n    Type: AWS::Route53::RecordSet\n    Properties:\n      Failover: PRIMARY\n      HealthCheckId: hc\n      TTL: '300'\n";
  const ttl: Finding = { ruleId: 'failover-ttl-too-high', severity: 'warning', message: '', file: 't.yaml', resourceId: 't.yaml#R', range: { start: { line: 6, character: 6 }, end: { line: 6, character: 16 } }, data: { suggested: 60 } };
  const titles = (f: Finding, t: string) => fixesFor({ finding: f, text: () => t }).map((x) => x.title);

  it('offers only the suppression when the diagnostic no longer fits the text (an edit moved the TTL)', () => {
    assert.deepEqual(titles(ttl, text), ['Set the TTL to 60 seconds', 'Suppress failover-ttl-too-high on this line, with a reason']);
    const moved = text.replace('      Failover', '      SetIdentifier: a\n      Failover');
    assert.deepEqual(titles(ttl, moved), ['Suppress failover-ttl-too-high on this line, with a reason']);
  });

  it('never edits a template that does not parse, or a value reached through a YAML alias', () => {
    assert.deepEqual(titles(ttl, `${text}      Tags: [unclosed\n`), ['Suppress failover-ttl-too-high on this line, with a reason']);
    const aliased = text.replace("TTL: '300'", 'TTL: *long').replace('Resources:', "Defaults:\n  ttl: &long '300'\nResources:");
    assert.deepEqual(titles({ ...ttl, range: { start: { line: 8, character: 6 }, end: { line: 8, character: 15 } } }, aliased), ['Suppress failover-ttl-too-high on this line, with a reason']);
  });
});

describe('fix-all', () => {
  it('applies every safe fix of a file at once, leaving unsafe ones alone', async () => {
    const docs = readFixture(path.join(FIX_FIXTURES, 'fix-all'));
    delete docs['template.fixed.yaml'];
    const file = 'template.yaml';
    const { findings } = await analyzeDocs(docs, undefined, NOW);
    const merged = mergeSafeFixes(findings, (f) => docs[f]);
    const fixed = applyTextEdits(docs[file], merged.edits.get(file) ?? []);
    checkSnapshot(path.join(FIX_FIXTURES, 'fix-all', 'template.fixed.yaml'), fixed);
    assert.ok(merged.applied.every((a) => a.fix.safe));
    const left = (await analyzeDocs({ ...docs, [file]: fixed }, undefined, NOW)).findings;
    const rulesLeft = new Set(left.map((f) => f.ruleId));
    for (const id of ['alias-without-target-health', 'failover-ttl-too-high', 'global-table-missing-stream', 's3-replication-without-rtc']) assert.ok(!rulesLeft.has(id), `${id} is fixed`);
    assert.ok(rulesLeft.has('failover-unpaired'), 'failover-unpaired needs a decision, so it stays');
  });

  it('skips a fix whose edits touch edits already taken; the next pass applies it', () => {
    const text = 'Resources:\n  R:\n    Type: AWS::Route53::RecordSet\n    Properties:\n      TTL: 300\n';
    const base = { severity: 'warning' as const, message: '', file: 't.yaml', resourceId: 't.yaml#R' };
    const ttl: Finding = { ...base, ruleId: 'failover-ttl-too-high', range: { start: { line: 4, character: 6 }, end: { line: 4, character: 14 } }, data: { suggested: 60 } };
    const merged = mergeSafeFixes([ttl, { ...ttl, data: { suggested: 30 } }], () => text);
    assert.equal(merged.applied.length, 1);
    assert.equal(applyTextEdits(text, merged.edits.get('t.yaml')!), text.replace('300', '60'));
  });
});
