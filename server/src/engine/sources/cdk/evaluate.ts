// TypeScript expressions -> CloudFormation-shaped values, as far as the syntax tells: literals,
// object and array literals, constants, props passed into a stack, loop variables, construct
// references (`{ Ref }` / `{ 'Fn::GetAtt' }`). Anything else becomes an opaque marker, which the
// rules treat like any deploy-time value.
import type * as TS from 'typescript';
import type { Path, Value } from '../../model';
import type { ValueObject } from '../../values';
import { type Binding, type Cx, type Env, type Instance, opaque, REF_MARK, type Rec } from './context';
import { resolveName } from './imports';
import { call, enumValue } from './builtins';
import { cfnKey } from './names';
import { propName, tsApi, unwrap } from './tsapi';

export interface EvalOptions {
  /** Rename object keys to CloudFormation names (L1 props). */
  cfn?: boolean;
  /** Called with each property's path (below `path`) and the node to point at. */
  mark?: (path: Path, node: TS.Node) => void;
  path?: Path;
  /** The CloudFormation name of the enclosing property, for context-dependent key names. */
  parent?: string;
}

const MAX_DEPTH = 40;

export function evaluate(cx: Cx, node: TS.Expression | undefined, env: Env, o: EvalOptions = {}, depth = 0): Value | undefined {
  if (!node) return undefined;
  const ts = tsApi();
  const n = unwrap(node);
  if (depth > MAX_DEPTH) return opaqueOf(cx, n);
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isNumericLiteral(n)) return Number(n.text);
  if (n.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (n.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (n.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isIdentifier(n) && n.text === 'undefined') return undefined;
  if (ts.isTemplateExpression(n)) return template(cx, n, env, depth);
  if (ts.isArrayLiteralExpression(n)) return array(cx, n, env, o, depth);
  if (ts.isObjectLiteralExpression(n)) return object(cx, n, env, o, depth);
  if (ts.isIdentifier(n)) return binding(cx, env.get(n.text), n, o, depth);
  if (ts.isPropertyAccessExpression(n)) return member(cx, n, env, o, depth);
  if (ts.isElementAccessExpression(n)) return element(cx, n, env, depth);
  if (ts.isConditionalExpression(n)) {
    const c = truthy(evaluate(cx, n.condition, env, {}, depth + 1));
    return c === undefined ? opaqueOf(cx, n) : evaluate(cx, c ? n.whenTrue : n.whenFalse, env, o, depth + 1);
  }
  if (ts.isBinaryExpression(n)) return binary(cx, n, env, o, depth);
  if (ts.isPrefixUnaryExpression(n)) return prefix(cx, n, env, depth);
  if (ts.isCallExpression(n)) return call(cx, n, env, depth);
  if (ts.isNewExpression(n)) {
    const made = cx.onNew(n, env);
    return made && 'cdkClass' in made ? refTo(made) : opaqueOf(cx, n);
  }
  return opaqueOf(cx, n);
}

export function opaqueOf(cx: Cx, node: TS.Node): Value {
  return opaque(node.getText(cx.sf).replace(/\s+/g, ' '));
}

export function refTo(rec: Rec): Value {
  return { Ref: REF_MARK + rec.key };
}

/** JavaScript truthiness of a literal; undefined when the value is only known at deploy time. */
export function truthy(v: Value | undefined): boolean | undefined {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' || typeof v === 'number') return !!v;
  if (Array.isArray(v) || !isMarker(v)) return true;
  // A reference to a construct of this file is an object; any other intrinsic is decided at deploy time.
  return typeof v.Ref === 'string' && v.Ref.startsWith(REF_MARK) ? true : undefined;
}

/** The value a binding stands for. */
export function binding(cx: Cx, b: Binding | undefined, at: TS.Node, o: EvalOptions, depth: number): Value | undefined {
  if (!b || depth > MAX_DEPTH) return opaqueOf(cx, at);
  switch (b.kind) {
    case 'expr':
      return evaluate(cx, b.node, b.env, o, depth + 1);
    case 'value':
      return b.value;
    case 'prop': {
      const whole = binding(cx, b.of, at, {}, depth + 1);
      const obj = whole !== null && typeof whole === 'object' && !Array.isArray(whole) ? whole : undefined;
      return obj && !isMarker(obj) ? obj[b.name] : opaqueOf(cx, at);
    }
    case 'rec':
      return refTo(b.rec);
    default:
      return opaqueOf(cx, at);
  }
}

/** True for `{ Ref }`, `{ 'Fn::...' }` and opaque values: not plain data. */
export function isMarker(o: ValueObject): boolean {
  return Object.keys(o).some((k) => k === 'Ref' || k.startsWith('Fn::'));
}

function template(cx: Cx, n: TS.TemplateExpression, env: Env, depth: number): Value {
  const parts: Value[] = [n.head.text];
  for (const span of n.templateSpans) {
    const v = evaluate(cx, span.expression, env, {}, depth + 1);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
    else parts.push(v === undefined ? 'undefined' : v);
    parts.push(span.literal.text);
  }
  return joinParts(parts);
}

/** Adjacent strings merged; all strings -> one string, otherwise `Fn::Join ['', parts]`. */
export function joinParts(parts: Value[]): Value {
  const merged: Value[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
    else if (p !== '') merged.push(p);
  }
  if (merged.length === 0) return '';
  if (merged.length === 1 && typeof merged[0] === 'string') return merged[0];
  return { 'Fn::Join': ['', merged] };
}

function array(cx: Cx, n: TS.ArrayLiteralExpression, env: Env, o: EvalOptions, depth: number): Value {
  const ts = tsApi();
  const out: Value[] = [];
  for (const el of n.elements) {
    if (ts.isSpreadElement(el)) {
      const v = evaluate(cx, el.expression, env, {}, depth + 1);
      if (Array.isArray(v)) out.push(...v);
      else out.push(opaqueOf(cx, el));
      continue;
    }
    if (ts.isOmittedExpression(el)) continue;
    const path = [...(o.path ?? []), out.length];
    o.mark?.(path, el);
    const v = evaluate(cx, el, env, { ...o, path, parent: undefined }, depth + 1);
    out.push(v === undefined ? null : v);
  }
  return out;
}

function object(cx: Cx, n: TS.ObjectLiteralExpression, env: Env, o: EvalOptions, depth: number): Value {
  const ts = tsApi();
  const out: ValueObject = {};
  for (const p of n.properties) {
    if (ts.isSpreadAssignment(p)) {
      const v = evaluate(cx, p.expression, env, o, depth + 1);
      if (v && typeof v === 'object' && !Array.isArray(v) && !isMarker(v)) Object.assign(out, v);
      continue;
    }
    const raw = propName(p.name);
    if (raw === undefined || ts.isMethodDeclaration(p) || ts.isAccessor(p)) continue;
    const key = o.cfn ? cfnKey(raw, o.parent) : raw;
    const path = [...(o.path ?? []), key];
    const value = ts.isShorthandPropertyAssignment(p) ? binding(cx, env.get(raw), p.name, { ...o, path, parent: key }, depth + 1) : ts.isPropertyAssignment(p) ? evaluate(cx, p.initializer, env, { ...o, path, parent: key }, depth + 1) : undefined;
    if (value === undefined) continue;
    o.mark?.(path, p);
    out[key] = value;
  }
  return out;
}

function member(cx: Cx, n: TS.PropertyAccessExpression, env: Env, o: EvalOptions, depth: number): Value | undefined {
  const ts = tsApi();
  const name = n.name.text;
  const target = unwrap(n.expression);
  if ((name === 'region' || name === 'account') && isStackHandle(cx, target, env)) return pseudo(name, scopeInstance(cx, target, env));
  const resolved = resolveName(n, cx.imports);
  if (resolved?.module === '' && resolved.name === 'Aws' && resolved.members.length === 1) return pseudo(resolved.members[0] === 'REGION' ? 'region' : 'other', env.inst);
  if (resolved?.module !== undefined && resolved.members.length === 1 && /^[A-Z]/.test(resolved.name)) return enumValue(resolved.name, resolved.members[0]);
  if (target.kind === ts.SyntaxKind.ThisKeyword) return binding(cx, env.inst.members.get(name), n, o, depth + 1);
  const b = ts.isIdentifier(target) ? env.get(target.text) : target.kind === ts.SyntaxKind.PropertyAccessExpression ? memberBinding(target as TS.PropertyAccessExpression, env) : undefined;
  if (b?.kind === 'rec') return attribute(b.rec, name);
  if (b?.kind === 'instance') return binding(cx, b.inst.members.get(name), n, o, depth + 1);
  const base = evaluate(cx, target, env, {}, depth + 1);
  if (Array.isArray(base) && name === 'length') return base.length;
  if (base && typeof base === 'object' && !Array.isArray(base)) {
    const ref = typeof base.Ref === 'string' && base.Ref.startsWith(REF_MARK) ? base.Ref : undefined;
    if (ref) return { 'Fn::GetAtt': [ref, name] };
    if (!isMarker(base)) return base[name];
  }
  return opaqueOf(cx, n);
}

/** `this.table` when the class body assigned it; `primary.table` when `primary` is an instance. */
function memberBinding(n: TS.PropertyAccessExpression, env: Env): Binding | undefined {
  const ts = tsApi();
  const t = unwrap(n.expression);
  if (t.kind === ts.SyntaxKind.ThisKeyword) return env.inst.members.get(n.name.text);
  const owner = ts.isIdentifier(t) ? env.get(t.text) : undefined;
  return owner?.kind === 'instance' ? owner.inst.members.get(n.name.text) : undefined;
}

/** A CDK attribute of a construct: `x.ref`, `x.attrHealthCheckId`, `table.tableArn`, `table.tableName`. */
export function attribute(rec: Rec, name: string): Value {
  const id = REF_MARK + rec.key;
  if (name === 'ref') return { Ref: id };
  if (/^attr[A-Z]/.test(name)) return { 'Fn::GetAtt': [id, name.slice(4)] };
  if (/Arn$/.test(name)) return { 'Fn::GetAtt': [id, /StreamArn$/.test(name) ? 'StreamArn' : 'Arn'] };
  if (/DnsName$/i.test(name)) return { 'Fn::GetAtt': [id, 'DNSName'] };
  if (/DomainName$/.test(name)) return { 'Fn::GetAtt': [id, 'DomainName'] };
  return { Ref: id };
}

/** True for `this`, `Stack.of(x)`, a stack variable, or `x.stack`: something whose `.region` is a stack's. */
function isStackHandle(cx: Cx, node: TS.Expression, env: Env): boolean {
  const ts = tsApi();
  if (node.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isCallExpression(node)) {
    const r = resolveName(node.expression, cx.imports);
    return r?.module === '' && r.name === 'Stack' && r.members.join('.') === 'of';
  }
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'stack') return true;
  return ts.isIdentifier(node) && env.get(node.text)?.kind === 'instance';
}

