// Python statements as TypeScript ones: classes with their `__init__` as the constructor, functions,
// assignments (a variable first bound inside a block is declared at the top of its function, as
// Python scopes it), `if`, `for ... in` loops, `try` and `with` blocks. Imports are written by imports.ts.
import { Emitter, type Segment } from './emit';
import { type ExprContext, argsOf, expr, kwObject, type Signature } from './expressions';
import { importStatement } from './imports';
import { camel, field, ident, named, type PyNode } from './syntax';

export interface Translation {
  text: string;
  map: (offset: number) => number;
}

interface Scope {
  declared: Set<string>;
  depth: number;
  /** Inside a function: a nested def is an arrow function bound to a constant. */
  inFunction?: boolean;
}

interface Cached {
  seg: Segment;
  /** Names the statement declared in its scope, declared again when it is replayed. */
  added: string[];
}

interface FileCache {
  /** The file's functions and classes: translations depend on them. */
  fingerprint: string;
  segments: Map<string, Cached>;
}

/**
 * Translations of the statements of recently read files, by text and context: an edit re-translates
 * the statements it touches and replays the others. Bounded to a few files.
 */
const CACHE = new Map<string, FileCache>();
const CACHED_FILES = 32;

/** Translates a Python module (the root node of its tree) to TypeScript. */
export function translateModule(file: string, root: PyNode): Translation {
  const e = new Emitter();
  const cx: ExprContext = { e, sigs: new Map(), classes: new Set(), cdkNames: new Set() };
  collectSignatures(cx, root);
  const top = named(root);
  const relevant = relevantNames(cx, top);
  const fingerprint = JSON.stringify([[...cx.sigs], [...cx.classes], [...relevant]]);
  const prev = CACHE.get(file);
  CACHE.delete(file);
  const used = new Map<string, Cached>();
  cx.cache = { old: prev?.fingerprint === fingerprint ? prev.segments : new Map(), used };
  const scope: Scope = { declared: new Set(), depth: 0 };
  hoist(cx, top, scope);
  for (const s of top) {
    // A module-level function that names nothing from the CDK or this file cannot make a construct.
    if (s.type === 'function_definition' && !mentions(s.text, relevant)) continue;
    statement(cx, s, scope, file);
  }
  CACHE.set(file, { fingerprint, segments: used });
  while (CACHE.size > CACHED_FILES) CACHE.delete(CACHE.keys().next().value!);
  return { text: e.text(), map: e.mapper() };
}

/** Modules whose names never stand for CDK constructs. */
const NOT_CDK = /^(boto3|botocore|os|sys|json|logging|typing|typing_extensions|datetime|re|time|uuid|decimal|random|collections|dataclasses|enum|functools|itertools|pathlib|urllib|requests|base64|hashlib|math|string|copy)(\.|$)/;

/** Names that may lead to a construct: CDK imports, other workspace modules, this file's functions and classes. */
function relevantNames(cx: ExprContext, top: PyNode[]): Set<string> {
  const out = new Set<string>([...cx.classes, ...cx.sigs.keys()]);
  for (const s of top) {
    if (s.type !== 'import_statement' && s.type !== 'import_from_statement') continue;
    const mod = field(s, 'module_name')?.text;
    if (mod && NOT_CDK.test(mod)) continue;
    for (const n of named(s)) {
      if (mod && n.startIndex === field(s, 'module_name')!.startIndex) continue;
      const dotted = n.type === 'aliased_import' ? field(n, 'alias')?.text : n.text.split('.')[0];
      if (dotted && !NOT_CDK.test(n.text)) out.add(dotted);
    }
  }
  return out;
}

function mentions(text: string, names: Set<string>): boolean {
  for (const m of text.matchAll(/[A-Za-z_]\w*/g)) if (names.has(m[0])) return true;
  return false;
}

/** A statement, translated or replayed from the last translation of the same file. */
function statement(cx: ExprContext, s: PyNode, scope: Scope, file: string): void {
  const cache = cx.cache;
  if (!cache || s.type === 'import_statement' || s.type === 'import_from_statement') return statementUncached(cx, s, scope, file);
  const key = `${scope.inFunction ? 'f' : 'm'}${scope.depth}|${[...scope.declared].sort().join(',')}|${s.text}`;
  const hit = cache.used.get(key) ?? cache.old.get(key);
  if (hit && !cache.used.has(key)) {
    cx.e.replay(s, hit.seg);
    for (const n of hit.added) scope.declared.add(n);
    cache.used.set(key, hit);
    return;
  }
  const before = new Set(scope.declared);
  const seg = cx.e.record(s, () => statementUncached(cx, s, scope, file));
  cache.used.set(key, { seg, added: [...scope.declared].filter((n) => !before.has(n)) });
}

