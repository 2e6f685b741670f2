// Runs a CDK program symbolically: statements in order, `if` branches that cannot be decided both
// taken, loops over literal arrays once per element (otherwise once with an unknown element), and
// local functions and methods with their arguments bound. Every `new` of a construct is recorded
// once per run of the code around it.
import type * as TS from 'typescript';
import type { Value } from '../../model';
import type { Binding, Env } from './context';
import { attribute, evaluate, truthy } from './evaluate';
import { callHatch, methodConstruct, recOf, assignHatch } from './hatches';
import { resolveName } from './imports';
import { resolveNode } from './props';
import type { Reader } from './reader';
import { propName, tsApi, unwrap } from './tsapi';

/** Where a function body puts the binding of its `return` expression. */
export interface Returned {
  binding?: Binding;
}

const MAX_ITEMS = 50;
const UNKNOWN: Binding = { kind: 'unknown' };

export function runStatements(r: Reader, stmts: readonly TS.Statement[], env: Env, ret?: Returned): void {
  const ts = tsApi();
  for (const s of stmts) if (ts.isFunctionDeclaration(s) && s.name && s.body) env.set(s.name.text, { kind: 'fn', node: s, env });
  for (const s of stmts) {
    try {
      runStatement(r, s, env, ret);
    } catch {
      // A statement the reader cannot follow is skipped; the rest of the file still counts.
      r.skipped++;
    }
  }
}

function runStatement(r: Reader, s: TS.Statement, env: Env, ret: Returned | undefined): void {
  const ts = tsApi();
  if (ts.isVariableStatement(s)) {
    for (const d of s.declarationList.declarations) bindName(r, d.name, d.initializer ? bindingOf(r, d.initializer, env) : UNKNOWN, env);
  } else if (ts.isExpressionStatement(s)) {
    expression(r, s.expression, env);
  } else if (ts.isIfStatement(s)) {
    const c = truthy(evaluate(r, s.expression, env));
    if (c !== false) runStatements(r, [s.thenStatement], env.child(), ret);
    if (c !== true && s.elseStatement) runStatements(r, [s.elseStatement], env.child(), ret);
  } else if (ts.isBlock(s)) {
    runStatements(r, s.statements, env.child(), ret);
  } else if (ts.isForOfStatement(s) || ts.isForInStatement(s)) {
    loop(r, s, env, ret);
  } else if (ts.isForStatement(s) || ts.isWhileStatement(s) || ts.isDoStatement(s)) {
    const inner = env.child();
    if (ts.isForStatement(s) && s.initializer && ts.isVariableDeclarationList(s.initializer)) for (const d of s.initializer.declarations) bindName(r, d.name, UNKNOWN, inner);
    runStatements(r, [s.statement], inner, ret);
  } else if (ts.isReturnStatement(s)) {
    if (s.expression && ret) ret.binding = bindingOf(r, s.expression, env);
    else if (s.expression) sweep(r, s.expression, env);
  } else if (ts.isTryStatement(s)) {
    runStatements(r, s.tryBlock.statements, env.child(), ret);
    if (s.catchClause) runStatements(r, s.catchClause.block.statements, env.child(), ret);
    if (s.finallyBlock) runStatements(r, s.finallyBlock.statements, env.child(), ret);
  } else if (ts.isSwitchStatement(s)) {
    for (const c of s.caseBlock.clauses) runStatements(r, c.statements, env.child(), ret);
  } else if (ts.isEnumDeclaration(s)) {
    env.set(s.name.text, { kind: 'value', value: enumMembers(r, s, env) });
  } else if (ts.isLabeledStatement(s)) {
    runStatements(r, [s.statement], env, ret);
  } else if (!ts.isFunctionDeclaration(s) && !ts.isClassDeclaration(s) && !ts.isInterfaceDeclaration(s) && !ts.isTypeAliasDeclaration(s) && !ts.isImportDeclaration(s) && !ts.isEnumDeclaration(s)) {
    sweep(r, s, env);
  }
}

/** `enum Role { Primary = 'PRIMARY' }` as an object of its literal members (numbered ones count up). */
function enumMembers(r: Reader, s: TS.EnumDeclaration, env: Env): Value {
  const out: { [k: string]: Value } = {};
  let next = 0;
  for (const m of s.members) {
    const name = propName(m.name);
    const v = m.initializer ? evaluate(r, m.initializer, env) : next;
    if (typeof v === 'number') next = v + 1;
    if (name !== undefined && v !== undefined) out[name] = v;
  }
  return out;
}

