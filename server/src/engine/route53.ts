// Reading Route 53 record sets from the model, whichever source they came from.
import type { Resource, Value } from './model';
import { asObject, bool, literalString, str } from './values';

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
