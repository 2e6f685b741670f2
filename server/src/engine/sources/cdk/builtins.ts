// What CDK's helpers evaluate to: `Duration.seconds(30)`, `Fn.join(...)` and the other intrinsic
// functions, `Token.asString(x)`, `Object.keys(...)`, and enum members such as `Failover.PRIMARY`.
import type * as TS from 'typescript';
import type { Value } from '../../model';
import { type Cx, DURATION, type Env } from './context';
import { evaluate, isMarker, opaqueOf } from './evaluate';
import { resolveName } from './imports';
import { dottedName } from './tsapi';

/** Enum members whose CloudFormation value is not their name. */
const ENUMS: Record<string, Record<string, string>> = {
  Continent: { AFRICA: 'AF', ANTARCTICA: 'AN', ASIA: 'AS', EUROPE: 'EU', OCEANIA: 'OC', NORTH_AMERICA: 'NA', SOUTH_AMERICA: 'SA' },
};

export function enumValue(type: string, memberName: string): Value {
  return ENUMS[type]?.[memberName] ?? memberName;
}

const SECONDS: Record<string, number> = { millis: 0.001, seconds: 1, minutes: 60, hours: 3600, days: 86400 };

export function call(cx: Cx, n: TS.CallExpression, env: Env, depth: number): Value | undefined {
  const r = resolveName(n.expression, cx.imports);
  const args = (i: number) => evaluate(cx, n.arguments[i], env, {}, depth + 1);
  if (r?.module === '' && r.name === 'Duration' && r.members.length === 1 && SECONDS[r.members[0]] !== undefined) {
    const v = args(0);
    return typeof v === 'number' ? { [DURATION]: v * SECONDS[r.members[0]] } : opaqueOf(cx, n);
  }
  if (r?.module === '' && r.name === 'Fn' && r.members.length === 1) return intrinsic(r.members[0], n.arguments.length, args) ?? opaqueOf(cx, n);
  if (r?.module === '' && r.name === 'Token' && /^as/.test(r.members[0] ?? '')) return args(0);
  const imported = importedByName(r?.members[r.members.length - 1], args);
  if (r && imported) return imported;
  const dotted = dottedName(n.expression)?.join('.');
  if (dotted === 'String') return args(0);
  if (dotted === 'Object.keys' || dotted === 'Object.values' || dotted === 'Object.entries') {
    const o = args(0);
    if (o && typeof o === 'object' && !Array.isArray(o) && !isMarker(o)) return dotted === 'Object.keys' ? Object.keys(o) : dotted === 'Object.values' ? Object.values(o) : Object.entries(o).map(([k, v]) => [k, v]);
  }
  return opaqueOf(cx, n);
}

/** `Table.fromTableName(scope, id, name)` and the like: what the imported construct's name attribute reads. */
const FROM_NAME: Record<string, string> = { fromTableName: 'tableName', fromBucketName: 'bucketName', fromSecretNameV2: 'secretName' };

function importedByName(method: string | undefined, arg: (i: number) => Value | undefined): Value | undefined {
  if (method && FROM_NAME[method]) {
    const name = arg(2);
    return typeof name === 'string' ? { [FROM_NAME[method]]: name } : undefined;
  }
  if (method === 'fromTableAttributes' || method === 'fromBucketAttributes') {
    const attrs = arg(2);
    if (attrs && typeof attrs === 'object' && !Array.isArray(attrs) && !isMarker(attrs)) return attrs;
  }
  return undefined;
}

function intrinsic(fn: string, count: number, arg: (i: number) => Value | undefined): Value | undefined {
  const all = () => Array.from({ length: count }, (_, i) => arg(i) ?? null);
  switch (fn) {
    case 'ref':
      return { Ref: arg(0) ?? null };
    case 'getAtt':
      return { 'Fn::GetAtt': all() };
    case 'join':
      return { 'Fn::Join': all() };
    case 'sub':
      return { 'Fn::Sub': count > 1 ? all() : arg(0) ?? null };
    case 'importValue':
      return { 'Fn::ImportValue': arg(0) ?? null };
    case 'select':
      return { 'Fn::Select': all() };
    case 'split':
      return { 'Fn::Split': all() };
    default:
      return undefined;
  }
}

/** Seconds of a `Duration` marker or a plain number. */
export function seconds(v: Value | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof v[DURATION] === 'number') return v[DURATION] as number;
  return undefined;
}
