// Reading Route 53 record sets from the model, whichever source they came from.
import type { Resource, Value, WorkspaceModel } from './model';
import { asArray, asObject, bool, literalString, num, refTarget, str, type ValueObject } from './values';

export const RECORD_SET = 'AWS::Route53::RecordSet';
export const HEALTH_CHECK = 'AWS::Route53::HealthCheck';

export type RoutingPolicy = 'simple' | 'failover' | 'weighted' | 'latency' | 'geolocation' | 'geoproximity' | 'multivalue' | 'cidr';

export function routingPolicy(p: Resource['properties']): RoutingPolicy {
  if (p.Failover !== undefined) return 'failover';
  if (p.Weight !== undefined) return 'weighted';
  if (p.Region !== undefined) return 'latency';
  if (p.GeoLocation !== undefined) return 'geolocation';
  if (p.GeoProximityLocation !== undefined) return 'geoproximity';
  if (p.MultiValueAnswer !== undefined) return 'multivalue';
  if (p.CidrRoutingConfig !== undefined) return 'cidr';
  return 'simple';
}

export function isAlias(p: Resource['properties']): boolean {
  return asObject(p.AliasTarget) !== undefined;
}

export function evaluatesTargetHealth(p: Resource['properties']): boolean {
  return bool(asObject(p.AliasTarget)?.EvaluateTargetHealth) === true;
}

export function hasHealthCheck(p: Resource['properties']): boolean {
  return p.HealthCheckId !== undefined && p.HealthCheckId !== null && p.HealthCheckId !== '';
}

/**
 * The key that makes two records "the same name and type": a normalized literal name (lower case,
 * no trailing dot) and the type. For a name built with Fn::Sub or Fn::Join, the template's text of
 * it is used, so two templates that build the name the same way still pair.
 */
export function recordKey(p: Resource['properties']): string | undefined {
  const type = str(p.Type);
  const name = nameText(p.Name);
  if (!type || !name) return undefined;
  return `${name.toLowerCase().replace(/\.$/, '')}|${type.toUpperCase()}`;
}

function nameText(v: Value | undefined): string | undefined {
  const lit = literalString(v);
  if (lit !== undefined) return lit;
  return v === undefined || v === null ? undefined : JSON.stringify(v);
}

/** The record's name for messages: the literal, or a short description of the expression. */
export function recordLabel(p: Resource['properties']): string {
  const lit = literalString(p.Name);
  return `${lit ?? '(computed name)'} ${str(p.Type) ?? ''}`.trim();
}

export type FailoverRole = 'PRIMARY' | 'SECONDARY';

/** The literal failover role, or undefined when the record has none or computes it (`!If`, `!Ref`). */
export function failoverRole(p: Resource['properties']): FailoverRole | undefined {
  const v = str(p.Failover)?.toUpperCase();
  return v === 'PRIMARY' || v === 'SECONDARY' ? v : undefined;
}

/** True when Failover is set by an expression, so the record may be either role at deploy time. */
export function isComputedFailover(p: Resource['properties']): boolean {
  return p.Failover !== undefined && p.Failover !== null && str(p.Failover) === undefined;
}

/** Policies in which Route 53 chooses between records by their health. */
export const HEALTH_AWARE_POLICIES: ReadonlySet<RoutingPolicy> = new Set(['failover', 'weighted', 'latency', 'geolocation', 'geoproximity']);

/** "Failover", "Weighted", ...: the policy as the first word of a message. */
export function policyTitle(policy: RoutingPolicy): string {
  return policy.charAt(0).toUpperCase() + policy.slice(1);
}

/** The `AWS::Route53::HealthCheck` that a record's HealthCheckId points to in the same file, if any. */
export function healthCheckOf(model: WorkspaceModel, rec: Resource): Resource | undefined {
  const id = refTarget(rec.properties.HealthCheckId);
  const hc = id ? model.byLogicalId(rec.file, id) : undefined;
  return hc?.type === HEALTH_CHECK ? hc : undefined;
}

