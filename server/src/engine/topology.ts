// The workspace model as plain data for a diagram: groups (the global services, each region, each
// set of deployment regions, "region not known"), one node per resource, and labelled edges. The
// webview and the Mermaid writer both draw from it, so neither needs to know the model.
//
// Choices that shape the picture:
// - Node, group and stack ids are generated (`n12`, `g3`, `s0`) in a stable order; no id is ever
//   taken from template text, so ids are safe in Mermaid and in the DOM.
// - A resource deployed per deployment to N regions (one template or CDK stack class deployed to
//   each region) is drawn once, in a "deployed to each of …" group, not copied into every region:
//   one node per resource keeps clicks, finding counts and the kind filter one-to-one.
// - A global table's replica in a region that has no resource of its own becomes a replica node in
//   that region's group, joined to the table by a replication edge.
// - Application code (SDK writes, session stores, …) is one node per file, placed in the regions
//   of the functions that run it. A RecordSetGroup is drawn as its record entries.
// - Route 53 records route to a region group: the one their alias target resolves to, their
//   latency `Region`, or the one region named in their set identifier or target.
import type { EdgeKind, Range, Resource, WorkspaceModel } from './model';
import { regionsOf } from './model';
import type { Finding, Severity } from './rule';
import { describeRecord, HEALTH_CHECK, RECORD_SET, type RoutingPolicy } from './route53';
import { regionOf, writeLinks } from './tables';
import { topologyEdges } from './topologyEdges';
import { asArray, asObject, str } from './values';

export { lagClass, recordRouting, servedRegion } from './topologyEdges';

export type NodeKind = 'dns' | 'healthcheck' | 'cdn' | 'accelerator' | 'loadbalancer' | 'compute' | 'function' | 'database' | 'table' | 'bucket' | 'cache' | 'secret' | 'key' | 'code' | 'other';

export const NODE_KINDS: readonly NodeKind[] = ['dns', 'healthcheck', 'cdn', 'accelerator', 'loadbalancer', 'compute', 'function', 'database', 'table', 'bucket', 'cache', 'secret', 'key', 'code', 'other'];

export type GroupKind = 'global' | 'region' | 'per-deployment' | 'unknown';

/** The model's edge kinds, plus `runs`: a function or task runs a code file. */
export type TopologyEdgeKind = EdgeKind | 'runs';

/** How far a replica can lag, from the replication edge's label. */
export type LagClass = 'synchronous' | 'sub-second' | 'rtc-15-min' | 'unbounded' | 'unknown';

