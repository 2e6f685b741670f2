// Python expressions as TypeScript ones, in the shape the TypeScript CDK reader knows: a construct
// call `X(scope, 'Id', a=1)` becomes `new X(scope, 'Id', { a: 1 })`, a struct call `X(a=1)` an
// object literal, snake_case attribute and keyword names their camelCase spelling, `self` `this`.
import type { Emitter } from './emit';
import { camel, field, ident, isSnake, named, type PyNode, stringValue } from './syntax';

/** A Python function's parameters (without self), to line a call's arguments up with them. */
export interface Signature {
  params: { name: string; kind: 'plain' | 'star' | 'kw' }[];
}

export interface ExprContext {
  e: Emitter;
  /** Functions, methods and classes of this file by name. */
  sigs: Map<string, Signature | 'ambiguous'>;
  classes: Set<string>;
  /** Names bound to a CDK module or class (`dynamodb`, `Stack`), so that calls on them are read as CDK calls. */
  cdkNames: Set<string>;
  /** Nesting of the expression being written. */
  depth?: number;
  /** Statement translations of the file's previous read, and those of this one. */
  cache?: { old: Map<string, { seg: import('./emit').Segment; added: string[] }>; used: Map<string, { seg: import('./emit').Segment; added: string[] }> };
}

/** Keyword arguments whose dictionary keys are data (environment variables, tags): never renamed. */
const DATA_KWARGS = new Set(['environment', 'tags', 'variables', 'metadata', 'parameters', 'context', 'environment_variables', 'stage_variables', 'request_parameters', 'response_parameters', 'request_templates', 'definition_substitutions', 'policy_document', 'key_policy', 'resource_policy', 'assume_role_policy_document', 'policy']);

/** Names that are constructs even when called with keywords only. */
const ALWAYS_NEW = new Set(['App', 'Stage']);

/** Python literal names -> TypeScript. */
const CONSTANTS: Record<string, string> = { true: 'true', false: 'false', none: 'undefined' };

/** Deeper expressions than this are read as unknown values: no stack overflow on hostile input. */
const MAX_DEPTH = 100;

export function expr(cx: ExprContext, n: PyNode | undefined, dataKeys = false): void {
  const { e } = cx;
  if (!n) return void e.raw('undefined');
  if ((cx.depth ?? 0) > MAX_DEPTH) return e.chunk(n, 'unknownPythonValue');
  cx.depth = (cx.depth ?? 0) + 1;
  try {
    exprAt(cx, n, dataKeys);
  } finally {
    cx.depth--;
  }
}

function exprAt(cx: ExprContext, n: PyNode, dataKeys: boolean): void {
  const { e } = cx;
  switch (n.type) {
    case 'identifier':
      return e.chunk(n, n.text === 'self' ? 'this' : ident(n.text));
    case 'true':
    case 'false':
    case 'none':
      return e.chunk(n, CONSTANTS[n.type]);
    case 'integer':
    case 'float':
      return e.chunk(n, /^[0-9_.eE+-]+$/.test(n.text) ? n.text.replace(/_/g, '') : String(Number(n.text.replace(/_/g, '')) || 0));
    case 'string':
    case 'concatenated_string':
      return stringExpr(cx, n);
    case 'attribute': {
      const obj = field(n, 'object');
      const attr = field(n, 'attribute');
      return e.span(n, () => {
        expr(cx, obj);
        e.raw('.');
        if (attr) e.chunk(attr, ident(camel(attr.text)));
      });
    }
    case 'call':
      return call(cx, n);
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list':
      return e.span(n, () => list(cx, named(n), dataKeys));
    case 'dictionary':
      return e.span(n, () => dict(cx, n, dataKeys));
    case 'parenthesized_expression':
      return e.span(n, () => {
        e.raw('(');
        expr(cx, named(n)[0]);
        e.raw(')');
      });
    case 'subscript': {
      const sub = field(n, 'subscript');
      const key = sub && stringValue(sub);
      // A slice (`name[4:8]`) is a value the reader cannot know.
      if (!sub || sub.type === 'slice') return e.chunk(n, 'unknownPythonValue');
      return e.span(n, () => {
        expr(cx, field(n, 'value'));
        // `g["location"]` as `g.location`, which the reader follows into the dict literal.
        if (key !== undefined && /^[A-Za-z_$][\w$]*$/.test(key)) return void e.chunk(sub!, `.${key}`);
        e.raw('[');
        expr(cx, sub);
        e.raw(']');
      });
    }
    case 'binary_operator':
    case 'boolean_operator':
      return e.span(n, () => binary(cx, n));
    case 'comparison_operator':
      return e.span(n, () => comparison(cx, n));
    case 'not_operator':
      return e.span(n, () => {
        e.raw('!(');
        expr(cx, field(n, 'argument'));
        e.raw(')');
      });
    case 'unary_operator':
      return e.span(n, () => {
        e.raw(n.children[0]?.text === '-' ? '-' : '+');
        expr(cx, field(n, 'argument'));
      });
    case 'conditional_expression': {
      const [a, c, b] = named(n);
      return e.span(n, () => {
        e.raw('(');
        expr(cx, c);
        e.raw(' ? ');
        expr(cx, a);
        e.raw(' : ');
        expr(cx, b);
        e.raw(')');
      });
    }
    case 'list_comprehension':
    case 'generator_expression':
      return comprehension(cx, n);
    case 'lambda':
      return e.span(n, () => {
        e.raw('((');
        e.raw(named(field(n, 'parameters') ?? null).map((p) => ident(p.type === 'identifier' ? p.text : p.namedChildren[0]?.text ?? '_')).join(', '));
        e.raw(') => ');
        expr(cx, field(n, 'body'));
        e.raw(')');
      });
    case 'keyword_argument':
    case 'named_expression':
      return expr(cx, field(n, 'value'));
    default:
      // Anything else (await, slices, star expressions) is a value the reader cannot know.
      return e.chunk(n, 'unknownPythonValue');
  }
}

