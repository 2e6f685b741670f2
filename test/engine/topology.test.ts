// Model → topology → Mermaid, on the example workspace and on hostile names. The Mermaid text is
// also read back by Mermaid's own parser, so "renders as text" is checked against the real grammar.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { register } from 'node:module';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { parseConfig } from '../../server/src/engine/config';
import { collapsedNodeId, escapeLabel, topologyToMermaid } from '../../server/src/engine/mermaid';
import { buildTopology, lagClass, type Topology } from '../../server/src/engine/topology';
import { DiskWorkspace } from '../../server/src/engine/workspace';
import { analyzeDocs, ROOT } from '../helpers';

const EXAMPLE = path.join(ROOT, 'examples', 'global-app');

async function example(): Promise<Topology> {
  const config = parseConfig(fs.readFileSync(path.join(EXAMPLE, 'multi-region-review.json'), 'utf8')).config;
  const { model, findings } = await analyze(new DiskWorkspace(EXAMPLE), config, { now: new Date('2026-11-01T00:00:00Z') });
  return buildTopology(model, findings);
}

/** Strings that would change a diagram, a web page or a Markdown file if they were not escaped. */
export const HOSTILE = ['<script>alert(1)</script>', '"]; end; subgraph evil["', 'click n1 call alert()', '%%{init: {"securityLevel": "loose"}}%%', 'line one\nline two', '`backticks` and ```fences```', 'a & b #quot; #60;', '<img src=x onerror=alert(1)>'];

