// Compares the workspace's Route 53 records with a live snapshot. Pure: it runs again on every
// analysis, so live findings follow the code as it is edited, against the last snapshot taken.
import type { Path, Resource, WorkspaceModel } from '../engine/model';
import { failoverRole, HEALTH_CHECK, isIntrinsic, RECORD_SET, type RoutingPolicy, routingPolicy } from '../engine/route53';
import type { RelatedInfo, Severity } from '../engine/rule';
import { asObject, bool, literalString, num, refTarget, str } from '../engine/values';
import { normalizeName } from './route53';
import type { DriftKind, LiveHealthCheck, LiveId, LiveRecord, LiveSnapshot, LiveState } from './types';

export interface Drift {
  kind: DriftKind;
  id: LiveId;
  severity: Severity;
  message: string;
  /** The code record the drift is reported on. */
  resource: Resource;
  /** Below the record's Properties; the logical id when empty. */
  path: Path;
  live?: LiveRecord;
  related?: RelatedInfo[];
}

export interface Comparison {
  drifts: Drift[];
  /** Every comparable code record: its state against the snapshot. */
  states: Map<string, LiveState>;
  /** Code records whose name, type or set identifier is known only at deploy time. */
  notComparable: Resource[];
  /** Live records in the zones read that no code record names (other applications' records). */
  unmanaged: number;
}

const KIND_ID: Record<DriftKind, LiveId> = {
  'missing-live': 'live-record-missing',
  'missing-code': 'live-record-drift',
  policy: 'live-record-drift',
  weight: 'live-record-drift',
  'failover-role': 'live-record-drift',
  'health-check': 'live-record-drift',
  'evaluate-target-health': 'live-record-drift',
  'live-failover-without-health-check': 'live-failover-without-health-check',
  'health-check-failing': 'live-health-check-failing',
};

const KIND_SEVERITY: Record<DriftKind, Severity> = {
  'missing-live': 'warning',
  'missing-code': 'warning',
  policy: 'warning',
  weight: 'warning',
  'failover-role': 'error',
  'health-check': 'warning',
  'evaluate-target-health': 'warning',
  'live-failover-without-health-check': 'error',
  'health-check-failing': 'error',
};

/** The literal name, type and set identifier of a code record, normalized; undefined when any is computed. */
export function codeKey(r: Resource): { name: string; type: string; setId?: string } | undefined {
  const name = literalString(r.properties.Name);
  const type = str(r.properties.Type);
  if (name === undefined || type === undefined) return undefined;
  const sid = r.properties.SetIdentifier;
  if (sid !== undefined && sid !== null && literalString(sid) === undefined) return undefined;
  return { name: normalizeName(name), type: type.toUpperCase(), ...(sid !== undefined && sid !== null ? { setId: literalString(sid) } : {}) };
}

/** The code records the live check can look up: literal name and type, from any source. */
export function codeRecords(model: WorkspaceModel): Resource[] {
  return model.ofType(RECORD_SET);
}

export function compareLive(model: WorkspaceModel, snapshot: LiveSnapshot): Comparison {
  const drifts: Drift[] = [];
  const states = new Map<string, LiveState>();
  const notComparable: Resource[] = [];
  const live = new Map<string, LiveRecord[]>();
  for (const rec of snapshot.records) {
    const key = `${rec.name}|${rec.type}|${rec.setIdentifier ?? ''}`;
    const list = live.get(key);
    if (list) list.push(rec);
    else live.set(key, [rec]);
  }
  const checks = new Map(snapshot.healthChecks.map((h) => [h.id, h]));
  const zoneless = new Set(snapshot.zonelessNames);
  const claimed = new Set<LiveRecord>();
  const byNameType = new Map<string, Resource[]>();
  const add = (kind: DriftKind, resource: Resource, path: Path, message: string, extra: Partial<Drift> = {}) =>
    drifts.push({ kind, id: KIND_ID[kind], severity: KIND_SEVERITY[kind], message, resource, path, ...extra });

  for (const r of codeRecords(model)) {
    const key = codeKey(r);
    if (!key) {
      notComparable.push(r);
      continue;
    }
    const nt = `${key.name}|${key.type}`;
    byNameType.set(nt, [...(byNameType.get(nt) ?? []), r]);
    const matches = live.get(`${nt}|${key.setId ?? ''}`) ?? [];
    const label = `${key.name} ${key.type}${key.setId !== undefined ? ` (set "${key.setId}")` : ''}`;
    if (!matches.length) {
      const why = zoneless.has(key.name)
        ? `no hosted zone of this AWS account covers ${key.name}: is the profile or account the right one?`
        : `the hosted zone has no such record: it is not deployed yet, or it was deleted outside this code.`;
      add('missing-live', r, ['Name'], `Live Route 53 has no record ${label}; ${why}`);
      states.set(r.id, 'missing-live');
      continue;
    }
    for (const m of matches) claimed.add(m);
    const before = drifts.length;
    compareRecord(model, r, matches[0], label, checks, add);
    const failing = drifts.slice(before).some((d) => d.kind === 'health-check-failing');
    states.set(r.id, failing ? 'unhealthy' : drifts.length > before ? 'drift' : 'in-sync');
  }

  // Live members of a routing set that the code does not define (e.g. a SECONDARY created by hand).
  let unmanaged = 0;
  for (const rec of snapshot.records) {
    if (claimed.has(rec)) continue;
    const owners = byNameType.get(`${rec.name}|${rec.type}`);
    if (!owners) {
      unmanaged++;
      continue;
    }
    const first = owners[0];
    add('missing-code', first, ['Name'], `Live Route 53 also has ${describeLive(rec)}, which the workspace does not define; the next deploy may not manage it, or it was created by hand.`, { live: rec });
    if (states.get(first.id) === 'in-sync') states.set(first.id, 'drift');
  }
  return { drifts, states, notComparable, unmanaged };
}