function stringExpr(cx: ExprContext, n: PyNode): void {
  const v = stringValue(n);
  if (v !== undefined) return cx.e.chunk(n, JSON.stringify(v));
  // An f-string: a template literal with its interpolations.
  cx.e.span(n, () => {
    const parts = n.type === 'concatenated_string' ? named(n) : [n];
    cx.e.raw('`');
    for (const s of parts) {
      const sv = stringValue(s);
      if (sv !== undefined) {
        cx.e.raw(escapeTemplate(sv));
        continue;
      }
      for (const c of named(s)) {
        if (c.type === 'interpolation') {
          cx.e.raw('${');
          expr(cx, field(c, 'expression') ?? named(c)[0]);
          cx.e.raw('}');
        } else if (c.type === 'string_content' || c.type === 'escape_sequence') cx.e.raw(escapeTemplate(c.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}')));
      }
    }
    cx.e.raw('`');
  });
}

function escapeTemplate(s: string): string {
  return s.replace(/[\\`]/g, (c) => `\\${c}`).replace(/\$\{/g, '\\${').replace(/\n/g, '\\n');
}

function list(cx: ExprContext, items: PyNode[], dataKeys: boolean): void {
  cx.e.raw('[');
  items.forEach((it, i) => {
    if (i) cx.e.raw(', ');
    if (it.type === 'list_splat') {
      cx.e.raw('...');
      expr(cx, named(it)[0]);
    } else expr(cx, it, dataKeys);
  });
  cx.e.raw(']');
}

function dict(cx: ExprContext, n: PyNode, dataKeys: boolean): void {
  cx.e.raw('{');
  named(n).forEach((p, i) => {
    if (i) cx.e.raw(', ');
    if (p.type === 'dictionary_splat') {
      cx.e.raw('...');
      expr(cx, named(p)[0]);
      return;
    }
    const key = field(p, 'key');
    const value = field(p, 'value');
    if (!key) return;
    cx.e.span(p, () => {
      const k = stringValue(key);
      if (k !== undefined) cx.e.chunk(key, JSON.stringify(!dataKeys && isSnake(k) ? camel(k) : k));
      else {
        cx.e.raw('[');
        expr(cx, key);
        cx.e.raw(']');
      }
      cx.e.raw(': ');
      expr(cx, value, !dataKeys && k !== undefined && DATA_KWARGS.has(k));
    });
  });
  cx.e.raw('}');
}

const OPERATORS: Record<string, string> = { and: '&&', or: '||', '//': '/', '@': '*' };

function binary(cx: ExprContext, n: PyNode): void {
  const op = field(n, 'operator')?.text ?? n.children[1]?.text ?? '+';
  expr(cx, field(n, 'left'));
  cx.e.raw(` ${OPERATORS[op] ?? op} `);
  expr(cx, field(n, 'right'));
}

function comparison(cx: ExprContext, n: PyNode): void {
  const [a, b] = named(n);
  const op = n.children.slice(1, -1).map((c) => c?.text ?? '').join(' ');
  const ts = op === '==' || op === 'is' ? '===' : op === '!=' || op === 'is not' ? '!==' : /^[<>]=?$/.test(op) ? op : undefined;
  if (!ts || !b) return void cx.e.chunk(n, 'unknownPythonValue');
  expr(cx, a);
  cx.e.raw(` ${ts} `);
  expr(cx, b);
}

/** `[f(x) for x in xs if c]` -> `xs.filter((x) => c).map((x) => f(x))`. */
function comprehension(cx: ExprContext, n: PyNode): void {
  const body = field(n, 'body');
  const clauses = named(n).filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
  const loop = clauses[0];
  if (!body || !loop || loop.type !== 'for_in_clause' || clauses.filter((c) => c.type === 'for_in_clause').length > 1) return cx.e.chunk(n, 'unknownPythonValue');
  const left = field(loop, 'left');
  const param = left?.type === 'identifier' ? ident(left.text) : `[${named(left).map((x) => ident(x.text)).join(', ')}]`;
  cx.e.span(n, () => {
    cx.e.raw('(');
    expr(cx, field(loop, 'right'));
    cx.e.raw(')');
    for (const c of clauses.slice(1)) {
      cx.e.raw(`.filter((${param}) => `);
      expr(cx, named(c)[0]);
      cx.e.raw(')');
    }
    cx.e.raw(`.map((${param}) => `);
    expr(cx, body);
    cx.e.raw(')');
  });
}

/** The last name of a callee: `route53.CfnRecordSet` -> CfnRecordSet. */
function calleeName(fn: PyNode): string | undefined {
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return field(fn, 'attribute')?.text;
  return undefined;
}

function rootName(fn: PyNode): string | undefined {
  let n: PyNode | undefined = fn;
  while (n && n.type === 'attribute') n = field(n, 'object');
  return n?.type === 'identifier' ? n.text : undefined;
}

export interface Args {
  positional: PyNode[];
  keywords: { name: string; node: PyNode; value: PyNode }[];
  splats: PyNode[];
  starred: PyNode[];
}

export function argsOf(list: PyNode | undefined): Args {
  const out: Args = { positional: [], keywords: [], splats: [], starred: [] };
  for (const a of named(list)) {
    if (a.type === 'keyword_argument') {
      const name = field(a, 'name')?.text;
      const value = field(a, 'value');
      if (name && value) out.keywords.push({ name, node: a, value });
    } else if (a.type === 'dictionary_splat') out.splats.push(named(a)[0] ?? a);
    else if (a.type === 'list_splat') out.starred.push(named(a)[0] ?? a);
    else out.positional.push(a);
  }
  return out;
}

/** `Table(scope=self, id='T', ...)`: a construct whose scope and id are given by keyword. */
function scopeByKeyword(a: Args): Args {
  if (a.positional.length) return a;
  const scope = a.keywords.find((k) => k.name === 'scope');
  const id = a.keywords.find((k) => k.name === 'id' || k.name === 'construct_id');
  if (!scope || !id) return a;
  return { ...a, positional: [scope.value, id.value], keywords: a.keywords.filter((k) => k !== scope && k !== id) };
}

/** `{ key: value, ...splat }` for keyword arguments (none: nothing is written). */
export function kwObject(cx: ExprContext, kws: Args['keywords'], splats: PyNode[]): void {
  cx.e.raw('{');
  let first = true;
  for (const s of splats) {
    cx.e.raw(first ? '...' : ', ...');
    expr(cx, s);
    first = false;
  }
  for (const k of kws) {
    if (!first) cx.e.raw(', ');
    first = false;
    cx.e.span(k.node, () => {
      cx.e.chunk(field(k.node, 'name') ?? k.node, ident(camel(k.name)));
      cx.e.raw(': ');
      expr(cx, k.value, DATA_KWARGS.has(k.name));
    });
  }
  cx.e.raw('}');
}

function call(cx: ExprContext, n: PyNode): void {
  const fn = field(n, 'function');
  const argList = field(n, 'arguments');
  if (!fn || argList?.type === 'generator_expression') return cx.e.chunk(n, 'unknownPythonValue');
  const a = scopeByKeyword(argsOf(argList));
  const name = calleeName(fn) ?? '';
  const root = rootName(fn) ?? '';
  const sig = cx.sigs.get(name);
  const local = fn.type === 'identifier' || (fn.type === 'attribute' && root === 'self');
  const isClass = /^[A-Z]/.test(name) && !/^[A-Z0-9_]+$/.test(name);
  cx.e.span(n, () => {
    // dict(region="eu-west-1") is the dict literal {"region": "eu-west-1"}; list(x) and tuple(x) are x.
    if (fn.type === 'identifier' && name === 'dict' && !cx.sigs.has('dict') && a.positional.length === 0) return kwObject(cx, a.keywords, a.splats);
    if (fn.type === 'identifier' && (name === 'list' || name === 'tuple') && !cx.sigs.has(name) && a.positional.length === 1 && !a.keywords.length) return expr(cx, a.positional[0]);
    if (local && cx.classes.has(name)) {
      cx.e.raw('new ');
      expr(cx, fn);
      return classArgs(cx, sig && sig !== 'ambiguous' ? sig : undefined, a);
    }
    if (local && sig && sig !== 'ambiguous') {
      expr(cx, fn);
      return mappedArgs(cx, sig, a);
    }
    const struct = isClass && !cx.classes.has(name) && a.positional.length === 0 && a.starred.length === 0 && !ALWAYS_NEW.has(name) && (a.keywords.length > 0 || a.splats.length > 0 || /(Props|Property|Options|Attributes|Environment)$/.test(name));
    if (struct) return kwObject(cx, a.keywords, a.splats);
    if (isClass) cx.e.raw('new ');
    expr(cx, fn);
    cx.e.raw('(');
    a.positional.forEach((p, i) => {
      if (i) cx.e.raw(', ');
      expr(cx, p);
    });
    for (const s of a.starred) {
      cx.e.raw(a.positional.length ? ', ...' : '...');
      expr(cx, s);
    }
    if (a.keywords.length || a.splats.length) {
      if (a.positional.length || a.starred.length) cx.e.raw(', ');
      kwObject(cx, a.keywords, a.splats);
    }
    cx.e.raw(')');
  });
}

/** `MyStack(app, 'Id', table, role='PRIMARY', env=...)` -> `(app, 'Id', { table, role: 'PRIMARY', env: ... })`. */
function classArgs(cx: ExprContext, sig: Signature | undefined, a: Args): void {
  const names = (sig?.params ?? []).slice(2).filter((p) => p.kind === 'plain').map((p) => p.name);
  cx.e.raw('(');
  a.positional.slice(0, 2).forEach((p, i) => {
    if (i) cx.e.raw(', ');
    expr(cx, p);
  });
  const extra = a.positional.slice(2);
  if (extra.length || a.keywords.length || a.splats.length) {
    cx.e.raw(', {');
    let first = true;
    extra.forEach((p, i) => {
      if (!names[i]) return;
      if (!first) cx.e.raw(', ');
      first = false;
      cx.e.raw(`${ident(camel(names[i]))}: `);
      expr(cx, p);
    });
    if (a.keywords.length || a.splats.length) {
      if (!first) cx.e.raw(', ');
      cx.e.raw('...');
      kwObject(cx, a.keywords, a.splats);
    }
    cx.e.raw('}');
  }
  cx.e.raw(')');
}

/** Arguments lined up with a local function's parameters, so `f(x, region='a')` binds `region`. */
function mappedArgs(cx: ExprContext, sig: Signature, a: Args): void {
  const used = new Set<string>();
  const out: (() => void)[] = [];
  let pos = 0;
  for (const p of sig.params) {
    if (p.kind === 'plain') {
      const at = a.positional[pos];
      const kw = a.keywords.find((k) => k.name === p.name);
      if (at) {
        pos++;
        out.push(() => expr(cx, at));
      } else if (kw) {
        used.add(kw.name);
        out.push(() => cx.e.span(kw.node, () => expr(cx, kw.value)));
      } else out.push(() => cx.e.raw(a.splats.length ? `(${splatText(cx, a.splats)})[${JSON.stringify(camel(p.name))}]` : 'undefined'));
    } else if (p.kind === 'star') {
      const rest = a.positional.slice(pos);
      pos = a.positional.length;
      out.push(() => list(cx, rest, false));
    } else {
      const rest = a.keywords.filter((k) => !used.has(k.name) && !sig.params.some((q) => q.kind === 'plain' && q.name === k.name));
      out.push(() => kwObject(cx, rest, a.splats));
    }
  }
  while (out.length && sig.params[out.length - 1]?.kind === 'plain' && !a.positional[out.length - 1] && !a.keywords.some((k) => k.name === sig.params[out.length - 1].name) && !a.splats.length) out.pop();
  cx.e.raw('(');
  out.forEach((w, i) => {
    if (i) cx.e.raw(', ');
    w();
  });
  cx.e.raw(')');
}

function splatText(cx: ExprContext, splats: PyNode[]): string {
  return splats.map((s) => (s.type === 'identifier' ? (s.text === 'self' ? 'this' : ident(s.text)) : 'unknownPythonValue')).join(' || ');
}
