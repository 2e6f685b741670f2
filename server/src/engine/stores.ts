// Lookups shared by the data rules: how buckets, Aurora clusters and KMS keys point at each other,
// within a template and across templates. Every lookup answers "unknown" rather than guess when a
// name or reference is computed at deploy time, so that the rules built on it can stay silent.
import type { Path, Resource, Value, WorkspaceModel } from './model';
import { regionsOf } from './model';
import { asArray, asObject, literalString, refTarget, str } from './values';

export const BUCKET = 'AWS::S3::Bucket';
export const DB_CLUSTER = 'AWS::RDS::DBCluster';
export const GLOBAL_CLUSTER = 'AWS::RDS::GlobalCluster';
export const KMS_KEY = 'AWS::KMS::Key';
export const KMS_ALIAS = 'AWS::KMS::Alias';

/** A piece of a name: literal text, or a deploy-time value (`ref` names the resource or parameter). */
export type Part = string | { ref?: string };

/** Splits a name-like value (literal, Ref, Fn::Sub, Fn::Join) into literal text and deploy-time pieces. */
export function nameParts(v: Value | undefined, depth = 0): Part[] {
  if (typeof v === 'string') return [v];
  if (typeof v === 'number') return [String(v)];
  const o = asObject(v);
  if (!o || depth > 10) return [{}];
  const target = refTarget(o);
  if (target) return [{ ref: target }];
  if (o['Fn::Sub'] !== undefined) return subParts(o['Fn::Sub'], depth);
  const join = asArray(o['Fn::Join']);
  if (typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].flatMap((item, i) => (i === 0 ? nameParts(item, depth + 1) : [join[0] as string, ...nameParts(item, depth + 1)]));
  }
  return [{}];
}

function subParts(sub: Value, depth: number): Part[] {
  const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (text === undefined) return [{}];
  const vars = Array.isArray(sub) ? asObject(sub[1]) : undefined;
  const out: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    out.push(text.slice(last, m.index));
    last = m.index! + m[0].length;
    const name = m[1];
    if (name.startsWith('!')) out.push(`\${${name.slice(1)}}`);
    else if (vars && vars[name] !== undefined) out.push(...nameParts(vars[name], depth + 1));
    else out.push({ ref: name.split('.')[0] });
  }
  out.push(text.slice(last));
  return out.filter((p) => p !== '');
}

/** The parts as a glob: deploy-time pieces become `*`. */
export function patternOf(parts: Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : '*')).join('').replace(/\*+/g, '*');
}

/** True when some name could match both globs (only `*` is special). */
export function patternsIntersect(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === a.length && j === b.length) r = true;
    else if (a[i] === '*') r = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (b[j] === '*') r = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else r = i < a.length && j < b.length && a[i].toLowerCase() === b[j].toLowerCase() && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/**
 * True when two name globs plausibly name the same thing: they can match a common name, and when
 * both are computed they share their longest literal piece. Two globs with wildcards at opposite
 * ends (`app-*` and `*-data`) always intersect, which on its own says nothing.
 */
export function namesMayMatch(a: string, b: string): boolean {
  if (!patternsIntersect(a, b)) return false;
  if (!a.includes('*') || !b.includes('*')) return true;
  const longest = (p: string) => p.split('*').reduce((x, y) => (y.length > x.length ? y : x), '');
  const la = longest(a).toLowerCase();
  const lb = longest(b).toLowerCase();
  return (la.length >= 3 && b.toLowerCase().includes(la)) || (lb.length >= 3 && a.toLowerCase().includes(lb));
}

/** Removes a leading match of `re` from the parts; undefined when the text does not start with it. */
function stripPrefix(parts: Part[], re: RegExp): Part[] | undefined {
  const m = re.exec(parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join(''));
  if (!m) return undefined;
  let cut = m[0].length;
  const out: Part[] = [];
  for (const p of parts) {
    const len = typeof p === 'string' ? p.length : 1;
    if (cut >= len) cut -= len;
    else {
      out.push(typeof p === 'string' ? p.slice(cut) : p);
      cut = 0;
    }
  }
  return out;
}

