// The game-day runbook and the record of a completed game day.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { parseConfig } from '../../../server/src/engine/config';
import { drSummary, formatDuration } from '../../../server/src/engine/drTier';
import { GameDayError, recordGameDay } from '../../../server/src/engine/gameDay';
import { RECORD_SET } from '../../../server/src/engine/route53';
import { buildRunbook } from '../../../server/src/engine/runbook';
import { DiskWorkspace } from '../../../server/src/engine/workspace';
import { analyzeDocs, ROOT } from '../../helpers';

const EXAMPLE = path.join(ROOT, 'examples', 'global-app');

async function example() {
  const config = parseConfig(fs.readFileSync(path.join(EXAMPLE, 'multi-region-review.json'), 'utf8')).config;
  const r = await analyze(new DiskWorkspace(EXAMPLE), config);
  return { ...r, config, text: buildRunbook(r.model, config, { name: 'global-app', findings: r.findings }) };
}

describe('game-day runbook', () => {
  it('names the example\'s own health checks, records, clusters, tables and Auto Scaling groups', async () => {
    const { model, text } = await example();
    const primaries = model.ofType(RECORD_SET).filter((r) => r.properties.Failover === 'PRIMARY');
    assert.ok(primaries.length >= 4);
    for (const r of primaries) assert.ok(text.includes(`(\`${r.logicalId}\` in \`${r.file}\`)`), `record ${r.logicalId}`);
    for (const id of ['ApiPrimaryHealthCheck', 'AuthPrimaryHealthCheck', 'LoyaltyPrimaryHealth', 'NotifyPrimaryCheck']) assert.match(text, new RegExp(`--logical-resource-id ${id} `));
    assert.match(text, /aws rds switchover-global-cluster --global-cluster-identifier global-app-orders --target-db-cluster-identifier <ARN of the eu-west-1 cluster>/);
    assert.match(text, /aws rds failover-global-cluster --global-cluster-identifier global-app-orders .*--allow-data-loss/);
    for (const t of ['Members', 'Messages', 'OrdersTable', 'CartsTable']) assert.match(text, new RegExp(`### DynamoDB global table \`${t}\``));
    assert.match(text, /aws autoscaling set-desired-capacity --auto-scaling-group-name <AppAutoScalingGroup-name> --desired-capacity 12 --region eu-west-1/);
    // The record without a health check gets no test steps, and the rule that says why.
    assert.match(text, /### admin\.global-app\.example\.com\. CNAME[^\n]*\n\nThe PRIMARY record has no health check[^\n]*`failover-without-health-check`/);
  });

  it('covers the four exercises, each step with its expected time and a place for the observed one', async () => {
    const { text } = await example();
    const sections = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(sections, ['Before you start: go / no-go', '1. DNS failover test', '2. Database promotion test', '3. Full region evacuation', '4. Failback', 'Results', 'Record this game day']);
    const steps = text.match(/^- \[ \] \*\*/gm)!.length;
    assert.equal(text.match(/^ {2}- Expected: /gm)!.length, steps);
    assert.equal(text.match(/^ {2}- Observed: ____ \(start __:__, end __:__\)$/gm)!.length, steps);
    assert.equal(text.match(/^\| \d+ \|/gm)!.length, steps, 'one results row per step');
  });

  it('takes its expected times from the DR summary and the health checks', async () => {
    const { model, config, findings, text } = await example();
    const dr = drSummary(model, config, findings, new Date(0));
    assert.match(text, new RegExp(`\\| RTO \\| ${dr.rto.text} \\| ${dr.typical.rto} \\|`));
    assert.match(text, new RegExp(`\\| RPO \\| ${dr.rpo.text} \\| ${dr.typical.rpo} \\|`));
    // auth: RequestInterval 30 × FailureThreshold 3, TTL 300.
    assert.match(text, /Route 53 marks it unhealthy after 30 s × 3 = 90 s/);
    assert.ok(text.includes(`the SECONDARY's answer within ${formatDuration(390)} (detection 90 s + TTL 300 s)`));
    assert.match(text, /the whole evacuation|the RTO estimate is unbounded/);
  });

  it('says what is missing instead of inventing ids', async () => {
    const { model, text } = await analyzeDocs({ 'one.yaml': "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n" }).then((r) => ({ model: r.model, text: buildRunbook(r.model, parseConfig('{}').config, { name: 'w' }) }));
    assert.equal(model.resources.length, 1);
    assert.match(text, /no PRIMARY failover record/);
    assert.match(text, /no Aurora global database, DynamoDB global table or ElastiCache global datastore/);
    assert.doesNotMatch(text, /update-health-check/);
  });

  it('escapes hostile names: no raw HTML, no broken table, no code span escape', async () => {
    const hostile = "a|b<script>alert(1)</script>`x`\n# h";
    const tpl = `Resources:\n  Check:\n    Type: AWS::Route53::HealthCheck\n    Properties:\n      HealthCheckConfig:\n        Type: HTTPS\n        FullyQualifiedDomainName: ${JSON.stringify(hostile)}\n  Rec:\n    Type: AWS::Route53::RecordSet\n    Properties:\n      Name: ${JSON.stringify(hostile)}\n      Type: A\n      SetIdentifier: p\n      Failover: PRIMARY\n      HealthCheckId: !Ref Check\n      TTL: 60\n`;
    const r = await analyzeDocs({ 'x.yaml': tpl });
    const text = buildRunbook(r.model, parseConfig('{}').config, { name: '<img src=x onerror=alert(1)>' });
    // Outside code spans every < is escaped; inside them it is literal text, and commands quote the name.
    assert.doesNotMatch(text.replace(/`[^`\n]*`/g, ''), /(?<!\\)</);
    assert.match(text, /\\<script\\>/);
    assert.match(text, /`dig \+short 'a\|b<script>alert\(1\)<\/script>x# h' A`/);
    for (const row of text.split('\n').filter((l) => /^\| \d+ \|/.test(l))) assert.equal(row.split(/(?<!\\)\|/).length, 7, row);
    assert.doesNotMatch(text, /^# h/m);
  });

  it('is deterministic, and the committed runbook of the example is current', async () => {
    const a = (await example()).text;
    assert.equal((await example()).text, a);
    assert.equal(fs.readFileSync(path.join(ROOT, 'docs', 'runbooks', 'global-app-game-day.md'), 'utf8'), a, 'docs/runbooks/global-app-game-day.md is stale: npm run docs:runbook');
  });
});

describe('recording a game day', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  it('sets lastFailoverTest and keeps comments, order and indentation', () => {
    const text = '{\n    // where each template runs\n    "deployments": [],\n    "lastFailoverTest": "2026-01-15"\n}\n';
    assert.equal(recordGameDay(text, '2026-11-20', now), '{\n    // where each template runs\n    "deployments": [],\n    "lastFailoverTest": "2026-11-20"\n}\n');
    const added = recordGameDay('{\n  "rules": {}\n}\n', '2026-11-20', now);
    assert.deepEqual(JSON.parse(added), { rules: {}, lastFailoverTest: '2026-11-20' });
  });

  it('creates a file when there is none, and refuses future or invalid dates', () => {
    assert.deepEqual(JSON.parse(recordGameDay(undefined, '2026-11-28', now)), { lastFailoverTest: '2026-11-28' });
    assert.throws(() => recordGameDay('{}', '2026-11-29', now), (e: unknown) => e instanceof GameDayError && /in the future/.test(e.message));
    for (const bad of ['2026-02-30', '28/11/2026', 'yesterday', '']) assert.throws(() => recordGameDay('{}', bad, now), GameDayError, bad);
  });

  it('failover-test-overdue stops firing once the game day is recorded', async () => {
    const docs = { 'dns.yaml': "Resources:\n  Check:\n    Type: AWS::Route53::HealthCheck\n    Properties:\n      HealthCheckConfig: {Type: HTTPS, FullyQualifiedDomainName: a.example.com}\n  Rec:\n    Type: AWS::Route53::RecordSet\n    Properties: {Name: a.example.com, Type: A, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: !Ref Check, TTL: 60}\n", 'multi-region-review.json': '{ "lastFailoverTest": "2026-01-15" }\n' };
    const overdue = (r: { findings: { ruleId: string }[] }) => r.findings.filter((f) => f.ruleId === 'failover-test-overdue').length;
    assert.equal(overdue(await analyzeDocs(docs, undefined, now)), 1);
    const recorded = { ...docs, 'multi-region-review.json': recordGameDay(docs['multi-region-review.json'], '2026-11-27', now) };
    assert.equal(overdue(await analyzeDocs(recorded, undefined, now)), 0);
  });
});
