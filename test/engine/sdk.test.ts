// The SDK reader (application code -> DynamoDB write facts) and table identity (write -> table).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../server/src/engine/config';
import { buildModel } from '../../server/src/engine/link';
import type { FileFacts, Value } from '../../server/src/engine/model';
import { readCloudFormation } from '../../server/src/engine/sources/cloudformation';
import { parseSource } from '../../server/src/engine/sources/cdk/tsapi';
import { readSdkFacts } from '../../server/src/engine/sources/sdk';
import { incrementedAttributes, checksVersion } from '../../server/src/engine/sources/sdk/expressions';
import { linkWrites, writeLinks } from '../../server/src/engine/tables';

function read(text: string, file = 'app.ts'): FileFacts | undefined {
  return readSdkFacts(file, parseSource(file, text));
}

/** The writes of a file as `Operation TableName HasCondition` lines, plus chosen properties. */
function writes(text: string, file = 'app.ts', extra: string[] = []): string[] {
  return (read(text, file)?.resources ?? []).map((r) => {
    const p = r.properties;
    const parts = [String(p.Operation), JSON.stringify(p.TableName), `cond=${String(p.HasCondition)}`, String(p.Sdk)];
    for (const k of extra) if (p[k] !== undefined) parts.push(`${k}=${JSON.stringify(p[k])}`);
    return parts.join(' ');
  });
}

const V3 = `import { DynamoDBClient, PutItemCommand, UpdateItemCommand, DeleteItemCommand, BatchWriteItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';\n`;
const LIB = `import { DynamoDBDocumentClient, PutCommand, UpdateCommand, DeleteCommand, BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';\n`;

