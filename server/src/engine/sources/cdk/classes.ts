// Stacks and constructs as classes: `new MyStack(app, 'Primary', { env: { region: 'us-east-1' } })`
// runs MyStack's constructor with its parameters bound, in an instance whose region is the `env`
// that reaches `super(...)`, or the enclosing stack's when none does. A class this file never
// instantiates runs once "abstractly": its region is linked from other files.
import type * as TS from 'typescript';
import type { CdkClassUse, RegionRef } from '../../model';
import { isRegionName } from '../../values';
import { type Binding, Env, type Instance } from './context';
import { binding, evaluate, scopeInstance } from './evaluate';
import type { Resolved } from './imports';
import type { Reader } from './reader';
import { propName, tsApi } from './tsapi';
import { bindingOf, bindParams, runFunction, runStatements } from './walk';

export interface ClassInfo {
  name: string;
  node: TS.ClassLikeDeclaration;
  /** The class it extends, when that class is declared in this file too. */
  parent?: string;
}

/** The name under which a class body's scope records its class (for `super(...)` and `this.m()`). */
const CLASS = '%class';

export function collectClasses(sf: TS.SourceFile): Map<string, ClassInfo> {
  const ts = tsApi();
  const out = new Map<string, ClassInfo>();
  for (const s of sf.statements) {
    if (!ts.isClassDeclaration(s) || !s.name) continue;
    const ext = s.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    out.set(s.name.text, { name: s.name.text, node: s, parent: ext && ts.isIdentifier(ext) ? ext.text : undefined });
  }
  for (const c of out.values()) if (c.parent && !out.has(c.parent)) c.parent = undefined;
  return out;
}

/** `new MyStack(app, 'Id', props)` for a class of this file. */
export function instantiate(r: Reader, cls: ClassInfo, n: TS.NewExpression, env: Env): Instance | undefined {
  if (r.depth > 10) return undefined;
  r.instantiated.add(cls.name);
  const { inst, args, scope } = makeInstance(r, n, env, cls.name);
  settle(inst, classRegion(r, cls, args, 0), scope);
  runClassBody(r, cls, inst, args);
  return inst;
}

/** `new cdk.Stack(app, 'Id', { env })`, `new cdk.Stage(...)`: an instance without a body to run. */
export function coreInstance(r: Reader, n: TS.NewExpression, env: Env): Instance {
  const { inst, args, scope } = makeInstance(r, n, env, undefined);
  settle(inst, regionFromProps(r, args[2], n), scope);
  return inst;
}

/** `new OtherStack(...)` for a class imported from another workspace file: noted for cross-file linking. */
export function importedInstance(r: Reader, n: TS.NewExpression, env: Env, res: Resolved): Instance {
  const { inst, args, scope } = makeInstance(r, n, env, undefined);
  const stated = regionFromProps(r, args[2], n);
  settle(inst, stated, scope);
  const use: CdkClassUse = { className: res.name, module: res.file! };
  if (inst.region) use.region = inst.region;
  else if (inst.origin) use.inClass = inst.origin;
  r.uses.push(use);
  return inst;
}

function makeInstance(r: Reader, n: TS.NewExpression, env: Env, className: string | undefined): { inst: Instance; args: Binding[]; scope: Instance } {
  const argNodes = n.arguments ?? [];
  const args = argNodes.map((a) => bindingOf(r, a, env));
  const scope = scopeInstance(r, argNodes[0], env);
  const idv = evaluate(r, argNodes[1], env);
  const id = typeof idv === 'string' ? idv : argNodes[1]?.getText(r.sf) ?? className ?? 'Stack';
  const inst: Instance = { key: r.nextKey('i'), label: [...scope.label, id], region: undefined, className, abstract: false, members: new Map() };
  r.instances.push(inst);
  return { inst, args, scope };
}

/** A stated region wins; otherwise the instance lives where its scope does. */
function settle(inst: Instance, stated: RegionRef | undefined, scope: Instance): void {
  if (stated) inst.region = stated;
  else {
    inst.region = scope.region;
    inst.origin = scope.origin;
  }
}

/** The region that a class's constructor passes to `super(scope, id, props)`; undefined when it inherits. */
function classRegion(r: Reader, cls: ClassInfo, args: Binding[], depth: number): RegionRef | undefined {
  const ts = tsApi();
  if (depth > 8) return undefined;
  const parent = cls.parent ? r.classes.get(cls.parent) : undefined;
  const ctor = ctorOf(cls);
  if (!ctor?.body) return parent ? classRegion(r, parent, args, depth + 1) : regionFromProps(r, args[2], cls.node);
  const scratch = new Env(r.moduleEnv, r.root);
  bindParams(r, ctor, args, scratch);
  const sup = ctor.body.statements.map((s) => (ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && s.expression.expression.kind === ts.SyntaxKind.SuperKeyword ? s.expression : undefined)).find((c) => c);
  if (!sup) return undefined;
  const supArgs: Binding[] = sup.arguments.map((a) => ({ kind: 'expr', node: a, env: scratch }));
  return parent ? classRegion(r, parent, supArgs, depth + 1) : regionFromProps(r, supArgs[2], sup);
}

