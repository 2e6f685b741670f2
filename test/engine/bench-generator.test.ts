// The benchmark's template generator (bench/generate.ts) makes what the benchmark claims: valid
// templates with exactly N resources, a varied multi-region mix, YAML the chunked reader can split,
// and an edit target inside the intended property value. Not timed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as YAML from 'yaml';
import { Analyzer } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { splitTemplate } from '../../server/src/engine/sources/chunks';
import { ROOT } from '../helpers';

// bench/ is its own TypeScript project that test/ does not reference, so its compiled output
// (written by `tsc -b`, which runs before the unit tests) is loaded at run time.
interface Generated {
  text: string;
  format: 'yaml' | 'json';
  resourceCount: number;
  types: Record<string, number>;
  edit: { logicalId: string; key: string; resourceIndex: number; valueEnd: number; lineStart: number; indent: string };
}
type Generate = (count: number, options?: { format?: 'yaml' | 'json'; variant?: number }) => Generated;

const GENERATOR = path.join(ROOT, 'out', 'bench', 'generate.js');

function load(): Generate {
  assert.ok(fs.existsSync(GENERATOR), `${path.relative(ROOT, GENERATOR)} exists (run tsc -b first)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(GENERATOR) as { generateTemplate: Generate }).generateTemplate;
}

describe('bench template generator', () => {
  for (const format of ['yaml', 'json'] as const) {
    for (const count of [1, 10, 100, 250]) {
      it(`${format}, ${count} resources: parses cleanly with exactly ${count} resources`, () => {
        const g = load()(count, { format });
        assert.equal(g.resourceCount, count);
        const doc = YAML.parseDocument(g.text);
        assert.deepEqual(doc.errors, []);
        const resources = (doc.toJS() as { Resources: Record<string, unknown> }).Resources;
        assert.equal(Object.keys(resources).length, count);
        const facts = new Analyzer().update(`templates/t.${format}`, g.text, defaultConfig());
        assert.ok(facts, 'the engine reads it as a template');
        assert.deepEqual(facts.problems, []);
        assert.equal(facts.resources.length, count);
      });
    }
  }

  it('YAML uses short-form tags and is split into one chunk per resource', () => {
    const g = load()(100);
    assert.match(g.text, /: !Ref \w/);
    assert.match(g.text, /: !GetAtt \w+\.\w+/);
    assert.match(g.text, /: !Sub '/);
    assert.match(g.text, /: !If \[/);
    const chunks = splitTemplate(g.text);
    assert.ok(chunks, 'the chunked reader can split it (no whole-file fallback)');
    assert.equal(chunks.filter((c) => c.section === 'Resources').length, 100);
  });

  it('has the multi-region mix, even at 10 resources', () => {
    const small = load()(10).types;
    for (const type of ['AWS::Route53::HealthCheck', 'AWS::Route53::RecordSet', 'AWS::DynamoDB::GlobalTable', 'AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::RDS::GlobalCluster', 'AWS::RDS::DBCluster', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::Lambda::Function']) {
      assert.ok(small[type], `10 resources include ${type}`);
    }
    const large = load()(1000).types;
    assert.ok(large['AWS::Route53::RecordSet'] >= 200, 'weighted, latency and failover records');
    assert.ok(large['AWS::SecretsManager::Secret'] && large['AWS::ElastiCache::ReplicationGroup']);
  });

  for (const format of ['yaml', 'json'] as const) {
    it(`${format}: the edit target is the end of a property value of a resource in the middle`, () => {
      const g = load()(100, { format });
      const { edit } = g;
      assert.ok(Math.abs(edit.resourceIndex - 50) <= 5);
      assert.ok(g.text.slice(edit.lineStart, edit.valueEnd).includes(edit.key));
      const typed = `${g.text.slice(0, edit.valueEnd)}xyz${g.text.slice(edit.valueEnd)}`;
      const facts = new Analyzer().update(`templates/t.${format}`, typed, defaultConfig())!;
      const resource = facts.resources.find((r) => r.logicalId === edit.logicalId)!;
      assert.match(String(resource.properties[edit.key]), /xyz$/);
      const line = format === 'json' ? `${edit.indent}"BenchNote": "x",\n` : `${edit.indent}BenchNote: x\n`;
      const added = new Analyzer().update(`templates/t.${format}`, g.text.slice(0, edit.lineStart) + line + g.text.slice(edit.lineStart), defaultConfig())!;
      assert.deepEqual(added.problems, []);
      assert.equal(added.resources.find((r) => r.logicalId === edit.logicalId)!.properties.BenchNote, 'x');
    });
  }

  it('is deterministic, and variants differ', () => {
    const generate = load();
    assert.equal(generate(50).text, generate(50).text);
    assert.notEqual(generate(50, { variant: 1 }).text, generate(50, { variant: 2 }).text);
  });
});