describe('SDK reader: which calls are writes', () => {
  it('reads v3 commands sent inline or built first, with the client region', () => {
    const src = `${V3}const client = new DynamoDBClient({ region: 'eu-west-1' });
export async function f() {
  await client.send(new PutItemCommand({ TableName: 'a', Item: {} }));
  const cmd = new DeleteItemCommand({ TableName: 'a', Key: {}, ConditionExpression: 'attribute_exists(pk)' });
  await client.send(cmd);
}`;
    assert.deepEqual(writes(src, 'app.ts', ['ClientRegion']), ['PutItem "a" cond=false v3 ClientRegion="eu-west-1"', 'DeleteItem "a" cond=true v3 ClientRegion="eu-west-1"']);
  });

  it('reads document commands through DynamoDBDocumentClient.from, namespace imports and require', () => {
    const ns = `import * as lib from '@aws-sdk/lib-dynamodb';\nimport * as ddb from '@aws-sdk/client-dynamodb';\nconst doc = lib.DynamoDBDocumentClient.from(new ddb.DynamoDBClient({ region: 'us-west-2' }));\nexport const f = () => doc.send(new lib.UpdateCommand({ TableName: 't', Key: {}, UpdateExpression: 'SET a = :a' }));`;
    assert.deepEqual(writes(ns, 'app.ts', ['ClientRegion']), ['UpdateItem "t" cond=false v3-document ClientRegion="us-west-2"']);
    const cjs = `const { PutCommand: Put } = require('@aws-sdk/lib-dynamodb');\nmodule.exports = (c) => c.send(new Put({ TableName: 't', Item: {} }));`;
    assert.deepEqual(writes(cjs, 'app.js'), ['PutItem "t" cond=false v3-document']);
  });

  it('reads v2 DynamoDB and DocumentClient calls, with .promise() and callbacks', () => {
    const src = `const AWS = require('aws-sdk');
AWS.config.update({ region: 'ap-south-1' });
const doc = new AWS.DynamoDB.DocumentClient();
const ddb = new AWS.DynamoDB({ region: 'eu-west-2' });
exports.a = () => doc.put({ TableName: 't', Item: {} }).promise();
exports.b = (cb) => ddb.deleteItem({ TableName: 't', Key: {} }, cb);
exports.c = () => new AWS.DynamoDB.DocumentClient().update({ TableName: 't', Key: {}, UpdateExpression: 'ADD n :one' }).promise();`;
    assert.deepEqual(writes(src, 'app.js', ['ClientRegion']), ['PutItem "t" cond=false v2-document ClientRegion="ap-south-1"', 'DeleteItem "t" cond=false v2 ClientRegion="eu-west-2"', 'UpdateItem "t" cond=false v2-document ClientRegion="ap-south-1"']);
    const clients = `import DynamoDB from 'aws-sdk/clients/dynamodb';\nimport { DocumentClient } from 'aws-sdk/clients/dynamodb';\nconst a = new DynamoDB.DocumentClient();\nconst b = new DocumentClient();\nexport const f = () => { a.delete({ TableName: 't', Key: {} }); b.put({ TableName: 't', Item: {} }); };`;
    assert.deepEqual(writes(clients), ['DeleteItem "t" cond=false v2-document', 'PutItem "t" cond=false v2-document']);
  });

  it('follows clients kept on the class or built lazily', () => {
    const src = `${LIB}import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
class Repo {
  private readonly doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
  private other: DynamoDBDocumentClient;
  constructor() { this.other = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-2' })); }
  a() { return this.doc.send(new PutCommand({ TableName: 't', Item: {} })); }
  b() { return this.other.send(new PutCommand({ TableName: 't', Item: {} })); }
}
let lazy;
function client() { if (!lazy) lazy = new DynamoDBClient({ region: 'sa-east-1' }); return lazy; }
export const c = () => client().send(new PutCommand({ TableName: 't', Item: {} }));`;
    assert.deepEqual(read(src)?.resources.map((r) => r.properties.ClientRegion), ['eu-west-1', 'us-east-2', 'sa-east-1']);
  });

  it('ignores look-alikes: Map.delete, router.put, a local PutCommand class, type-only imports', () => {
    const src = `import type { PutCommand } from '@aws-sdk/lib-dynamodb';
import express from 'express';
const router = express.Router();
const cache = new Map();
class Put { constructor(readonly p: unknown) {} }
router.put('/items', (req, res) => { cache.delete(req.params.id); new Put({ TableName: 't', Item: {} }); });
const s3 = { put: (x: unknown) => x };
s3.put({ Bucket: 'b', Key: 'k' });`;
    assert.equal(read(src), undefined);
  });

  it('accepts a client from another module only for DynamoDB-shaped parameters', () => {
    const src = `import { db } from './db';\nexport const f = () => db.put({ TableName: 't', Item: {} }).promise();\nexport const g = () => db.put('key', 'value');`;
    assert.deepEqual(writes(src), ['PutItem "t" cond=false v2-document']);
  });

  it('skips tests and clients of DynamoDB Local', () => {
    const put = `${LIB}declare const doc: any;\nexport const f = () => doc.send(new PutCommand({ TableName: 't', Item: {} }));`;
    assert.equal(read(put, 'src/orders.test.ts'), undefined);
    assert.equal(read(put, '__tests__/orders.ts'), undefined);
    const local = `${V3}const c = new DynamoDBClient({ region: 'local', endpoint: 'http://localhost:8000' });\nexport const f = () => c.send(new PutItemCommand({ TableName: 't', Item: {} }));`;
    assert.equal(read(local), undefined);
  });

  it('returns undefined for code that writes no DynamoDB table', () => {
    assert.equal(read(`import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nnew S3Client({}).send(new PutObjectCommand({ Bucket: 'b', Key: 'k' }));`), undefined);
    assert.equal(read('export const x = 1;'), undefined);
  });
});

