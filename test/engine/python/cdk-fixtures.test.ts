// Fixture tests of the rules on CDK Python sources: test/fixtures/<rule-id>/{valid,invalid}/ holds a
// `cdk-python-*` file (or folder) per case, with `<case>.expected.json` beside each invalid one, in
// the format of rules.test.ts, which runs them through the Analyzer too. A valid case is a look-alike
// of an invalid one that must stay silent. Here they are read by the CDK Python reader alone, linked
// and checked by every rule, so a failure tells the reader from the rest of the Python source apart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { applySuppressions, toFinding } from '../../../server/src/engine/analyze';
import { CONFIG_FILE, defaultConfig, parseConfig } from '../../../server/src/engine/config';
import { buildModel } from '../../../server/src/engine/link';
import type { Finding, Severity } from '../../../server/src/engine/rule';
import { allRules } from '../../../server/src/engine/rules';
import { type PyNode, readCdkPython } from '../../../server/src/engine/sources/python/cdk';
import { FIXTURES, readFixture, ROOT, snapshotOf } from '../../helpers';

const DIR = FIXTURES;
const NOW = new Date('2026-11-01T00:00:00Z');

let parse: (text: string) => PyNode;

before(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(path.join(ROOT, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')));
  parse = (text) => parser.parse(text)!.rootNode as unknown as PyNode;
});

/** The findings of every rule on a workspace of CDK Python files, as Analyzer.run computes them. */
function analyzePython(docs: Record<string, string>): Finding[] {
  const config = docs[CONFIG_FILE] ? parseConfig(docs[CONFIG_FILE]).config : defaultConfig();
  const facts = Object.entries(docs).filter(([file]) => file.endsWith('.py')).map(([file, text]) => readCdkPython(file, text, parse(text)));
  const model = buildModel(facts, config);
  const findings: Finding[] = facts.flatMap((f) => f.problems.map((p) => ({ ruleId: 'parse-error', severity: p.severity, message: p.message, file: p.file, range: p.range })));
  for (const rule of allRules) {
    const setting = config.rules[rule.id];
    if (setting === 'off') continue;
    const severity: Severity = setting ?? rule.meta.severity;
    rule.check({ model, config, now: NOW, report: (r) => findings.push(toFinding(rule.id, severity, r, model)) });
  }
  return applySuppressions(findings, facts).sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

const rulesWithCases = allRules.map((r) => r.id).filter((id) => ['valid', 'invalid'].some((k) => fs.existsSync(path.join(DIR, id, k)) && fs.readdirSync(path.join(DIR, id, k)).some(isPythonCdkCase)));

function isPythonCdkCase(name: string): boolean {
  return name.startsWith('cdk-python') && !name.endsWith('.expected.json');
}

describe('CDK Python fixtures', () => {
  it('cover every rule that reads CDK Python and has CDK TypeScript fixtures', () => {
    for (const rule of allRules) {
      if (!(rule.meta.languages ?? []).includes('cdk-python')) continue;
      const tsCases = ['valid', 'invalid'].flatMap((k) => {
        const d = path.join(FIXTURES, rule.id, k);
        return fs.existsSync(d) ? fs.readdirSync(d).filter((n) => /^cdk.*\.ts$/.test(n) || fs.existsSync(path.join(d, n, 'bin'))) : [];
      });
      if (tsCases.length === 0) continue;
      for (const kind of ['valid', 'invalid']) {
        const d = path.join(DIR, rule.id, kind);
        assert.ok(fs.existsSync(d) && fs.readdirSync(d).some(isPythonCdkCase), `${rule.id} has a ${kind} CDK Python fixture`);
      }
    }
  });

  for (const ruleId of rulesWithCases) {
    for (const kind of ['valid', 'invalid'] as const) {
      const kindDir = path.join(DIR, ruleId, kind);
      const cases = fs.existsSync(kindDir) ? fs.readdirSync(kindDir).filter(isPythonCdkCase) : [];
      for (const name of cases) {
        it(`${ruleId} ${kind}: ${name}`, () => {
          const docs = readFixture(path.join(kindDir, name));
          const findings = analyzePython(docs);
          assert.deepEqual(findings.filter((f) => f.ruleId === 'parse-error' && f.severity === 'error'), [], 'fixtures must parse cleanly');
          const mine = findings.filter((f) => f.ruleId === ruleId);
          if (kind === 'valid') {
            assert.deepEqual(mine.map((f) => `${f.file}:${f.range.start.line + 1} ${f.message}`), []);
            return;
          }
          const single = Object.keys(docs).length === 1;
          const actual = snapshotOf(mine, single);
          const expectedFile = path.join(kindDir, `${name}.expected.json`);
          if (process.env.UPDATE_SNAPSHOTS) fs.writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
          assert.ok(fs.existsSync(expectedFile), `missing ${path.relative(FIXTURES, expectedFile)}`);
          const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as typeof actual;
          assert.ok(expected.length > 0, 'an invalid case must expect at least one finding');
          assert.deepEqual(actual, expected);
        });
      }
    }
  }
});