/** The bucket-name part of a bucket name, ARN, `s3://` URL or S3 domain name. */
export function bucketNameParts(v: Value | undefined): Part[] {
  const parts = nameParts(v);
  const bare = stripPrefix(parts, /^(?:arn:[^:]*:s3:::|s3:\/\/)/) ?? parts;
  const out: Part[] = [];
  for (const p of bare) {
    if (typeof p !== 'string') out.push(p);
    else {
      const stop = p.search(/\/|\.s3[.-]/);
      if (stop === -1) out.push(p);
      else return [...out, p.slice(0, stop)].filter((x) => x !== '');
    }
  }
  return out;
}

export type BucketTarget = { kind: 'bucket'; bucket: Resource } | { kind: 'pattern'; pattern: string } | { kind: 'opaque' };

/** Which bucket a value (Ref, GetAtt, ARN, name, Fn::Sub/Join) written in `from`'s template names. */
export function resolveBucket(model: WorkspaceModel, from: Resource, v: Value | undefined): BucketTarget {
  const parts = bucketNameParts(v);
  const only = parts.length === 1 && typeof parts[0] !== 'string' ? parts[0].ref : undefined;
  if (only) {
    const local = model.byLogicalId(from.file, only);
    return local?.type === BUCKET ? { kind: 'bucket', bucket: local } : { kind: 'opaque' };
  }
  // The same expression in the same template (same parameters) builds the same name.
  const index = bucketIndex(model);
  const twin = index.byExpression.get(`${from.file}\u0000${JSON.stringify(parts)}`);
  if (twin) return { kind: 'bucket', bucket: twin };
  const pattern = patternOf(parts);
  if (pattern.replace(/\*/g, '') === '') return { kind: 'opaque' };
  if (!pattern.includes('*')) {
    const named = index.byLiteral.get(pattern.toLowerCase());
    if (named) return { kind: 'bucket', bucket: named };
  }
  return { kind: 'pattern', pattern };
}

interface BucketIndex {
  /** First bucket per `file + name expression`. */
  byExpression: Map<string, Resource>;
  /** First bucket per literal name, lower case. */
  byLiteral: Map<string, Resource>;
}

const bucketIndexes = new WeakMap<WorkspaceModel, BucketIndex>();

/** Buckets by name, built once per model so resolving N references costs N look-ups, not N × buckets. */
function bucketIndex(model: WorkspaceModel): BucketIndex {
  let index = bucketIndexes.get(model);
  if (index) return index;
  index = { byExpression: new Map(), byLiteral: new Map() };
  for (const b of model.ofType(BUCKET)) {
    if (b.properties.BucketName === undefined) continue;
    const key = `${b.file}\u0000${JSON.stringify(nameParts(b.properties.BucketName))}`;
    if (!index.byExpression.has(key)) index.byExpression.set(key, b);
    const literal = literalString(b.properties.BucketName)?.toLowerCase();
    if (literal !== undefined && !index.byLiteral.has(literal)) index.byLiteral.set(literal, b);
  }
  bucketIndexes.set(model, index);
  return index;
}

/** A bucket's BucketName as a glob, or undefined when CloudFormation generates the name. */
export function bucketNamePattern(b: Resource): string | undefined {
  return b.properties.BucketName === undefined ? undefined : patternOf(nameParts(b.properties.BucketName));
}

export interface ReplicationRule {
  source: Resource;
  index: number;
  rule: { [key: string]: Value };
  target: BucketTarget;
}

/** How messages name a replication rule: its Id, or its position. */
export function ruleLabel(r: ReplicationRule): string {
  const id = str(r.rule.ID) ?? str(r.rule.Id);
  return id ? `'${id}'` : `${r.index + 1}`;
}

const ruleCache = new WeakMap<WorkspaceModel, ReplicationRule[]>();

