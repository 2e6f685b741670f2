// The CDK reader: stacks and their regions (per file and across files), L1 and L2 constructs in
// CloudFormation shape, escape hatches, ranges in the TypeScript source, and half-typed code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FileFacts, Resource } from '../../server/src/engine/model';
import { readFileFacts } from '../../server/src/engine/sources';
import { cdkRegions, looksLikeCdk, readCdk } from '../../server/src/engine/sources/cdk';
import { cfnKey, cfnType } from '../../server/src/engine/sources/cdk/names';
import { defaultConfig } from '../../server/src/engine/config';
import { Analyzer } from '../../server/src/engine/analyze';
import { analyzeDocs, ROOT } from '../helpers';

const HEAD = `import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
`;

function read(body: string, file = 'lib/stack.ts'): FileFacts {
  return readCdk(file, HEAD + body).facts;
}

function res(facts: FileFacts, logicalId: string): Resource {
  const r = facts.resources.find((x) => x.logicalId === logicalId);
  assert.ok(r, `no resource ${logicalId} in ${facts.resources.map((x) => x.logicalId).join(', ')}`);
  return r;
}

/** 1-based line and the text a range covers. */
function at(text: string, facts: FileFacts, p: (string | number)[]): string {
  const r = facts.rangeOf(p);
  const line = text.split('\n')[r.start.line];
  return `${r.start.line + 1}: ${line.slice(r.start.character, r.end.line === r.start.line ? r.end.character : undefined)}`;
}

describe('CDK reader: names', () => {
  it('maps L1 classes to CloudFormation types', () => {
    assert.equal(cfnType('aws-route53', 'CfnRecordSet'), 'AWS::Route53::RecordSet');
    assert.equal(cfnType('aws-dynamodb', 'CfnGlobalTable'), 'AWS::DynamoDB::GlobalTable');
    assert.equal(cfnType('aws-elasticloadbalancingv2', 'CfnTargetGroup'), 'AWS::ElasticLoadBalancingV2::TargetGroup');
    assert.equal(cfnType('aws-elasticache', 'CfnReplicationGroup'), 'AWS::ElastiCache::ReplicationGroup');
    assert.equal(cfnType('aws-newservice', 'CfnThing'), 'AWS::Newservice::Thing');
    assert.equal(cfnType('aws-s3', 'Bucket'), undefined);
  });

  it('maps camelCase props back to CloudFormation names, acronyms included', () => {
    assert.equal(cfnKey('ttl'), 'TTL');
    assert.equal(cfnKey('healthCheckId'), 'HealthCheckId');
    assert.equal(cfnKey('kmsMasterKeyId'), 'KMSMasterKeyId');
    assert.equal(cfnKey('kmsMasterKeyId', 'ServerSideEncryptionByDefault'), 'KMSMasterKeyID');
    assert.equal(cfnKey('sseSpecification'), 'SSESpecification');
    assert.equal(cfnKey('TABLE_NAME', 'Variables'), 'TABLE_NAME');
  });
});