/** The instance that a scope expression (`this`, a stack variable, `Stack.of(this)`) stands for. */
export function scopeInstance(cx: Cx, node: TS.Expression | undefined, env: Env): Instance {
  const ts = tsApi();
  const n = node && unwrap(node);
  if (!n || n.kind === ts.SyntaxKind.ThisKeyword) return env.inst;
  if (ts.isCallExpression(n)) return scopeInstance(cx, n.arguments[0], env);
  if (ts.isPropertyAccessExpression(n) && n.name.text === 'stack') return scopeInstance(cx, n.expression, env);
  const b = ts.isIdentifier(n) ? env.get(n.text) : ts.isPropertyAccessExpression(n) ? memberBinding(n, env) : undefined;
  if (b?.kind === 'instance') return b.inst;
  if (b?.kind === 'rec') return b.rec.inst;
  return env.inst;
}

/** `this.region` and `Aws.REGION`: the instance's literal region, or the pseudo parameter. */
export function pseudo(name: string, inst: Instance): Value {
  if (name === 'region') return inst.region?.kind === 'known' ? inst.region.region : { Ref: 'AWS::Region' };
  return { Ref: name === 'account' ? 'AWS::AccountId' : 'AWS::NoValue' };
}

function element(cx: Cx, n: TS.ElementAccessExpression, env: Env, depth: number): Value | undefined {
  const base = evaluate(cx, n.expression, env, {}, depth + 1);
  const index = evaluate(cx, n.argumentExpression, env, {}, depth + 1);
  if (Array.isArray(base) && typeof index === 'number') return base[index];
  if (base && typeof base === 'object' && !Array.isArray(base) && !isMarker(base) && (typeof index === 'string' || typeof index === 'number')) return base[String(index)];
  return opaqueOf(cx, n);
}

