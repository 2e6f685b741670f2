// What the DR summary reads from the model: the stateful stores and how each one reaches another
// region, the entry points and how fast each one moves traffic, and the compute of each region.
// Figures for the stores and for Aurora's promotion are the usual published ones: DynamoDB global
// tables and ElastiCache Global Datastore replicate in under a second, Aurora Global Database
// typically lags under a second and promotes a secondary in under a minute, S3 Replication Time
// Control replicates 99.99 % of objects within 15 minutes, and plain S3 replication has no bound.
import type { Path, Resource, WorkspaceModel } from './model';
import { regionsOf } from './model';
import { DEFAULT_FAILURE_THRESHOLD, DEFAULT_REQUEST_INTERVAL, describeRecord, detectionTime, evaluatesTargetHealth, failoverRole, hasHealthCheck, healthCheckOf, isAlias, RECORD_SET, recordKey, routingPolicy, type RoutingPolicy } from './route53';
import { DB_CLUSTER, GLOBAL_CLUSTER, membershipOf, replicationRules, sameRegion } from './stores';
import { GLOBAL_TABLE, regionOf, TABLE, tableInfo } from './tables';
import { servedRegion } from './topology';
import { asArray, asObject, literalString, num, refTarget, str } from './values';

/** How a store's data reaches another region. */
export type ReplicationClass = 'synchronous' | 'sub-second' | 'rtc-15-min' | 'unbounded' | 'backups' | 'none';

/** One contribution to an RPO or RTO figure, with the source it comes from. */
export interface Part {
  /** Seconds; null when nothing in the design bounds it. */
  seconds: number | null;
  /** True when more time is needed than the configuration shows: the figure is a floor. */
  atLeast: boolean;
  /** One sentence: what this is and how the figure was found. */
  explanation: string;
  resource?: Resource;
  /** Below the resource's Properties. */
  path?: Path;
}

export interface StoreFact extends Part {
  resource: Resource;
  replication: ReplicationClass;
  /** A live copy that serves (or can be promoted) in another region. S3 copies and backups are not. */
  live: boolean;
  /** Every region can write. */
  multiWriter: boolean;
  /** Seconds to make the copy writable after the primary's region fails (0: already writable). */
  promotionSeconds: number;
  /** Short description, e.g. "DynamoDB global table (replicas in eu-west-1, us-east-1)". */
  what: string;
}

export interface EntryFact extends Part {
  /** The record name and type, or the accelerator. */
  name: string;
  policy: RoutingPolicy | 'accelerator';
  /** Regions the entry sends traffic to, where the records say. */
  regions: string[];
  records: Resource[];
  resource: Resource;
}

export interface ComputeFact {
  resource: Resource;
  regions: string[];
  /** Instances or tasks kept running; undefined when on demand (functions) or not stated. */
  capacity: number | undefined;
  /** Scaled to zero: a pilot light's compute. */
  zero: boolean;
  /** What it is, e.g. "AppAutoScalingGroup (desired 4)". */
  what: string;
}

/** Aurora Global Database promotes a secondary cluster in under a minute. */
export const AURORA_PROMOTION_SECONDS = 60;
/** "Sub-second" and "typically under a second", counted as one second. */
export const SUB_SECOND = 1;
export const RTC_SECONDS = 15 * 60;
/** Backups run hours to days apart: an hour is the least a restore from them can lose. */
export const BACKUP_FLOOR_SECONDS = 3600;

export function storeFacts(model: WorkspaceModel): StoreFact[] {
  const copies = backupCopies(model).length > 0;
  const out = [...tableFacts(model), ...auroraFacts(model), ...instanceFacts(model), ...bucketFacts(model), ...cacheFacts(model)];
  // An AWS Backup plan that copies to another region turns "no copy" into "backups only".
  return out.map((s) => (s.replication === 'none' && copies ? { ...s, replication: 'backups', seconds: BACKUP_FLOOR_SECONDS, atLeast: true, explanation: `${s.explanation} An AWS Backup plan copies backups to another region; assuming it selects this store, a restore loses up to the time since the last copy (hours to days).` } : s));
}

function store(resource: Resource, what: string, replication: ReplicationClass, explanation: string, extra: Partial<StoreFact> = {}): StoreFact {
  const seconds = replication === 'synchronous' ? 0 : replication === 'sub-second' ? SUB_SECOND : replication === 'rtc-15-min' ? RTC_SECONDS : null;
  const live = replication === 'synchronous' || replication === 'sub-second' || (replication === 'unbounded' && !!extra.live);
  return { resource, what, replication, explanation, seconds, atLeast: false, live, multiWriter: false, promotionSeconds: 0, ...extra };
}