describe('CDK reader: L1 constructs', () => {
  const body = `
class Dns extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const hc = new route53.CfnHealthCheck(this, 'Check', { healthCheckConfig: { type: 'HTTPS', fullyQualifiedDomainName: 'a.example.com', requestInterval: 10 } });
    new route53.CfnRecordSet(this, 'Primary', {
      name: 'api.example.com',
      type: 'A',
      ttl: '60',
      failover: 'PRIMARY',
      healthCheckId: hc.attrHealthCheckId,
      aliasTarget: { dnsName: 'x.elb.amazonaws.com', hostedZoneId: 'Z1', evaluateTargetHealth: false },
    });
    new dynamodb.CfnGlobalTable(this, 'Table', {
      replicas: [{ region: 'us-east-1', sseSpecification: { kmsMasterKeyId: hc.ref } }],
      streamSpecification: { streamViewType: process.env.VIEW },
    });
    new s3.CfnBucket(this, 'Bucket', {
      bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'k' } }] },
    });
  }
}`;
  const facts = read(body);

  it('renames props recursively and turns construct attributes into Ref / GetAtt', () => {
    const rec = res(facts, 'Primary');
    assert.equal(rec.type, 'AWS::Route53::RecordSet');
    assert.equal(rec.source, 'cdk');
    assert.deepEqual(rec.properties, {
      Name: 'api.example.com',
      Type: 'A',
      TTL: '60',
      Failover: 'PRIMARY',
      HealthCheckId: { 'Fn::GetAtt': ['Check', 'HealthCheckId'] },
      AliasTarget: { DNSName: 'x.elb.amazonaws.com', HostedZoneId: 'Z1', EvaluateTargetHealth: false },
    });
    assert.deepEqual(res(facts, 'Table').properties.Replicas, [{ Region: 'us-east-1', SSESpecification: { KMSMasterKeyId: { Ref: 'Check' } } }]);
    const bucket = JSON.stringify(res(facts, 'Bucket').properties);
    assert.ok(bucket.includes('"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"k"'), bucket);
  });

  it('keeps what it cannot evaluate as an opaque, non-literal value', () => {
    assert.deepEqual(res(facts, 'Table').properties.StreamSpecification, { StreamViewType: { 'Fn::CdkExpression': 'process.env.VIEW' } });
  });

  it('points paths at the property in the TypeScript source', () => {
    const text = HEAD + body;
    assert.equal(at(text, facts, ['Resources', 'Primary', 'Properties', 'Failover']), "15: failover: 'PRIMARY'");
    assert.equal(at(text, facts, ['Resources', 'Primary', 'Properties', 'AliasTarget', 'EvaluateTargetHealth']), '17: evaluateTargetHealth: false');
    assert.equal(at(text, facts, ['Resources', 'Primary']), "11: new route53.CfnRecordSet(this, 'Primary', {");
    assert.equal(at(text, facts, ['Resources', 'Primary', 'Properties', 'Weight']), "11: new route53.CfnRecordSet(this, 'Primary', {");
  });
});

