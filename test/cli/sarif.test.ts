// SARIF output validates against the official SARIF 2.1.0 schema (test/fixtures/sarif/SOURCE.md),
// and points at the right rule, place and level.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { docsUrl } from '../../server/src/engine/rule';
import { allRules } from '../../server/src/engine/rules';
import { sarifLog } from '../../server/src/report/sarif';
import { analyzeDocs, FIXTURES } from '../helpers';
import { BROKEN_YAML, removeTemps, RULE, runCli, tempFolder, UNCHECKED_FAILOVER } from './run';

after(removeTemps);

const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
// The schema's `language` pattern ends in a stray `]`, which is only legal without the `u` flag.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function assertValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
}

describe('SARIF format', () => {
  it('validates against the SARIF 2.1.0 schema and describes every rule', async () => {
    const ws = tempFolder({ 'dns zone/records #1.yaml': UNCHECKED_FAILOVER, 'broken.yaml': BROKEN_YAML });
    const { code, stdout } = await runCli(['--format', 'sarif'], ws);
    assert.equal(code, 1);
    const log = JSON.parse(stdout) as Sarif.Log;
    assertValid(log);
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'multi-region-review');
    assert.match(driver.version ?? '', /^\d+\.\d+\.\d+/);
    assert.ok(driver.informationUri?.startsWith('https://'));
    for (const rule of allRules) {
      const d = driver.rules?.find((r) => r.id === rule.id);
      assert.ok(d, rule.id);
      assert.equal(d.helpUri, docsUrl(rule.id));
      assert.equal(d.shortDescription?.text, rule.meta.description);
      assert.equal(d.defaultConfiguration?.level, rule.meta.severity === 'info' ? 'note' : rule.meta.severity);
    }
    for (const r of run.results ?? []) assert.equal(driver.rules?.[r.ruleIndex!].id, r.ruleId, 'ruleIndex points at the rule');
    const mine = run.results?.find((r) => r.ruleId === RULE);
    assert.ok(mine);
    assert.equal(mine.level, 'error');
    const loc = mine.locations![0].physicalLocation!;
    assert.deepEqual(loc.artifactLocation, { uri: 'dns%20zone/records%20%231.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(loc.region, { startLine: 11, startColumn: 7, endLine: 11, endColumn: 24 });
    assert.equal(mine.locations![0].logicalLocations?.[0].name, 'PrimaryRecord');
    assert.ok(run.results?.some((r) => r.ruleId === 'parse-error' && driver.rules?.[r.ruleIndex!].id === 'parse-error'));
  });

  it('validates with related locations, info findings and a file outside the current folder', async () => {
    const result = await analyzeDocs({ 'a.yaml': UNCHECKED_FAILOVER });
    const f = result.findings.find((x) => x.ruleId === RULE)!;
    const extra = { ...f, severity: 'info' as const, related: [{ file: 'a.yaml', range: f.range, message: 'The SECONDARY record.' }] };
    const log = sarifLog({ findings: [f, extra], model: result.model, root: path.resolve('/work/elsewhere'), cwd: path.resolve('/work/here'), stats: { filesRead: 1, templates: 1, elapsedMs: 1 } });
    assertValid(log);
    const [first, second] = log.runs[0].results!;
    assert.equal(second.level, 'note');
    assert.equal(second.relatedLocations?.[0].message?.text, 'The SECONDARY record.');
    assert.equal(first.locations![0].physicalLocation!.artifactLocation!.uri, pathToFileURL(path.resolve('/work/elsewhere/a.yaml')).href);
    assert.equal(first.locations![0].physicalLocation!.artifactLocation!.uriBaseId, undefined);
  });

  it('rejects what the schema forbids, so a pass means something', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'info' }] }] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.yaml' }, region: { startLine: 0 } } }] }] }] }), false);
  });

  it('validates when there is nothing to report', async () => {
    const { code, stdout } = await runCli(['-f', 'sarif'], tempFolder({}));
    assert.equal(code, 0);
    const log = JSON.parse(stdout) as Sarif.Log;
    assertValid(log);
    assert.deepEqual(log.runs[0].results, []);
  });
});