/** `for (const region of ['us-east-1', 'eu-west-1'])`: the body once per element, or once with an unknown one. */
function loop(r: Reader, s: TS.ForOfStatement | TS.ForInStatement, env: Env, ret: Returned | undefined): void {
  const ts = tsApi();
  const init = s.initializer;
  const name = ts.isVariableDeclarationList(init) ? init.declarations[0]?.name : undefined;
  let items = elementsOf(r, s.expression, env);
  if (ts.isForInStatement(s)) {
    const v = evaluate(r, s.expression, env);
    items = v && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::')) ? Object.keys(v).map((k) => ({ kind: 'value', value: k })) : undefined;
  }
  for (const item of items ?? [UNKNOWN]) {
    const inner = env.child();
    if (name) bindName(r, name, item, inner);
    else if (ts.isIdentifier(init)) env.assign(init.text, item);
    runStatements(r, [s.statement], inner, ret);
  }
}

/** The elements of an array literal (or of a constant holding one), each as a binding. */
function elementsOf(r: Reader, node: TS.Expression, env: Env): Binding[] | undefined {
  const ts = tsApi();
  const at = resolveNode(r, node, env);
  if (ts.isArrayLiteralExpression(at.node) && !at.node.elements.some((e) => ts.isSpreadElement(e))) {
    return at.node.elements.length <= MAX_ITEMS ? at.node.elements.map((e) => bindingOf(r, e, at.env)) : undefined;
  }
  const v = evaluate(r, node, env);
  return Array.isArray(v) && v.length <= MAX_ITEMS ? v.map((value) => ({ kind: 'value', value })) : undefined;
}

/** Runs an expression statement (or a part of one); returns what it made, for `const x = <expression>`. */
export function expression(r: Reader, node: TS.Expression, env: Env): Binding | undefined {
  const ts = tsApi();
  const n = unwrap(node);
  if (ts.isAwaitExpression(n) || ts.isVoidExpression(n)) return expression(r, n.expression, env);
  if (ts.isNewExpression(n)) {
    return r.memo(n, env, () => {
      const made = r.construct(n, env);
      for (const a of n.arguments ?? []) sweep(r, a, env);
      return made && ('cdkClass' in made ? { kind: 'rec', rec: made } : { kind: 'instance', inst: made });
    });
  }
  if (ts.isCallExpression(n)) return r.memo(n, env, () => call(r, n, env));
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) return r.memo(n, env, () => assign(r, n, env));
  ts.forEachChild(n, (c) => sweep(r, c, env));
  return undefined;
}

function call(r: Reader, n: TS.CallExpression, env: Env): Binding | undefined {
  const ts = tsApi();
  const callee = unwrap(n.expression);
  const args = () => n.arguments.map((a) => bindingOf(r, a, env));
  if (callee.kind === ts.SyntaxKind.SuperKeyword) {
    r.runSuper(env, args());
    return undefined;
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const fn = n.arguments[0] && unwrap(n.arguments[0]);
    if (/^(forEach|map|flatMap)$/.test(method) && fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
      for (const item of elementsOf(r, callee.expression, env) ?? [UNKNOWN]) runFunction(r, fn, env, [item]);
      return undefined;
    }
    if (unwrap(callee.expression).kind === ts.SyntaxKind.ThisKeyword) {
      const result = r.callMethod(env, method, args());
      if (result !== null) return result;
    }
    const rec = recOf(r, callee.expression, env);
    sweep(r, callee.expression, env);
    for (const a of n.arguments) sweep(r, a, env);
    return rec ? callHatch(r, rec, method, n, env) : methodConstruct(r, method, n, env);
  }
  if (ts.isIdentifier(callee)) {
    const b = env.get(callee.text);
    if (b?.kind === 'fn') return runFunction(r, b.node, b.env, args());
  }
  if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) return runFunction(r, callee, env, args());
  ts.forEachChild(n, (c) => sweep(r, c, env));
  return undefined;
}

function assign(r: Reader, n: TS.BinaryExpression, env: Env): undefined {
  const ts = tsApi();
  const left = unwrap(n.left);
  if (ts.isIdentifier(left)) {
    // `role = ctx || role` reads the old value: a reassigned variable holds what the right side is now.
    const b = bindingOf(r, n.right, env);
    env.assign(left.text, b.kind === 'expr' ? { kind: 'value', value: evaluate(r, n.right, env) } : b);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(left) && unwrap(left.expression).kind === ts.SyntaxKind.ThisKeyword) {
    env.inst.members.set(left.name.text, bindingOf(r, n.right, env));
    return undefined;
  }
  // `cfn.failover = ...`, `(x.node.defaultChild as CfnX).healthCheckId = ...`, `cfn.aliasTarget.evaluateTargetHealth = ...`
  const names: string[] = [];
  let target: TS.Expression = left;
  for (let i = 0; i < 8 && ts.isPropertyAccessExpression(target); i++) {
    names.unshift(target.name.text);
    const rec = recOf(r, target.expression, env);
    if (rec) {
      assignHatch(r, rec, names, n.right, env, n);
      break;
    }
    target = unwrap(target.expression);
  }
  sweep(r, n.right, env);
  return undefined;
}