/** Every replication rule in the workspace with its resolved destination bucket. */
export function replicationRules(model: WorkspaceModel): ReplicationRule[] {
  const cached = ruleCache.get(model);
  if (cached) return cached;
  const out: ReplicationRule[] = [];
  for (const source of model.ofType(BUCKET)) {
    asArray(asObject(source.properties.ReplicationConfiguration)?.Rules).forEach((raw, index) => {
      const rule = asObject(raw);
      if (rule) out.push({ source, index, rule, target: resolveBucket(model, source, asObject(rule.Destination)?.Bucket) });
    });
  }
  ruleCache.set(model, out);
  return out;
}

/**
 * True when some replication rule writes into `b`, or might: a rule names it, a rule's computed
 * name could be its name, or a rule in another template names a bucket that cannot be resolved.
 */
export function mayBeReplicationDestination(model: WorkspaceModel, b: Resource): boolean {
  const own = bucketNamePattern(b);
  return replicationRules(model).some(({ source, target }) => {
    if (source === b) return false;
    if (target.kind === 'bucket') return target.bucket === b;
    if (target.kind === 'pattern') return own !== undefined && namesMayMatch(own, target.pattern);
    return source.file !== b.file || b.attributes.Condition !== undefined;
  });
}

/** True when the two resources are certainly in the same region (same template, or the same known regions). */
export function sameRegion(a: Resource, b: Resource): boolean {
  const ra = regionsOf(a.region);
  const rb = regionsOf(b.region);
  if (ra.length === 1 && rb.length === 1) return ra[0] === rb[0];
  // One template deploys to one place; one CDK file may hold stacks for several regions.
  if (a.file === b.file) return a.source !== 'cdk' || JSON.stringify(a.region) === JSON.stringify(b.region);
  return false;
}

/** True unless both resources have known regions and share none. */
export function mayShareRegion(a: Resource, b: Resource): boolean {
  if (a.file === b.file) return true;
  const ra = regionsOf(a.region);
  const rb = regionsOf(b.region);
  return ra.length === 0 || rb.length === 0 || ra.some((r) => rb.includes(r));
}

/** Calls `fn` with every literal string (and Fn::Sub template text) inside a value, and its path. */
export function forEachString(v: Value | undefined, path: Path, fn: (text: string, path: Path) => void, depth = 0): void {
  if (depth > 50 || v === null || v === undefined) return;
  if (typeof v === 'string') return fn(v, path);
  if (typeof v !== 'object') return;
  if (Array.isArray(v)) return v.forEach((item, i) => forEachString(item, [...path, i], fn, depth + 1));
  for (const [k, child] of Object.entries(v)) {
    // An Fn::Sub's template is the Fn::Sub key's own value; its path stops at the Fn::Sub owner.
    const next = k === 'Fn::Sub' || k === 'Fn::Join' ? path : [...path, k];
    forEachString(child, next, fn, depth + 1);
  }
}

/** The KMS key that a key id, ARN, alias name or alias ARN written in `from`'s template names. */
export function resolveKey(model: WorkspaceModel, from: Resource, v: Value | undefined, depth = 0): Resource | undefined {
  if (depth > 3 || v === undefined) return undefined;
  const parts = nameParts(v);
  const refs = parts.filter((p): p is { ref?: string } => typeof p !== 'string');
  if (refs.length === 1 && refs[0].ref) {
    const local = model.byLogicalId(from.file, refs[0].ref);
    if (local?.type === KMS_KEY) return local;
    if (local?.type === KMS_ALIAS) return resolveKey(model, local, local.properties.TargetKeyId, depth + 1);
    return undefined;
  }
  const text = refs.length === 0 ? parts.join('') : undefined;
  const alias = text && /(?:^|:)(alias\/[^:]+)$/.exec(text)?.[1];
  if (!alias) return undefined;
  const target = model.ofType(KMS_ALIAS).find((a) => literalString(a.properties.AliasName) === alias && mayShareRegion(a, from));
  return target ? resolveKey(model, target, target.properties.TargetKeyId, depth + 1) : undefined;
}

/** How a DB cluster relates to the global clusters of the workspace. */
export type Membership = { kind: 'none' } | { kind: 'member'; global: Resource } | { kind: 'maybe' } | { kind: 'external'; name: string };