function collectSignatures(cx: ExprContext, root: PyNode): void {
  const add = (name: string, sig: Signature) => cx.sigs.set(name, cx.sigs.has(name) ? 'ambiguous' : sig);
  for (const s of named(root).map(undecorate)) {
    const name = field(s, 'name')?.text;
    if (!name) continue;
    if (s.type === 'function_definition') add(name, signature(s));
    if (s.type !== 'class_definition') continue;
    cx.classes.add(name);
    const init = named(field(s, 'body')).map(undecorate).find((m) => m.type === 'function_definition' && field(m, 'name')?.text === '__init__');
    add(name, init ? signature(init) : { params: [{ name: 'scope', kind: 'plain' }, { name: 'id', kind: 'plain' }, { name: 'kwargs', kind: 'kw' }] });
    for (const m of named(field(s, 'body')).map(undecorate)) {
      const mname = field(m, 'name')?.text;
      if (m.type === 'function_definition' && mname && mname !== '__init__') add(mname, signature(m));
    }
  }
}

function undecorate(n: PyNode): PyNode {
  return n.type === 'decorated_definition' ? field(n, 'definition') ?? n : n;
}

function signature(fn: PyNode): Signature {
  const params: Signature['params'] = [];
  for (const p of named(field(fn, 'parameters'))) {
    const name = paramName(p);
    if (!name || name === 'self' || name === 'cls') continue;
    params.push({ name, kind: p.type === 'list_splat_pattern' ? 'star' : p.type === 'dictionary_splat_pattern' ? 'kw' : 'plain' });
  }
  return { params };
}

