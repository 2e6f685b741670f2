// Changes made to a construct after `new`: escape hatches (`addPropertyOverride`, `addOverride`,
// property assignments on the L1 behind `node.defaultChild`) and the L2 methods that add what the
// rules read (`addReplica`, `addReplicaRegion`, `enableCookieStickiness`, `addEndpointGroup`, ...).
import type * as TS from 'typescript';
import type { Value } from '../../model';
import type { Binding, Cx, Env, Rec } from './context';
import { evaluate } from './evaluate';
import { addAttributes, endpointGroup, listener, stickiness, targetGroup } from './l2compute';
import { type MapArgs, newRecord } from './mapping';
import { cfnKey } from './names';
import { deletePath, overridePath, setPath } from './paths';
import { Props } from './props';
import type { Reader } from './reader';
import { stringLiteral, tsApi, unwrap } from './tsapi';

/** The construct an expression stands for: a variable, `this.x`, or `x.node.defaultChild` (as the L1 behind it). */
export function recOf(cx: Cx, node: TS.Expression, env: Env): Rec | undefined {
  const ts = tsApi();
  const n = unwrap(node);
  if (ts.isIdentifier(n)) {
    const b = env.get(n.text);
    return b?.kind === 'rec' ? b.rec : undefined;
  }
  if (ts.isPropertyAccessExpression(n)) {
    const owner = unwrap(n.expression);
    if (n.name.text === 'defaultChild' && ts.isPropertyAccessExpression(owner) && owner.name.text === 'node') return recOf(cx, owner.expression, env);
    const holder = ts.isIdentifier(owner) ? env.get(owner.text) : undefined;
    const members = owner.kind === ts.SyntaxKind.ThisKeyword ? env.inst.members : holder?.kind === 'instance' ? holder.inst.members : undefined;
    const b = members?.get(n.name.text);
    return b?.kind === 'rec' ? b.rec : undefined;
  }
  if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /^(tryF|f)indChild$/.test(n.expression.name.text)) {
    const node2 = unwrap(n.expression.expression);
    if (ts.isPropertyAccessExpression(node2) && node2.name.text === 'node') return recOf(cx, node2.expression, env);
  }
  return undefined;
}

/** Names that are the construct's own API, not CloudFormation properties. */
const NOT_PROPERTIES = new Set(['cfnOptions', 'node', 'stack', 'env', 'logicalId', 'tags']);

/** `cfn.failover = 'PRIMARY'` or `cfn.aliasTarget.evaluateTargetHealth = true` on an L1 (or the L1 behind an L2). */
export function assignHatch(r: Reader, rec: Rec, names: string[], rhs: TS.Expression, env: Env, at: TS.Node): void {
  if (NOT_PROPERTIES.has(names[0])) return;
  const path: string[] = [];
  for (const n of names) path.push(cfnKey(n, path[path.length - 1]));
  const value = evaluate(r, rhs, env, { cfn: true, path, parent: path[path.length - 1], mark: (p) => r.mark(rec, p, at) });
  if (value === undefined) deletePath(rec.properties, path);
  else setPath(rec.properties, path, value);
  r.mark(rec, path, at);
}

/** A method call on a recorded construct; returns the construct it creates, if any. */
export function callHatch(r: Reader, rec: Rec, method: string, n: TS.CallExpression, env: Env): Binding | undefined {
  const args = n.arguments;
  const arg = (i: number) => evaluate(r, args[i], env);
  switch (method) {
    case 'addPropertyOverride':
    case 'addOverride': {
      const text = stringLiteral(args[0]);
      const path = text === undefined ? undefined : method === 'addOverride' ? (text.startsWith('Properties.') ? text.slice(11) : undefined) : text;
      if (path === undefined) return undefined;
      const parts = overridePath(path);
      const value = arg(1);
      if (value === undefined) deletePath(rec.properties, parts);
      else setPath(rec.properties, parts, value);
      r.mark(rec, parts, n);
      return undefined;
    }
    case 'addPropertyDeletionOverride':
    case 'addDeletionOverride': {
      const text = stringLiteral(args[0]);
      const path = method === 'addDeletionOverride' ? (text?.startsWith('Properties.') ? text.slice(11) : undefined) : text;
      if (path !== undefined) deletePath(rec.properties, overridePath(path));
      return undefined;
    }
    default:
      return l2Method(r, rec, method, n, env);
  }
}

function l2Method(r: Reader, rec: Rec, method: string, n: TS.CallExpression, env: Env): Binding | undefined {
  const args = n.arguments;
  const arg = (i: number) => evaluate(r, args[i], env);
  const push = (key: string, item: Value) => {
    const list = Array.isArray(rec.properties[key]) ? (rec.properties[key] as Value[]) : [];
    r.mark(rec, [key, list.length], n);
    list.push(item);
    rec.properties[key] = list;
  };
  if (method === 'addReplica' && rec.cdkClass === 'TableV2') {
    push('Replicas', { Region: new Props(r, args[0], env).get('region') ?? null });
    if (rec.properties.StreamSpecification === undefined && rec.properties.MultiRegionConsistency === undefined) rec.properties.StreamSpecification = { StreamViewType: 'NEW_AND_OLD_IMAGES' };
  } else if (method === 'addReplicaRegion' && rec.cdkClass === 'Secret') {
    const key = args[1] ? evaluate(r, args[1], env) : undefined;
    push('ReplicaRegions', { Region: arg(0) ?? null, ...(key !== undefined ? { KmsKeyId: key } : {}) });
  } else if (method === 'enableCookieStickiness') {
    stickiness(r, rec, arg(0), args[1] ? arg(1) : undefined, n);
  } else if (method === 'setAttribute' && rec.type === 'AWS::ElasticLoadBalancingV2::TargetGroup') {
    addAttributes(r, rec, [{ Key: arg(0) ?? null, Value: arg(1) ?? null }], n);
  } else if (method === 'addEnvironment' && rec.type === 'AWS::Lambda::Function') {
    const key = arg(0);
    if (typeof key === 'string') setPath(rec.properties, ['Environment', 'Variables', key], arg(1) ?? null);
  } else if (method === 'addListener' && rec.cdkClass === 'Accelerator') {
    return made(r, n, env, 'Listener', (m) => listener(m, rec));
  } else if (method === 'addEndpointGroup' && rec.type === 'AWS::GlobalAccelerator::Listener') {
    return made(r, n, env, 'EndpointGroup', (m) => endpointGroup(m, rec));
  }
  return undefined;
}

/** `x.addTargets('Id', props)` on a listener this reader does not track: the target group it creates. */
export function methodConstruct(r: Reader, method: string, n: TS.CallExpression, env: Env): Binding | undefined {
  if (method !== 'addTargets' || n.arguments.length < 2 || !tsApi().isPropertyAccessExpression(n.expression)) return undefined;
  return made(r, n, env, 'ApplicationTargetGroup', targetGroup, 'Group');
}

/** A construct made by a method `owner.addX('Id', props)`: its scope is the owner. */
function made(r: Reader, n: TS.CallExpression, env: Env, cdkClass: string, map: (m: MapArgs) => void, suffix = ''): Binding {
  const owner = (n.expression as TS.PropertyAccessExpression).expression;
  const rec = newRecord(r, n, n.arguments, env, cdkClass, owner, suffix);
  map({ r, env, rec, props: new Props(r, n.arguments[1], env), node: n, args: n.arguments });
  return { kind: 'rec', rec };
}
