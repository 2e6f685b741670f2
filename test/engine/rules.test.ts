// Data-driven rule tests. For each rule, test/fixtures/<rule-id>/ holds:
//   valid/<case>    a file or a folder (one workspace) on which the rule must stay silent;
//   invalid/<case>  the same, with <case>.expected.json beside it listing the rule's findings
//                   as { file?, line, column, endLine, endColumn, message } (1-based, message is a
//                   substring; related and data, when listed, must match exactly). UPDATE_SNAPSHOTS=1 rewrites the expected files; review the diff.
// A folder may hold multi-region-review.json, which is used as that workspace's config.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/engine/rules';
import { analyzeDocs, FIXTURES, readFixture, snapshotOf } from '../helpers';

const NOW = new Date('2026-11-01T00:00:00Z');

interface Expected {
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related?: { file: string; line: number; message: string }[];
  data?: Record<string, unknown>;
}

for (const rule of allRules) {
  const dir = path.join(FIXTURES, rule.id);
  describe(`rule ${rule.id}`, () => {
    for (const kind of ['valid', 'invalid'] as const) {
      const kindDir = path.join(dir, kind);
      const cases = fs.existsSync(kindDir) ? fs.readdirSync(kindDir).filter((n) => !n.endsWith('.expected.json')) : [];
      for (const name of cases) {
        it(`${kind}: ${name}`, async () => {
          const docs = readFixture(path.join(kindDir, name));
          const { findings } = await analyzeDocs(docs, undefined, NOW);
          const parseErrors = findings.filter((f) => f.ruleId === 'parse-error' && f.severity === 'error');
          assert.deepEqual(parseErrors, [], 'fixtures must parse cleanly');
          const mine = findings.filter((f) => f.ruleId === rule.id);
          if (kind === 'valid') {
            assert.deepEqual(mine.map((f) => `${f.file}:${f.range.start.line + 1} ${f.message}`), []);
            return;
          }
          const single = Object.keys(docs).length === 1;
          const actual = snapshotOf(mine, single);
          const expectedFile = path.join(kindDir, `${name}.expected.json`);
          if (process.env.UPDATE_SNAPSHOTS) fs.writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
          assert.ok(fs.existsSync(expectedFile), `missing ${path.relative(FIXTURES, expectedFile)}`);
          const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as Expected[];
          assert.ok(expected.length > 0, 'an invalid case must expect at least one finding');
          assert.equal(actual.length, expected.length, `findings: ${JSON.stringify(actual, null, 1)}`);
          expected.forEach((e, i) => {
            const a = actual[i];
            assert.deepEqual({ file: a.file, line: a.line, column: a.column, endLine: a.endLine, endColumn: a.endColumn }, { file: e.file, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn });
            assert.ok(a.message.includes(e.message), `message "${a.message}" should include "${e.message}"`);
            if (e.related !== undefined) assert.deepEqual(a.related, e.related, 'related information');
            if (e.data !== undefined) assert.deepEqual(a.data, e.data, 'finding data');
          });
        });
      }
    }
  });
}
