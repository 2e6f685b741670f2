// Model → DR summary: the tier and its evidence, RPO and RTO with their weakest links, cost, next
// tier and objectives, on the example workspace (as written and with its flaws fixed) and on small
// workspaces built for each tier.
import assert from 'node:assert/strict';

import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_FILE, parseConfig } from '../../server/src/engine/config';
import { type DrSummary, drSummary, formatDuration } from '../../server/src/engine/drTier';
import { analyzeDocs, readFixture, ROOT } from '../helpers';

const NOW = new Date('2026-11-01T00:00:00Z');
const EXAMPLE = path.join(ROOT, 'examples', 'global-app');

async function summaryOf(docs: Record<string, string>): Promise<DrSummary> {
  const { model, findings } = await analyzeDocs(docs, undefined, NOW);
  const config = docs[CONFIG_FILE] ? parseConfig(docs[CONFIG_FILE]).config : parseConfig('{}').config;
  return drSummary(model, config, findings, NOW);
}

const idOf = (resourceId: string | undefined) => resourceId?.slice(resourceId.indexOf('#') + 1);

/** The example with the fixes its README lists for routing and replication. */
function fixedExample(): Record<string, string> {
  const docs = readFixture(EXAMPLE);
  const edit = (file: string, from: string | RegExp, to: string) => {
    const before = docs[file];
    docs[file] = before.replace(from, to);
    assert.notEqual(docs[file], before, `edit of ${file} applies`);
  };
  edit('primary/app.yaml', "StorageClass: STANDARD_IA", "StorageClass: STANDARD_IA\n              ReplicationTime: { Status: Enabled, Time: { Minutes: 15 } }");
  edit('global/dns.yaml', /(SetIdentifier: admin-us-east-1\n\s+Failover: PRIMARY\n)/, '$1      HealthCheckId: !Ref ApiPrimaryHealthCheck\n');
  edit('global/dns.yaml', 'EvaluateTargetHealth: false', 'EvaluateTargetHealth: true');
  edit('cdk/lib/dns-stack.ts', "failover: route53.Failover.PRIMARY,\n      setIdentifier: 'partners-us-east-1',", "failover: route53.Failover.PRIMARY,\n      ttl: cdk.Duration.seconds(60),\n      setIdentifier: 'partners-us-east-1',");
  return docs;
}