describe('SDK reader: parameters and table names', () => {
  it('resolves constants, process.env (dotted, indexed, destructured) and fallbacks', () => {
    const src = `${LIB}const doc = DynamoDBDocumentClient.from({} as never);
const NAME = 'orders';
const CONFIG = { table: process.env['CONFIG_TABLE'] };
const { DEST_TABLE } = process.env;
const A = process.env.A_TABLE || 'local-orders';
const prefix = process.env.STAGE;
export async function f(t: string) {
  await doc.send(new PutCommand({ TableName: NAME, Item: {} }));
  await doc.send(new PutCommand({ TableName: CONFIG.table, Item: {} }));
  await doc.send(new PutCommand({ TableName: DEST_TABLE, Item: {} }));
  await doc.send(new PutCommand({ TableName: A, Item: {} }));
  await doc.send(new PutCommand({ TableName: \`\${prefix}-orders\`, Item: {} }));
  await doc.send(new PutCommand({ TableName: t, Item: {} }));
  await doc.send(new PutCommand({ TableName: \`app-\${NAME}\`, Item: {} }));
}`;
    assert.deepEqual(
      read(src)?.resources.map((r) => r.properties.TableName),
      ['orders', { EnvVar: 'CONFIG_TABLE' }, { EnvVar: 'DEST_TABLE' }, { EnvVar: 'A_TABLE' }, { Unknown: '`${prefix}-orders`' }, { Unknown: 't' }, 'app-orders'],
    );
  });

  it('reads parameters from a const, a same-file helper (with its arguments) and later assignments', () => {
    const src = `${LIB}declare const doc: any;
function base(table: string) { return { TableName: table, ReturnValues: 'NONE' }; }
const withCondition = (p: object) => ({ ...p, ConditionExpression: 'attribute_not_exists(pk)' });
export async function f(opts: object) {
  await doc.send(new PutCommand({ ...base('orders'), Item: {} }));
  await doc.send(new PutCommand(withCondition({ TableName: 'orders', Item: {} })));
  const params: any = { TableName: 'orders', Item: {} };
  params.ConditionExpression = 'attribute_not_exists(pk)';
  await doc.send(new PutCommand(params));
  const merged = Object.assign({ TableName: 'orders' }, { Item: {} });
  await doc.send(new PutCommand(merged));
  await doc.send(new PutCommand({ TableName: 'orders', Item: {}, ...opts }));
}`;
    assert.deepEqual(writes(src), [
      'PutItem "orders" cond=false v3-document',
      'PutItem "orders" cond=true v3-document',
      'PutItem "orders" cond=true v3-document',
      'PutItem "orders" cond=false v3-document',
      // An unknown spread may carry a condition: the reader does not say "no".
      'PutItem "orders" cond=null v3-document',
    ]);
  });

  it('follows a reassigned variable to the assignment the call sees, and gives up after a branch', () => {
    const src = `const AWS = require('aws-sdk');
const doc = new AWS.DynamoDB.DocumentClient();
exports.f = (id, x) => {
  var params = { TableName: 'wiki', Key: { id } };
  doc.update(params);
  params = { TableName: 'history', Item: { id } };
  doc.put(params);
  if (x) params = { TableName: 'other', Item: { id } };
  doc.put(params);
};`;
    assert.deepEqual(read(src, 'app.js')?.resources.map((r) => r.properties.TableName), ['wiki', 'history', { Unknown: 'params' }]);
  });

  it('ignores placeholder regions and v2 clients that AWS.config points at DynamoDB Local', () => {
    const placeholder = `const AWS = require('aws-sdk');\nconst ddb = new AWS.DynamoDB({ region: 'REGION' });\nddb.putItem({ TableName: 't', Item: {} });`;
    assert.equal(read(placeholder, 'a.js')?.resources[0].properties.ClientRegion, undefined);
    const local = `const AWS = require('aws-sdk');\nAWS.config.update({ region: 'us-west-2', endpoint: 'http://localhost:8000' });\nnew AWS.DynamoDB.DocumentClient().put({ TableName: 't', Item: {} });`;
    assert.equal(read(local, 'a.js'), undefined);
  });

  it('keeps one write per transaction item and per batch table, each with its own table and condition', () => {
    const src = `${LIB}declare const doc: any;
const T = process.env.T;
export async function f(items: any[]) {
  await doc.send(new TransactWriteCommand({ TransactItems: [
    { Put: { TableName: T, Item: {}, ConditionExpression: 'attribute_not_exists(pk)' } },
    { ConditionCheck: { TableName: T, Key: {}, ConditionExpression: 'attribute_exists(pk)' } },
    { Update: { TableName: 'audit', Key: {}, UpdateExpression: 'ADD n :one' } },
  ] }));
  await doc.send(new BatchWriteCommand({ RequestItems: { [T!]: items, audit: [{ DeleteRequest: { Key: {} } }] } }));
  await doc.send(new TransactWriteCommand({ TransactItems: items.map((i) => ({ Put: i })) }));
}`;
    const facts = read(src)!.resources;
    assert.deepEqual(
      facts.map((r) => `${r.logicalId} ${r.properties.Action ?? ''} ${JSON.stringify(r.properties.TableName)} ${String(r.properties.HasCondition)}`),
      [
        'TransactWriteItems@5:18[0] Put {"EnvVar":"T"} true',
        'TransactWriteItems@5:18[2] Update "audit" false',
        'BatchWriteItem@10:18[0]  {"EnvVar":"T"} false',
        'BatchWriteItem@10:18[1]  "audit" false',
        'TransactWriteItems@11:18  {"Unknown":"{ TransactItems: items.map((i) => ({ Put: i })) }"} null',
      ],
    );
    assert.equal(facts[1].properties.Increments, true);
    assert.equal(facts[3].properties.Requests, 1);
  });

  it('records increments and whether the condition checks a version', () => {
    const src = `${LIB}declare const doc: any;
export async function f(field: string) {
  await doc.send(new UpdateCommand({ TableName: 't', Key: {}, UpdateExpression: 'SET #c = #c + :n', ExpressionAttributeNames: { '#c': 'count' } }));
  await doc.send(new UpdateCommand({ TableName: 't', Key: {}, UpdateExpression: 'SET a = :a', ConditionExpression: '#v = :v' }));
  await doc.send(new UpdateCommand({ TableName: 't', Key: {}, UpdateExpression: \`ADD \${field} :n\`, ConditionExpression: 'attribute_exists(pk)' }));
}`;
    const facts = read(src)!.resources.map((r) => r.properties);
    assert.deepEqual(facts.map((p) => [p.Increments, p.IncrementAttributes, p.VersionCondition] as Value[]), [
      [true, ['count'], undefined] as unknown as Value[],
      [false, undefined, true] as unknown as Value[],
      [true, ['?'], false] as unknown as Value[],
    ]);
  });

  it('records item attributes set to a freshly generated id', () => {
    const src = `${V3}import { v4 as uuid } from 'uuid';
declare const client: any;
const id = uuid();
export const f = (x: string) => Promise.all([
  client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: uuid() }, sk: { S: x } } })),
  client.send(new PutItemCommand({ TableName: 't', Item: { id, ref: \`r#\${crypto.randomUUID()}\`, at: String(Date.now()) } })),
]);`;
    assert.deepEqual(read(src)?.resources.map((r) => r.properties.GeneratedKeys), [['pk'], ['id', 'ref']]);
    const mutated = `${LIB}import { v4 } from 'uuid';\ndeclare const doc: any;\nexport const f = (body: string) => {\n  const item = JSON.parse(body);\n  item[process.env.PRIMARY_KEY!] = v4();\n  return doc.send(new PutCommand({ TableName: 't', Item: item }));\n};`;
    assert.deepEqual(read(mutated)?.resources[0].properties.GeneratedKeys, [{ EnvVar: 'PRIMARY_KEY' }]);
  });

  it('keeps ranges for the call, the table name and the parameters', () => {
    const src = `${LIB}declare const doc: any;\nexport const f = () =>\n  doc.send(new PutCommand({\n    TableName: 'orders',\n    Item: {},\n  }));`;
    const facts = read(src)!;
    const w = facts.resources[0];
    assert.deepEqual(w.range, { start: { line: 3, character: 11 }, end: { line: 3, character: 25 } });
    assert.deepEqual(facts.rangeOf([...w.propertiesPath, 'TableName']), { start: { line: 4, character: 4 }, end: { line: 4, character: 23 } });
    assert.deepEqual(facts.rangeOf([...w.propertiesPath, 'Params']).start, { line: 3, character: 26 });
  });
});

