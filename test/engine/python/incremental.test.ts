// The Python application-code reader between edits: it replays the facts of the top-level statements
// an edit left alone (moved to their new lines) and walks the others. Whatever it reuses, the facts
// after any sequence of edits must equal those of a fresh read of the same text, positions included.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../../../server/src/engine/config';
import type { FileFacts } from '../../../server/src/engine/model';
import { initPython, type PyState, readPython } from '../../../server/src/engine/sources/python';

// Facts that reach across statements: a handler names a region and a table defined further down,
// a batch binds a name that a later function writes through, module collections are written from
// several handlers (one fact, counted over all of them), and a session setting sits at the end.
const SOURCE = `import os
import boto3
from boto3 import client as make_client
from boto3.dynamodb.conditions import Attr

SEEN = {}
EVENTS = []


def first_handler(event, context):
    SEEN[event["id"]] = True
    dynamo = make_client("dynamodb", region_name=HOME)
    dynamo.put_item(TableName="orders", Item={"pk": {"S": event["id"]}})


def batch_handler(event, context):
    with ORDERS.batch_writer() as batch:
        for item in event["items"]:
            batch.put_item(Item=item)


def later_handler(event, context):
    EVENTS.append(event)
    ORDERS.update_item(
        Key={"pk": event["id"]},
        UpdateExpression="SET n = n + :one",
        ConditionExpression=Attr("version").eq(event["version"]),
        ExpressionAttributeValues={":one": 1},
    )
    with open("/var/data/" + event["id"], "w") as f:
        f.write("x")


class Store:
    def save_it(self, item):
        ORDERS.delete_item(Key={"pk": item["pk"]})


def plain(x):
    return x + 1


HOME = "eu-west-1"
ORDERS = boto3.resource("dynamodb", region_name=HOME).Table(os.environ["ORDERS_TABLE"])
SESSION_TYPE = "filesystem"
`;

const FILE = 'app/handlers.py';
/** Property paths whose ranges the code facts record. */
const KEYS = ['ClientRegion', 'Params', 'TableName', 'ConditionExpression', 'UpdateExpression', 'Region', 'Write', 'Store'];

/** Everything a read produced, ranges of properties included, as plain data. */
function view(facts: FileFacts | undefined): unknown {
  if (!facts) return undefined;
  return {
    resources: facts.resources.map((r) => ({ id: r.id, type: r.type, properties: r.properties, range: r.range, ranges: KEYS.map((k) => facts.rangeOf([...r.propertiesPath, k])) })),
    problems: facts.problems,
    suppressions: facts.suppressions,
  };
}

/** Reads a sequence of texts as an editor sends them: each read gets the previous read's state. */
class Session {
  state: PyState | undefined;
  read(text: string): { facts?: FileFacts; reused: number } {
    const r = readPython(FILE, text, defaultConfig(), this.state);
    this.state = r?.state;
    return { facts: r?.facts, reused: r?.state?.code?.reused ?? 0 };
  }
}

const fresh = (text: string) => readPython(FILE, text, defaultConfig())?.facts;

