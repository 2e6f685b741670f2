// Lexical scopes of an application file, built while the reader walks it (the parser sets no parent
// pointers): which declaration a name stands for, and the assignments that change it later.
import type * as TS from 'typescript';
import { propName, tsApi } from '../cdk/tsapi';

export interface Decl {
  kind: 'var' | 'param' | 'fn' | 'other';
  node: TS.Node;
  /** The initializer (a variable), or the argument bound to a parameter of a helper being evaluated. */
  init?: TS.Expression;
  /** For `const { A } = expr`: the member path inside `init`. */
  member?: string[];
  /** Where `init` is evaluated. */
  scope: Scope;
  isConst: boolean;
}

/** `x = v`, `x.P = v` or `Object.assign(x, v)` seen in the file, with the scope it sits in. */
export interface Assignment {
  /** undefined for `x = v`; the property name for `x.P = v`; '*' for Object.assign; '?' for `x[expr] = v`. */
  key?: string;
  /** The key expression of `x[expr] = v` when it is not a literal. */
  keyNode?: TS.Expression;
  node: TS.Node;
  value: TS.Expression;
  scope: Scope;
}

export class Scope {
  /** Created on the first declaration: most blocks declare nothing. */
  private vars: Map<string, Decl> | undefined;

  constructor(
    readonly parent: Scope | undefined,
    readonly node: TS.Node,
    readonly cls?: TS.ClassLikeDeclaration,
  ) {}

  lookup(name: string): Decl | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const d = s.vars?.get(name);
      if (d) return d;
    }
    return undefined;
  }

  set(name: string, d: Decl): void {
    (this.vars ??= new Map()).set(name, d);
  }

  /** The innermost enclosing class. */
  get classNode(): TS.ClassLikeDeclaration | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.cls) return s.cls;
    return undefined;
  }

  /** True when this scope is `other` or nested inside it. */
  within(other: Scope): boolean {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s === other) return true;
    return false;
  }
}

/** Declares what a list of statements binds: variables (with destructuring), functions and classes. */
export function declareStatements(scope: Scope, statements: readonly TS.Statement[]): void {
  const ts = tsApi();
  for (const st of statements) {
    if (ts.isVariableStatement(st)) {
      const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const d of st.declarationList.declarations) bindName(scope, d.name, d.initializer, [], isConst, d);
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      scope.set(st.name.text, { kind: 'fn', node: st, scope, isConst: true });
    } else if (ts.isClassDeclaration(st) && st.name) {
      scope.set(st.name.text, { kind: 'other', node: st, scope, isConst: true });
    }
  }
}

/** Binds a name or a destructuring pattern; `member` is the path inside the initializer. */
export function bindName(scope: Scope, name: TS.BindingName, init: TS.Expression | undefined, member: string[], isConst: boolean, node: TS.Node, kind: Decl['kind'] = 'var', evalScope: Scope = scope): void {
  const ts = tsApi();
  if (ts.isIdentifier(name)) {
    scope.set(name.text, { kind, node, init, member: member.length ? member : undefined, scope: evalScope, isConst });
    return;
  }
  if (ts.isObjectBindingPattern(name)) {
    for (const el of name.elements) {
      const key = el.dotDotDotToken ? undefined : propName(el.propertyName ?? (ts.isIdentifier(el.name) ? el.name : undefined));
      // A default value or a rest element makes the bound value unknowable from the initializer alone.
      const known = key !== undefined && !el.initializer && kind === 'var';
      bindName(scope, el.name, known ? init : undefined, known ? [...member, key] : [], isConst, el, known ? kind : 'other', evalScope);
    }
  } else {
    name.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      const known = !el.dotDotDotToken && !el.initializer && kind === 'var';
      bindName(scope, el.name, known ? init : undefined, known ? [...member, String(i)] : [], isConst, el, known ? kind : 'other', evalScope);
    });
  }
}

/** A scope for a function's parameters; `args` binds them to a call's arguments (evaluated in `argScope`). */
export function functionScope(parent: Scope, fn: TS.SignatureDeclarationBase, args?: readonly TS.Expression[], argScope?: Scope): Scope {
  const ts = tsApi();
  const scope = new Scope(parent, fn);
  fn.parameters.forEach((p, i) => {
    const arg = args?.[i];
    if (arg && argScope && !p.dotDotDotToken) bindName(scope, p.name, arg, [], true, p, 'var', argScope);
    else bindName(scope, p.name, undefined, [], false, p, 'param');
  });
  return scope;
}