/**
 * Runs a function body with its parameters bound; returns the binding of what it returns. `args`
 * undefined means code this reader does not see calls it: every parameter is unknown, defaults too.
 */
export function runFunction(r: Reader, fn: TS.FunctionLikeDeclaration, declared: Env, args: Binding[] | undefined): Binding | undefined {
  const ts = tsApi();
  if (!fn.body || r.depth > 12) return undefined;
  r.called.add(fn);
  const inner = declared.child();
  bindParams(r, fn, args, inner);
  r.depth++;
  try {
    if (ts.isBlock(fn.body)) {
      const ret: Returned = {};
      runStatements(r, fn.body.statements, inner, ret);
      return ret.binding;
    }
    return bindingOf(r, fn.body, inner);
  } finally {
    r.depth--;
  }
}

export function bindParams(r: Reader, fn: TS.SignatureDeclarationBase, args: Binding[] | undefined, env: Env): void {
  fn.parameters.forEach((p, i) => {
    const arg = p.dotDotDotToken || !args ? UNKNOWN : args[i] ?? (p.initializer ? { kind: 'expr', node: p.initializer, env } : UNKNOWN);
    bindName(r, p.name, arg, env);
  });
}

/** What an expression stands for when bound to a name: a construct, an instance, a function, or the expression itself. */
export function bindingOf(r: Reader, node: TS.Expression, env: Env): Binding {
  const ts = tsApi();
  const n = unwrap(node);
  if (ts.isNewExpression(n) || ts.isCallExpression(n) || ts.isAwaitExpression(n)) {
    const made = expression(r, n, env);
    if (made) return made;
    const rec = ts.isCallExpression(n) ? recOf(r, n, env) : undefined;
    return rec ? { kind: 'rec', rec } : { kind: 'expr', node, env };
  }
  if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) return { kind: 'fn', node: n, env };
  if (ts.isIdentifier(n)) return env.get(n.text) ?? { kind: 'expr', node, env };
  const rec = recOf(r, n, env);
  if (rec) return { kind: 'rec', rec };
  if (ts.isPropertyAccessExpression(n) && unwrap(n.expression).kind === ts.SyntaxKind.ThisKeyword) return env.inst.members.get(n.name.text) ?? { kind: 'expr', node, env };
  sweep(r, n, env);
  return { kind: 'expr', node, env };
}

/** Binds a name or a destructuring pattern (`{ region, isPrimary }`, `[a, b]`). */
export function bindName(r: Reader, name: TS.BindingName, b: Binding, env: Env): void {
  const ts = tsApi();
  if (ts.isIdentifier(name)) {
    env.set(name.text, b);
    return;
  }
  name.elements.forEach((el, i) => {
    if (ts.isOmittedExpression(el)) return;
    const key = ts.isObjectBindingPattern(name) ? propName(el.propertyName ?? el.name) : String(i);
    const sub = el.dotDotDotToken || key === undefined ? UNKNOWN : propBinding(r, b, key);
    bindName(r, el.name, sub, env);
  });
}

/** The binding of `x.key` for a binding `x`, resolved now when `x` is an object literal, an instance or a construct. */
function propBinding(r: Reader, of: Binding, key: string): Binding {
  const ts = tsApi();
  if (of.kind === 'instance') return of.inst.members.get(key) ?? UNKNOWN;
  if (of.kind === 'rec') return { kind: 'value', value: attribute(of.rec, key) };
  if (of.kind === 'expr') {
    const at = resolveNode(r, of.node, of.env);
    if (ts.isObjectLiteralExpression(at.node)) {
      for (const p of at.node.properties) {
        if (propName(p.name) !== key) continue;
        if (ts.isPropertyAssignment(p)) return bindingOf(r, p.initializer, at.env);
        if (ts.isShorthandPropertyAssignment(p)) return at.env.get(key) ?? UNKNOWN;
      }
    }
  }
  return { kind: 'prop', of, name: key };
}

/** Finds and runs the `new` and call expressions inside a node (not inside nested classes). */
export function sweep(r: Reader, node: TS.Node, env: Env): void {
  const ts = tsApi();
  const visit = (c: TS.Node): void => {
    // `cdk.Duration.seconds(10)`, `route53.RecordTarget.fromAlias(...)`: CDK helpers change nothing; only their arguments may.
    if (ts.isCallExpression(c) && resolveName(c.expression, r.imports)?.module !== undefined) {
      c.arguments.forEach(visit);
    } else if (ts.isNewExpression(c) || ts.isCallExpression(c) || (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.EqualsToken)) {
      expression(r, c, env);
    } else if (ts.isArrowFunction(c) || ts.isFunctionExpression(c)) {
      r.memo(c, env, () => runFunction(r, c, env, undefined));
    } else if (!ts.isClassLike(c) && !ts.isFunctionDeclaration(c)) {
      ts.forEachChild(c, visit);
    }
  };
  visit(node);
}
