// The edges of a topology: the model's replication, health-check and write edges between drawn
// nodes, `runs` edges from functions to the code they run, and routing edges from each Route 53
// record (or Global Accelerator endpoint group) to the node or region group it sends traffic to.
import type { Resource, WorkspaceModel } from './model';
import { detectionTime, evaluatesTargetHealth, failoverRole, healthCheckOf, isAlias, RECORD_SET, routingPolicy } from './route53';
import { writeLinks } from './tables';
import type { EdgeRouting, LagClass, TopologyEdge } from './topology';
import { asArray, asObject, num, str } from './values';

/** Edges before ids are given out. */
export type EdgeDraft = Omit<TopologyEdge, 'id'>;

/** Every edge between drawn nodes, one per kind and pair. */
export function topologyEdges(model: WorkspaceModel, nodeOf: Map<string, string>, replicaNode: Map<string, string>, groupId: (key: string) => string | undefined): EdgeDraft[] {
  return dedupeEdges([...modelEdges(model, nodeOf, replicaNode), ...runsEdges(model, nodeOf), ...routingEdges(model, nodeOf, groupId)]);
}

/** The lag class of a replication edge label from the linker. */
export function lagClass(label: string | undefined): LagClass {
  if (!label) return 'unknown';
  if (/synchronous|strong/i.test(label)) return 'synchronous';
  if (/sub-second|< 1 s/i.test(label)) return 'sub-second';
  if (/15 min|RTC\)/.test(label) && !/no RTC/.test(label)) return 'rtc-15-min';
  if (/unbounded/i.test(label)) return 'unbounded';
  return 'unknown';
}

/** The model's edges between drawn nodes; a replica region becomes its replica node. */
function modelEdges(model: WorkspaceModel, nodeOf: Map<string, string>, replicaNode: Map<string, string>): EdgeDraft[] {
  const out: EdgeDraft[] = [];
  for (const e of model.edges) {
    if (e.kind === 'routes-to') continue;
    const from = nodeOf.get(e.from);
    const to = e.to.startsWith('region:') ? replicaNode.get(`${e.from}>region:${e.to.slice(7)}`) : nodeOf.get(e.to);
    if (!from || !to || from === to) continue;
    if (e.kind === 'replicates-to') out.push({ kind: e.kind, from, to, label: e.label ?? 'replicates', lag: lagClass(e.label) });
    else if (e.kind === 'health-checked-by') out.push({ kind: e.kind, from, to, label: healthLabel(model, e.to) });
    else out.push({ kind: e.kind, from, to, label: e.label ?? e.kind });
  }
  return out;
}

function healthLabel(model: WorkspaceModel, hcId: string): string {
  const d = detectionTime(model, model.resource(hcId));
  return `detects in ${d.seconds} s`;
}

/** A function or task runs a code file (from the SDK writes that the linker tied to it). */
function runsEdges(model: WorkspaceModel, nodeOf: Map<string, string>): EdgeDraft[] {
  const out: EdgeDraft[] = [];
  for (const l of writeLinks(model)) {
    const to = nodeOf.get(l.write.id);
    for (const runner of l.runners) {
      const from = nodeOf.get(runner.id);
      if (from && to) out.push({ kind: 'runs', from, to, label: 'runs' });
    }
  }
  return out;
}

/** Each record to the node its alias resolves to, or else to the region group it serves. */
function routingEdges(model: WorkspaceModel, nodeOf: Map<string, string>, groupId: (key: string) => string | undefined): EdgeDraft[] {
  const out: EdgeDraft[] = [];
  const targets = new Map(model.edges.filter((e) => e.kind === 'routes-to').map((e) => [e.from, e.to]));
  for (const rec of model.ofType(RECORD_SET)) {
    const from = nodeOf.get(rec.id);
    if (!from) continue;
    const target = targets.get(rec.id);
    const targetNode = target ? nodeOf.get(target) : undefined;
    const region = targetNode ? undefined : servedRegion(model, rec);
    const to = targetNode ?? (region ? groupId(`region:${region.name}`) : undefined);
    if (!to) continue;
    const routing = recordRouting(model, rec, targetNode ? 'target' : region!.via);
    out.push({ kind: 'routes-to', from, to, ...(targetNode ? {} : { toGroup: true }), label: routingLabel(routing), routing });
  }
  for (const eg of model.ofType('AWS::GlobalAccelerator::EndpointGroup')) {
    const from = nodeOf.get(eg.id);
    const region = str(eg.properties.EndpointGroupRegion);
    const to = from && region ? groupId(`region:${region}`) : undefined;
    const dial = num(eg.properties.TrafficDialPercentage) ?? 100;
    if (from && to) out.push({ kind: 'routes-to', from, to, toGroup: true, label: `endpoint group; traffic dial ${dial}%` });
  }
  return out;
}

/** The region a record serves: its latency `Region`, or the one region its identifier or target names. */
export function servedRegion(model: WorkspaceModel, rec: Resource): { name: string; via: 'latency region' | 'name' } | undefined {
  const p = rec.properties;
  const latency = str(p.Region);
  if (latency) return { name: latency, via: 'latency region' };
  const texts = [str(p.SetIdentifier), str(asObject(p.AliasTarget)?.DNSName), ...asArray(p.ResourceRecords).map((v) => str(v))].filter((t): t is string => !!t);
  const named = model.regions.filter((region) => texts.some((t) => new RegExp(`(^|[^a-z0-9])${escapeRegExp(region)}($|[^a-z0-9])`, 'i').test(t)));
  return named.length === 1 ? { name: named[0], via: 'name' } : undefined;
}

export function recordRouting(model: WorkspaceModel, rec: Resource, via: EdgeRouting['via']): EdgeRouting {
  const p = rec.properties;
  const hc = p.HealthCheckId !== undefined ? healthCheckOf(model, rec) : undefined;
  const health = p.HealthCheckId !== undefined && p.HealthCheckId !== null ? 'health check' : evaluatesTargetHealth(p) ? 'target health' : 'none';
  const ttl = isAlias(p) ? undefined : num(p.TTL);
  return {
    policy: routingPolicy(p),
    ...(failoverRole(p) ? { role: failoverRole(p) } : {}),
    health,
    ...(health === 'health check' ? { detectionSeconds: detectionTime(model, hc).seconds } : {}),
    ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
    via,
  };
}

function routingLabel(r: EdgeRouting): string {
  const policy = r.role ? `${r.policy} ${r.role}` : r.policy;
  const health = r.health === 'health check' ? `health check ${r.detectionSeconds} s` : r.health === 'target health' ? 'target health' : 'no health check';
  return [policy, health, ...(r.ttlSeconds !== undefined ? [`TTL ${r.ttlSeconds} s`] : [])].join('; ');
}

/** One edge per kind and pair of nodes; labels of merged edges are joined. */
function dedupeEdges(edges: EdgeDraft[]): EdgeDraft[] {
  const byKey = new Map<string, EdgeDraft>();
  for (const e of edges) {
    const key = `${e.kind} ${e.from} ${e.to}`;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, { ...e });
    else if (!prev.label.split(', ').includes(e.label)) prev.label = `${prev.label}, ${e.label}`;
  }
  return [...byKey.values()];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
