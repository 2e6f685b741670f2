// The conditional-write quick fixes, proven on a DynamoDB-compatible engine: dynalite, started by
// this test on 127.0.0.1 (a free port) and stopped in after(). The module under test is
// test/fixtures/fixes/dynalite/orders.ts; its fixed text comes from the engine's own findings and
// `fixesFor`, and is kept as orders.fixed.ts (UPDATE_SNAPSHOTS=1 rewrites it) so that it is
// type-checked with the other fixtures.
//   Update: two writers read the same order, then both append a line. Unfixed, the first line is
//   silently lost; fixed, the stale writer gets ConditionalCheckFailedException and, after it reads
//   again, both lines are kept.
//   Create-only put: a second create of the same order replaces the first unfixed, and fails fixed.
// The writers interleave through promises (each one's write waits for a signal), never sleeps.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import ts from 'typescript';
import type { TextEdit } from '../../server/src/engine/fix';
import { fixesFor } from '../../server/src/engine/fixes';
import { analyzeDocs, FIXTURES, readFixture } from '../helpers';

const DIR = path.join(FIXTURES, 'fixes', 'dynalite');
const MODULE = path.join(DIR, 'orders.ts');
const FIXED = path.join(DIR, 'orders.fixed.ts');
const TABLE = 'orders';

/** What orders.ts exports; a writer gets any object with the client's `send`. */
interface Orders {
  addLine(doc: Sender, orderId: string, line: string): Promise<void>;
  createOrder(client: Sender, orderId: string, customer: string): Promise<void>;
}
interface Sender {
  send(command: object): Promise<unknown>;
}

const dynalite = require('dynalite') as (options: Record<string, number>) => Server;

describe('conditional writes on dynalite', () => {
  let server: Server;
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;
  let original: Orders;
  let fixed: Orders;

  before(async () => {
    server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    doc = DynamoDBDocumentClient.from(client);
    await client.send(new CreateTableCommand({ TableName: TABLE, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }] }));
    const text = fs.readFileSync(MODULE, 'utf8');
    const fixedText = await applyQuickFixes(text);
    if (process.env.UPDATE_SNAPSHOTS) fs.writeFileSync(FIXED, fixedText);
    assert.equal(fixedText, fs.readFileSync(FIXED, 'utf8'), 'orders.fixed.ts is the module after the quick fixes');
    original = load(text);
    fixed = load(fixedText);
  });

  after(async () => {
    client?.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const linesOf = async (orderId: string) => ((await doc.send(new GetCommand({ TableName: TABLE, Key: { orderId } }))).Item?.lines as string[]);

  it('before the fix: of two writers that read the same order, the first update is silently lost', async () => {
    await doc.send(new PutCommand({ TableName: TABLE, Item: { orderId: 'o-unfixed', lines: [] } }));
    const [first, second] = await race(original, doc, 'o-unfixed');
    assert.equal(first.status, 'fulfilled');
    assert.equal(second.status, 'fulfilled', 'the stale writer gets no error');
    assert.deepEqual(await linesOf('o-unfixed'), ['pear'], "only the second writer's line is left");
  });

  it('after the fix: the stale writer gets ConditionalCheckFailedException and no update is lost', async () => {
    await doc.send(new PutCommand({ TableName: TABLE, Item: { orderId: 'o-fixed', lines: [] } }));
    const [first, second] = await race(fixed, doc, 'o-fixed');
    assert.equal(first.status, 'fulfilled');
    assert.equal(second.status, 'rejected');
    assert.equal((second as PromiseRejectedResult).reason?.name, 'ConditionalCheckFailedException');
    assert.deepEqual(await linesOf('o-fixed'), ['apple']);
    // The stale writer reads again and retries: both lines are kept.
    await fixed.addLine(doc, 'o-fixed', 'pear');
    assert.deepEqual(await linesOf('o-fixed'), ['apple', 'pear']);
  });

  it('before the fix: a second create of the same order silently replaces the first', async () => {
    await original.createOrder(client, 'c-unfixed', 'alice');
    await original.createOrder(client, 'c-unfixed', 'bob');
    const item = (await doc.send(new GetCommand({ TableName: TABLE, Key: { orderId: 'c-unfixed' } }))).Item;
    assert.equal(item?.customer, 'bob');
  });

  it('after the create-only fix: a second create fails with ConditionalCheckFailedException', async () => {
    await fixed.createOrder(client, 'c-fixed', 'alice');
    await assert.rejects(fixed.createOrder(client, 'c-fixed', 'bob'), { name: 'ConditionalCheckFailedException' });
    const item = (await doc.send(new GetCommand({ TableName: TABLE, Key: { orderId: 'c-fixed' } }))).Item;
    assert.equal(item?.customer, 'alice');
  });
});

/**
 * Two writers append to the same order: both read it, then the first writes, then the second (which
 * read before the first wrote). Each writer's client holds its write until told to go.
 */
async function race(orders: Orders, doc: DynamoDBDocumentClient, orderId: string): Promise<PromiseSettledResult<void>[]> {
  const a = gate(doc);
  const b = gate(doc);
  const first = orders.addLine(a.client, orderId, 'apple');
  const second = orders.addLine(b.client, orderId, 'pear');
  const settled = Promise.allSettled([first, second]);
  // A writer that fails before its read would never signal: then the race ends with its error.
  await Promise.race([Promise.all([a.read, b.read]), Promise.all([first, second])]);
  a.go();
  await first.catch(() => undefined);
  b.go();
  return settled;
}

function gate(doc: DynamoDBDocumentClient): { client: Sender; read: Promise<void>; go: () => void } {
  let readDone!: () => void;
  let go!: () => void;
  const read = new Promise<void>((resolve) => (readDone = resolve));
  const released = new Promise<void>((resolve) => (go = resolve));
  const client: Sender = {
    async send(command) {
      if (command.constructor.name === 'GetCommand') {
        const out = await doc.send(command as GetCommand);
        readDone();
        return out;
      }
      await released;
      return doc.send(command as never);
    },
  };
  return { client, read, go };
}

/** orders.ts after its two findings' quick fixes: optimistic locking on the update, create-only on the put. */
async function applyQuickFixes(text: string): Promise<string> {
  const docs = readFixture(DIR);
  delete docs['orders.fixed.ts'];
  let current = text;
  for (const [operation, pick] of [['UpdateItem', 'Update only'], ['PutItem', 'Create only']]) {
    const { findings } = await analyzeDocs({ ...docs, 'orders.ts': current });
    const finding = findings.find((f) => f.ruleId === 'unconditional-global-write' && f.data?.operation === operation);
    assert.ok(finding, `unconditional-global-write fires on the ${operation}`);
    const fix = fixesFor({ finding, text: (f) => (f === 'orders.ts' ? current : docs[f]) }).find((f) => f.title.startsWith(pick));
    assert.ok(fix, `a "${pick}" fix is offered`);
    current = applyEdits(current, fix.changes[0].edits);
  }
  const { findings } = await analyzeDocs({ ...docs, 'orders.ts': current });
  assert.deepEqual(findings.filter((f) => f.ruleId === 'unconditional-global-write').map((f) => f.message), [], 'the rule is silent on the fixed module');
  return current;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line] + p.character;
  return [...edits].sort((x, y) => offset(y.range.start) - offset(x.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

/** Compiles a TypeScript module's text to CommonJS and runs it, resolving packages from the fixture's folder. */
function load(text: string): Orders {
  const js = ts.transpileModule(text, { fileName: MODULE, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const mod = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', js)(mod.exports, createRequire(MODULE), mod);
  return mod.exports as unknown as Orders;
}