/** A workspace whose names, descriptions and tags are all hostile. */
export function hostileWorkspace(): Record<string, string> {
  const q = (s: string) => JSON.stringify(s);
  return {
    'evil.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Description: ${q(HOSTILE.join(' '))}
Resources:
  ${q(`Check${HOSTILE[1]}`)}:
    Type: AWS::Route53::HealthCheck
    Properties:
      HealthCheckConfig: { Type: HTTPS, FullyQualifiedDomainName: ${q(HOSTILE[0])}, RequestInterval: 10, FailureThreshold: 3 }
      HealthCheckTags: [{ Key: Name, Value: ${q(HOSTILE[3])} }]
  Primary:
    Type: AWS::Route53::RecordSet
    Properties:
      Name: ${q(`${HOSTILE[2]} ${HOSTILE[4]}`)}
      Type: CNAME
      SetIdentifier: primary-us-east-1
      Failover: PRIMARY
      TTL: '60'
      HealthCheckId: !Ref ${q(`Check${HOSTILE[1]}`)}
      ResourceRecords: [a.us-east-1.example.com]
  Secondary:
    Type: AWS::Route53::RecordSet
    Properties:
      Name: ${q(`${HOSTILE[2]} ${HOSTILE[4]}`)}
      Type: CNAME
      SetIdentifier: secondary-eu-west-1
      Failover: SECONDARY
      TTL: '60'
      ResourceRecords: [a.eu-west-1.example.com]
  ${q(`Table${HOSTILE[5]}`)}:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      TableName: ${q(HOSTILE[6])}
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
      Replicas: [{ Region: us-east-1 }, { Region: eu-west-1 }, { Region: ${q(HOSTILE[7])} }]
      Tags: [{ Key: Name, Value: ${q(HOSTILE.join(' '))} }]
`,
    'multi-region-review.json': JSON.stringify({ deployments: [{ files: 'evil.yaml', regions: ['us-east-1'] }], objectives: { rpo: '1m' } }),
  };
}

/** Mermaid's parser, loaded in Node: DOMPurify (needed only to render) is replaced by a stub. */
type Db = { getVertices(): Map<string, { id: string; text?: string }>; getSubGraphs(): { id: string; title: string; nodes: string[] }[]; getEdges(): { start: string; end: string; text: string }[]; getClasses?(): unknown };
let parse: (text: string) => Promise<Db>;

before(async () => {
  const stub = 'export default { addHook() {}, removeHook() {}, removeHooks() {}, removeAllHooks() {}, sanitize: (s) => String(s), isSupported: true, setConfig() {} };';
  const hooks = `export async function resolve(s, c, n) { return s === 'dompurify' ? { url: ${JSON.stringify(`data:text/javascript,${encodeURIComponent(stub)}`)}, shortCircuit: true } : n(s, c); }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  (globalThis as { window?: unknown }).window = { addEventListener() {} };
  const mermaid = (await import('mermaid')).default as unknown as { parse(t: string): Promise<unknown>; mermaidAPI: { getDiagramFromText(t: string): Promise<{ db: Db }> } };
  parse = async (text) => {
    await mermaid.parse(text); // throws on a syntax error, and loads the flowchart diagram
    return (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
  };
});

/** Mermaid keeps entity codes as placeholders until it renders; this is what the SVG would show. */
const rendered = (text: string | undefined) => (text ?? '').replace(/ﬂ°°(\d+)¶ß/g, (_, n) => String.fromCodePoint(Number(n))).replace(/<br\/>/g, '\n');

describe('buildTopology on examples/global-app', () => {
  it('groups global services, each region, then per-deployment resources', async () => {
    const t = await example();
    assert.deepEqual(
      t.groups.map((g) => [g.id, g.kind, g.title]),
      [
        ['g0', 'global', 'Global: Route 53, CloudFront, Global Accelerator'],
        ['g1', 'region', 'eu-west-1'],
        ['g2', 'region', 'us-east-1'],
        ['g3', 'per-deployment', 'Deployed to each of eu-west-1, us-east-1'],
      ],
    );
    const inGroup = (id: string) => t.nodes.filter((n) => n.group === id).map((n) => n.name);
    assert.ok(inGroup('g0').includes('ApiPrimaryRecord') && inGroup('g0').includes('LoyaltyPrimaryHealth'));
    assert.ok(!inGroup('g0').includes('CatalogRecords'), 'a RecordSetGroup is drawn as its entries');
    assert.ok(inGroup('g0').includes('CatalogRecords.RecordSets[1]'));
    assert.deepEqual(inGroup('g3'), ['cdk-python/lambda/send.py', 'SendFn', 'cdk/lambda/members.ts', 'MembersFn'], 'each function and the code it runs (TypeScript and Python) are drawn once, for both regions');
    assert.ok(inGroup('g2').includes('cdk/lambda/expire-points.ts'), 'code goes where its function runs');
    assert.ok(inGroup('g1').includes('OrdersTable replica') && inGroup('g1').includes('Members replica'));
  });

  it('gives generated, sequential, Mermaid-safe ids in a stable order', async () => {
    const [a, b] = [await example(), await example()];
    assert.deepEqual(a, b);
    a.nodes.forEach((n, i) => assert.equal(n.id, `n${i}`));
    a.edges.forEach((e, i) => assert.equal(e.id, `e${i}`));
    assert.ok(a.stacks.every((s, i) => s.id === `s${i}`));
    assert.ok(a.stacks.some((s) => s.title === 'LoyaltyDataStack') && a.stacks.some((s) => s.title === 'primary/app.yaml'));
  });

  it('labels replication with its lag class and routing with policy and health', async () => {
    const t = await example();
    const node = (name: string) => t.nodes.find((n) => n.name === name)!;
    const edge = (from: string, kind: string) => t.edges.filter((e) => e.from === node(from).id && e.kind === kind);
    assert.deepEqual(edge('ReportsBucket', 'replicates-to').map((e) => [e.label, e.lag, e.to]), [['unbounded (no RTC)', 'unbounded', node('ReportsReplicaBucket').id]]);
    assert.equal(edge('UploadsBucket', 'replicates-to')[0].lag, 'rtc-15-min');
    assert.equal(edge('OrdersTable', 'replicates-to')[0].to, node('OrdersTable replica').id);
    assert.equal(edge('OrdersGlobalCluster', 'replicates-to')[0].lag, 'sub-second');
    const auth = edge('AuthPrimaryRecord', 'routes-to')[0];
    assert.deepEqual([auth.to, auth.toGroup, auth.label], ['g2', true, 'failover PRIMARY; health check 90 s; TTL 300 s']);
    assert.equal(edge('CatalogRecords.RecordSets[1]', 'routes-to')[0].label, 'latency; no health check');
    assert.equal(edge('MembersFn', 'runs')[0].to, node('cdk/lambda/members.ts').id);
    assert.equal(edge('cdk/lambda/members.ts', 'writes')[0].label, 'PutItem, UpdateItem');
  });

  it('counts findings per node and keeps the most severe message', async () => {
    const t = await example();
    const admin = t.nodes.find((n) => n.name === 'AdminPrimaryRecord')!;
    assert.equal(admin.findings.error, 1);
    assert.equal(admin.topFinding?.ruleId, 'failover-without-health-check');
    assert.equal(admin.detail, 'admin.global-app.example.com. CNAME');
    assert.deepEqual(t.nodes.find((n) => n.name === 'OrdersTable replica')!.findings, { error: 0, warning: 0, info: 0 });
  });
});

describe('lagClass', () => {
  it('reads the linker labels', () => {
    assert.deepEqual(['sub-second (async)', 'typically < 1 s', '< 15 min (RTC)', 'unbounded (no RTC)', 'synchronous (strong)', undefined].map(lagClass), ['sub-second', 'sub-second', 'rtc-15-min', 'unbounded', 'synchronous', 'unknown']);
  });
});

describe('topologyToMermaid', () => {
  it('parses with Mermaid: one subgraph per group, one vertex per node, no click handlers', async () => {
    const t = await example();
    const text = topologyToMermaid(t);
    const db = await parse(text);
    assert.deepEqual(db.getSubGraphs().map((s) => s.id), ['g0', 'g1', 'g2', 'g3']);
    const vertices = [...db.getVertices().keys()].filter((id) => /^n\d+$/.test(id));
    assert.equal(vertices.length, t.nodes.length);
    assert.ok(!/^\s*click\b/m.test(text));
    const admin = t.nodes.find((n) => n.name === 'AdminPrimaryRecord')!;
    assert.match(text, new RegExp(`class [n0-9,]*\\b${admin.id}\\b[n0-9,]* error`));
  });

  it('filters by kind, collapses groups and stacks, and caps the node count', async () => {
    const t = await example();
    const tables = topologyToMermaid(t, { kinds: ['table'] });
    assert.ok(!/RecordSet/.test(tables) && /OrdersTable/.test(tables));
    const us = t.groups.find((g) => g.title === 'us-east-1')!;
    const folded = topologyToMermaid(t, { collapsedGroups: [us.id] });
    const db = await parse(folded);
    assert.ok(!db.getSubGraphs().some((s) => s.id === us.id), 'a collapsed group is no subgraph');
    assert.ok(db.getVertices().has(collapsedNodeId(us.id)));
    assert.ok(db.getEdges().some((e) => e.end === collapsedNodeId(us.id)), 'routing to the region now ends at its node');
    const stack = t.stacks.find((s) => s.title === 'LoyaltyDnsStack')!;
    const dns = topologyToMermaid(t, { collapsedGroups: [stack.id] });
    assert.match(dns, new RegExp(`${collapsedNodeId('g0', stack.id)}\\[\\["LoyaltyDnsStack<br/>6 resources #40;collapsed#41;`));
    const few = topologyToMermaid(t, { maxNodes: 5 });
    assert.match(few, /more\["#8230; \d+ more resources not shown"\]/);
    await parse(few);
  });
});

describe('hostile names through topology and Mermaid', () => {
  it('keep every label as text', async () => {
    const docs = hostileWorkspace();
    const { model, findings } = await analyzeDocs(docs);
    const t = buildTopology(model, findings);
    const text = topologyToMermaid(t);
    for (const bad of ['<script', '<img', '%%{', '```', '"]; end']) assert.ok(!text.includes(bad), `raw ${JSON.stringify(bad)} in the Mermaid text`);
    assert.ok(!/^\s*(click|%%|subgraph evil)/m.test(text), 'no line is a click directive, a directive or an injected subgraph');
    const db = await parse(text);
    const ids = [...db.getVertices().keys()].filter((id) => !/^g\d+$/.test(id));
    assert.deepEqual(ids.sort(), t.nodes.map((n) => n.id).sort(), 'no vertex was injected');
    assert.deepEqual(db.getSubGraphs().map((s) => s.id).sort(), t.groups.map((g) => g.id).sort(), 'no subgraph was injected');
    const texts = [...db.getVertices().values()].map((v) => rendered(v.text));
    const primary = t.nodes.find((n) => n.name === 'Primary')!;
    assert.ok(texts.some((x) => x.startsWith(`Primary\nRoute53 RecordSet\n${HOSTILE[2]} ${HOSTILE[4].replace('\n', ' ')} CNAME`)), 'the record name reads back as text');
    assert.ok(texts.some((x) => x.startsWith(`Check${HOSTILE[1]}\n`)), 'the logical id reads back as text');
    assert.ok(texts.some((x) => x.includes(HOSTILE[3])), 'the Name tag reads back as text');
    const evilRegion = t.groups.find((g) => g.title === HOSTILE[7]);
    assert.ok(evilRegion, 'a hostile replica region becomes a group');
    assert.equal(rendered(db.getSubGraphs().find((s) => s.id === evilRegion.id)?.title), HOSTILE[7]);
    assert.ok(db.getEdges().some((e) => e.start === primary.id), 'edges survive');
  });

  it('escapeLabel leaves only safe characters and entity codes', () => {
    for (const s of HOSTILE) assert.match(escapeLabel(s), /^(?:[A-Za-z0-9 .,:/_-]|#\d+;)*$/);
  });
});
