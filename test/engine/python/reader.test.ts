// The Python reader: tree-sitter parsing (incremental re-parse equals a fresh parse), UTF-16 ranges
// on non-ASCII text, half-typed code, and the boto3 facts it gives the rules.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { Analyzer } from '../../../server/src/engine/analyze';
import { defaultConfig } from '../../../server/src/engine/config';
import { initPython } from '../../../server/src/engine/sources/python';

const HANDLER = `import os
import boto3
from boto3.dynamodb.conditions import Attr as A

NAME = f"{os.environ['STAGE']}-orders"
table = boto3.resource('dynamodb').Table(os.getenv('ORDERS_TABLE', 'orders'))
client = boto3.client('dynamodb', region_name='eu-west-1')
SEEN = set()


def handler(event, context):
    note = 'héllo 😀'
    SEEN.add(event['id'])
    table.put_item(Item={'pk': event['id'], 'note': note}, ConditionExpression=A('pk').not_exists())
    client.update_item(TableName='orders', Key={'pk': {'S': event['id']}}, UpdateExpression='ADD hits :one')
    client.transact_write_items(TransactItems=[
        {'Put': {'TableName': 'audit', 'Item': {'pk': {'S': 'x'}}}},
        {'Delete': {'TableName': 'orders', 'Key': {'pk': {'S': 'y'}}, 'ConditionExpression': 'version = :v'}},
    ])
`;

const summary = (a: Analyzer, text: string) => {
  a.update('app.py', text);
  const r = a.run(defaultConfig());
  return JSON.stringify({ resources: r.model.resources.map((x) => [x.logicalId, x.type, x.properties, x.range]), findings: r.findings.map((f) => [f.ruleId, f.range, f.message]) });
};

describe('Python reader', () => {
  before(() => initPython());

  it('reads boto3 writes: conditions as Attr objects and strings, table names from the environment, transactions', () => {
    const a = new Analyzer();
    a.update('app.py', HANDLER);
    const writes = a.run(defaultConfig()).model.resources.filter((r) => r.type === 'Code::DynamoDB::Write');
    const props = writes.map((w) => [w.logicalId, w.properties.TableName, w.properties.HasCondition, w.properties.ConditionExpression ?? null]);
    assert.deepEqual(props, [
      ['PutItem@14:11', { EnvVar: 'ORDERS_TABLE' }, true, 'attribute_not_exists(pk)'],
      ['UpdateItem@15:12', 'orders', false, null],
      ['TransactWriteItems@16:12[0]', 'audit', false, null],
      ['TransactWriteItems@16:12[1]', 'orders', true, 'version = :v'],
    ]);
    assert.equal(writes[1].properties.Increments, true);
    assert.equal(writes[1].properties.ClientRegion, 'eu-west-1');
  });

  it('ranges count UTF-16 units, as the editor does, after non-ASCII text', () => {
    const a = new Analyzer();
    const text = HANDLER.replace("    SEEN.add(event['id'])", "    SEEN.add(event['id']); x = '😀😀'; SEEN.add(1)");
    a.update('app.py', text);
    const seen = a.run(defaultConfig()).model.resources.find((r) => r.type === 'Code::State::ModuleCollection');
    assert.equal(seen?.properties.writes, 2);
    const put = a.run(defaultConfig()).model.resources.find((r) => r.logicalId.startsWith('PutItem'))!;
    const line = text.split('\n')[put.range.start.line];
    assert.equal(line.slice(put.range.start.character, put.range.start.character + 8), 'put_item');
  });

  it('an incremental re-parse after any edit gives the same facts as a fresh parse (fast-check, fixed seed)', () => {
    const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), ins: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("'", '(', ')', ':', '\n    ', 'put_item(', '😀', '#', '"""')) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const incremental = new Analyzer();
        summary(incremental, HANDLER);
        let text = HANDLER;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          assert.equal(summary(incremental, text), summary(new Analyzer(), text));
        }
      }),
      { seed: 20261128, numRuns: 150 },
    );
  });

  it('typing a write character by character never throws, and the finished line is read', () => {
    const a = new Analyzer();
    const line = "    table.delete_item(Key={'pk': event['id']})\n";
    const base = HANDLER;
    for (let i = 0; i <= line.length; i++) summary(a, base + line.slice(0, i));
    const done = a.run(defaultConfig()).model.resources.filter((r) => r.properties.Operation === 'DeleteItem');
    assert.equal(done.length, 1);
    assert.equal(done[0].properties.HasCondition, false);
  });

  it('memory stays flat over 1,000 incremental edits (old trees are freed)', () => {
    const a = new Analyzer();
    summary(a, HANDLER);
    const rss0 = process.memoryUsage().rss;
    for (let i = 0; i < 1000; i++) a.update('app.py', HANDLER.replace('orders', `orders${i % 7}`) + `# ${i}\n`);
    const grown = (process.memoryUsage().rss - rss0) / 1024 / 1024;
    assert.ok(grown < 60, `RSS grew ${grown.toFixed(1)} MB`);
  });
});