/** How long Route 53 takes to call an endpoint unhealthy, and how that figure was found. */
export interface Detection {
  seconds: number;
  /** For messages, e.g. "10 s × 3 = 30 s" or "30 s × 3 = 90 s, Route 53's defaults". */
  explanation: string;
}

/** Route 53's defaults when a health check sets no RequestInterval / FailureThreshold. */
export const DEFAULT_REQUEST_INTERVAL = 30;

export const DEFAULT_FAILURE_THRESHOLD = 3;

/**
 * Estimated detection time of a health check: RequestInterval × FailureThreshold for endpoint
 * checks, the alarm's period × datapoints for CloudWatch checks, the slowest child for calculated
 * checks, none for ARC routing controls, and Route 53's defaults (30 s × 3) whenever the check or
 * a figure cannot be resolved.
 */
export function detectionTime(model: WorkspaceModel, hc: Resource | undefined, depth = 0): Detection {
  const fallback = { seconds: DEFAULT_REQUEST_INTERVAL * DEFAULT_FAILURE_THRESHOLD, explanation: `${DEFAULT_REQUEST_INTERVAL} s × ${DEFAULT_FAILURE_THRESHOLD} = ${DEFAULT_REQUEST_INTERVAL * DEFAULT_FAILURE_THRESHOLD} s, Route 53's defaults` };
  const cfg = asObject(hc?.properties.HealthCheckConfig);
  if (!hc || !cfg || depth > 5) return fallback;
  const type = str(cfg.Type)?.toUpperCase();
  if (type === 'CALCULATED') {
    const children = asArray(cfg.ChildHealthChecks).map((c) => childCheck(model, hc, c)).filter((c): c is Resource => !!c);
    const slowest = children.map((c) => ({ child: c, d: detectionTime(model, c, depth + 1) })).sort((a, b) => b.d.seconds - a.d.seconds)[0];
    return slowest ? { seconds: slowest.d.seconds, explanation: `${slowest.d.explanation}, slowest child ${slowest.child.logicalId}` } : fallback;
  }
  if (type === 'CLOUDWATCH_METRIC') return alarmDetection(model, hc, asObject(cfg.AlarmIdentifier)) ?? fallback;
  // An ARC routing control changes state when an operator (or automation) flips it: no probing delay.
  if (type === 'RECOVERY_CONTROL') return { seconds: 0, explanation: '0 s, switched by an ARC routing control' };
  const interval = num(cfg.RequestInterval) ?? DEFAULT_REQUEST_INTERVAL;
  const threshold = num(cfg.FailureThreshold) ?? DEFAULT_FAILURE_THRESHOLD;
  return { seconds: interval * threshold, explanation: `${interval} s × ${threshold} = ${interval * threshold} s` };
}

/**
 * Whether two records may carry the same DNS name once deployed. Literal names compare exactly;
 * an expression (`!Sub 'api.${Domain}'`, `!Join`, `!Ref`) only rules a match out when its fixed
 * leading or trailing text contradicts the other name, because parameters can make anything equal.
 */
export function mayHaveSameName(a: Resource['properties'], b: Resource['properties']): boolean {
  const x = nameShape(a.Name);
  const y = nameShape(b.Name);
  if (!x || !y) return true;
  if (x.exact && y.exact) return x.prefix === y.prefix;
  const n = Math.min(x.prefix.length, y.prefix.length);
  if (x.prefix.slice(0, n) !== y.prefix.slice(0, n)) return false;
  const m = Math.min(x.suffix.length, y.suffix.length);
  return m === 0 || x.suffix.slice(-m) === y.suffix.slice(-m);
}

/** Whether two records may share a type: equal literals, or either one computed. */
export function mayHaveSameType(a: Resource['properties'], b: Resource['properties']): boolean {
  const x = str(a.Type);
  const y = str(b.Type);
  return x === undefined || y === undefined || x.toUpperCase() === y.toUpperCase();
}

/** True for a long-form intrinsic such as `{ 'Fn::If': [...] }` or `{ Ref: X }`: a value known only at deploy time. */
export function isIntrinsic(v: Value | undefined): boolean {
  const o = asObject(v);
  if (!o) return false;
  const keys = Object.keys(o);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
}