describe('drSummary on examples/global-app', () => {
  it('infers warm standby from failover routing, live replicas and a scaled-down standby', async () => {
    const s = await summaryOf(readFixture(EXAMPLE));
    assert.equal(s.tier, 'warm-standby');
    assert.equal(s.primaryRegion, 'us-east-1');
    assert.match(s.reason, /failover routing sends/);
    assert.match(s.reason, /OrdersGlobalCluster writes in one region only/);
    assert.match(s.reason, /catalog\.global-app\.example\.com\. A already serves from eu-west-1 and us-east-1/);
    const evidence = s.evidence.map((e) => `${e.file}:${e.range.start.line + 1} ${e.message}`);
    assert.ok(evidence.includes("secondary/app.yaml:169 Compute in eu-west-1: AppAutoScalingGroup (1 running, up to 12), 25 % of us-east-1's 4."));
    assert.ok(evidence.some((e) => e.startsWith('global/dns.yaml:47 api.global-app.example.com. A: failover routing, PRIMARY us-east-1, SECONDARY eu-west-1')));
    assert.ok(evidence.some((e) => e.startsWith('primary/app.yaml:129 OrdersGlobalCluster replicates to OrdersDbCluster (eu-west-1)')));
    assert.ok(s.evidence.every((e) => e.file && e.range), 'every claim has a source');
    assert.ok(s.evidence.find((e) => idOf(e.resourceId) === 'AdminPrimaryRecord')?.ruleIds?.includes('failover-without-health-check'), 'evidence names the findings on its resource');
  });

  it('estimates RPO and RTO with their weakest links, and compares them with the objectives', async () => {
    const s = await summaryOf(readFixture(EXAMPLE));
    assert.equal(s.rpo.text, 'unbounded');
    assert.equal(idOf(s.rpo.weakest?.resourceId), 'ReportsBucket');
    assert.equal(s.rpo.weakest?.range?.start.line, 248, 'the replication rule destination');
    assert.deepEqual(
      s.rpo.parts.map((p) => [idOf(p.resourceId), p.seconds]),
      [['ReportsBucket', null], ['UploadsBucket', 900], ['Messages', 1], ['Members', 1], ['OrdersTable', 1], ['CartsTable', 1], ['OrdersGlobalCluster', 1]],
    );
    assert.equal(idOf(s.rto.weakest?.resourceId), 'AdminPrimaryRecord');
    const rto = new Map(s.rto.parts.map((p) => [idOf(p.resourceId), p.seconds]));
    assert.equal(rto.get('AuthPrimaryRecord'), 390, '30 s × 3 + TTL 300 s');
    assert.equal(rto.get('PartnersPrimary'), 1830, '10 s × 3 + CDK default TTL 1800 s');
    assert.equal(rto.get('ApiPrimaryRecord'), 30, 'an alias adds no TTL');
    assert.equal(rto.get('OrdersGlobalCluster'), 60, 'Aurora promotion');
    assert.equal(rto.get('CatalogRecords.RecordSets[1]'), null, 'a latency record without health keeps its users');
    assert.equal(s.objectives.rpo?.status, 'unmet');
    assert.equal(s.objectives.rto?.status, 'unmet');
    assert.deepEqual(s.objectives.rto?.over.map((p) => idOf(p.resourceId)), ['AdminPrimaryRecord', 'CatalogRecords.RecordSets[1]', 'PartnersPrimary']);
    assert.deepEqual(s.objectives.lastFailoverTest, { date: '2026-10-14', ageDays: 18, overdue: false, text: 'The last failover test (2026-10-14) was 18 days ago, within 90.' });
  });

  it('derives the cost from the capacities and lists what active-active needs', async () => {
    const s = await summaryOf(readFixture(EXAMPLE));
    assert.deepEqual([s.cost.low, s.cost.high, s.cost.text], [1.25, 2, 'about 1.25–2× a single region']);
    assert.match(s.cost.basis[0], /1 in eu-west-1 against 4 in us-east-1/);
    assert.ok(s.cost.monthly.some((m) => m.dollars === 16));
    assert.equal(s.nextTier?.tier, 'active-active');
    const missing = s.nextTier!.missing.map((m) => `${idOf(m.resourceId)}: ${m.message}`);
    assert.ok(missing.some((m) => m.startsWith('ApiPrimaryRecord: Serve api.global-app.example.com. A from every region')));
    assert.ok(missing.some((m) => m.startsWith('OrdersGlobalCluster: OrdersGlobalCluster takes writes in one region only')));
    assert.ok(missing.includes('AppAutoScalingGroup: Run AppAutoScalingGroup at full capacity (1 now, 4 in us-east-1).'));
  });

  it('meets both objectives once the README fixes are applied', async () => {
    const s = await summaryOf(fixedExample());
    assert.equal(s.tier, 'warm-standby');
    // UploadsBucket and ReportsBucket both replicate with RTC now; the first in source order is named.
    assert.deepEqual([s.rpo.seconds, s.rpo.text, idOf(s.rpo.weakest?.resourceId)], [900, 'about 15 min', 'UploadsBucket']);
    assert.deepEqual([s.rto.seconds, s.rto.text, idOf(s.rto.weakest?.resourceId)], [390, 'about 6 min 30 s', 'AuthPrimaryRecord']);
    assert.equal(s.objectives.rpo?.status, 'met');
    assert.equal(s.objectives.rto?.status, 'met');
  });
});