function paramName(p: PyNode): string | undefined {
  if (p.type === 'identifier') return p.text;
  if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') return field(p, 'name')?.text;
  if (p.type === 'typed_parameter' || p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') return named(p).find((c) => c.type === 'identifier')?.text;
  return undefined;
}

function parameters(cx: ExprContext, fn: PyNode): void {
  const { e } = cx;
  e.raw('(');
  let first = true;
  for (const p of named(field(fn, 'parameters'))) {
    const name = paramName(p);
    if (!name || name === 'self' || name === 'cls') continue;
    if (!first) e.raw(', ');
    first = false;
    e.chunk(p, ident(name));
    const def = field(p, 'value');
    if (def && (p.type === 'default_parameter' || p.type === 'typed_default_parameter')) {
      e.raw(' = ');
      expr(cx, def);
    }
  }
  e.raw(')');
}

/** Names a function assigns: declared up front when their first assignment is inside a block. */
function hoist(cx: ExprContext, body: PyNode[], scope: Scope): void {
  const top = new Set<string>();
  const nested = new Set<string>();
  const visit = (stmts: PyNode[], depth: number) => {
    for (const s of stmts) {
      if (s.type === 'expression_statement') {
        const a = named(s)[0];
        const left = a && a.type === 'assignment' ? field(a, 'left') : undefined;
        for (const id of left ? targets(left) : []) if (!top.has(id) && !nested.has(id)) (depth === 0 ? top : nested).add(id);
      } else if (!/definition$/.test(s.type)) {
        for (const c of named(s)) if (c.type === 'block' || /clause$/.test(c.type)) visit(c.type === 'block' ? named(c) : named(c).flatMap((x) => (x.type === 'block' ? named(x) : [])), depth + 1);
      }
    }
  };
  visit(body, 0);
  const names = [...nested].filter((n) => !scope.declared.has(n));
  if (!names.length) return;
  cx.e.raw(`let ${names.map(ident).join(', ')};`);
  for (const n of names) scope.declared.add(n);
}

function targets(left: PyNode): string[] {
  if (left.type === 'identifier') return [left.text];
  if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern') return named(left).flatMap(targets);
  return [];
}

function block(cx: ExprContext, body: PyNode | undefined, scope: Scope, file: string): void {
  cx.e.raw(' {');
  // Python itself refuses about 100 levels of indentation; deeper blocks are left out.
  if (scope.depth > 60) return void cx.e.raw(' }');
  const inner = { ...scope, depth: scope.depth + 1 };
  for (const s of named(body)) statement(cx, s, inner, file);
  cx.e.raw(' }');
}

/**
 * `__init__(self, scope, id, table, *, role='PRIMARY', **kwargs)` as CDK's TypeScript shape
 * `constructor(scope, id, props)`: the other parameters are read from the props, which is where the
 * calls put them (see classArgs), and `kwargs` is the props themselves.
 */
function constructorDef(cx: ExprContext, fn: PyNode, file: string): void {
  const { e } = cx;
  const params = named(field(fn, 'parameters')).filter((p) => !['self', 'cls'].includes(paramName(p) ?? 'self'));
  const lead = params.slice(0, 2).filter((p) => ['identifier', 'typed_parameter', 'default_parameter', 'typed_default_parameter'].includes(p.type));
  // The props parameter takes the name of `**kwargs`, so `super().__init__(scope, id, **kwargs)` passes it on.
  const splat = params.find((p) => p.type === 'dictionary_splat_pattern');
  const props = splat ? ident(paramName(splat) ?? 'props') : 'props';
  e.raw(`constructor(${lead.map((p) => ident(paramName(p)!)).join(', ')}${lead.length === 2 ? `, ${props} = {}` : ''})`);
  const prelude = () => {
    for (const p of params.slice(lead.length)) {
      const name = paramName(p);
      if (!name || p.type === 'dictionary_splat_pattern') continue;
      if (p.type === 'list_splat_pattern') e.raw(`let ${ident(name)} = [];`);
      else {
        e.raw(`let ${ident(name)} = ${props}.${ident(camel(name))}`);
        const def = field(p, 'value');
        if (def) {
          e.raw(' ?? ');
          expr(cx, def);
        }
        e.raw(';');
      }
    }
  };
  functionBody(cx, fn, file, prelude);
}

function functionBody(cx: ExprContext, fn: PyNode, file: string, prelude?: () => void): void {
  const scope: Scope = { declared: new Set(), depth: 0, inFunction: true };
  for (const p of named(field(fn, 'parameters'))) {
    const name = paramName(p);
    if (name) scope.declared.add(name);
  }
  cx.e.raw(' {');
  prelude?.();
  hoist(cx, named(field(fn, 'body')), scope);
  for (const s of named(field(fn, 'body'))) statement(cx, s, scope, file);
  cx.e.raw(' }');
}

function statementUncached(cx: ExprContext, s: PyNode, scope: Scope, file: string): void {
  const { e } = cx;
  switch (s.type) {
    case 'import_statement':
    case 'import_from_statement':
      return importStatement(e, s, file);
    case 'decorated_definition':
      return statement(cx, undecorate(s), scope, file);
    case 'class_definition':
      return classDef(cx, s, file);
    case 'function_definition': {
      const name = field(s, 'name')?.text ?? 'f';
      e.at(s);
      if (!scope.inFunction) e.raw(`function ${ident(name)}`);
      else e.raw(`const ${ident(name)} = `);
      parameters(cx, s);
      if (scope.inFunction) e.raw(' =>');
      return functionBody(cx, s, file);
    }
    case 'expression_statement':
      return expressionStatement(cx, s, scope);
    case 'if_statement':
      return ifStatement(cx, s, scope, file);
    case 'for_statement': {
      const left = field(s, 'left');
      e.at(s);
      e.raw('for (const ');
      // `for region, role in pairs:` -> one item, then its parts by index (the reader follows `item[0]`).
      const parts = left?.type === 'identifier' ? [] : named(left);
      if (left?.type === 'identifier') e.chunk(left, ident(left.text));
      else e.raw('pythonItem');
      e.raw(' of ');
      expr(cx, field(s, 'right'));
      e.raw(') {');
      parts.forEach((x, i) => x.type === 'identifier' && e.raw(`let ${ident(x.text)} = pythonItem[${i}];`));
      block(cx, field(s, 'body'), scope, file);
      return e.raw(' }');
    }
    case 'while_statement':
      e.at(s);
      e.raw('while (unknownPythonValue)');
      return block(cx, field(s, 'body'), scope, file);
    case 'with_statement':
      e.at(s);
      return block(cx, field(s, 'body'), scope, file);
    case 'try_statement':
      e.at(s);
      e.raw('try');
      block(cx, field(s, 'body'), scope, file);
      e.raw(' finally {');
      for (const c of named(s)) if (c.type !== 'block') for (const b of named(c)) if (b.type === 'block') for (const x of named(b)) statement(cx, x, { ...scope, depth: scope.depth + 1 }, file);
      return e.raw(' }');
    case 'return_statement': {
      e.at(s);
      e.raw('return ');
      const v = named(s)[0];
      if (v) expr(cx, v);
      return e.raw(';');
    }
    default:
      // pass, raise, assert, global, del...: nothing the CDK reader needs.
      return;
  }
}

function ifStatement(cx: ExprContext, s: PyNode, scope: Scope, file: string): void {
  const { e } = cx;
  e.at(s);
  e.raw('if (');
  expr(cx, field(s, 'condition'));
  e.raw(')');
  block(cx, field(s, 'consequence'), scope, file);
  for (const alt of named(s).filter((c) => c.type === 'elif_clause' || c.type === 'else_clause')) {
    e.raw(' else');
    if (alt.type === 'elif_clause') {
      e.raw(' if (');
      expr(cx, field(alt, 'condition'));
      e.raw(')');
      block(cx, field(alt, 'consequence'), scope, file);
    } else block(cx, field(alt, 'body'), scope, file);
  }
}

function expressionStatement(cx: ExprContext, s: PyNode, scope: Scope): void {
  const { e } = cx;
  const x = named(s)[0];
  if (!x || x.type === 'string' || x.type === 'augmented_assignment') return;
  if (x.type === 'assignment') return assignment(cx, x, scope);
  const fn = x.type === 'call' ? field(x, 'function') : undefined;
  const obj = fn?.type === 'attribute' ? field(fn, 'object') : undefined;
  if (obj?.type === 'call' && field(obj, 'function')?.text === 'super' && field(fn!, 'attribute')?.text === '__init__') {
    // super().__init__(scope, id, **kwargs) -> super(scope, id, kwargs)
    const a = argsOf(field(x, 'arguments'));
    e.span(x, () => {
      e.raw('super(');
      a.positional.forEach((p, i) => {
        if (i) e.raw(', ');
        expr(cx, p);
      });
      if (a.keywords.length || a.splats.length) {
        if (a.positional.length) e.raw(', ');
        if (!a.keywords.length && a.splats.length === 1) expr(cx, a.splats[0]);
        else kwObject(cx, a.keywords, a.splats);
      }
      e.raw(')');
    });
    return e.raw(';');
  }
  e.at(x);
  expr(cx, x);
  e.raw(';');
}

function assignment(cx: ExprContext, a: PyNode, scope: Scope): void {
  const { e } = cx;
  const left = field(a, 'left');
  const right = field(a, 'right');
  if (!left || !right) return;
  if ((left.type === 'pattern_list' || left.type === 'tuple_pattern') && (right.type === 'expression_list' || right.type === 'tuple')) {
    const ls = named(left);
    const rs = named(right);
    if (ls.length === rs.length) ls.forEach((l, i) => bind(cx, l, rs[i], scope));
    return;
  }
  bind(cx, left, right, scope);
  void e;
}

function bind(cx: ExprContext, left: PyNode, right: PyNode, scope: Scope): void {
  const { e } = cx;
  if (left.type === 'identifier') {
    e.at(left);
    if (!scope.declared.has(left.text)) {
      scope.declared.add(left.text);
      e.raw('let ');
    }
    e.span(left, () => e.chunk(left, ident(left.text)));
  } else if (left.type === 'attribute' || left.type === 'subscript') {
    expr(cx, left);
  } else return;
  e.raw(' = ');
  expr(cx, right);
  e.raw(';');
}

function classDef(cx: ExprContext, s: PyNode, file: string): void {
  const { e } = cx;
  const name = field(s, 'name')?.text ?? 'C';
  const base = named(field(s, 'superclasses')).find((b) => b.type === 'identifier' || b.type === 'attribute');
  e.at(s);
  e.raw(`export class ${ident(name)}`);
  if (base && base.text !== 'object') {
    e.raw(' extends ');
    expr(cx, base);
  }
  e.raw(' {');
  for (const m of named(field(s, 'body')).map(undecorate)) {
    if (m.type !== 'function_definition') continue;
    const mname = field(m, 'name')?.text ?? 'm';
    if (mname.startsWith('__') && mname !== '__init__') continue;
    e.at(m);
    if (mname === '__init__') constructorDef(cx, m, file);
    else {
      e.raw(ident(camel(mname)));
      parameters(cx, m);
      functionBody(cx, m, file);
    }
  }
  e.raw(' }');
}