/** `{ env: { region: 'eu-west-1' } }` -> known; `env` without a literal region -> unknown; no `env` -> undefined (inherit). */
export function regionFromProps(r: Reader, b: Binding | undefined, at: TS.Node): RegionRef | undefined {
  if (!b) return undefined;
  const v = binding(r, b, at, {}, 0);
  if (v === undefined || v === null) return undefined;
  const plain = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x) && !Object.keys(x).some((k) => k === 'Ref' || k.startsWith('Fn::'));
  if (!plain(v)) return { kind: 'unknown' };
  if (v.env === undefined) return undefined;
  const region = plain(v.env) ? v.env.region : undefined;
  return typeof region === 'string' && isRegionName(region) ? { kind: 'known', region } : { kind: 'unknown' };
}

function ctorOf(cls: ClassInfo): TS.ConstructorDeclaration | undefined {
  const ts = tsApi();
  return cls.node.members.find((m): m is TS.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
}

/** Runs a class body for an instance: field initializers, the constructor, then methods it did not call. */
function runClassBody(r: Reader, cls: ClassInfo, inst: Instance, args: Binding[] | undefined): void {
  const ts = tsApi();
  const env = new Env(r.moduleEnv, inst);
  env.set(CLASS, { kind: 'value', value: cls.name });
  if (!r.instEnvs.has(inst.key)) r.instEnvs.set(inst.key, env);
  const isStatic = (m: TS.ClassElement) => !!ts.getModifiers(m as TS.HasModifiers)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
  r.depth++;
  try {
    for (const m of cls.node.members) {
      const name = propName(m.name);
      if (ts.isPropertyDeclaration(m) && m.initializer && name && !isStatic(m)) inst.members.set(name, bindingOf(r, m.initializer, env));
    }
    const ctor = ctorOf(cls);
    const parent = cls.parent ? r.classes.get(cls.parent) : undefined;
    if (ctor?.body) {
      bindParams(r, ctor, args, env);
      for (const p of ctor.parameters) if (ts.isIdentifier(p.name) && ts.getModifiers(p)?.length) inst.members.set(p.name.text, env.get(p.name.text)!);
      runStatements(r, ctor.body.statements, env);
    } else if (parent) runClassBody(r, parent, inst, args);
    for (const m of cls.node.members) {
      if (!(ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) || !m.body || isStatic(m)) continue;
      const key = `${inst.key}:${m.pos}`;
      if (r.methodsRun.has(key)) continue;
      r.methodsRun.add(key);
      runFunction(r, m, env, undefined);
    }
  } finally {
    r.depth--;
  }
}

/** `super(scope, id, props)` in a class whose parent is declared in this file: the parent's body runs too. */
export function runSuper(r: Reader, env: Env, args: Binding[]): void {
  const b = env.get(CLASS);
  const cls = b?.kind === 'value' && typeof b.value === 'string' ? r.classes.get(b.value) : undefined;
  const parent = cls?.parent ? r.classes.get(cls.parent) : undefined;
  if (parent) runClassBody(r, parent, env.inst, args);
}

/** `this.method(args)`: runs a method of the instance's class (or a parent) with its arguments; null when there is none. */
export function callMethod(r: Reader, env: Env, name: string, args: Binding[]): Binding | undefined | null {
  const ts = tsApi();
  for (let cls = env.inst.className ? r.classes.get(env.inst.className) : undefined, i = 0; cls && i < 10; cls = cls.parent ? r.classes.get(cls.parent) : undefined, i++) {
    const m = cls.node.members.find((x): x is TS.MethodDeclaration => ts.isMethodDeclaration(x) && propName(x.name) === name && !!x.body);
    if (!m) continue;
    r.methodsRun.add(`${env.inst.key}:${m.pos}`);
    return runFunction(r, m, r.instEnvs.get(env.inst.key) ?? env, args);
  }
  return null;
}

/** Classes never instantiated in this file run once with unknown parameters; their region is linked later. */
export function runAbstractClasses(r: Reader): void {
  const ts = tsApi();
  if ([...r.classes.keys()].every((name) => r.instantiated.has(name))) return;
  const mentioned = new Set<string>();
  const visit = (n: TS.Node): void => {
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && r.classes.has(n.expression.text)) mentioned.add(n.expression.text);
    ts.forEachChild(n, visit);
  };
  for (const c of r.classes.values()) visit(c.node);
  const run = (cls: ClassInfo) => {
    r.instantiated.add(cls.name);
    const inst: Instance = { key: r.nextKey('i'), label: [], region: undefined, className: cls.name, abstract: true, origin: cls.name, members: new Map() };
    runClassBody(r, cls, inst, undefined);
  };
  for (const cls of r.classes.values()) if (!r.instantiated.has(cls.name) && !mentioned.has(cls.name)) run(cls);
  for (const cls of r.classes.values()) if (!r.instantiated.has(cls.name)) run(cls);
}
