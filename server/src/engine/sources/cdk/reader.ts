// The state of one CDK file's read: the parse, what its names stand for, the instances and records
// made so far. It lives for one read; the facts it produces are plain data.
import type * as TS from 'typescript';
import type { CdkClassUse, Path, Range, Value } from '../../model';
import { LineIndex } from '../tree';
import { pathKey } from '../tree';
import { callMethod, type ClassInfo, collectClasses, coreInstance, importedInstance, instantiate, runAbstractClasses, runSuper } from './classes';
import { construct } from './constructs';
import { type Binding, type Cx, Env, type Instance, type Rec } from './context';
import { type Imports, resolveName } from './imports';
import { tsApi } from './tsapi';
import { expression, runFunction, runStatements } from './walk';

export class Reader implements Cx {
  readonly lines: LineIndex;
  /** The app: the scope of top-level code; stacks created in it without `env` have no known region. */
  readonly root: Instance = { key: 'app', label: [], region: { kind: 'unknown' }, abstract: false, members: new Map() };
  readonly moduleEnv: Env;
  readonly classes: Map<string, ClassInfo>;
  readonly recs: Rec[] = [];
  readonly outputs: Value[] = [];
  readonly uses: CdkClassUse[] = [];
  readonly instances: Instance[] = [];
  /** The scope of each instance's class body, where its methods run. */
  readonly instEnvs = new Map<string, Env>();
  readonly methodsRun = new Set<string>();
  readonly instantiated = new Set<string>();
  readonly called = new Set<TS.Node>();
  /** Statements that could not be followed (half-typed code); they are skipped. */
  skipped = 0;
  depth = 0;
  private counter = 0;
  private readonly memos = new Map<TS.Node, Map<Env, Binding | undefined>>();
  /** Instances of one class mark the same nodes; their ranges are computed once. */
  private readonly ranges = new Map<TS.Node, Range>();

  constructor(
    readonly file: string,
    text: string,
    readonly sf: TS.SourceFile,
    readonly imports: Imports,
  ) {
    this.lines = new LineIndex(text);
    this.moduleEnv = new Env(undefined, this.root);
    this.classes = collectClasses(sf);
  }

  /** Runs the file: top-level code, then functions nobody called, then classes nobody instantiated. */
  run(): void {
    const ts = tsApi();
    runStatements(this, this.sf.statements, this.moduleEnv);
    for (const s of this.sf.statements) {
      const fns: TS.FunctionLikeDeclaration[] = [];
      if (ts.isFunctionDeclaration(s) && s.body) fns.push(s);
      if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) if (d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) fns.push(d.initializer);
      for (const fn of fns) if (!this.called.has(fn)) runFunction(this, fn, this.moduleEnv, undefined);
    }
    runAbstractClasses(this);
  }

  nextKey(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }

  /**
   * The first line of a node: where a finding about it is shown. An object literal that opens on a
   * line of its own (`{` then one property a line) is shown by its first property instead.
   */
  range(node: TS.Node): Range {
    let hit = this.ranges.get(node);
    if (!hit) this.ranges.set(node, (hit = this.computeRange(node)));
    return hit;
  }

  private computeRange(node: TS.Node): Range {
    const ts = tsApi();
    const start = node.getStart(this.sf);
    if (ts.isObjectLiteralExpression(node) && node.properties.length) {
      const first = node.properties[0].getStart(this.sf);
      if (this.lines.position(first).line !== this.lines.position(start).line) return this.lines.firstLine(first, node.properties[0].getEnd());
    }
    return this.lines.firstLine(start, node.getEnd());
  }

  mark(rec: Rec, path: Path, node: TS.Node): void {
    rec.ranges.set(pathKey(path), this.range(node));
  }

  /** Runs `f` once per node and scope; a re-entrant call sees undefined. */
  memo(node: TS.Node, env: Env, f: () => Binding | undefined): Binding | undefined {
    let byEnv = this.memos.get(node);
    if (!byEnv) this.memos.set(node, (byEnv = new Map()));
    if (byEnv.has(env)) return byEnv.get(env);
    byEnv.set(env, undefined);
    const v = f();
    byEnv.set(env, v);
    return v;
  }

  onNew(node: TS.NewExpression, env: Env): Rec | Instance | undefined {
    const b = expression(this, node, env);
    return b?.kind === 'rec' ? b.rec : b?.kind === 'instance' ? b.inst : undefined;
  }

  /** What a `new` creates: an instance of a local or imported class, a core stack, or a construct record. */
  construct(n: TS.NewExpression, env: Env): Rec | Instance | undefined {
    const res = resolveName(n.expression, this.imports);
    if (!res) return undefined;
    if (res.file !== undefined) return importedInstance(this, n, env, res);
    if (res.module === undefined) {
      const cls = res.members.length === 0 ? this.classes.get(res.name) : undefined;
      return cls ? instantiate(this, cls, n, env) : undefined;
    }
    if (res.module === '' && res.members.length === 0 && /^(Stack|Stage|NestedStack)$/.test(res.name)) return coreInstance(this, n, env);
    if (res.module === '' && res.members.length === 0 && res.name === 'App') return this.root;
    return construct(this, n, env, res);
  }

  newRec(node: TS.Node, constructId: string, inst: Instance, cdkClass: string): Rec {
    const rec: Rec = { key: this.nextKey('r'), group: `${node.pos}:${constructId}`, constructId, inst, cdkClass, type: '', properties: {}, ranges: new Map(), range: this.range(node), notes: {} };
    this.recs.push(rec);
    return rec;
  }

  runSuper(env: Env, args: Binding[]): void {
    runSuper(this, env, args);
  }

  callMethod(env: Env, name: string, args: Binding[]): Binding | undefined | null {
    return callMethod(this, env, name, args);
  }
}
