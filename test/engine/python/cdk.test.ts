// The CDK Python reader: regions from `env` (keywords, dicts, loops over region lists), L1 and L2
// constructs in CloudFormation shape with snake_case names converted, escape hatches, links across
// files, ranges on the exact keyword argument, and half-typed code mid-edit.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FileFacts, Resource } from '../../../server/src/engine/model';
import { cdkRegions } from '../../../server/src/engine/sources/cdk';
import { looksLikeCdkPython, type PyNode, readCdkPython, translateModule } from '../../../server/src/engine/sources/python/cdk';
import { ROOT } from '../../helpers';

// The tree-sitter Python grammar, loaded once for these tests.
let parse: (text: string) => PyNode;

before(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
  await Parser.init();
  const lang = await Language.load(path.join(ROOT, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'));
  const parser = new Parser();
  parser.setLanguage(lang);
  parse = (text) => parser.parse(text)!.rootNode as unknown as PyNode;
});

const HEAD = `import aws_cdk as cdk
from aws_cdk import Duration, Stack, aws_dynamodb as dynamodb, aws_route53 as route53
from aws_cdk import aws_lambda as lambda_
from constructs import Construct
`;

function read(body: string, file = 'infra/app.py'): FileFacts {
  const text = HEAD + body;
  return readCdkPython(file, text, parse(text));
}

function res(facts: FileFacts, logicalId: string): Resource {
  const r = facts.resources.find((x) => x.logicalId === logicalId);
  assert.ok(r, `no resource ${logicalId} in ${facts.resources.map((x) => x.logicalId).join(', ')}`);
  return r;
}

/** 1-based line and the text a range covers. */
function at(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  assert.equal(r.start.line, r.end.line, 'one line');
  return `${r.start.line + 1}:${lines[r.start.line].slice(r.start.character, r.end.character)}`;
}

const STACK = `
class DnsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, role: str = "PRIMARY", **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        route53.CfnRecordSet(
            self,
            "Record",
            hosted_zone_id="Z1",
            name="api.example.com",
            type="A",
            ttl="60",
            failover=role,
            set_identifier=role.lower(),
            resource_records=["192.0.2.1"],
        )
`;

describe('CDK Python: detection', () => {
  it('recognises CDK v2 and v1 imports and nothing else', () => {
    assert.ok(looksLikeCdkPython('import aws_cdk as cdk\n'));
    assert.ok(looksLikeCdkPython('from aws_cdk import (\n  Stack,\n)\n'));
    assert.ok(looksLikeCdkPython('import aws_cdk.aws_route53 as route53\n'));
    assert.ok(looksLikeCdkPython('from aws_cdk import core\n'));
    assert.ok(!looksLikeCdkPython('import boto3\n# from aws_cdk import core is in a comment\n'));
    assert.ok(!looksLikeCdkPython('s = "import aws_cdk"\n'));
  });
});

describe('CDK Python: regions', () => {
  it('reads env=cdk.Environment(region=...) and env={"region": ...}', () => {
    const f = read(`${STACK}
app = cdk.App()
DnsStack(app, "Primary", env=cdk.Environment(account="111111111111", region="us-east-1"))
DnsStack(app, "Secondary", role="SECONDARY", env={"region": "eu-west-1"})
app.synth()
`);
    assert.deepEqual(f.regions, ['eu-west-1', 'us-east-1']);
    const primary = res(f, 'Primary/Record');
    const secondary = res(f, 'Secondary/Record');
    assert.deepEqual(primary.region, { kind: 'known', region: 'us-east-1' });
    assert.deepEqual(secondary.region, { kind: 'known', region: 'eu-west-1' });
    assert.equal(primary.properties.Failover, 'PRIMARY');
    assert.equal(secondary.properties.Failover, 'SECONDARY');
  });

  it('deploys a stack once per element of a loop over regions, and of a list of pairs', () => {
    const loop = read(`${STACK}
app = cdk.App()
for region in ["us-east-1", "eu-west-1"]:
    DnsStack(app, f"Dns-{region}", env=cdk.Environment(region=region))
`);
    assert.deepEqual(res(loop, 'Record').region, { kind: 'per-deployment', regions: ['eu-west-1', 'us-east-1'] });
    const pairs = read(`${STACK}
app = cdk.App()
REGIONS = [("us-east-1", "PRIMARY"), ("eu-west-1", "SECONDARY")]
for region, role in REGIONS:
    DnsStack(app, f"Dns-{region}", role=role, env=cdk.Environment(region=region))
`);
    const roles = pairs.resources.map((r) => `${JSON.stringify(r.region)} ${String(r.properties.Failover)}`).sort();
    assert.deepEqual(roles, ['{"kind":"known","region":"eu-west-1"} SECONDARY', '{"kind":"known","region":"us-east-1"} PRIMARY']);
  });

  it('leaves the region unknown without env, and links a stack class to the app file that deploys it', () => {
    const stackFile = 'infra/stacks/dns_stack.py';
    const stackText = HEAD + STACK;
    const stack = readCdkPython(stackFile, stackText, parse(stackText));
    assert.equal(res(stack, 'Record').region.kind, 'unknown');
    const appText = `import aws_cdk as cdk
from stacks.dns_stack import DnsStack

app = cdk.App()
DnsStack(app, "Primary", env=cdk.Environment(region="us-west-2"))
`;
    const app = readCdkPython('infra/app.py', appText, parse(appText));
    assert.deepEqual(app.cdk?.uses.map((u) => u.module), ['infra/stacks/dns_stack.py']);
    assert.deepEqual(cdkRegions([stack, app]).get(res(stack, 'Record').id), { kind: 'known', region: 'us-west-2' });
  });

  it('reads CDK v1 apps (from aws_cdk import core)', () => {
    const text = `from aws_cdk import core
from aws_cdk import aws_dynamodb as dynamodb

app = core.App()
stack = core.Stack(app, "Data", env=core.Environment(region="ap-southeast-2"))
dynamodb.Table(stack, "Orders", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING), replication_regions=["ap-northeast-1"])
`;
    const f = readCdkPython('app.py', text, parse(text));
    const t = res(f, 'Orders');
    assert.equal(t.type, 'AWS::DynamoDB::GlobalTable');
    assert.deepEqual(t.region, { kind: 'known', region: 'ap-southeast-2' });
    assert.deepEqual(t.properties.Replicas, [{ Region: 'ap-southeast-2' }, { Region: 'ap-northeast-1' }]);
  });
});

describe('CDK Python: constructs', () => {
  it('maps L1 keywords, nested Property classes and dict literals to CloudFormation names', () => {
    const f = read(`
stack = Stack(cdk.App(), "S", env={"region": "us-east-1"})
check = route53.CfnHealthCheck(stack, "Check", health_check_config=route53.CfnHealthCheck.HealthCheckConfigProperty(
    type="HTTPS", fully_qualified_domain_name="a.example.com", request_interval=10))
route53.CfnRecordSet(stack, "Rec", hosted_zone_id="Z1", name="a.example.com", type="A", ttl="60",
    failover="PRIMARY", health_check_id=check.attr_health_check_id,
    alias_target={"dns_name": "lb.example.com", "hosted_zone_id": "Z2", "evaluate_target_health": True})
`);
    assert.deepEqual(res(f, 'Check').properties, { HealthCheckConfig: { Type: 'HTTPS', FullyQualifiedDomainName: 'a.example.com', RequestInterval: 10 } });
    assert.deepEqual(res(f, 'Rec').properties, {
      HostedZoneId: 'Z1',
      Name: 'a.example.com',
      Type: 'A',
      TTL: '60',
      Failover: 'PRIMARY',
      HealthCheckId: { 'Fn::GetAtt': ['Check', 'HealthCheckId'] },
      AliasTarget: { DNSName: 'lb.example.com', HostedZoneId: 'Z2', EvaluateTargetHealth: true },
    });
  });

  it('maps TableV2 replicas and a Lambda environment that names the table, keys kept as written', () => {
    const f = read(`
stack = Stack(cdk.App(), "S", env=cdk.Environment(region="us-east-1"))
table = dynamodb.TableV2(stack, "Orders",
    partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    replicas=[dynamodb.ReplicaTableProps(region="eu-west-1"), {"region": "ap-south-1"}])
lambda_.Function(stack, "Writer", runtime=lambda_.Runtime.PYTHON_3_12, handler="app.handler",
    code=lambda_.Code.from_asset("src"), environment={"TABLE_NAME": table.table_name, "log_level": "info"})
`);
    const t = res(f, 'Orders');
    assert.equal(t.type, 'AWS::DynamoDB::GlobalTable');
    assert.deepEqual(t.properties.Replicas, [{ Region: 'us-east-1' }, { Region: 'eu-west-1' }, { Region: 'ap-south-1' }]);
    assert.deepEqual(t.properties.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
    const fn = res(f, 'Writer');
    assert.equal(fn.type, 'AWS::Lambda::Function');
    assert.deepEqual((fn.properties.Environment as { Variables: unknown }).Variables, { TABLE_NAME: { Ref: 'Orders' }, log_level: 'info' });
  });

  it('applies escape hatches: attributes on node.default_child and add_property_override', () => {
    const f = read(`
stack = Stack(cdk.App(), "S")
zone = route53.HostedZone(stack, "Zone", zone_name="example.com")
rec = route53.ARecord(stack, "Api", zone=zone, record_name="api", target=route53.RecordTarget.from_ip_addresses("192.0.2.1"))
cfn = rec.node.default_child
cfn.failover = "SECONDARY"
cfn.set_identifier = "b"
cfn.add_property_override("TTL", "30")
`);
    const r = res(f, 'Api');
    assert.equal(r.properties.Failover, 'SECONDARY');
    assert.equal(r.properties.SetIdentifier, 'b');
    assert.equal(r.properties.TTL, '30');
    assert.equal(r.properties.Name, 'api.example.com');
  });

  it('follows methods on self, helper functions with keyword arguments, and comprehensions', () => {
    const f = read(`
def make_check(scope, name, *, fqdn):
    return route53.CfnHealthCheck(scope, name, health_check_config={"type": "HTTPS", "fully_qualified_domain_name": fqdn})


class Edge(Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        self.checks = [make_check(self, f"Check{i}", fqdn=f"{i}.example.com") for i in ["a", "b"]]
        self._table()

    def _table(self):
        dynamodb.Table(self, "Plain", partition_key={"name": "pk", "type": dynamodb.AttributeType.STRING})


Edge(cdk.App(), "Edge", env=cdk.Environment(region="eu-central-1"))
`);
    assert.deepEqual(
      f.resources.map((r) => `${r.logicalId} ${r.type}`).sort(),
      ['Checka AWS::Route53::HealthCheck', 'Checkb AWS::Route53::HealthCheck', 'Plain AWS::DynamoDB::Table'],
    );
    assert.equal((res(f, 'Checkb').properties.HealthCheckConfig as { FullyQualifiedDomainName: string }).FullyQualifiedDomainName, 'b.example.com');
  });
});

describe('CDK Python: shapes found in public samples', () => {
  it('reads a construct whose scope and id are keyword arguments', () => {
    // Seen in a public sample: helper functions that return `TableV2(scope=scope, id='...', ...)`.
    const f = read(`
def make_table(scope):
    return dynamodb.TableV2(scope=scope, id="settings", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))


stack = Stack(cdk.App(), "S", env=cdk.Environment(region="eu-west-2"))
make_table(stack)
`);
    const t = res(f, 'settings');
    assert.equal(t.type, 'AWS::DynamoDB::GlobalTable');
    assert.deepEqual(t.region, { kind: 'known', region: 'eu-west-2' });
    assert.deepEqual(t.properties.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
  });

  it('reads dict(...) keywords as a dict, and list(...) of a literal as the literal', () => {
    const f = read(`
REGIONS = list(("us-east-1", "eu-central-1"))
app = cdk.App()
for region in REGIONS:
    stack = Stack(app, f"S-{region}", env=dict(account="111111111111", region=region))
    route53.CfnHealthCheck(stack, "Check", health_check_config=dict(type="HTTPS", fully_qualified_domain_name="a.example.com"))
`);
    assert.deepEqual(res(f, 'Check').region, { kind: 'per-deployment', regions: ['eu-central-1', 'us-east-1'] });
    assert.deepEqual(res(f, 'Check').properties.HealthCheckConfig, { Type: 'HTTPS', FullyQualifiedDomainName: 'a.example.com' });
  });

  it('links a stack class in <project>/<project>/ to the app.py beside that package', () => {
    const stackText = HEAD + STACK;
    const stack = readCdkPython('shop/shop/dns_stack.py', stackText, parse(stackText));
    const appText = `from aws_cdk import core
from shop.dns_stack import DnsStack

app = core.App()
DnsStack(app, "Dns", env=core.Environment(region="sa-east-1"))
`;
    const app = readCdkPython('shop/app.py', appText, parse(appText));
    assert.deepEqual(cdkRegions([stack, app]).get(res(stack, 'Record').id), { kind: 'known', region: 'sa-east-1' });
  });
});

describe('CDK Python: ranges and edits', () => {
  it('points a property at its keyword argument and a resource at its construct call', () => {
    const text = HEAD + STACK + '\nDnsStack(cdk.App(), "Dns", env={"region": "us-east-1"})\n';
    const f = readCdkPython('app.py', text, parse(text));
    const r = res(f, 'Record');
    assert.equal(at(text, f.rangeOf(['Resources', 'Record', 'Properties', 'Failover'])), '16:failover=role');
    assert.equal(at(text, f.rangeOf(['Resources', 'Record', 'Properties', 'TTL'])), '15:ttl="60"');
    assert.match(at(text, r.range), /^9:route53\.CfnRecordSet\($/);
  });

  it('reads what it can of a file with a syntax error mid-edit, and never throws', () => {
    const good = `
stack = Stack(cdk.App(), "S", env={"region": "us-east-1"})
route53.CfnHealthCheck(stack, "Check", health_check_config={"type": "HTTPS", "fully_qualified_domain_name": "a.example.com"})
`;
    const half = `${good}route53.CfnRecordSet(stack, "Rec", failover="PRI`;
    const f = read(half);
    assert.equal(res(f, 'Check').type, 'AWS::Route53::HealthCheck');
    for (let cut = 0; cut < half.length; cut += 7) assert.doesNotThrow(() => read(half.slice(0, cut)));
  });

  it('reads hostile nesting (5,000 brackets, 200 nested blocks) without overflowing the stack', () => {
    const deep = `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\ny = ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    let blocks = '';
    for (let i = 0; i < 200; i++) blocks += `${'    '.repeat(i)}if x:\n`;
    blocks += `${'    '.repeat(200)}route53.CfnHealthCheck(stack, "Deep", health_check_config={"type": "HTTPS"})\n`;
    const f = read(`stack = Stack(cdk.App(), "S")\nroute53.CfnHealthCheck(stack, "Shallow", health_check_config={"type": "HTTPS"})\n${deep}${blocks}`);
    assert.equal(res(f, 'Shallow').type, 'AWS::Route53::HealthCheck');
  });

  it('never throws on random edits of a stack, and keeps every range inside the text', () => {
    const base = HEAD + STACK + '\nDnsStack(cdk.App(), "Dns", env={"region": "us-east-1"})\n';
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(40), fc.string({ maxLength: 12 }), (at, del, ins) => {
        const text = base.slice(0, at) + ins + base.slice(Math.min(base.length, at + del));
        const f = readCdkPython('app.py', text, parse(text));
        const lines = text.split('\n');
        for (const r of [...f.resources.map((x) => x.range), ...f.problems.map((p) => p.range)]) {
          assert.ok(r.start.line < lines.length && r.end.line < lines.length, 'line in the text');
          assert.ok(r.end.character <= lines[r.end.line].length, 'character in the line');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('honours # suppression comments and reports one without a reason', () => {
    const f = read(`
# multi-region-review-ignore failover-without-health-check -- the secondary is a static page
stack = Stack(cdk.App(), "S")
# multi-region-review-ignore sticky-sessions
`);
    assert.equal(f.suppressions.length, 1);
    assert.equal(f.suppressions[0].ruleId, 'failover-without-health-check');
    assert.ok(f.problems.some((p) => /needs a reason/.test(p.message)));
  });

  it('keeps Python line numbers in the translation', () => {
    const text = HEAD + STACK;
    const ts = translateModule('app.py', parse(text)).text;
    const pyLine = text.split('\n').findIndex((l) => l.includes('failover=role'));
    assert.match(ts.split('\n')[pyLine], /failover: role/);
  });
});
