// Application-code expressions -> the few kinds of value the DynamoDB reader needs: strings (with
// unknown pieces), objects and arrays (lazily, entry by entry), `process.env.X`, and SDK clients.
// Only the syntax is read: constants, same-file helpers and their arguments, `this.x` members.
import type * as TS from 'typescript';
import { classify, type ClientKind, type SdkImports } from './imports';
import { type Assignment, declareStatements, type Decl, functionScope, Scope } from './scope';
import { dottedName, propName, tsApi, unwrap } from '../cdk/tsapi';

export type V =
  /** A string; `null` pieces are unknown at read time. */
  | { k: 'str'; parts: (string | null)[] }
  | { k: 'num'; n: number }
  | { k: 'bool'; b: boolean }
  | { k: 'undef' }
  | { k: 'obj'; entries: Entry[]; open: boolean; node: TS.Node }
  | { k: 'arr'; items: Item[]; open: boolean }
  | { k: 'env' }
  | { k: 'envvar'; name: string }
  | { k: 'client'; client: ClientKind; config?: Item; base?: V; node: TS.Node }
  | { k: 'set' }
  | { k: 'fn'; fn: TS.FunctionLikeDeclaration; scope: Scope }
  | { k: 'unknown' };

export interface Item {
  node: TS.Expression;
  scope: Scope;
}

/** An object entry: its key (a name, or a computed key's value) and where its value is written. */
export interface Entry {
  key: V;
  /** A computed key's expression. */
  keyNode?: TS.Node;
  /** The whole property (for ranges). */
  node: TS.Node;
  value: Item;
}

export interface Cx {
  sf: TS.SourceFile;
  imports: SdkImports;
  /** Assignments in the file by the name of the variable they change. */
  assignments: Map<string, Assignment[]>;
}

const UNKNOWN: V = { k: 'unknown' };
const MAX_DEPTH = 25;

export function ev(cx: Cx, node: TS.Expression | undefined, scope: Scope, depth = 0): V {
  if (!node || depth > MAX_DEPTH) return UNKNOWN;
  const ts = tsApi();
  const n = unwrap(node);
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return { k: 'str', parts: [n.text] };
  if (ts.isNumericLiteral(n)) return { k: 'num', n: Number(n.text) };
  if (n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword) return { k: 'bool', b: n.kind === ts.SyntaxKind.TrueKeyword };
  if (n.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(n) && n.text === 'undefined')) return { k: 'undef' };
  if (ts.isTemplateExpression(n)) {
    const parts: (string | null)[] = [n.head.text];
    for (const span of n.templateSpans) parts.push(...strParts(ev(cx, span.expression, scope, depth + 1)), span.literal.text);
    return { k: 'str', parts };
  }
  if (ts.isObjectLiteralExpression(n)) return object(cx, n, scope, depth);
  if (ts.isArrayLiteralExpression(n)) {
    const open = n.elements.some((e) => ts.isSpreadElement(e));
    return { k: 'arr', items: n.elements.filter((e) => !ts.isSpreadElement(e)).map((e) => ({ node: e, scope })), open };
  }
  if (ts.isIdentifier(n)) return identifier(cx, n, scope, depth);
  if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) return access(cx, n, scope, depth);
  if (ts.isAwaitExpression(n)) return ev(cx, n.expression, scope, depth + 1);
  if (ts.isBinaryExpression(n)) return binary(cx, n, scope, depth);
  if (ts.isNewExpression(n)) {
    const cls = classify(cx.imports, dottedName(n.expression));
    if (cls?.kind === 'client') return { k: 'client', client: cls.client, config: n.arguments?.[0] ? { node: n.arguments[0], scope } : undefined, node: n };
    if (ts.isIdentifier(n.expression) && n.expression.text === 'Set') return { k: 'set' };
    return UNKNOWN;
  }
  if (ts.isCallExpression(n)) return call(cx, n, scope, depth);
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return { k: 'fn', fn: n, scope };
  return UNKNOWN;
}

/** The pieces of a value used inside a string; unknown values become one `null` piece. */
export function strParts(v: V): (string | null)[] {
  if (v.k === 'str') return v.parts;
  if (v.k === 'num') return [String(v.n)];
  if (v.k === 'bool') return [String(v.b)];
  return [null];
}

/** The literal text of a string value, or undefined when any piece is unknown. */
export function literal(v: V): string | undefined {
  return v.k === 'str' && v.parts.every((p) => p !== null) ? v.parts.join('') : undefined;
}

/** The entry for a literal key (the last one wins, as in JavaScript). */
export function entry(o: V, name: string): Entry | undefined {
  if (o.k !== 'obj') return undefined;
  for (let i = o.entries.length - 1; i >= 0; i--) if (literal(o.entries[i].key) === name) return o.entries[i];
  return undefined;
}

export function valueOf(cx: Cx, e: Entry | Item | undefined, depth = 0): V {
  if (!e) return { k: 'undef' };
  const item = 'value' in e ? e.value : e;
  return ev(cx, item.node, item.scope, depth + 1);
}

