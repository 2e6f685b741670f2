// The boto3 conditional-write fixes, proven with boto3 itself against dynalite (a DynamoDB-compatible
// engine on 127.0.0.1): the engine finds the unconditional writes in
// test/fixtures/fixes/dynalite-python/orders.py, its quick fixes rewrite them, and race.py runs two
// writers that read the same version. Before the fix the second silently overwrites the first; after
// it, the stale writer gets ConditionalCheckFailedException. Needs a python3 with boto3 (Debian's
// python3-boto3; .ci/run installs it); without one the test is skipped locally and fails in CI.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Finding } from '../../../server/src/engine/rule';
import { fixesFor } from '../../../server/src/engine/fixes';
import { applyTextEdits } from '../../../server/src/engine/fixes/text';
import { analyzeDocs, checkSnapshot, FIXTURES, readFixture } from '../../helpers';

const DIR = path.join(FIXTURES, 'fixes', 'dynalite-python');
// Asynchronous: dynalite runs in this process and must keep answering while Python waits on it.
const run = promisify(execFile);

function findPython(): string | undefined {
  for (const bin of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(bin, ['-c', 'import boto3'], { encoding: 'utf8' });
    if (r.status === 0) return bin;
  }
  return undefined;
}

const python = findPython();
if (!python && process.env.CI) throw new Error('CI needs a python3 with boto3 (apt install python3-boto3)');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, number>) => Server;

describe('boto3 conditional writes on dynalite', { skip: python ? false : 'no python3 with boto3 (apt install python3-boto3)' }, () => {
  let server: Server;
  let endpoint: string;
  let tmp: string;
  let fixedText: string;
  const docs = readFixture(DIR);
  const writes = async (text: string) => (await analyzeDocs({ ...docs, 'orders.py': text })).findings.filter((f) => f.ruleId === 'unconditional-global-write' && f.file === 'orders.py');

  const applyFix = (text: string, finding: Finding, title: RegExp): string => {
    const fix = fixesFor({ finding, text: (f) => (f === 'orders.py' ? text : docs[f]) }).find((f) => title.test(f.title));
    assert.ok(fix, `a fix matching ${title} for line ${finding.range.start.line + 1}`);
    return applyTextEdits(text, fix.changes[0].edits);
  };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-boto3-'));
    server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    await run(python!, ['-c', `import boto3; boto3.client('dynamodb', endpoint_url='${endpoint}').create_table(TableName='orders', BillingMode='PAY_PER_REQUEST', AttributeDefinitions=[{'AttributeName': 'orderId', 'AttributeType': 'S'}], KeySchema=[{'AttributeName': 'orderId', 'KeyType': 'HASH'}])`], { env: env(), timeout: 30_000 });
  });

  after(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function env(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: tmp, AWS_ACCESS_KEY_ID: 'fake', AWS_SECRET_ACCESS_KEY: 'fake', AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', ORDERS_TABLE: 'orders', DYNAMODB_ENDPOINT: endpoint };
  }

  async function race(moduleText: string, orderId: string, fixed: boolean): Promise<{ results: string[]; name: string; version: number }> {
    const file = path.join(tmp, `${orderId}.py`);
    fs.writeFileSync(file, moduleText);
    const { stdout } = await run(python!, [path.join(DIR, 'race.py'), file, orderId, fixed ? 'fixed' : 'unfixed'], { env: env(), encoding: 'utf8', timeout: 30_000 });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  }

  it('finds the three unconditional writes, and the fixes rewrite them into valid Python', async () => {
    const text = docs['orders.py'];
    const found = await writes(text);
    assert.deepEqual(found.map((f) => f.range.start.line + 1), [11, 19, 23]);
    // Apply the locking fix to each write, one at a time, from the bottom up so earlier ranges hold.
    let next = text;
    for (const f of [...found].reverse()) next = applyFix(next, f, /version is unchanged/);
    fixedText = next;
    checkSnapshot(path.join(DIR, 'orders.fixed.py'), fixedText);
    const compiled = spawnSync(python!, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: fixedText, encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);
    assert.deepEqual(await writes(fixedText), [], 'no unconditional write is left');
  });

  it('the create-only fix for put_item names the partition key', async () => {
    const put = (await writes(docs['orders.py'])).find((f) => f.range.start.line + 1 === 19)!;
    const fixed = applyFix(docs['orders.py'], put, /Create only/);
    assert.match(fixed, /table\.put_item\(Item=\{'orderId': order_id, 'customerName': name\}, ConditionExpression='attribute_not_exists\(#pk\)', ExpressionAttributeNames=\{'#pk': 'orderId'\}\)/);
  });

  it('before the fix: two writers that read the same version both succeed, and the first rename is lost', async () => {
    const r = await race(docs['orders.py'], 'o-unfixed', false);
    assert.deepEqual(r.results, ['ok', 'ok']);
    assert.equal(r.name, 'Edsger');
  });

  it('after the fix: the stale writer gets ConditionalCheckFailedException and the version moves on', async () => {
    assert.ok(fixedText, 'the fix test ran first');
    const r = await race(fixedText, 'o-fixed', true);
    assert.deepEqual(r.results, ['ok', 'ConditionalCheckFailedException']);
    assert.equal(r.name, 'Grace');
    assert.equal(r.version, 2);
  });
});