export function membershipOf(model: WorkspaceModel, cluster: Resource): Membership {
  const v = cluster.properties.GlobalClusterIdentifier;
  if (v === undefined || v === null || v === '') return { kind: 'none' };
  const globals = model.ofType(GLOBAL_CLUSTER);
  const id = refTarget(v);
  if (id) {
    const local = model.byLogicalId(cluster.file, id);
    if (local?.type === GLOBAL_CLUSTER) return { kind: 'member', global: local };
  }
  const name = literalString(v);
  if (name !== undefined) {
    const exact = globals.find((g) => literalString(g.properties.GlobalClusterIdentifier)?.toLowerCase() === name.toLowerCase());
    if (exact) return { kind: 'member', global: exact };
    const maybe = globals.some((g) => g.properties.GlobalClusterIdentifier !== undefined && namesMayMatch(patternOf(nameParts(g.properties.GlobalClusterIdentifier)), name));
    return maybe ? { kind: 'maybe' } : { kind: 'external', name };
  }
  const text = JSON.stringify(v);
  // The same expression (say `!Ref GlobalName`) in two global clusters' templates is no evidence
  // for either: which one the cluster joins depends on the values deployed.
  const same = globals.filter((g) => JSON.stringify(g.properties.GlobalClusterIdentifier) === text);
  return same.length === 1 ? { kind: 'member', global: same[0] } : { kind: 'maybe' };
}

export type SourceCluster = { kind: 'cluster'; cluster: Resource } | { kind: 'none' } | { kind: 'unresolved' };

/** The cluster a global cluster was created from (`SourceDBClusterIdentifier`: Ref, ARN or identifier). */
export function sourceClusterOf(model: WorkspaceModel, global: Resource): SourceCluster {
  const v = global.properties.SourceDBClusterIdentifier;
  if (v === undefined || v === null || v === '') return { kind: 'none' };
  const parts = stripPrefix(nameParts(v), /^arn:[^:]*:rds:[^:]*:[^:]*:cluster:/) ?? nameParts(v);
  if (parts.length === 1 && typeof parts[0] !== 'string' && parts[0].ref) {
    const local = model.byLogicalId(global.file, parts[0].ref);
    return local?.type === DB_CLUSTER ? { kind: 'cluster', cluster: local } : { kind: 'unresolved' };
  }
  if (parts.every((p) => typeof p === 'string')) {
    const name = parts.join('').toLowerCase();
    const hit = model.ofType(DB_CLUSTER).find((c) => literalString(c.properties.DBClusterIdentifier)?.toLowerCase() === name);
    if (hit) return { kind: 'cluster', cluster: hit };
  }
  return { kind: 'unresolved' };
}

/** Properties that only a cluster which owns its data (not a global secondary) may set. */
const OWNS_DATA = ['MasterUsername', 'MasterUserPassword', 'ManageMasterUserPassword', 'SnapshotIdentifier', 'SourceDBClusterIdentifier', 'RestoreType'];

export type ClusterRole = 'primary' | 'secondary' | 'unknown';

/** Whether a cluster that sets GlobalClusterIdentifier is its global cluster's primary or a secondary. */
export function clusterRole(model: WorkspaceModel, cluster: Resource, membership: Membership): ClusterRole {
  if (membership.kind === 'member') {
    const source = sourceClusterOf(model, membership.global);
    if (source.kind === 'cluster') return source.cluster === cluster ? 'primary' : 'secondary';
    const srcText = JSON.stringify(membership.global.properties.SourceDBClusterIdentifier);
    if (source.kind === 'unresolved' && srcText === JSON.stringify(cluster.properties.DBClusterIdentifier)) return 'primary';
  }
  const owned = OWNS_DATA.map((k) => cluster.properties[k]).filter((v) => v !== undefined && v !== null);
  // A value chosen by Fn::If is usually set in one region and removed in the other: either role.
  if (owned.some((v) => asObject(v)?.['Fn::If'] !== undefined)) return 'unknown';
  return owned.length ? 'primary' : 'secondary';
}