function tableFacts(model: WorkspaceModel): StoreFact[] {
  return [...model.ofType(GLOBAL_TABLE), ...model.ofType(TABLE)].map((t) => {
    const info = tableInfo(t);
    if (!info.global) return store(t, 'DynamoDB table', 'none', `${t.logicalId} has no replica in another region: a regional outage loses or strands its data.`);
    const where = info.replicaRegions.length ? `replicas in ${info.replicaRegions.join(', ')}` : `${info.replicaCount} replicas`;
    if (info.strong) return store(t, `DynamoDB global table, strong consistency (${where})`, 'synchronous', `${t.logicalId} is a global table with multi-Region strong consistency: a write is in more than one region before it succeeds (0 s).`, { multiWriter: true, live: true });
    return store(t, `DynamoDB global table (${where})`, 'sub-second', `${t.logicalId} is a global table (${where}); replicas lag under a second and every replica takes writes.`, { multiWriter: true, live: true });
  });
}

function auroraFacts(model: WorkspaceModel): StoreFact[] {
  const out: StoreFact[] = [];
  for (const g of model.ofType(GLOBAL_CLUSTER)) {
    const secondaries = model.edges.filter((e) => e.kind === 'replicates-to' && e.from === g.id).map((e) => model.resource(e.to)).filter((r): r is Resource => !!r);
    if (!secondaries.length) out.push(store(g, 'Aurora global database without a secondary', 'none', `${g.logicalId} is an Aurora global database with no secondary cluster in the workspace: nothing holds its data outside the primary's region.`));
    else {
      const names = secondaries.map((s) => `${s.logicalId} (${regionsOf(regionOf(s)).join(', ') || 'region not known'})`).join(', ');
      out.push(store(g, `Aurora global database, secondary ${names}`, 'sub-second', `${g.logicalId} replicates to ${names}, typically under a second behind; one region writes, and a secondary is promoted in under a minute.`, { promotionSeconds: AURORA_PROMOTION_SECONDS }));
    }
  }
  for (const c of model.ofType(DB_CLUSTER)) {
    if (membershipOf(model, c).kind !== 'none') continue;
    out.push(store(c, 'RDS cluster', 'none', `${c.logicalId} is not part of a global database: its data stays in one region.`));
  }
  return out;
}

/** Standalone DB instances, and cross-region read replicas of them. */
function instanceFacts(model: WorkspaceModel): StoreFact[] {
  const instances = model.ofType('AWS::RDS::DBInstance').filter((i) => i.properties.DBClusterIdentifier === undefined);
  const replicas = instances.filter((i) => i.properties.SourceDBInstanceIdentifier !== undefined);
  return instances
    .filter((i) => i.properties.SourceDBInstanceIdentifier === undefined)
    .map((i) => {
      const replica = replicas.find((r) => namesInstance(r, i));
      if (!replica) return store(i, 'RDS instance', 'none', `${i.logicalId} has no read replica in another region: its data stays in one region.`);
      return store(i, `RDS instance, read replica ${replica.logicalId}`, 'unbounded', `${i.logicalId} has an asynchronous read replica ${replica.logicalId}; nothing in the configuration bounds how far it lags.`, { live: true, promotionSeconds: 0 });
    });
}

function namesInstance(replica: Resource, source: Resource): boolean {
  const v = replica.properties.SourceDBInstanceIdentifier;
  if (refTarget(v) === source.logicalId && replica.file === source.file) return true;
  const id = literalString(source.properties.DBInstanceIdentifier)?.toLowerCase();
  const text = literalString(v)?.toLowerCase();
  return !!id && !!text && (text === id || text.endsWith(`:db:${id}`));
}