describe('CDK reader: stacks and regions', () => {
  it('gives each stack instance its env.region; the same class in two regions builds two records when they differ', () => {
    const facts = read(`
interface P extends cdk.StackProps { primary: boolean }
class Dns extends cdk.Stack {
  constructor(scope: Construct, id: string, props: P) {
    super(scope, id, props);
    new route53.CfnRecordSet(this, 'Api', { name: 'api.example.com', type: 'A', failover: props.primary ? 'PRIMARY' : 'SECONDARY' });
    new s3.Bucket(this, 'Assets');
  }
}
const app = new cdk.App();
new Dns(app, 'East', { env: { region: 'us-east-1' }, primary: true });
new Dns(app, 'West', { env: { account: '1', region: 'eu-west-1' }, primary: false });`);
    assert.deepEqual(res(facts, 'East/Api').region, { kind: 'known', region: 'us-east-1' });
    assert.equal(res(facts, 'East/Api').properties.Failover, 'PRIMARY');
    assert.equal(res(facts, 'West/Api').properties.Failover, 'SECONDARY');
    assert.deepEqual(res(facts, 'Assets').regionFromSource, { kind: 'per-deployment', regions: ['eu-west-1', 'us-east-1'] });
    assert.deepEqual(facts.regions, ['eu-west-1', 'us-east-1']);
  });

  it('follows loops over literal regions, functions called per region, Stages, and says unknown for CDK_DEFAULT_REGION', () => {
    const facts = read(`
const app = new cdk.App();
for (const region of ['us-east-1', 'eu-west-1']) {
  const stack = new cdk.Stack(app, \`Loop-\${region}\`, { env: { region } });
  new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
}
function regional(region: string) {
  const stack = new cdk.Stack(app, 'Fn-' + region, { env: { region } });
  new s3.Bucket(stack, 'Data');
}
regional('ap-southeast-2');
class Svc extends cdk.Stage {
  constructor(scope: Construct, id: string, props: cdk.StageProps) {
    super(scope, id, props);
    const stack = new cdk.Stack(this, 'Inner');
    new route53.CfnHealthCheck(stack, 'Check', { healthCheckConfig: { type: 'TCP' } });
  }
}
new Svc(app, 'Eu', { env: { region: 'eu-central-1' } });
const dev = new cdk.Stack(app, 'Dev', { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } });
new s3.Bucket(dev, 'Scratch');`);
    assert.deepEqual(res(facts, 'Loop-us-east-1/Orders').properties.Replicas, [{ Region: 'us-east-1' }]);
    assert.deepEqual(res(facts, 'Loop-eu-west-1/Orders').regionFromSource, { kind: 'known', region: 'eu-west-1' });
    assert.deepEqual(res(facts, 'Data').regionFromSource, { kind: 'known', region: 'ap-southeast-2' });
    assert.deepEqual(res(facts, 'Check').regionFromSource, { kind: 'known', region: 'eu-central-1' });
    assert.deepEqual(res(facts, 'Scratch').regionFromSource, { kind: 'unknown' });
  });

  it('leaves a class that the file does not instantiate to be linked from other files', () => {
    const lib = readCdk('lib/app-stack.ts', `${HEAD}
export class AppStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    new s3.Bucket(this, 'Data');
    new Api(this, 'Api');
  }
}
class Api extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new route53.CfnHealthCheck(this, 'Check', { healthCheckConfig: { type: 'TCP' } });
  }
}`).facts;
    const bin = readCdk('bin/app.ts', `import * as cdk from 'aws-cdk-lib';
import { AppStack } from '../lib/app-stack';
const app = new cdk.App();
new AppStack(app, 'Primary', { env: { region: 'us-east-1' } });
new AppStack(app, 'Secondary', { env: { region: 'eu-west-1' } });`).facts;
    const test = readCdk('test/app.test.ts', `import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AppStack } from '../lib/app-stack';
Template.fromStack(new AppStack(new cdk.App(), 'Test', { env: { region: 'sa-east-1' } }));`).facts;
    assert.equal(res(lib, 'Check').cdkClass, 'AppStack');
    assert.deepEqual(bin.cdk?.uses, [
      { className: 'AppStack', module: 'lib/app-stack', region: { kind: 'known', region: 'us-east-1' } },
      { className: 'AppStack', module: 'lib/app-stack', region: { kind: 'known', region: 'eu-west-1' } },
    ]);
    assert.equal(test.cdk?.test, true);
    const regions = cdkRegions([lib, bin, test]);
    assert.deepEqual(regions.get('lib/app-stack.ts#Data'), { kind: 'per-deployment', regions: ['eu-west-1', 'us-east-1'] });
    assert.deepEqual(regions.get('lib/app-stack.ts#Check'), { kind: 'per-deployment', regions: ['eu-west-1', 'us-east-1'] });
    assert.deepEqual(cdkRegions([lib]).get('lib/app-stack.ts#Data'), { kind: 'unknown' });
  });
});