function object(cx: Cx, n: TS.ObjectLiteralExpression, scope: Scope, depth: number): V {
  const ts = tsApi();
  const out: V & { k: 'obj' } = { k: 'obj', entries: [], open: false, node: n };
  for (const p of n.properties) {
    if (ts.isPropertyAssignment(p)) {
      const name = propName(p.name);
      const key: V = name !== undefined ? { k: 'str', parts: [name] } : ts.isComputedPropertyName(p.name) ? ev(cx, p.name.expression, scope, depth + 1) : UNKNOWN;
      out.entries.push({ key, keyNode: ts.isComputedPropertyName(p.name) ? p.name.expression : undefined, node: p, value: { node: p.initializer, scope } });
    } else if (ts.isShorthandPropertyAssignment(p)) {
      out.entries.push({ key: { k: 'str', parts: [p.name.text] }, node: p, value: { node: p.name, scope } });
    } else if (ts.isSpreadAssignment(p)) {
      const v = ev(cx, p.expression, scope, depth + 1);
      if (v.k === 'obj') {
        out.entries.push(...v.entries);
        out.open ||= v.open;
      } else if (v.k !== 'undef') out.open = true;
    }
  }
  return out;
}

function identifier(cx: Cx, id: TS.Identifier, scope: Scope, depth: number): V {
  const d = scope.lookup(id.text);
  if (!d) return UNKNOWN;
  if (d.kind === 'fn') return { k: 'fn', fn: d.node as TS.FunctionLikeDeclaration, scope: d.scope };
  if (d.kind !== 'var') return UNKNOWN;
  const assigned = d.member || d.isConst ? undefined : reassigned(cx, id, d, scope);
  if (assigned === null) return UNKNOWN;
  let v = assigned ? ev(cx, assigned.value, assigned.scope, depth + 1) : d.init ? ev(cx, d.init, d.scope, depth + 1) : { k: 'undef' as const };
  for (const key of d.member ?? []) v = member(cx, v, key, depth);
  if (!d.member) v = withProperties(cx, id.text, d, v, depth);
  return v;
}

/**
 * The assignment `x = v` that a use of a `let`/`var` sees: the last one before the use in the
 * use's own block or an enclosing one. Undefined when the initializer still holds; null when a
 * branch may have changed it (loops are not followed). A variable declared without a value and assigned once
 * (`let client; ... client ??= new X()`) is that value.
 */
function reassigned(cx: Cx, id: TS.Identifier, d: Decl, use: Scope): Assignment | null | undefined {
  const whole = cx.assignments.get(id.text)?.filter((a) => a.key === undefined && a.scope.within(d.scope));
  if (!whole?.length) return undefined;
  const at = id.getStart(cx.sf);
  if (!d.init && whole.length === 1) return whole[0];
  const before = whole.filter((a) => a.node.getEnd() <= at);
  const straight = before.filter((a) => use.within(a.scope));
  const last = straight.reduce<Assignment | undefined>((x, a) => (!x || a.node.pos > x.node.pos ? a : x), undefined);
  // An assignment in a branch that may run between that one and the use.
  const lastPos = last?.node.pos ?? d.node.pos;
  return before.some((a) => a.node.pos > lastPos && !straight.includes(a)) ? null : last;
}

/** Applies later property assignments in the declaring scope: `params.P = v`, `Object.assign(params, v)`. */
function withProperties(cx: Cx, name: string, d: Decl, v: V, depth: number): V {
  const list = cx.assignments.get(name)?.filter((a) => a.key !== undefined && a.scope.within(d.scope));
  if (!list?.length || v.k !== 'obj') return v;
  const out: V & { k: 'obj' } = { ...v, entries: [...v.entries] };
  for (const a of list) {
    if (a.key === '*') {
      const extra = ev(cx, a.value, a.scope, depth + 1);
      if (extra.k === 'obj') out.entries.push(...extra.entries);
      else out.open = true;
    } else if (a.key === '?') {
      // `params[process.env.KEY] = v`: an entry under a key known only at run time.
      const key = ev(cx, a.keyNode, a.scope, depth + 1);
      if (key.k === 'envvar') out.entries.push({ key, keyNode: a.keyNode, node: a.node, value: { node: a.value, scope: a.scope } });
      else out.open = true;
    } else out.entries.push({ key: { k: 'str', parts: [a.key!] }, node: a.node, value: { node: a.value, scope: a.scope } });
  }
  return out;
}

export function member(cx: Cx, base: V, key: string, depth: number): V {
  if (base.k === 'env') return { k: 'envvar', name: key };
  if (base.k === 'obj') {
    const e = entry(base, key);
    return e ? valueOf(cx, e, depth) : base.open ? UNKNOWN : { k: 'undef' };
  }
  if (base.k === 'arr' && /^\d+$/.test(key)) {
    const item = base.items[Number(key)];
    return item && !base.open ? ev(cx, item.node, item.scope, depth + 1) : UNKNOWN;
  }
  return UNKNOWN;
}