/** Buckets that replicate to a bucket in another region (or one whose region is not known). */
function bucketFacts(model: WorkspaceModel): StoreFact[] {
  const worst = new Map<Resource, StoreFact>();
  for (const r of replicationRules(model)) {
    if (str(r.rule.Status) === 'Disabled') continue;
    if (r.target.kind === 'bucket' && sameRegion(r.source, r.target.bucket)) continue;
    const dest = asObject(r.rule.Destination);
    const time = asObject(dest?.ReplicationTime);
    const rtc = time !== undefined && str(time.Status) !== 'Disabled';
    const to = r.target.kind === 'bucket' ? r.target.bucket.logicalId : r.target.kind === 'pattern' ? `'${r.target.pattern}'` : 'a bucket named at deploy time';
    const path = ['ReplicationConfiguration', 'Rules', r.index, 'Destination'];
    const fact = rtc
      ? store(r.source, `S3 replication to ${to} with RTC`, 'rtc-15-min', `${r.source.logicalId} copies objects to ${to} with Replication Time Control: 99.99 % arrive within 15 minutes.`, { path })
      : store(r.source, `S3 replication to ${to} without RTC`, 'unbounded', `${r.source.logicalId} copies objects to ${to} without Replication Time Control: most arrive within minutes, but nothing bounds the lag.`, { path });
    const prev = worst.get(r.source);
    if (!prev || (prev.seconds !== null && (fact.seconds === null || fact.seconds > prev.seconds))) worst.set(r.source, fact);
  }
  return [...worst.values()];
}

/** ElastiCache Global Datastores; caches outside one are rebuilt, not restored, so they set no RPO. */
function cacheFacts(model: WorkspaceModel): StoreFact[] {
  return model.ofType('AWS::ElastiCache::GlobalReplicationGroup').map((g) => {
    const members = asArray(g.properties.Members).length;
    return store(g, `ElastiCache Global Datastore (${members} members)`, 'sub-second', `${g.logicalId} is an ElastiCache Global Datastore: secondaries lag under a second; one region writes until a secondary is promoted.`);
  });
}

/** AWS Backup plan rules that copy recovery points to another region's vault. */
export function backupCopies(model: WorkspaceModel): Resource[] {
  return model.ofType('AWS::Backup::BackupPlan').filter((p) => asArray(asObject(p.properties.BackupPlan)?.BackupPlanRule).some((rule) => asArray(asObject(rule)?.CopyActions).length > 0));
}

/** Route 53 names with failover or multi-record routing, and accelerators with endpoint groups. */
export function entryFacts(model: WorkspaceModel): EntryFact[] {
  const byName = new Map<string, Resource[]>();
  for (const rec of model.ofType(RECORD_SET)) {
    const key = recordKey(rec.properties) ?? rec.id;
    byName.set(key, [...(byName.get(key) ?? []), rec]);
  }
  const out: EntryFact[] = [];
  for (const records of byName.values()) {
    const policy = routingPolicy(records[0].properties);
    const regions = [...new Set(records.map((r) => servedRegion(model, r)?.name).filter((r): r is string => !!r))].sort();
    const name = describeRecord(records[0].properties);
    if (records.some((r) => routingPolicy(r.properties) === 'failover')) out.push(failoverEntry(model, name, records, regions));
    else if (policy !== 'simple' && records.length >= 2) out.push(sharedEntry(model, name, policy, records, regions));
  }
  out.push(...acceleratorEntries(model));
  return out;
}

/** Time for one record to stop being answered once its region fails: detection plus TTL. */
function recordSwitch(model: WorkspaceModel, rec: Resource, what: string): Part {
  const p = rec.properties;
  if (!hasHealthCheck(p) && !evaluatesTargetHealth(p)) return { seconds: null, atLeast: false, resource: rec, explanation: `${what} has no health check and does not evaluate target health, so Route 53 keeps answering with it when its region fails.` };
  const ttl = isAlias(p) ? 0 : (num(p.TTL) ?? 0);
  const caching = isAlias(p) ? 'an alias has no TTL of its own' : `plus TTL ${ttl} s`;
  if (!hasHealthCheck(p)) {
    const assumed = DEFAULT_REQUEST_INTERVAL * DEFAULT_FAILURE_THRESHOLD;
    return { seconds: assumed + ttl, atLeast: false, resource: rec, explanation: `${what} evaluates its target's health; detection assumed at Route 53's defaults (${DEFAULT_REQUEST_INTERVAL} s × ${DEFAULT_FAILURE_THRESHOLD} = ${assumed} s), ${caching}: about ${assumed + ttl} s.` };
  }
  const d = detectionTime(model, healthCheckOf(model, rec));
  return { seconds: d.seconds + ttl, atLeast: false, resource: rec, path: isAlias(p) ? ['HealthCheckId'] : ['TTL'], explanation: `${what}: health check detects in ${d.explanation}, ${caching}: about ${d.seconds + ttl} s.` };
}