/** Templates deployed by a config file: `use1/` to us-east-1, `euw1/` to eu-west-1. */
function twoRegions(files: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, string> {
  const deployments = [
    { files: 'use1/**', regions: ['us-east-1'] },
    { files: 'euw1/**', regions: ['eu-west-1'] },
  ];
  return { ...files, [CONFIG_FILE]: JSON.stringify({ deployments, ...extra }) };
}

const template = (resources: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resources}`;

const asg = (id: string, min: number, desired: number) => `  ${id}:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: { MinSize: '${min}', MaxSize: '8', DesiredCapacity: '${desired}', HealthCheckGracePeriod: 120 }
`;

const globalTable = `  Orders:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      TableName: orders
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
      Replicas: [{ Region: us-east-1 }, { Region: eu-west-1 }]
`;

const check = (id: string, host: string) => `  ${id}:
    Type: AWS::Route53::HealthCheck
    Properties:
      HealthCheckConfig: { Type: HTTPS, FullyQualifiedDomainName: ${host}, RequestInterval: 10, FailureThreshold: 2 }
`;

const record = (id: string, props: string) => `  ${id}:
    Type: AWS::Route53::RecordSet
    Properties:
      Name: api.example.com.
      Type: CNAME
      TTL: '30'
${props}`;

describe('drSummary tiers', () => {
  it('single region: nothing leaves the region, so neither figure is bounded', async () => {
    const s = await summaryOf({ 'use1/app.yaml': template(globalTable.replace(', { Region: eu-west-1 }', '') + asg('Fleet', 2, 2)), [CONFIG_FILE]: JSON.stringify({ deployments: [{ files: 'use1/**', regions: ['us-east-1'] }], objectives: { rpo: '1h' } }) });
    assert.equal(s.tier, 'single-region');
    assert.equal(s.rpo.text, 'unbounded');
    assert.equal(s.rto.text, 'unbounded');
    assert.equal(s.cost.text, 'about 1× a single region');
    assert.equal(s.nextTier?.tier, 'backup-restore');
    assert.match(s.nextTier!.missing[0].message, /^Copy Orders to a second region/);
    assert.equal(s.objectives.rpo?.status, 'unmet');
  });

  it('backup and restore: object copies and backup copies, no live replica', async () => {
    const bucket = `  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data-use1
      ReplicationConfiguration:
        Role: arn:aws:iam::123456789012:role/r
        Rules: [{ Status: Enabled, Destination: { Bucket: 'arn:aws:s3:::data-euw1' } }]
  Plan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: nightly
        BackupPlanRule: [{ RuleName: nightly, TargetBackupVault: v, CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:dr' }] }]
  Accounts:
    Type: AWS::DynamoDB::Table
    Properties: { KeySchema: [{ AttributeName: pk, KeyType: HASH }] }
`;
    const s = await summaryOf(twoRegions({ 'use1/app.yaml': template(bucket + asg('Fleet', 2, 2)), 'euw1/app.yaml': template('  Replica:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: data-euw1 }\n') }));
    assert.equal(s.tier, 'backup-restore');
    assert.deepEqual(s.rpo.parts.map((p) => [idOf(p.resourceId), p.text]), [['Data', 'unbounded'], ['Accounts', 'at least 1 h']]);
    assert.equal(s.rto.text, 'at least 1 h');
    assert.ok(s.evidence.some((e) => e.message === 'Plan copies backups to another region (AWS Backup copy action).'));
    assert.equal(s.nextTier?.tier, 'pilot-light');
    assert.match(s.nextTier!.missing[0].message, /^Keep a live replica of Accounts in eu-west-1/);
  });

  it('pilot light: data replicates, the standby fleet is at zero', async () => {
    const dns = template(check('Health', 'a.us-east-1.example.com') + record('Primary', "      SetIdentifier: us-east-1\n      Failover: PRIMARY\n      HealthCheckId: !Ref Health\n      ResourceRecords: [a.us-east-1.example.com]\n") + record('Secondary', '      SetIdentifier: eu-west-1\n      Failover: SECONDARY\n      ResourceRecords: [a.eu-west-1.example.com]\n'));
    const s = await summaryOf(twoRegions({ 'use1/dns.yaml': dns, 'use1/app.yaml': template(globalTable + asg('Fleet', 2, 4)), 'euw1/app.yaml': template(asg('Fleet', 0, 0)) }, { objectives: { rto: '10m' } }));
    assert.equal(s.tier, 'pilot-light');
    assert.equal(s.rpo.text, 'under 1 s');
    assert.deepEqual([s.rto.seconds, s.rto.atLeast, s.rto.text], [120, true, 'at least 2 min']);
    assert.match(s.rto.parts[0].explanation, /Fleet in eu-west-1 is scaled to zero/);
    assert.equal(s.objectives.rto?.status, 'unknown', 'a floor under the objective cannot prove it is met');
    assert.deepEqual(s.nextTier?.missing.map((m) => m.message), ['Run Fleet in eu-west-1 at reduced capacity instead of zero.']);
    assert.deepEqual([s.cost.low, s.cost.high], [1, 2]);
  });

  it('active-active: latency routing to both regions over a global table', async () => {
    const dns = template(
      check('HealthUs', 'a.us-east-1.example.com') +
        check('HealthEu', 'a.eu-west-1.example.com') +
        record('Us', '      SetIdentifier: us\n      Region: us-east-1\n      HealthCheckId: !Ref HealthUs\n      ResourceRecords: [a.us-east-1.example.com]\n') +
        record('Eu', '      SetIdentifier: eu\n      Region: eu-west-1\n      HealthCheckId: !Ref HealthEu\n      ResourceRecords: [a.eu-west-1.example.com]\n'),
    );
    const s = await summaryOf(twoRegions({ 'use1/dns.yaml': dns, 'use1/app.yaml': template(globalTable + asg('Fleet', 2, 4)), 'euw1/app.yaml': template(asg('Fleet', 2, 4)) }, { objectives: { rpo: 5, rto: 60 } }));
    assert.equal(s.tier, 'active-active');
    assert.match(s.reason, /api\.example\.com\. CNAME sends traffic to eu-west-1 and us-east-1 at once/);
    assert.deepEqual([s.rto.seconds, s.rto.text], [50, 'about 50 s'], '10 s × 2 + TTL 30 s');
    assert.deepEqual([s.cost.low, s.cost.high], [2, 2.5]);
    assert.equal(s.nextTier, undefined);
    assert.deepEqual([s.objectives.rpo?.status, s.objectives.rto?.status], ['met', 'met']);
  });

  it('Global Accelerator: no DNS caching, endpoint detection only', async () => {
    const ga = (id: string, region: string) => `  ${id}:\n    Type: AWS::GlobalAccelerator::EndpointGroup\n    Properties: { ListenerArn: l, EndpointGroupRegion: ${region}, HealthCheckIntervalSeconds: 10, ThresholdCount: 3 }\n`;
    const s = await summaryOf(twoRegions({ 'use1/ga.yaml': template(ga('Us', 'us-east-1') + ga('Eu', 'eu-west-1')), 'use1/app.yaml': template(globalTable + asg('Fleet', 2, 2)), 'euw1/app.yaml': template(asg('Fleet', 2, 2)) }));
    assert.equal(s.tier, 'active-active');
    assert.equal(s.rto.text, 'about 30 s');
    assert.match(s.rto.weakest!.explanation, /near-instant, with no DNS caching/);
  });

  it('an overdue failover test', async () => {
    const s = await summaryOf({ 'a.yaml': template(globalTable), [CONFIG_FILE]: JSON.stringify({ lastFailoverTest: '2026-01-15' }) });
    assert.deepEqual([s.objectives.lastFailoverTest?.ageDays, s.objectives.lastFailoverTest?.overdue], [290, true]);
  });
});

describe('formatDuration', () => {
  it('reads like a person would say it', () => {
    assert.deepEqual([0, 45, 119, 390, 1800, 1830, 3600, 5400, 9000, 86_400 * 3].map(formatDuration), ['0 s', '45 s', '119 s', '6 min 30 s', '30 min', '30 min 30 s', '1 h', '1 h 30 min', '2 h 30 min', '3 days']);
  });
});