describe('expressions', () => {
  it('finds increments in update expressions', () => {
    assert.deepEqual(incrementedAttributes('ADD views :one, tags :t SET a = :a'), ['views', 'tags']);
    assert.deepEqual(incrementedAttributes('SET #n = if_not_exists(#n, :zero) + :one, b = :b'), ['#n']);
    assert.deepEqual(incrementedAttributes('set total = :delta + total remove old'), ['total']);
    assert.deepEqual(incrementedAttributes('SET items = list_append(items, :i), a = b + :n'), []);
  });

  it('tells version conditions from existence checks', () => {
    assert.equal(checksVersion('#v = :expected', {}), true);
    assert.equal(checksVersion('attribute_not_exists(pk) OR #u < :now', { '#u': 'updatedAt' }), true);
    assert.equal(checksVersion('attribute_exists(pk)', {}), false);
    assert.equal(checksVersion('stock >= :qty', {}), false);
    assert.equal(checksVersion('#s <> :done', {}), false);
  });
});

describe('table identity', () => {
  const template = `Resources:
  Orders:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      TableName: orders
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      Replicas: [{ Region: us-east-1 }, { Region: eu-west-1 }]
  Audit:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub '\${AWS::StackName}-audit'
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: handlers/orders.handler
      Environment:
        Variables:
          TABLE: !Ref Orders
          ARN: !GetAtt Orders.Arn
          AUDIT: !Ref Audit
  Other:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          TABLE: !Ref Audit
`;
  const code = `${LIB}declare const doc: any;
export async function f() {
  await doc.send(new PutCommand({ TableName: process.env.TABLE, Item: {} }));
  await doc.send(new PutCommand({ TableName: process.env.ARN, Item: {} }));
  await doc.send(new PutCommand({ TableName: 'orders', Item: {} }));
  await doc.send(new PutCommand({ TableName: 'prod-audit', Item: {} }));
  await doc.send(new PutCommand({ TableName: 'nope', Item: {} }));
  await doc.send(new PutCommand({ TableName: process.env.UNSET, Item: {} }));
}`;
  const model = (codeFile: string) => {
    const cfn = readCloudFormation('stack/template.yaml', template).facts;
    return buildModel([cfn, readSdkFacts(codeFile, parseSource(codeFile, code))!], defaultConfig());
  };

  it('resolves literals, ARNs in the environment, and the env of the function that runs the file', () => {
    const m = model('stack/src/handlers/orders.ts');
    linkWrites(m);
    assert.deepEqual(
      writeLinks(m).map((l) => l.write.properties.ResolvedTable),
      ['stack/template.yaml#Orders', 'stack/template.yaml#Orders', 'stack/template.yaml#Orders', 'stack/template.yaml#Audit', null, null],
    );
    assert.equal(writeLinks(m)[0].runners.map((r) => r.logicalId).join(), 'Fn');
    assert.match(String(writeLinks(m)[4].write.properties.TableResolution), /^unknown: no table named 'nope'/);
    const edges = m.edges.filter((e) => e.kind === 'writes');
    assert.equal(edges.length, 4);
    assert.deepEqual(edges[0], { kind: 'writes', from: writeLinks(m)[0].write.id, to: 'stack/template.yaml#Orders', label: 'PutItem' });
    linkWrites(m);
    assert.equal(m.edges.filter((e) => e.kind === 'writes').length, 4, 'linking twice adds no edges');
  });

  it('says unknown when functions that could run the code set the variable to different tables', () => {
    const m = model('elsewhere/app.ts');
    const first = writeLinks(m)[0];
    assert.equal(first.table, undefined);
    assert.match(first.via, /does not name exactly one table/);
    assert.deepEqual(first.runners.map((r) => r.logicalId), ['Fn', 'Other']);
  });
});