function failoverEntry(model: WorkspaceModel, name: string, records: Resource[], regions: string[]): EntryFact {
  const primaries = records.filter((r) => failoverRole(r.properties) !== 'SECONDARY');
  const hasSecondary = records.some((r) => failoverRole(r.properties) === 'SECONDARY');
  const base = { name, policy: 'failover' as const, regions, records };
  if (!hasSecondary || !primaries.length) {
    const missing = hasSecondary ? 'PRIMARY record: nothing serves it while every region is healthy' : 'SECONDARY record: there is nowhere to fail over to';
    return { ...base, seconds: null, atLeast: false, resource: primaries[0] ?? records[0], explanation: `${name} has no ${missing}.` };
  }
  const worst = worstPart(primaries.map((p) => ({ ...recordSwitch(model, p, `the PRIMARY ${p.logicalId} of ${name}`), resource: p })))!;
  return { ...base, ...worst, resource: worst.resource ?? records[0] };
}

function sharedEntry(model: WorkspaceModel, name: string, policy: RoutingPolicy, records: Resource[], regions: string[]): EntryFact {
  const parts = records.map((r) => ({ ...recordSwitch(model, r, `the ${policy} record ${r.logicalId} of ${name}`), resource: r }));
  const worst = worstPart(parts)!;
  return { name, policy, regions, records, ...worst, resource: worst.resource ?? records[0] };
}

/** Global Accelerator: no DNS caching, traffic moves as soon as the endpoint health checks fail. */
function acceleratorEntries(model: WorkspaceModel): EntryFact[] {
  const groups = model.ofType('AWS::GlobalAccelerator::EndpointGroup');
  if (!groups.length) return [];
  const regions = [...new Set(groups.map((g) => str(g.properties.EndpointGroupRegion)).filter((r): r is string => !!r))].sort();
  const parts = groups.map((g) => {
    const interval = num(g.properties.HealthCheckIntervalSeconds) ?? 30;
    const threshold = num(g.properties.ThresholdCount) ?? 3;
    return { seconds: interval * threshold, atLeast: false, resource: g, explanation: `Global Accelerator endpoint group ${g.logicalId}: near-instant, with no DNS caching; traffic moves once health checks fail (${interval} s × ${threshold} = ${interval * threshold} s).` };
  });
  const worst = worstPart(parts)!;
  return [{ name: 'Global Accelerator', policy: 'accelerator', regions, records: groups, ...worst, resource: worst.resource! }];
}

/** The part that sets a figure: an unbounded one first, then the largest, then the earliest in source. */
export function worstPart<T extends Part>(parts: readonly T[]): T | undefined {
  return sortParts(parts)[0];
}

export function sortParts<T extends Part>(parts: readonly T[]): T[] {
  const val = (p: Part) => (p.seconds === null ? Number.POSITIVE_INFINITY : p.seconds);
  const at = (p: Part) => `${p.resource?.file ?? ''}\u0000${String(p.resource?.range.start.line ?? 0).padStart(8, '0')}`;
  return [...parts].sort((a, b) => val(b) - val(a) || Number(b.atLeast) - Number(a.atLeast) || (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0));
}

const COMPUTE: Record<string, (r: Resource) => number | undefined> = {
  'AWS::AutoScaling::AutoScalingGroup': (r) => num(r.properties.DesiredCapacity) ?? num(r.properties.MinSize),
  'AWS::ECS::Service': (r) => num(r.properties.DesiredCount),
  'AWS::EC2::Instance': () => 1,
  'AWS::EKS::Nodegroup': (r) => num(asObject(r.properties.ScalingConfig)?.DesiredSize) ?? num(asObject(r.properties.ScalingConfig)?.MinSize),
  'AWS::Lambda::Function': () => undefined,
  'AWS::Serverless::Function': () => undefined,
  'AWS::AppRunner::Service': () => undefined,
  'AWS::ElasticBeanstalk::Environment': () => undefined,
};

export function computeFacts(model: WorkspaceModel): ComputeFact[] {
  return model.resources
    .filter((r) => COMPUTE[r.type])
    .map((r) => {
      const capacity = COMPUTE[r.type](r);
      const max = num(r.properties.MaxSize);
      const what = capacity === undefined ? `${r.logicalId} (${r.type.split('::')[1]}, on demand)` : `${r.logicalId} (${capacity} running${max !== undefined ? `, up to ${max}` : ''})`;
      return { resource: r, regions: regionsOf(regionOf(r)), capacity, zero: capacity === 0, what };
    });
}

/** Instances or tasks that the templates keep running in one region. */
export function capacityIn(compute: ComputeFact[], region: string): number {
  return compute.filter((c) => c.regions.length === 1 && c.regions[0] === region).reduce((sum, c) => sum + (c.capacity ?? 0), 0);
}
