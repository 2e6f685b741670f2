// The Python readers between edits. The application-code reader replays the facts of the top-level
// statements an edit left alone (moved to their new lines) and walks the others; the CDK reader reuses
// the TypeScript reader's facts when the translation changed only in line breaks. Whatever they reuse,
// the facts after any sequence of edits must equal those of a fresh read of the same text, positions
// included.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../../../server/src/engine/config';
import type { FileFacts, Path } from '../../../server/src/engine/model';
import { initPython, type PyState, readPython } from '../../../server/src/engine/sources/python';
import { lastCdkRead } from '../../../server/src/engine/sources/python/cdk';

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

// A CDK Python app: an edit that only adds or removes blank or comment lines changes the translation
// to TypeScript only in its number of empty lines, and the TypeScript reader's facts are reused with
// their lines moved. A line break that splits or joins lines, facts that keep a source text with a
// line break, and any other edit read the translation again.
const CDK_SOURCE = `import aws_cdk as cdk
from aws_cdk import Stack, aws_dynamodb as dynamodb, aws_lambda as lambda_, aws_route53 as route53
from constructs import Construct

ZONE_ID = "Z123"


class DnsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, role: str = "PRIMARY", **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        table = dynamodb.TableV2(
            self,
            "Orders",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            # replicas below
            replicas=[dynamodb.ReplicaTableProps(region="us-west-2")],
        )
        check = route53.CfnHealthCheck(self, "Check", health_check_config={
            "type": "HTTPS",
            "fully_qualified_domain_name": "api.example.com",
        })

        route53.CfnRecordSet(
            self,
            "Api",
            hosted_zone_id=ZONE_ID,
            name="api.example.com",
            type="CNAME",
            ttl="60",
            failover=role,
            set_identifier=f"api-{role.lower()}",
            health_check_id=check.attr_health_check_id,
            resource_records=[f"api.{self.region}.example.com"],
        )
        lambda_.Function(self, "Writer", runtime=lambda_.Runtime.PYTHON_3_12, handler="app.handler",
                         code=lambda_.Code.from_asset("src"), environment={"TABLE_NAME": table.table_name})


app = cdk.App()
DnsStack(app, "Primary", role="PRIMARY", env=cdk.Environment(region="us-east-1"))
DnsStack(app, "Secondary", role="SECONDARY", env=cdk.Environment(region="us-west-2"))
app.synth()
`;

/** Every path below each resource's properties, to compare ranges. */
function pathsOf(v: unknown, base: Path, out: Path[] = [], depth = 0): Path[] {
  out.push(base);
  if (depth < 5 && v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...base, Array.isArray(v) ? Number(k) : k], out, depth + 1);
  return out;
}

/** As plain data (JSON), so that a view can be compared with one whose file name was replaced. */
function cdkView(facts: FileFacts | undefined): unknown {
  if (!facts) return undefined;
  return JSON.parse(JSON.stringify({
    resources: facts.resources.map((r) => ({ id: r.id, type: r.type, properties: r.properties, range: r.range, region: r.regionFromSource, ranges: pathsOf(r.properties, r.propertiesPath).map((p) => facts.rangeOf(p)) })),
    problems: facts.problems,
    suppressions: facts.suppressions,
    regions: facts.regions,
    cdk: facts.cdk,
  })) as unknown;
}

