// Joins per-file facts into one WorkspaceModel: regions per file, the workspace's region set, and
// the edges that cross resources (replication, routing, health checks).
import picomatch from 'picomatch';
import type { Config } from './config';
import type { Edge, FileFacts, RegionRef, Resource, WorkspaceModel } from './model';
import { regionKey, regionsOf } from './model';
import { cdkRegions } from './sources/cdk';
import { clusterRole, replicationRules } from './stores';
import { linkWrites } from './tables';
import { asArray, asObject, bool, literalString, num, refTarget, str } from './values';

export function buildModel(facts: FileFacts[], config: Config): WorkspaceModel {
  return runToEnd(buildModelSteps(facts, config));
}

/** Runs a stepwise computation (a generator that yields between steps) without stopping. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Files linked between two yields of `buildModelSteps`. */
const FILES_PER_STEP = 500;

/** `buildModel` in steps, for a run that hands control back now and then: it yields between parts. */
export function* buildModelSteps(facts: FileFacts[], config: Config): Generator<void, WorkspaceModel> {
  const deploy = config.deployments.map((d) => ({ match: picomatch(d.files, { dot: true }), regions: d.regions }));
  const regions = new Set<string>();
  const resources: Resource[] = [];
  const edges: Edge[] = [];
  const files = new Map<string, FileFacts>();
  // Precedence: the config file's deployments, then what CDK code states per stack, then template Metadata.
  const fromSource = cdkRegions(facts);
  let linked = 0;
  for (const f of facts) {
    if (++linked % FILES_PER_STEP === 0) yield;
    files.set(f.file, f);
    const configured = deploy.find((d) => d.match(f.file))?.regions;
    const ref = regionRef(configured ?? f.declaredRegions);
    for (const r of f.resources) {
      const own = configured ? undefined : fromSource.get(r.id);
      r.region = own && own.kind !== 'unknown' ? own : ref;
      resources.push(r);
      for (const region of regionsOf(r.region)) regions.add(region);
    }
    for (const region of [...regionsOf(ref), ...f.regions]) regions.add(region);
    edges.push(...f.edges);
  }
  for (const d of config.deployments) for (const r of d.regions) regions.add(r);
  const byId = new Map(resources.map((r) => [r.id, r]));
  const byType = new Map<string, Resource[]>();
  for (const r of resources) {
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
  }
  const model: WorkspaceModel = {
    regions: [...regions].sort(),
    resources,
    edges,
    files,
    resource: (id) => byId.get(id),
    ofType: (type) => byType.get(type) ?? [],
    byLogicalId: (file, logicalId) => byId.get(`${file}#${logicalId}`),
  };
  yield;
  model.edges.push(...cloudFormationEdges(model));
  yield;
  linkWrites(model);
  return model;
}

function regionRef(regions: string[] | undefined): RegionRef {
  if (!regions || regions.length === 0) return { kind: 'unknown' };
  return regions.length === 1 ? { kind: 'known', region: regions[0] } : { kind: 'per-deployment', regions: [...regions] };
}

/** Edges that CloudFormation properties state directly. */
function cloudFormationEdges(model: WorkspaceModel): Edge[] {
  const edges: Edge[] = [];
  const local = (r: Resource, v: Parameters<typeof refTarget>[0]) => {
    const id = refTarget(v);
    return id ? model.byLogicalId(r.file, id) : undefined;
  };
  for (const t of model.ofType('AWS::DynamoDB::GlobalTable')) {
    const strong = str(t.properties.MultiRegionConsistency) === 'STRONG';
    for (const rep of asArray(t.properties.Replicas)) {
      const region = str(asObject(rep)?.Region);
      if (region) edges.push({ kind: 'replicates-to', from: t.id, to: regionKey(region), label: strong ? 'synchronous (strong)' : 'sub-second (async)' });
    }
  }
  for (const { source, rule, target } of replicationRules(model)) {
    if (target.kind !== 'bucket') continue;
    const time = asObject(asObject(rule.Destination)?.ReplicationTime);
    const rtc = time !== undefined && str(time.Status) !== 'Disabled';
    edges.push({ kind: 'replicates-to', from: source.id, to: target.bucket.id, label: rtc ? '< 15 min (RTC)' : 'unbounded (no RTC)' });
  }
  const globals = model.ofType('AWS::RDS::GlobalCluster');
  for (const c of model.ofType('AWS::RDS::DBCluster')) {
    const g = globalClusterOf(model, c, globals);
    // The primary is the writer the global cluster replicates from, not a replica.
    if (g && clusterRole(model, c, { kind: 'member', global: g }) !== 'primary') edges.push({ kind: 'replicates-to', from: g.id, to: c.id, label: 'typically < 1 s' });
  }
  for (const rec of model.ofType('AWS::Route53::RecordSet')) {
    const p = rec.properties;
    const hc = local(rec, p.HealthCheckId);
    if (hc) edges.push({ kind: 'health-checked-by', from: rec.id, to: hc.id });
    const alias = asObject(p.AliasTarget);
    const target = local(rec, alias?.DNSName);
    const policy = p.Failover ? `failover ${str(p.Failover) ?? ''}`.trim() : p.Weight !== undefined ? `weighted ${num(p.Weight) ?? str(p.Weight) ?? '(computed)'}` : p.Region ? `latency ${str(p.Region) ?? ''}` : p.GeoLocation ? 'geolocation' : 'simple';
    const health = hc ? 'health check' : bool(alias?.EvaluateTargetHealth) ? 'target health' : 'no health check';
    if (target) edges.push({ kind: 'routes-to', from: rec.id, to: target.id, label: `${policy}; ${health}` });
  }
  return edges;
}

/** The global cluster a DB cluster joins: by Ref in the same file, or by identifier anywhere. */
export function globalClusterOf(model: WorkspaceModel, cluster: Resource, globals: Resource[]): Resource | undefined {
  const v = cluster.properties.GlobalClusterIdentifier;
  const id = refTarget(v);
  if (id) return model.byLogicalId(cluster.file, id);
  const name = literalString(v);
  return name ? globals.find((g) => literalString(g.properties.GlobalClusterIdentifier) === name) : undefined;
}