describe('CDK reader: L2 constructs', () => {
  const facts = read(`
class Data extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: 'Z9', zoneName: 'example.com.' });
    const check = new route53.HealthCheck(this, 'Check', { type: route53.HealthCheckType.HTTPS, fqdn: 'x.example.com', requestInterval: cdk.Duration.seconds(10) });
    new route53.ARecord(this, 'Weighted', { zone, recordName: 'api', target: route53.RecordTarget.fromIpAddresses('192.0.2.1'), weight: 10, healthCheck: check });
    new route53.ARecord(this, 'Geo', { zone, target: route53.RecordTarget.fromIpAddresses('192.0.2.2'), geoLocation: route53.GeoLocation.continent(route53.Continent.EUROPE), ttl: cdk.Duration.minutes(1) });
    new dynamodb.TableV2(this, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, replicas: [{ region: 'eu-west-1' }], multiRegionConsistency: dynamodb.MultiRegionConsistency.STRONG });
    const replica = s3.Bucket.fromBucketName(this, 'Replica', 'orders-replica');
    new s3.Bucket(this, 'Files', { replicationRules: [{ destination: replica, priority: 1, replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES, deleteMarkerReplication: true }] });
  }
}
new Data(new cdk.App(), 'Data', { env: { region: 'us-east-1' } });`);

  it('completes record names with the zone, adds CDK default TTL, and maps routing props', () => {
    assert.deepEqual(res(facts, 'Weighted').properties, { HostedZoneId: 'Z9', Name: 'api.example.com', Type: 'A', ResourceRecords: ['192.0.2.1'], TTL: 1800, Weight: 10, HealthCheckId: { Ref: 'Check' } });
    assert.deepEqual(res(facts, 'Geo').properties.GeoLocation, { ContinentCode: 'EU' });
    assert.equal(res(facts, 'Geo').properties.Name, 'example.com');
    assert.equal(res(facts, 'Geo').properties.TTL, 60);
    assert.deepEqual(res(facts, 'Check').properties.HealthCheckConfig, { Type: 'HTTPS', FullyQualifiedDomainName: 'x.example.com', RequestInterval: 10 });
  });

  it('makes TableV2 a global table with the stack region as a replica', () => {
    const t = res(facts, 'Orders');
    assert.equal(t.type, 'AWS::DynamoDB::GlobalTable');
    assert.deepEqual(t.properties.Replicas, [{ Region: 'us-east-1' }, { Region: 'eu-west-1' }]);
    assert.equal(t.properties.MultiRegionConsistency, 'STRONG');
  });

  it('renders bucket replication rules the way CDK does', () => {
    assert.deepEqual(res(facts, 'Files').properties.ReplicationConfiguration, {
      Role: { 'Fn::CdkExpression': 'replication role' },
      Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::orders-replica', ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } } }, Filter: {}, DeleteMarkerReplication: { Status: 'Enabled' }, Priority: 1 }],
    });
  });
});

describe('CDK reader: escape hatches', () => {
  const body = `
const app = new cdk.App();
const stack = new cdk.Stack(app, 'S');
const rec = new route53.ARecord(stack, 'Api', { zone: undefined as any, target: route53.RecordTarget.fromIpAddresses('192.0.2.1') });
(rec.node.defaultChild as route53.CfnRecordSet).addPropertyOverride('Failover', 'PRIMARY');
const cfn = rec.node.defaultChild as route53.CfnRecordSet;
cfn.setIdentifier = 'one';
cfn.addOverride('Properties.HealthCheckId', 'hc-123');
cfn.addPropertyDeletionOverride('TTL');
const table = new dynamodb.CfnGlobalTable(stack, 'T', { replicas: [] });
table.addPropertyOverride('Replicas.0.Region', 'eu-west-1');`;
  const facts = read(body);

  it('applies overrides, property assignments and deletions to the L1 behind an L2', () => {
    const p = res(facts, 'Api').properties;
    assert.equal(p.Failover, 'PRIMARY');
    assert.equal(p.SetIdentifier, 'one');
    assert.equal(p.HealthCheckId, 'hc-123');
    assert.equal(p.TTL, undefined);
    assert.deepEqual(res(facts, 'T').properties.Replicas, [{ Region: 'eu-west-1' }]);
  });

  it('points an overridden path at the override call', () => {
    assert.equal(at(HEAD + body, facts, ['Resources', 'Api', 'Properties', 'Failover']), "10: (rec.node.defaultChild as route53.CfnRecordSet).addPropertyOverride('Failover', 'PRIMARY')");
    assert.equal(at(HEAD + body, facts, ['Resources', 'Api', 'Properties', 'SetIdentifier']), "12: cfn.setIdentifier = 'one'");
  });
});