export interface Topology {
  regions: string[];
  groups: TopologyGroup[];
  stacks: TopologyStack[];
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export interface TopologyGroup {
  /** `g0`, `g1`, … in display order: global first, then regions, per-deployment sets, unknown. */
  id: string;
  kind: GroupKind;
  /** Plain text (may hold template text: escape it when drawing). */
  title: string;
  /** The region, or the deployment regions; empty for global and unknown. */
  regions: string[];
}

/** A template, or a CDK stack or construct class: what "collapse by stack" folds. */
export interface TopologyStack {
  /** `s0`, `s1`, … ordered by file then class. */
  id: string;
  /** Plain text: the class name, or the file. */
  title: string;
  file: string;
}

export type FindingCounts = Record<Severity, number>;

export interface TopologyNode {
  /** `n0`, `n1`, … in display order (group, then file, then position). */
  id: string;
  kind: NodeKind;
  /** A TopologyGroup id. */
  group: string;
  /** A TopologyStack id. */
  stack: string;
  /** Plain text: the logical id (a code file's path for code). */
  name: string;
  /** The resource type, e.g. `AWS::DynamoDB::GlobalTable` (`Code` for a code file). */
  type: string;
  /** Plain text, e.g. `DynamoDB GlobalTable`. */
  shortType: string;
  /** Plain text from the template, when there is something to add: a record's name, a health check's target, a Name tag. */
  detail?: string;
  /** Plain text: name and short type, for tooltips and screen readers. */
  label: string;
  /** The resources the node stands for; the first is the one to reveal. */
  resourceIds: string[];
  file: string;
  range: Range;
  /** Set on a replica node: the id of the resource it replicates. */
  replicaOf?: string;
  findings: FindingCounts;
  /** The most severe finding on the node. */
  topFinding?: { ruleId: string; severity: Severity; message: string };
}

export interface TopologyEdge {
  /** `e0`, `e1`, … */
  id: string;
  kind: TopologyEdgeKind;
  /** A node id. */
  from: string;
  /** A node id, or a group id when `toGroup` (a record routing to a region). */
  to: string;
  toGroup?: boolean;
  /** Plain text: the lag class, or the routing policy and health-check state. */
  label: string;
  lag?: LagClass;
  routing?: EdgeRouting;
}

export interface EdgeRouting {
  policy: RoutingPolicy;
  role?: 'PRIMARY' | 'SECONDARY';
  health: 'health check' | 'target health' | 'none';
  /** Health-check detection time, when a check is attached. */
  detectionSeconds?: number;
  /** The record's TTL; undefined for alias records. */
  ttlSeconds?: number;
  /** How the target region was found. */
  via: 'target' | 'latency region' | 'name';
}

export function buildTopology(model: WorkspaceModel, findings: readonly Finding[]): Topology {
  const drafts = [...resourceDrafts(model), ...codeDrafts(model), ...replicaDrafts(model)];
  const groups = orderGroups(model, drafts);
  const stacks = orderStacks(drafts);
  const groupIndex = new Map(groups.map((g, i) => [g.key, i]));
  drafts.sort((a, b) => groupIndex.get(a.group)! - groupIndex.get(b.group)! || cmp(a.file, b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || cmp(a.name, b.name));
  const counts = findingIndex(findings);
  const nodes = drafts.map((d, i) => toNode(d, `n${i}`, groups, stacks, counts));
  const nodeOf = new Map<string, string>();
  drafts.forEach((d, i) => d.replicaOf === undefined && d.resourceIds.forEach((id) => nodeOf.set(id, `n${i}`)));
  const replicaNode = new Map(drafts.flatMap((d, i) => (d.replicaOf ? [[`${d.replicaOf}>${d.group}`, `n${i}`] as const] : [])));
  const groupId = (key: string) => (groupIndex.has(key) ? `g${groupIndex.get(key)}` : undefined);
  const edges = topologyEdges(model, nodeOf, replicaNode, groupId);
  return {
    regions: [...model.regions],
    groups: groups.map((g, i) => ({ id: `g${i}`, kind: g.kind, title: g.title, regions: g.regions })),
    stacks: stacks.map((s, i) => ({ id: `s${i}`, title: s.title, file: s.file })),
    nodes,
    edges: edges.map((e, i) => ({ ...e, id: `e${i}` })),
  };
}

/** The node kind (icon and shape) of a resource type. */
export function kindOf(type: string): NodeKind {
  if (type.startsWith('Code::')) return 'code';
  if (type === HEALTH_CHECK) return 'healthcheck';
  if (/^AWS::Route53(RecoveryControl|RecoveryReadiness)?::/.test(type)) return 'dns';
  if (type.startsWith('AWS::CloudFront::')) return 'cdn';
  if (type.startsWith('AWS::GlobalAccelerator::')) return 'accelerator';
  return KINDS[type] ?? 'other';
}

/** `AWS::DynamoDB::GlobalTable` → `DynamoDB GlobalTable`. */
export function shortType(type: string): string {
  return type.replace(/^AWS::/, '').split('::').join(' ');
}

/** Types drawn outside the regions: Route 53, its recovery services, CloudFront, Global Accelerator. */
export function isGlobalType(type: string): boolean {
  return /^AWS::(Route53|Route53RecoveryControl|Route53RecoveryReadiness|CloudFront|GlobalAccelerator)::/.test(type);
}

const KINDS: Record<string, NodeKind> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'loadbalancer',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'loadbalancer',
  'AWS::ApiGateway::RestApi': 'loadbalancer',
  'AWS::ApiGatewayV2::Api': 'loadbalancer',
  'AWS::Serverless::Api': 'loadbalancer',
  'AWS::Serverless::HttpApi': 'loadbalancer',
  'AWS::AutoScaling::AutoScalingGroup': 'compute',
  'AWS::EC2::Instance': 'compute',
  'AWS::ECS::Service': 'compute',
  'AWS::ECS::TaskDefinition': 'compute',
  'AWS::EKS::Cluster': 'compute',
  'AWS::EKS::Nodegroup': 'compute',
  'AWS::AppRunner::Service': 'compute',
  'AWS::ElasticBeanstalk::Environment': 'compute',
  'AWS::Lambda::Function': 'function',
  'AWS::Serverless::Function': 'function',
  'AWS::RDS::DBCluster': 'database',
  'AWS::RDS::DBInstance': 'database',
  'AWS::RDS::GlobalCluster': 'database',
  'AWS::DocDB::DBCluster': 'database',
  'AWS::DocDB::DBInstance': 'database',
  'AWS::DocDBElastic::Cluster': 'database',
  'AWS::Neptune::DBCluster': 'database',
  'AWS::Neptune::DBInstance': 'database',
  'AWS::DynamoDB::Table': 'table',
  'AWS::DynamoDB::GlobalTable': 'table',
  'AWS::Serverless::SimpleTable': 'table',
  'AWS::S3::Bucket': 'bucket',
  'AWS::ElastiCache::ReplicationGroup': 'cache',
  'AWS::ElastiCache::GlobalReplicationGroup': 'cache',
  'AWS::ElastiCache::CacheCluster': 'cache',
  'AWS::ElastiCache::ServerlessCache': 'cache',
  'AWS::MemoryDB::Cluster': 'cache',
  'AWS::SecretsManager::Secret': 'secret',
  'AWS::SSM::Parameter': 'secret',
  'AWS::KMS::Key': 'key',
  'AWS::KMS::ReplicaKey': 'key',
  'AWS::KMS::Alias': 'key',
};

/** A node before ids are given out. `group` and `stack` are keys, turned into ids at the end. */
interface Draft {
  kind: NodeKind;
  group: string;
  groupKind: GroupKind;
  groupRegions: string[];
  stack: string;
  stackTitle: string;
  name: string;
  type: string;
  shortType: string;
  detail?: string;
  resourceIds: string[];
  file: string;
  range: Range;
  replicaOf?: string;
}

interface Placement {
  key: string;
  kind: GroupKind;
  regions: string[];
}

const GLOBAL: Placement = { key: 'global', kind: 'global', regions: [] };
const UNKNOWN: Placement = { key: 'unknown', kind: 'unknown', regions: [] };

function placeIn(regions: string[]): Placement {
  const set = [...new Set(regions)].sort();
  if (set.length === 0) return UNKNOWN;
  if (set.length === 1) return { key: `region:${set[0]}`, kind: 'region', regions: set };
  return { key: `deploy:${set.join(',')}`, kind: 'per-deployment', regions: set };
}

function placementOf(r: Resource): Placement {
  return isGlobalType(r.type) ? GLOBAL : placeIn(regionsOf(regionOf(r)));
}

function stackOf(r: Resource): { stack: string; stackTitle: string } {
  return r.cdkClass ? { stack: `${r.file}#${r.cdkClass}`, stackTitle: r.cdkClass } : { stack: r.file, stackTitle: r.file };
}

function draft(p: Placement, fields: Omit<Draft, 'group' | 'groupKind' | 'groupRegions'>): Draft {
  return { ...fields, group: p.key, groupKind: p.kind, groupRegions: p.regions };
}

/** One draft per resource; code is drawn per file and a RecordSetGroup by its entries. */
function resourceDrafts(model: WorkspaceModel): Draft[] {
  const entryOwners = new Set(model.ofType(RECORD_SET).map((r) => `${r.file}#${/^(.*)\.RecordSets\[\d+\]$/.exec(r.logicalId)?.[1]}`));
  return model.resources
    .filter((r) => !r.type.startsWith('Code::') && !(r.type === 'AWS::Route53::RecordSetGroup' && entryOwners.has(r.id)))
    .map((r) => draft(placementOf(r), { kind: kindOf(r.type), ...stackOf(r), name: r.logicalId, type: r.type, shortType: shortType(r.type), ...detailOf(r), resourceIds: [r.id], file: r.file, range: r.range }));
}

/** A record's name and type, a health check's target, or else the resource's `Name` tag. */
function detailOf(r: Resource): { detail?: string } {
  const p = r.properties;
  if (r.type === RECORD_SET) return { detail: describeRecord(p) };
  const cfg = asObject(p.HealthCheckConfig);
  const target = str(cfg?.FullyQualifiedDomainName) ?? str(cfg?.IPAddress);
  if (r.type === HEALTH_CHECK && target) return { detail: `${str(cfg?.Type) ?? ''} ${target}${str(cfg?.ResourcePath) ?? ''}`.trim() };
  const tag = [...asArray(p.Tags), ...asArray(p.HealthCheckTags)].map(asObject).find((t) => str(t?.Key) === 'Name');
  const name = str(tag?.Value);
  return name ? { detail: name } : {};
}

/** Application code: one draft per file, placed in the regions of the functions that run it. */
function codeDrafts(model: WorkspaceModel): Draft[] {
  const byFile = new Map<string, Resource[]>();
  for (const r of model.resources) if (r.type.startsWith('Code::')) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const runnerRegions = new Map<string, string[]>();
  for (const l of writeLinks(model)) runnerRegions.set(l.write.file, [...(runnerRegions.get(l.write.file) ?? []), ...l.regions.filter((x) => !x.client).map((x) => x.region)]);
  return [...byFile].map(([file, rs]) => {
    const own = rs.flatMap((r) => regionsOf(regionOf(r)));
    const writes = rs.filter((r) => r.type === 'Code::DynamoDB::Write').length;
    const detail = writes ? `code, ${writes} DynamoDB write${writes === 1 ? '' : 's'}` : 'code';
    return draft(placeIn(own.length ? own : (runnerRegions.get(file) ?? [])), { kind: 'code', stack: file, stackTitle: file, name: file, type: 'Code', shortType: detail, resourceIds: rs.map((r) => r.id), file, range: rs[0].range });
  });
}

/** A replica node for each region that a resource replicates to without a resource there. */
function replicaDrafts(model: WorkspaceModel): Draft[] {
  const out: Draft[] = [];
  const seen = new Set<string>();
  for (const e of model.edges) {
    const r = e.kind === 'replicates-to' && e.to.startsWith('region:') ? model.resource(e.from) : undefined;
    const region = e.to.slice('region:'.length);
    if (!r || regionsOf(regionOf(r)).includes(region) || seen.has(`${r.id}>${region}`)) continue;
    seen.add(`${r.id}>${region}`);
    const index = asArray(r.properties.Replicas).findIndex((rep) => str(asObject(rep)?.Region) === region || rep === region);
    const range = index >= 0 ? (model.files.get(r.file)?.rangeOf([...r.propertiesPath, 'Replicas', index]) ?? r.range) : r.range;
    out.push(draft(placeIn([region]), { kind: kindOf(r.type), ...stackOf(r), name: `${r.logicalId} replica`, type: r.type, shortType: shortType(r.type), resourceIds: [r.id], file: r.file, range, replicaOf: r.id }));
  }
  return out;
}

interface OrderedGroup extends Placement {
  title: string;
}

/** Global first, then every region of the model (sorted), then deployment sets, then unknown. */
function orderGroups(model: WorkspaceModel, drafts: Draft[]): OrderedGroup[] {
  const used = new Map<string, Placement>();
  for (const d of drafts) used.set(d.group, { key: d.group, kind: d.groupKind, regions: d.groupRegions });
  for (const region of model.regions) if (!used.has(`region:${region}`)) used.set(`region:${region}`, placeIn([region]));
  const rank: Record<GroupKind, number> = { global: 0, region: 1, 'per-deployment': 2, unknown: 3 };
  return [...used.values()].sort((a, b) => rank[a.kind] - rank[b.kind] || cmp(a.key, b.key)).map((p) => ({ ...p, title: groupTitle(p) }));
}

function groupTitle(p: Placement): string {
  if (p.kind === 'global') return 'Global: Route 53, CloudFront, Global Accelerator';
  if (p.kind === 'region') return p.regions[0];
  if (p.kind === 'per-deployment') return `Deployed to each of ${p.regions.join(', ')}`;
  return 'Region not known';
}

function orderStacks(drafts: Draft[]): { key: string; title: string; file: string }[] {
  const stacks = new Map<string, { key: string; title: string; file: string }>();
  for (const d of drafts) if (!stacks.has(d.stack)) stacks.set(d.stack, { key: d.stack, title: d.stackTitle, file: d.file });
  return [...stacks.values()].sort((a, b) => cmp(a.key, b.key));
}

function toNode(d: Draft, id: string, groups: OrderedGroup[], stacks: { key: string }[], counts: Map<string, Finding[]>): TopologyNode {
  const found = d.replicaOf ? [] : d.resourceIds.flatMap((r) => counts.get(r) ?? []);
  const findings: FindingCounts = { error: 0, warning: 0, info: 0 };
  for (const f of found) findings[f.severity]++;
  const top = [...found].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])[0];
  return {
    id,
    kind: d.kind,
    group: `g${groups.findIndex((g) => g.key === d.group)}`,
    stack: `s${stacks.findIndex((s) => s.key === d.stack)}`,
    name: d.name,
    type: d.type,
    shortType: d.shortType,
    ...(d.detail !== undefined ? { detail: d.detail } : {}),
    label: `${d.name} (${d.shortType})${d.detail !== undefined ? `: ${d.detail}` : ''}`,
    resourceIds: d.resourceIds,
    file: d.file,
    range: d.range,
    ...(d.replicaOf ? { replicaOf: d.replicaOf } : {}),
    findings,
    ...(top ? { topFinding: { ruleId: top.ruleId, severity: top.severity, message: top.message } } : {}),
  };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function findingIndex(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) if (f.resourceId) out.set(f.resourceId, [...(out.get(f.resourceId) ?? []), f]);
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