function access(cx: Cx, n: TS.PropertyAccessExpression | TS.ElementAccessExpression, scope: Scope, depth: number): V {
  const ts = tsApi();
  const dotted = dottedName(n);
  if (dotted?.length === 2 && dotted[0] === 'process' && dotted[1] === 'env' && !scope.lookup('process')) return { k: 'env' };
  const base = unwrap(n.expression);
  const key = ts.isPropertyAccessExpression(n) ? n.name.text : literal(ev(cx, n.argumentExpression, scope, depth + 1));
  if (key === undefined) return UNKNOWN;
  if (base.kind === ts.SyntaxKind.ThisKeyword) return classMember(cx, key, scope, depth);
  return member(cx, ev(cx, base, scope, depth + 1), key, depth);
}

/** `this.x`: the class's property initializer, or the constructor's `this.x = ...`. */
function classMember(cx: Cx, key: string, scope: Scope, depth: number): V {
  const ts = tsApi();
  const cls = scope.classNode;
  if (!cls) return UNKNOWN;
  const classScope = new Scope(scope, cls, cls);
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && propName(m.name) === key) return m.initializer ? ev(cx, m.initializer, classScope, depth + 1) : ctorAssignment(cx, cls, key, classScope, depth);
  }
  return ctorAssignment(cx, cls, key, classScope, depth);
}

function ctorAssignment(cx: Cx, cls: TS.ClassLikeDeclaration, key: string, classScope: Scope, depth: number): V {
  const ts = tsApi();
  const ctor = cls.members.find((m): m is TS.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  if (!ctor?.body) return UNKNOWN;
  const scope = new Scope(functionScope(classScope, ctor), ctor.body);
  declareStatements(scope, ctor.body.statements);
  for (const st of ctor.body.statements) {
    if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression) || st.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const left = dottedName(st.expression.left);
    if (left?.length === 2 && left[0] === 'this' && left[1] === key) return ev(cx, st.expression.right, scope, depth + 1);
  }
  return UNKNOWN;
}

function binary(cx: Cx, n: TS.BinaryExpression, scope: Scope, depth: number): V {
  const ts = tsApi();
  const op = n.operatorToken.kind;
  if (op === ts.SyntaxKind.PlusToken) {
    const a = ev(cx, n.left, scope, depth + 1);
    const b = ev(cx, n.right, scope, depth + 1);
    if (a.k === 'num' && b.k === 'num') return { k: 'num', n: a.n + b.n };
    return { k: 'str', parts: [...strParts(a), ...strParts(b)] };
  }
  if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
    // `process.env.TABLE || 'local-table'`: the deployed code reads the variable; the fallback is for local runs.
    const a = ev(cx, n.left, scope, depth + 1);
    if (a.k === 'envvar' || a.k === 'client' || a.k === 'obj') return a;
    if (a.k === 'undef') return ev(cx, n.right, scope, depth + 1);
    return a.k === 'str' && literal(a) ? a : UNKNOWN;
  }
  return UNKNOWN;
}

function call(cx: Cx, n: TS.CallExpression, scope: Scope, depth: number): V {
  const ts = tsApi();
  const dotted = dottedName(n.expression);
  const cls = classify(cx.imports, dotted);
  if (cls?.kind === 'from') return { k: 'client', client: cls.client, base: ev(cx, n.arguments[0], scope, depth + 1), node: n };
  if (dotted && dotted[dotted.length - 1] === 'createSet') return { k: 'set' };
  if (dotted?.join('.') === 'Object.assign' && n.arguments.length > 0) {
    const parts = n.arguments.map((a) => ev(cx, a, scope, depth + 1));
    if (parts.every((p) => p.k === 'obj')) return { k: 'obj', entries: parts.flatMap((p) => (p.k === 'obj' ? p.entries : [])), open: parts.some((p) => p.k === 'obj' && p.open), node: n };
    return UNKNOWN;
  }
  const callee = ev(cx, n.expression, scope, depth + 1);
  if (callee.k !== 'fn') return UNKNOWN;
  return returned(cx, callee.fn, callee.scope, n.arguments, scope, depth);
}

/** What a same-file helper returns for these arguments: its expression body or its last top-level return. */
function returned(cx: Cx, fn: TS.FunctionLikeDeclaration, defScope: Scope, args: readonly TS.Expression[], argScope: Scope, depth: number): V {
  const ts = tsApi();
  if (!fn.body) return UNKNOWN;
  const scope = functionScope(defScope, fn, args, argScope);
  if (!ts.isBlock(fn.body)) return ev(cx, fn.body, scope, depth + 1);
  const body = new Scope(scope, fn.body);
  declareStatements(body, fn.body.statements);
  const returns = fn.body.statements.filter((s): s is TS.ReturnStatement => ts.isReturnStatement(s));
  const last = returns[returns.length - 1];
  return last?.expression ? ev(cx, last.expression, body, depth + 1) : UNKNOWN;
}

/** A short, one-line source text for a node (for `{ Unknown: text }` values). */
export function sourceText(sf: TS.SourceFile, node: TS.Node): string {
  const text = node.getText(sf).replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