type Add = (kind: DriftKind, resource: Resource, path: Path, message: string, extra?: Partial<Drift>) => void;

function compareRecord(model: WorkspaceModel, r: Resource, l: LiveRecord, label: string, checks: Map<string, LiveHealthCheck>, add: Add): void {
  const p = r.properties;
  const codePolicy = routingPolicy(p);
  const livePolicy = policyOf(l);
  if (codePolicy !== livePolicy && !isIntrinsic(p.Failover) && !isIntrinsic(p.Weight)) {
    add('policy', r, policyPath(codePolicy), `Routing policy of ${label} differs: the code says ${codePolicy}, live Route 53 has ${livePolicy}.`, { live: l });
  } else {
    const weight = num(p.Weight);
    if (weight !== undefined && l.weight !== undefined && weight !== l.weight) {
      add('weight', r, ['Weight'], `Weight of ${label} differs: the code says ${weight}, live Route 53 has ${l.weight}.`, { live: l });
    }
    const role = failoverRole(p);
    if (role && l.failover && role !== l.failover) {
      add('failover-role', r, ['Failover'], `Failover role of ${label} differs: the code says ${role}, live Route 53 has ${l.failover}. Traffic fails over the other way from what the code describes.`, { live: l });
    }
  }

  const hc = p.HealthCheckId;
  const hasCode = hc !== undefined && hc !== null && hc !== '';
  const literal = hasCode && !isIntrinsic(hc) ? literalString(hc) : undefined;
  if (literal !== undefined && literal !== (l.healthCheckId ?? '')) {
    add('health-check', r, ['HealthCheckId'], l.healthCheckId ? `Health check of ${label} differs: the code says ${literal}, live Route 53 uses ${l.healthCheckId}.` : `The code attaches health check ${literal} to ${label}, but the live record has none.`, { live: l });
  } else if (hasCode && !l.healthCheckId) {
    add('health-check', r, ['HealthCheckId'], `The code attaches a health check to ${label}, but the live record has none: Route 53 cannot route around a failure of it.`, { live: l });
  } else if (!hasCode && l.healthCheckId) {
    add('health-check', r, [], `Live ${label} uses health check ${l.healthCheckId}, which the code does not attach; the next deploy removes it.`, { live: l });
  }

  const alias = asObject(p.AliasTarget);
  const eth = alias ? bool(alias.EvaluateTargetHealth) : undefined;
  if (alias && l.aliasTarget && (eth ?? false) !== l.aliasTarget.evaluateTargetHealth && !isIntrinsic(alias.EvaluateTargetHealth)) {
    add('evaluate-target-health', r, ['AliasTarget', 'EvaluateTargetHealth'], `EvaluateTargetHealth of ${label} differs: the code says ${eth ?? false}, live Route 53 has ${l.aliasTarget.evaluateTargetHealth}.`, { live: l });
  }

  if (l.failover && !l.healthCheckId && !l.aliasTarget?.evaluateTargetHealth) {
    add('live-failover-without-health-check', r, ['Failover'], `Live ${l.failover} record ${label} has no health check and does not evaluate target health: Route 53 will never fail over from it.`, { live: l });
  }

  const status = l.healthCheckId ? checks.get(l.healthCheckId) : undefined;
  if (status?.status === 'unhealthy') {
    // Checkers usually agree: one report with its regions, e.g. "us-east-1, eu-west-1: Failure: HTTP 503".
    const byReport = new Map<string, string[]>();
    for (const f of status.failing) byReport.set(f.report, [...(byReport.get(f.report) ?? []), f.region]);
    const where = [...byReport].slice(0, 2).map(([report, regions]) => `${regions.slice(0, 4).join(', ')}${regions.length > 4 ? ', …' : ''}: ${report}`).join('; ');
    const target = status.target ? ` (${status.target})` : '';
    const codeCheck = refTarget(hc);
    const hcResource = codeCheck ? model.byLogicalId(r.file, codeCheck) : undefined;
    add('health-check-failing', r, hasCode ? ['HealthCheckId'] : [], `Health check ${status.id}${target} of ${label} is failing now: ${status.failing.length} of ${status.observations} checkers report failure${where ? ` (${where})` : ''}.`, {
      live: l,
      ...(hcResource?.type === HEALTH_CHECK ? { related: [{ resource: hcResource, message: `the health check ${hcResource.logicalId} in the code` }] } : {}),
    });
  }
}

export function policyOf(l: LiveRecord): RoutingPolicy {
  if (l.failover) return 'failover';
  if (l.weight !== undefined) return 'weighted';
  if (l.region) return 'latency';
  if (l.geoLocation) return 'geolocation';
  if (l.multiValueAnswer) return 'multivalue';
  return 'simple';
}

function policyPath(policy: RoutingPolicy): Path {
  const prop: Partial<Record<RoutingPolicy, string>> = { failover: 'Failover', weighted: 'Weight', latency: 'Region', geolocation: 'GeoLocation', multivalue: 'MultiValueAnswer' };
  return prop[policy] ? [prop[policy]] : ['Type'];
}

export function describeLive(l: LiveRecord): string {
  const role = l.failover ? ` ${l.failover}` : l.weight !== undefined ? ` weight ${l.weight}` : l.region ? ` latency ${l.region}` : '';
  return `${l.name} ${l.type}${l.setIdentifier !== undefined ? ` (set "${l.setIdentifier}"${role})` : role}`;
}