/**
 * The record's name and type for messages. Unlike recordLabel, a computed name is shown as the
 * template writes it (`api.${ZoneName}`), so the reader can tell which record is meant.
 */
export function describeRecord(p: Resource['properties']): string {
  return `${nameForMessage(p.Name)} ${str(p.Type) ?? ''}`.trim();
}

function childCheck(model: WorkspaceModel, parent: Resource, v: Value): Resource | undefined {
  const id = refTarget(v);
  const r = id ? model.byLogicalId(parent.file, id) : undefined;
  return r?.type === HEALTH_CHECK ? r : undefined;
}

/** A CloudWatch-metric check turns unhealthy when its alarm fires: period × datapoints to alarm. */
function alarmDetection(model: WorkspaceModel, hc: Resource, alarmId: ValueObject | undefined): Detection | undefined {
  const id = refTarget(alarmId?.Name);
  const alarm = id ? model.byLogicalId(hc.file, id) : undefined;
  if (alarm?.type !== 'AWS::CloudWatch::Alarm') return undefined;
  const period = num(alarm.properties.Period);
  const points = num(alarm.properties.DatapointsToAlarm) ?? num(alarm.properties.EvaluationPeriods);
  if (period === undefined || points === undefined) return undefined;
  return { seconds: period * points, explanation: `${period} s × ${points} = ${period * points} s, alarm ${alarm.logicalId}` };
}

interface NameShape {
  /** True for a literal name; then `prefix` is the whole normalized name. */
  exact: boolean;
  prefix: string;
  suffix: string;
}

/** The fixed text a name starts and ends with, lower case and without a trailing dot. */
function nameShape(v: Value | undefined): NameShape | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/\.$/, '');
  const lit = literalString(v);
  if (lit !== undefined) return { exact: true, prefix: norm(lit), suffix: norm(lit) };
  const o = asObject(v);
  const sub = o?.['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) ? str(sub[0]) : undefined;
  if (subText !== undefined) {
    const parts = subText.split(/\$\{[^}]*\}/);
    return { exact: false, prefix: parts[0].toLowerCase(), suffix: norm(parts[parts.length - 1]) };
  }
  const join = asArray(o?.['Fn::Join']);
  const delim = str(join[0]);
  if (delim !== undefined && Array.isArray(join[1])) return joinShape(delim, join[1].map((item) => literalString(item)));
  return v === undefined || v === null ? undefined : { exact: false, prefix: '', suffix: '' };
}

/** The fixed ends of `Fn::Join [delim, parts]`, where `parts` holds undefined for each expression. */
function joinShape(delim: string, parts: (string | undefined)[]): NameShape {
  const norm = (t: string) => t.toLowerCase().replace(/\.$/, '');
  const lead = parts.findIndex((p) => p === undefined);
  if (lead === -1) {
    const whole = norm(parts.join(delim));
    return { exact: true, prefix: whole, suffix: whole };
  }
  const trail = parts.length - 1 - [...parts].reverse().findIndex((p) => p === undefined);
  const head = parts.slice(0, lead) as string[];
  const tail = parts.slice(trail + 1) as string[];
  return {
    exact: false,
    prefix: head.length ? (head.join(delim) + delim).toLowerCase() : '',
    suffix: tail.length ? norm(delim + tail.join(delim)) : '',
  };
}

function nameForMessage(v: Value | undefined): string {
  const lit = literalString(v);
  if (lit !== undefined) return lit;
  const o = asObject(v);
  const sub = o?.['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) ? str(sub[0]) : undefined;
  if (subText !== undefined) return subText;
  const ref = refTarget(v);
  if (ref && typeof o?.Ref === 'string') return `\${${ref}}`;
  const join = asArray(o?.['Fn::Join']);
  if (str(join[0]) !== undefined && Array.isArray(join[1])) {
    return join[1].map((part) => literalString(part) ?? (typeof asObject(part)?.Ref === 'string' ? `\${${String(asObject(part)?.Ref)}}` : '${…}')).join(str(join[0]));
  }
  return '(computed name)';
}