describe('Python code reader, incremental', () => {
  before(() => initPython());

  it('a line added above a handler moves its facts and ids one line down and keeps the ranges that point above it', () => {
    const s = new Session();
    const before = s.read(SOURCE).facts!;
    const at = SOURCE.indexOf('def later_handler');
    const text = `${SOURCE.slice(0, at)}# a note\n${SOURCE.slice(at)}`;
    const after = s.read(text);
    assert.deepEqual(view(after.facts), view(fresh(text)));
    // The statements that name a trigger word (imports of client, module assignments, handlers and
    // the class; not the batch statement, walked every time): the edit left all nine alone.
    assert.equal(after.reused, 9);
    const ids = (f: FileFacts) => f.resources.map((r) => r.logicalId);
    assert.ok(ids(before).includes('UpdateItem@24:12'), ids(before).join(' '));
    assert.ok(ids(after.facts!).includes('UpdateItem@25:12'), ids(after.facts!).join(' '));
    assert.ok(ids(after.facts!).includes('PutItem@13:12'), 'a write above the new line keeps its id');
    // The first handler's client region points at HOME, which is below the new line: it moves too.
    const put = after.facts!.resources.find((r) => r.logicalId === 'PutItem@13:12')!;
    assert.equal(put.properties.ClientRegion, 'eu-west-1');
    const region = after.facts!.rangeOf([...put.propertiesPath, 'ClientRegion']);
    assert.equal(text.split('\n')[region.start.line].slice(region.start.character, region.end.character), '"eu-west-1"');
  });

  it('typing inside one handler walks that handler again and replays the others', () => {
    const s = new Session();
    s.read(SOURCE);
    const at = SOURCE.indexOf('/var/data/') + '/var/data/'.length;
    let text = SOURCE;
    [...'tmp/'].forEach((ch, i) => {
      text = text.slice(0, at + i) + ch + text.slice(at + i);
      const r = s.read(text);
      assert.deepEqual(view(r.facts), view(fresh(text)));
      assert.equal(r.reused, 8);
    });
    const file = s.read(text).facts!.resources.find((r) => r.type === 'Code::State::LocalFile');
    assert.equal(file?.properties.target, '"/var/data/tmp/" + event["id"]');
  });

  it('an edit of a module-level assignment reads every statement again', () => {
    const s = new Session();
    s.read(SOURCE);
    const text = SOURCE.replace('HOME = "eu-west-1"', 'HOME = "eu-central-1"');
    const r = s.read(text);
    assert.equal(r.reused, 0);
    assert.deepEqual(view(r.facts), view(fresh(text)));
    const put = r.facts!.resources.find((x) => x.logicalId === 'PutItem@13:12');
    assert.equal(put?.properties.ClientRegion, 'eu-central-1');
  });

  it('a statement whose facts point into the edited span is read again, even when its text and the context are unchanged', () => {
    const base = 'import boto3\n\n\ndef a(event, context):\n    boto3.client("dynamodb", region_name=R).put_item(TableName="t", Item={})\n\n\ndef pad():\n    return 1\n\n\nR = "eu-west-1"\n\n\ndef tail():\n    return 2\n';
    const s = new Session();
    s.read(base);
    // One replacement from inside pad() to inside tail() that keeps R's line but moves it down two lines.
    const from = base.indexOf('return 1');
    const to = base.indexOf('return 2') + 'return 2'.length;
    const text = `${base.slice(0, from)}return 10\n\n\n\n\nR = "eu-west-1"\n\n\ndef tail():\n    return 20${base.slice(to)}`;
    const r = s.read(text);
    assert.deepEqual(view(r.facts), view(fresh(text)));
    const put = r.facts!.resources.find((x) => x.type === 'Code::DynamoDB::Write')!;
    const region = r.facts!.rangeOf([...put.propertiesPath, 'ClientRegion']);
    assert.equal(region.start.line, 13);
  });

  it('the model linking a replayed write does not leak into the next read', () => {
    const s = new Session();
    const first = s.read(SOURCE).facts!;
    for (const r of first.resources) r.properties.ResolvedTable = 'linked-by-the-last-model';
    const text = `${SOURCE}\n# end\n`;
    const r = s.read(text);
    assert.ok(r.reused > 0);
    assert.deepEqual(view(r.facts), view(fresh(text)));
  });

  it('after any sequence of edits the facts equal a fresh read, positions included (fast-check, fixed seed)', () => {
    const piece = fc.constantFrom('\n', '# c\n', '\n\n', 'x', '"', "'", '(', ')', ':', '\n    ', '    ', 'X = 1\n', 'SEEN = {}\n', 'put_item(', '.put_item(Item={})', 'region_name="us-east-1"', '😀', 'é', '\r\n', 'def f(event, context):\n    EVENTS.append(1)\n', 'with ORDERS.batch_writer() as batch:\n    pass\n');
    const edit = fc.record({ at: fc.nat(), del: fc.oneof(fc.constant(0), fc.nat({ max: 40 })), ins: fc.oneof(piece, fc.string({ maxLength: 6 })), lineStart: fc.boolean() });
    let reused = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        const s = new Session();
        s.read(SOURCE);
        let text = SOURCE;
        for (const e of edits) {
          let at = e.at % (text.length + 1);
          // Half the edits start at a line start, as adding or deleting whole lines does.
          if (e.lineStart) at = text.lastIndexOf('\n', at - 1) + 1;
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          const r = s.read(text);
          reused += r.reused;
          assert.deepEqual(view(r.facts), view(fresh(text)));
        }
      }),
      { seed: 20261128, numRuns: 200 },
    );
    // The property is about reuse: most edits must have replayed something.
    assert.ok(reused > 200, `only ${reused} statements replayed`);
  });
});