describe('CDK reader: robustness and dispatch', () => {
  const text = HEAD + `
export class S extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    new route53.CfnRecordSet(this, 'A', { name: 'a.example.com', type: 'A', failover: 'PRIMARY' });
    for (const r of props?.regions ?? []) new s3.Bucket(this, \`B\${r}\`, { versioned: r === 'x' });
    new dynamodb.TableV2(this, 'T', { replicas: [{ region: 'eu-west-1' }] });
  }
}`;

  it('reads half-typed code (the file cut anywhere) without throwing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (cut) => {
        const facts = readCdk('s.ts', text.slice(0, cut)).facts;
        assert.ok(Array.isArray(facts.resources));
      }),
      { numRuns: 300 },
    );
    const broken = readCdk('s.ts', text.replace("type: 'A',", "type: 'A',, ((")).facts;
    assert.ok(broken.resources.some((r) => r.logicalId === 'T'), 'what parses is still read');
  });

  it('dispatches only files that import the CDK', () => {
    assert.equal(looksLikeCdk('a.ts', "import { S3Client } from '@aws-sdk/client-s3';"), false);
    assert.equal(looksLikeCdk('a.d.ts', "import * as cdk from 'aws-cdk-lib';"), false);
    assert.equal(looksLikeCdk('a.js', "const cdk = require('aws-cdk-lib');"), true);
    const compiled = '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nconst cdk = require("aws-cdk-lib");';
    assert.equal(looksLikeCdk('lib/stack.js', compiled), false, 'tsc output beside its .ts source is not read twice');
    assert.equal(readFileFacts('a.ts', 'export const x = 1;', defaultConfig()), undefined);
    assert.equal(readFileFacts('s.ts', text, defaultConfig())?.facts.source, 'cdk');
  });

  it('honours suppression comments in the TypeScript source', async () => {
    const app = HEAD + `
const stack = new cdk.Stack(new cdk.App(), 'S');
new route53.CfnRecordSet(stack, 'B', {
  name: 'b.example.com',
  type: 'A',
  // multi-region-review-ignore failover-without-health-check -- checked by an external monitor
  failover: 'PRIMARY',
});`;
    const { findings } = await analyzeDocs({ 'app.ts': app });
    assert.deepEqual(findings.filter((f) => f.ruleId === 'failover-without-health-check'), []);
  });

  it('loads the TypeScript compiler only when a CDK file is read', () => {
    const script = `const a = require(${JSON.stringify(path.join(ROOT, 'out', 'server', 'src', 'engine', 'analyze.js'))});
const loaded = () => Object.keys(require.cache).some((k) => /[\\\\/]node_modules[\\\\/]typescript[\\\\/]/.test(k));
const before = loaded();
new a.Analyzer().update('t.yaml', 'Resources: {}');
const afterYaml = loaded();
new a.Analyzer().update('app.ts', "import * as cdk from 'aws-cdk-lib';");
console.log(JSON.stringify([before, afterYaml, loaded()]));`;
    assert.equal(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim(), '[false,false,true]');
  });
});

describe('CDK table key schema', () => {
  it('reads partitionKey and sortKey into KeySchema', () => {
    const analyzer = new Analyzer();
    const facts = analyzer.update('lib/orders.ts', `import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
export class OrdersStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    new dynamodb.TableV2(this, 'Orders', {
      partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      replicas: [{ region: 'eu-west-1' }],
    });
  }
}
`)!;
    const table = facts.resources.find((r) => r.type === 'AWS::DynamoDB::GlobalTable')!;
    assert.deepEqual(table.properties.KeySchema, [
      { AttributeName: 'orderId', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });
});

describe('CDK imported constructs', () => {
  it('reads the name of a table imported with fromTableName', () => {
    const facts = new Analyzer().update('lib/api.ts', `import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
export class ApiStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const table = dynamodb.TableV2.fromTableName(this, 'Members', 'members-table');
    new lambda.Function(this, 'Fn', { handler: 'a.handler', runtime: lambda.Runtime.NODEJS_20_X, code: lambda.Code.fromAsset('lambda'), environment: { TABLE: table.tableName } });
  }
}
`)!;
    const fn = facts.resources.find((r) => r.type === 'AWS::Lambda::Function')!;
    assert.deepEqual(fn.properties.Environment, { Variables: { TABLE: 'members-table' } });
  });
});