function binary(cx: Cx, n: TS.BinaryExpression, env: Env, o: EvalOptions, depth: number): Value | undefined {
  const ts = tsApi();
  const op = n.operatorToken.kind;
  const left = evaluate(cx, n.left, env, op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken ? o : {}, depth + 1);
  if (op === ts.SyntaxKind.QuestionQuestionToken) return left === undefined || left === null ? evaluate(cx, n.right, env, o, depth + 1) : left;
  if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
    const t = truthy(left);
    if (t === undefined) return opaqueOf(cx, n);
    return (op === ts.SyntaxKind.BarBarToken) === t ? left : evaluate(cx, n.right, env, o, depth + 1);
  }
  const right = evaluate(cx, n.right, env, {}, depth + 1);
  const literal = (v: Value | undefined) => v === undefined || v === null || typeof v !== 'object';
  if (op === ts.SyntaxKind.PlusToken) {
    if (typeof left === 'number' && typeof right === 'number') return left + right;
    return joinParts([typeof left === 'object' && left !== null ? left : String(left), typeof right === 'object' && right !== null ? right : String(right)]);
  }
  const eq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
  const ne = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  if ((eq || ne) && literal(left) && literal(right)) return eq === (left === right);
  return opaqueOf(cx, n);
}

function prefix(cx: Cx, n: TS.PrefixUnaryExpression, env: Env, depth: number): Value | undefined {
  const ts = tsApi();
  const v = evaluate(cx, n.operand, env, {}, depth + 1);
  if (n.operator === ts.SyntaxKind.MinusToken && typeof v === 'number') return -v;
  if (n.operator === ts.SyntaxKind.ExclamationToken) {
    const t = truthy(v);
    return t === undefined ? opaqueOf(cx, n) : !t;
  }
  return opaqueOf(cx, n);
}
