// Small helpers for reading CloudFormation-shaped values (plain JSON with long-form intrinsics).
import type { Value } from './model';

export type ValueObject = { [key: string]: Value };

export function asObject(v: Value | undefined): ValueObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

export function asArray(v: Value | undefined): Value[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: Value | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A literal number, or a numeric string (CloudFormation accepts both). */
export function num(v: Value | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** true for `true` and 'true' (any case); undefined when not a literal. */
export function bool(v: Value | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

const REGION = /^(?:[a-z]{2}|[a-z]{2}-gov|[a-z]{2}-iso[a-z]?)-(?:[a-z]+)-\d{1,2}$/;

export function isRegionName(v: string): boolean {
  return REGION.test(v);
}

/** The logical id that `{ Ref: X }`, `{ 'Fn::GetAtt': [X, ...] }` or `!GetAtt X.Y` points to. */
export function refTarget(v: Value | undefined): string | undefined {
  const o = asObject(v);
  if (!o) return undefined;
  if (typeof o.Ref === 'string') return o.Ref;
  const ga = o['Fn::GetAtt'];
  if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
  if (typeof ga === 'string') return ga.split('.')[0];
  return undefined;
}

/** Logical ids named in a value: Refs, GetAtts and `${X}`/`${X.Attr}` inside Fn::Sub strings. */
export function referencedIds(v: Value | undefined, out: Set<string> = new Set(), depth = 0): Set<string> {
  if (depth > 50 || v === null || v === undefined || typeof v !== 'object') return out;
  const direct = refTarget(v);
  if (direct) out.add(direct);
  const sub = asObject(v)?.['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (subText) for (const m of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) out.add(m[1]);
  for (const child of Array.isArray(v) ? v : Object.values(v)) referencedIds(child, out, depth + 1);
  return out;
}

/** A plain string, or the literal text of an Fn::Sub with no variables. */
export function literalString(v: Value | undefined): string | undefined {
  if (typeof v === 'string') return v;
  const sub = asObject(v)?.['Fn::Sub'];
  return typeof sub === 'string' && !sub.includes('${') ? sub : undefined;
}