describe('CDK Python reader, incremental', () => {
  before(() => initPython());
  const file = 'infra/dns_stack.py';
  // The reference read goes under another name, so that it leaves the reader's memory of \`file\` alone.
  const other = 'infra/dns_stack_reference.py';
  const readFresh = (text: string) => {
    const facts = readPython(other, text, defaultConfig())?.facts;
    return facts && (JSON.parse(JSON.stringify(cdkView(facts)).replaceAll(other, file)) as unknown);
  };

  it('a comment line added inside the stack reuses the TypeScript reader\'s facts with the lines below it moved', () => {
    const at = CDK_SOURCE.indexOf('        route53.CfnRecordSet(');
    const text = `${CDK_SOURCE.slice(0, at)}        # the record\n${CDK_SOURCE.slice(at)}`;
    const expected = readFresh(text);
    let state: PyState | undefined = readPython(file, CDK_SOURCE, defaultConfig())?.state;
    assert.equal(lastCdkRead(file), 'read');
    const r = readPython(file, text, defaultConfig(), state)!;
    state = r.state;
    assert.equal(lastCdkRead(file), 'moved');
    assert.deepEqual(cdkView(r.facts), expected);
    const api = r.facts.resources.find((x) => x.logicalId.endsWith('Api'))!;
    assert.equal(text.split('\n')[api.range.start.line].trim().slice(0, 20), 'route53.CfnRecordSet');
    // Removing it again gives the first translation back.
    readPython(file, CDK_SOURCE, defaultConfig(), state);
    assert.equal(lastCdkRead(file), 'same');
  });

  it('a comment line inside a call moves lines too; a line break that splits a line is read again', () => {
    const inCall = CDK_SOURCE.indexOf('            "Api",');
    const comment = `${CDK_SOURCE.slice(0, inCall)}            # the name\n${CDK_SOURCE.slice(inCall)}`;
    const split = CDK_SOURCE.replace('name="pk", type=', 'name="pk",\n type=');
    const expected = [readFresh(comment), readFresh(split)];
    const state = readPython(file, CDK_SOURCE, defaultConfig())?.state;
    const r = readPython(file, comment, defaultConfig(), state)!;
    assert.equal(lastCdkRead(file), 'moved');
    assert.deepEqual(cdkView(r.facts), expected[0]);
    const again = readPython(file, split, defaultConfig(), readPython(file, CDK_SOURCE, defaultConfig())?.state)!;
    assert.equal(lastCdkRead(file), 'read');
    assert.deepEqual(cdkView(again.facts), expected[1]);
  });

  it('facts that keep a source text with a line break in it are read again', () => {
    // The stack's id is an expression over two lines: the reader keeps its text.
    const base = CDK_SOURCE.replace('DnsStack(app, "Primary",', 'DnsStack(app, "-".join([\n    "Primary",\n    "Stack"]),');
    const at = base.indexOf('    "Stack"]');
    const text = `${base.slice(0, at)}    # the suffix\n${base.slice(at)}`;
    const expected = readFresh(text);
    const state = readPython(file, base, defaultConfig())?.state;
    const r = readPython(file, text, defaultConfig(), state)!;
    assert.deepEqual(cdkView(r.facts), expected);
    assert.equal(lastCdkRead(file), 'read');
  });

  it('after any sequence of line edits the facts equal a fresh read, ranges of every property included (fast-check, fixed seed)', () => {
    const edit = fc.record({
      line: fc.nat(),
      at: fc.nat(),
      kind: fc.constantFrom('blank', 'comment', 'indented comment', 'delete layout line', 'break at', 'two blanks', 'char'),
    });
    const moved = { n: 0 };
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        let state = readPython(file, CDK_SOURCE, defaultConfig())?.state;
        let text = CDK_SOURCE;
        for (const e of edits) {
          const lines = text.split('\n');
          const i = e.line % lines.length;
          if (e.kind === 'blank') lines.splice(i, 0, '');
          else if (e.kind === 'comment') lines.splice(i, 0, '# note');
          else if (e.kind === 'indented comment') lines.splice(i, 0, '        # note');
          else if (e.kind === 'two blanks') lines.splice(i, 0, '', '');
          else if (e.kind === 'delete layout line' && /^\s*(#.*)?$/.test(lines[i]) && lines.length > 1) lines.splice(i, 1);
          text = lines.join('\n');
          const pos = e.at % (text.length + 1);
          if (e.kind === 'break at') text = `${text.slice(0, pos)}\n${text.slice(pos)}`;
          if (e.kind === 'char') text = `${text.slice(0, pos)}x${text.slice(pos)}`;
          const r = readPython(file, text, defaultConfig(), state);
          state = r?.state;
          if (lastCdkRead(file) === 'moved') moved.n++;
          assert.deepEqual(cdkView(r?.facts), readFresh(text));
        }
      }),
      { seed: 20261128, numRuns: 120 },
    );
    assert.ok(moved.n > 50, `facts reused with moved lines only ${moved.n} times`);
  });
});
