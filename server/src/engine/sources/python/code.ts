// Python application code, read from tree-sitter's syntax tree into the same code facts as the
// JavaScript readers, so every rule and the topology work unchanged:
//   - boto3 DynamoDB writes (`Code::DynamoDB::Write`): put_item / update_item / delete_item on a
//     `boto3.resource('dynamodb').Table(...)` or a `boto3.client('dynamodb')`, batch_writer() and
//     batch_write_item, transact_write_items; the table as the code names it (a literal, a module
//     constant, an f-string of constants, or `os.environ[...]` / `os.getenv(...)`); the condition as
//     a string or built with boto3.dynamodb.conditions (Attr, Key, &, |, ~);
//   - clients built with a literal `region_name` (`Code::State::SdkRegion`);
//   - module-level dicts, lists, sets and caches written in request handlers (`Code::State::ModuleCollection`);
//   - `open(path, 'w')` and uploaded files saved to disk in handlers (`Code::State::LocalFile`);
//   - Flask-Session and Django sessions kept on local disk or in process memory (`Code::State::Session`).
// Only the syntax tree is read; a regular expression is applied at most to one identifier or string.
import type { Range, Value } from '../../model';
import { CodeFactsBuilder, type CodeFact } from '../codeFacts';
import { checksVersion, incrementedAttributes } from '../sdk/expressions';
import { WRITE_TYPE } from '../sdk/writes';
import { COLLECTION_TYPE, LOCAL_FILE_TYPE, SDK_REGION_TYPE, SESSION_TYPE } from '../state/types';
import type { TreeCursor } from 'web-tree-sitter';
import { changedSpan } from '../tree';
import { type PyTreeNode as N, rangeOfNode, type Span } from './parser';
import { InsideEdit, PositionShift } from './shift';

/** Python's boto3 service names -> the service keys the rules use (the JS v3 client names). */
const SERVICES: Record<string, string> = {
  route53: 'Route53',
  route53domains: 'Route53Domains',
  cloudfront: 'CloudFront',
  iam: 'IAM',
  organizations: 'Organizations',
  globalaccelerator: 'GlobalAccelerator',
  ce: 'CostExplorer',
  shield: 'Shield',
  waf: 'WAF',
  wafv2: 'WAFV2',
  acm: 'ACM',
  'route53-recovery-cluster': 'Route53RecoveryCluster',
  'route53-recovery-control-config': 'Route53RecoveryControlConfig',
  'route53-recovery-readiness': 'Route53RecoveryReadiness',
  pricing: 'Pricing',
  budgets: 'Budgets',
  cur: 'CUR',
  support: 'Support',
  account: 'Account',
  health: 'Health',
  dynamodb: 'DynamoDB',
  s3: 'S3',
};

const WRITE_METHODS: Record<string, string> = { put_item: 'PutItem', update_item: 'UpdateItem', delete_item: 'DeleteItem', batch_write_item: 'BatchWriteItem', transact_write_items: 'TransactWriteItems' };

/** What an expression is known to be. */
type PV =
  | { k: 'str'; value: string }
  | { k: 'env'; name: string }
  | { k: 'num'; value: number }
  | { k: 'none' }
  | { k: 'client'; service: string; region?: { value: string; node: N } }
  | { k: 'resource'; service: string; region?: { value: string; node: N } }
  | { k: 'table'; name: PV; nameNode?: N; region?: { value: string; node: N } }
  | { k: 'batch'; table: PV & { k: 'table' } }
  | { k: 'dict'; node: N; entries: Map<string, N>; open: boolean }
  | { k: 'list'; node: N; items: N[] }
  | { k: 'cond'; text: string }
  | { k: 'unknown'; text: string };

interface Scope {
  parent?: Scope;
  vars: Map<string, N[]>;
}

interface Imports {
  boto3: Set<string>;
  /** Local names of `boto3.client` / `boto3.resource` imported directly. */
  clientFn: Set<string>;
  resourceFn: Set<string>;
  os: Set<string>;
  environ: Set<string>;
  getenv: Set<string>;
  attr: Set<string>;
  key: Set<string>;
  flaskSession: boolean;
}

const MAX_DEPTH = 40;

/**
 * What one read keeps for the next read of the same file: the facts of each top-level statement it
 * walked, by the statement's start offset. A later read replays the facts of a statement whose text
 * is unchanged and lies outside the edit, with positions moved, instead of walking it again.
 */
export interface CodeCache {
  file: string;
  /** The text the entries were read from. */
  text: string;
  /** Everything besides a statement's own text that its facts depend on (see `context`). */
  context: string;
  entries: Map<number, Entry>;
  /** How many statements this read replayed instead of walking them. */
  reused: number;
}

/** The facts one top-level statement produced, and the module-collection writes it noted. */
interface Entry {
  text: string;
  sdk: CodeFact[];
  state: CodeFact[];
  writes: { name: string; range: Range; runtime: string }[];
}

/** `span`, when given, is where `prev.text` and `text` differ. */
export function readPythonCode(file: string, text: string, root: N, prev?: CodeCache, span?: Span): { code?: CodeFactsBuilder; state?: CodeFactsBuilder; cache: CodeCache } {
  const r = new Reader(file, text, root);
  const cache = r.read(prev?.file === file ? prev : undefined, span);
  return { ...(r.sdk.count ? { code: r.sdk } : {}), ...(r.state.count ? { state: r.state } : {}), cache };
}

class Reader {
  readonly sdk: CodeFactsBuilder;
  readonly state: CodeFactsBuilder;
  private readonly imports: Imports = { boto3: new Set(), clientFn: new Set(), resourceFn: new Set(), os: new Set(), environ: new Set(), getenv: new Set(), attr: new Set(), key: new Set(), flaskSession: false };
  private readonly module: Scope = { vars: new Map() };
  private readonly batches = new Map<string, PV & { k: 'batch' }>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly root: N,
  ) {
    this.sdk = new CodeFactsBuilder(file, 'sdk');
    this.state = new CodeFactsBuilder(file, 'sdk');
  }

  /** The entry being recorded: the statement being walked. */
  private rec: Entry | undefined;

  read(prev?: CodeCache, span?: Span): CodeCache {
    const top = named(this.root);
    for (const s of top) this.readImport(s);
    const context = this.declare(this.module, this.root);
    const isTest = /(?:^|\/)(?:tests?|__tests__)\/|(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$/.test(this.file);
    // A statement's facts depend on its own text and on the module around it: the imports, the
    // module-level assignments (names are looked up there) and the `with ... batch_writer()` statements
    // (they bind names for the statements after them, so they are walked every time).
    const batch: boolean[] = [];
    const parts = [this.file];
    for (const s of top) {
      const t = this.text.slice(s.startIndex, s.endIndex);
      batch.push(t.includes('batch_writer'));
      if (s.type === 'import_statement' || s.type === 'import_from_statement' || s.type === 'future_import_statement' || batch[batch.length - 1]) parts.push(t);
    }
    parts.push(...context);
    const key = parts.join('\u0000');
    const reuse = prev && prev.context === key ? new Replay(prev, this.text, span) : undefined;
    const mayWrite = this.triggers();
    const entries = new Map<number, Entry>();
    let reused = 0;
    top.forEach((s, i) => {
      const start = s.startIndex;
      const t = this.text.slice(start, s.endIndex);
      // Nothing in a statement that names none of these words can make a fact (see `triggers`).
      if (!mayWrite.test(t)) return;
      const cacheable = !batch[i] && !s.hasError;
      const old = cacheable ? reuse?.entry(start, t) : undefined;
      if (old) {
        entries.set(start, old);
        reused++;
        return this.replay(old);
      }
      if (cacheable) this.rec = { text: t, sdk: [], state: [], writes: [] };
      const cursor = s.walk();
      try {
        this.visitNode(cursor, this.module, undefined, 0, isTest);
      } finally {
        cursor.delete();
      }
      if (this.rec) entries.set(start, this.rec);
      this.rec = undefined;
    });
    this.moduleCollections();
    this.sessions();
    return { file: this.file, text: this.text, context: key, entries, reused };
  }

  /**
   * The words one of which a statement must contain to produce a fact: a write method, `client` or
   * `resource` (or the local name of `boto3.client` / `boto3.resource`), `batch_writer`, `save`,
   * `open`, or a module-level name (a module collection written in a handler).
   */
  private triggers(): RegExp {
    const words = [...Object.keys(WRITE_METHODS), 'client', 'resource', 'batch_writer', 'save', 'open', ...this.imports.clientFn, ...this.imports.resourceFn, ...this.module.vars.keys()];
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`(?<![\\p{ID_Continue}])(?:${escaped.join('|')})(?![\\p{ID_Continue}])`, 'u');
  }

  /** Adds the facts of a statement read before, already moved to where the statement now is. */
  private replay(e: Entry): void {
    for (const f of e.sdk) this.sdk.add(copyFact(f));
    for (const f of e.state) this.state.add(copyFact(f));
    for (const w of e.writes) this.countWrite(w.name, w.range, w.runtime);
  }

  private addSdk(f: CodeFact): void {
    this.sdk.add(f);
    this.rec?.sdk.push(copyFact(f));
  }

  private addState(f: CodeFact): void {
    this.state.add(f);
    this.rec?.state.push(copyFact(f));
  }

  // ---- imports and scopes

  private readImport(s: N): void {
    if (s.type === 'import_statement') {
      for (const c of named(s)) {
        const { name, alias } = aliased(c);
        if (name === 'boto3') this.imports.boto3.add(alias);
        if (name === 'os') this.imports.os.add(alias);
      }
    } else if (s.type === 'import_from_statement') {
      const mod = s.childForFieldName('module_name')?.text ?? '';
      for (const c of s.childrenForFieldName('name').filter((x): x is N => !!x)) {
        const { name, alias } = aliased(c);
        if (mod === 'boto3' && name === 'client') this.imports.clientFn.add(alias);
        if (mod === 'boto3' && name === 'resource') this.imports.resourceFn.add(alias);
        if (mod === 'os' && name === 'environ') this.imports.environ.add(alias);
        if (mod === 'os' && name === 'getenv') this.imports.getenv.add(alias);
        if (mod === 'boto3.dynamodb.conditions' && name === 'Attr') this.imports.attr.add(alias);
        if (mod === 'boto3.dynamodb.conditions' && name === 'Key') this.imports.key.add(alias);
      }
      if (mod === 'flask_session') this.imports.flaskSession = true;
    }
  }

  /** Records the simple assignments (`name = expr`) directly in a block, for lookups; returns their texts. */
  private declare(scope: Scope, block: N): string[] {
    const texts: string[] = [];
    for (const s of named(block)) {
      const a = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type === 'identifier' && right) {
        scope.vars.set(left.text, [...(scope.vars.get(left.text) ?? []), right]);
        texts.push(this.text.slice(s.startIndex, s.endIndex));
      }
    }
    return texts;
  }

  private lookup(name: string, scope: Scope): { node: N; scope: Scope } | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const defs = s.vars.get(name);
      // Only a name assigned once is known; a name reassigned may hold anything.
      if (defs) return defs.length === 1 ? { node: defs[0], scope: s } : undefined;
    }
    return undefined;
  }

  // ---- evaluation

  private ev(n: N | null | undefined, scope: Scope, depth = 0): PV {
    if (!n || depth > MAX_DEPTH) return { k: 'unknown', text: n?.text.slice(0, 80) ?? '' };
    switch (n.type) {
      case 'parenthesized_expression':
        return this.ev(n.namedChildren[0], scope, depth + 1);
      case 'string':
        return this.str(n, scope, depth);
      case 'concatenated_string': {
        const parts = named(n).map((c) => this.ev(c, scope, depth + 1));
        return parts.every((p) => p.k === 'str') ? { k: 'str', value: parts.map((p) => (p as { value: string }).value).join('') } : unknown(n);
      }
      case 'integer':
      case 'float':
        return { k: 'num', value: Number(n.text.replace(/_/g, '')) };
      case 'none':
        return { k: 'none' };
      case 'identifier': {
        if (this.batches.has(n.text)) return this.batches.get(n.text)!;
        const def = this.lookup(n.text, scope);
        return def ? this.ev(def.node, def.scope, depth + 1) : unknown(n);
      }
      case 'subscript': {
        // os.environ['X'] / environ['X']
        const value = n.childForFieldName('value');
        const index = n.childForFieldName('subscript');
        if (value && this.isEnviron(value) && index) {
          const key = this.ev(index, scope, depth + 1);
          if (key.k === 'str') return { k: 'env', name: key.value };
        }
        return unknown(n);
      }
      case 'dictionary':
        return this.dict(n);
      case 'list':
      case 'tuple':
        return { k: 'list', node: n, items: named(n) };
      case 'call':
        return this.call(n, scope, depth);
      case 'binary_operator':
      case 'boolean_operator':
        return this.condition(n, scope, depth) ?? unknown(n);
      case 'unary_operator':
      case 'not_operator':
        return this.condition(n, scope, depth) ?? unknown(n);
      default:
        return unknown(n);
    }
  }

  private str(n: N, scope: Scope, depth: number): PV {
    let out = '';
    for (const c of named(n)) {
      if (c.type === 'string_start' || c.type === 'string_end') continue;
      if (c.type === 'string_content') out += c.text;
      else if (c.type === 'interpolation') {
        const v = this.ev(c.childForFieldName('expression') ?? c.namedChildren[0], scope, depth + 1);
        if (v.k === 'str') out += v.value;
        else if (v.k === 'num') out += String(v.value);
        else return unknown(n);
      } else if (c.type === 'escape_sequence') out += unescape(c.text);
      else return unknown(n);
    }
    return { k: 'str', value: out };
  }

  private dict(n: N): PV {
    const entries = new Map<string, N>();
    let open = false;
    for (const c of named(n)) {
      if (c.type !== 'pair') {
        open = true;
        continue;
      }
      const key = c.childForFieldName('key');
      const value = c.childForFieldName('value');
      const k = key ? this.ev(key, this.module) : undefined;
      if (k?.k === 'str' && value) entries.set(k.value, value);
      else open = true;
    }
    return { k: 'dict', node: n, entries, open };
  }

  private isEnviron(n: N): boolean {
    if (n.type === 'identifier') return this.imports.environ.has(n.text);
    if (n.type !== 'attribute') return false;
    const obj = n.childForFieldName('object');
    return n.childForFieldName('attribute')?.text === 'environ' && obj?.type === 'identifier' && this.imports.os.has(obj.text);
  }

  private call(n: N, scope: Scope, depth: number): PV {
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    if (!fn) return unknown(n);
    const dotted = dottedName(fn);
    const [first, kw] = splitArgs(args);
    // os.getenv('X', default), os.environ.get('X'), getenv('X')
    const isGetenv = (dotted?.length === 2 && this.imports.os.has(dotted[0]) && dotted[1] === 'getenv') || (dotted?.length === 1 && this.imports.getenv.has(dotted[0]));
    const isEnvGet = fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'get' && !!fn.childForFieldName('object') && this.isEnviron(fn.childForFieldName('object')!);
    if (isGetenv || isEnvGet) {
      const key = this.ev(first[0], scope, depth + 1);
      return key.k === 'str' ? { k: 'env', name: key.value } : unknown(n);
    }
    // boto3.client('dynamodb', region_name=...), boto3.resource(...), boto3.session.Session(...).client(...)
    const kind = this.clientKind(fn, dotted);
    if (kind) {
      const service = this.ev(first[0] ?? kw.get('service_name'), scope, depth + 1);
      const region = this.regionOf(kw.get('region_name'), scope, depth) ?? this.sessionRegion(fn, scope, depth);
      if (service.k !== 'str') return unknown(n);
      return { k: kind, service: service.value, ...(region ? { region } : {}) };
    }
    // <dynamodb resource>.Table(name)
    if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'Table') {
      const owner = this.ev(fn.childForFieldName('object'), scope, depth + 1);
      if (owner.k === 'resource' && owner.service === 'dynamodb') {
        const nameNode = first[0] ?? kw.get('name');
        return { k: 'table', name: this.ev(nameNode, scope, depth + 1), ...(nameNode ? { nameNode } : {}), ...(owner.region ? { region: owner.region } : {}) };
      }
    }
    // Conditions: Attr('version').eq(v), Key('pk').eq(...), attribute_not_exists()
    const cond = this.condition(n, scope, depth);
    if (cond) return cond;
    // dict(...) builds a dict of keyword arguments
    if (dotted?.length === 1 && dotted[0] === 'dict' && !first.length) {
      const entries = new Map<string, N>(kw);
      return { k: 'dict', node: n, entries, open: hasSplat(args) };
    }
    return unknown(n);
  }

  private clientKind(fn: N, dotted: string[] | undefined): 'client' | 'resource' | undefined {
    if (dotted?.length === 2 && this.imports.boto3.has(dotted[0])) return dotted[1] === 'client' ? 'client' : dotted[1] === 'resource' ? 'resource' : undefined;
    if (dotted?.length === 1) return this.imports.clientFn.has(dotted[0]) ? 'client' : this.imports.resourceFn.has(dotted[0]) ? 'resource' : undefined;
    // boto3.session.Session(...).client('x') / boto3.Session().resource('x') / session.client('x')
    if (fn.type === 'attribute' && this.imports.boto3.size) {
      const method = fn.childForFieldName('attribute')?.text;
      if (method !== 'client' && method !== 'resource') return undefined;
      const obj = fn.childForFieldName('object');
      const inner = obj?.type === 'call' ? dottedName(obj.childForFieldName('function')!) : obj ? dottedName(obj) : undefined;
      if (inner && (inner[inner.length - 1] === 'Session' || /session/i.test(inner[inner.length - 1]))) return method;
    }
    return undefined;
  }

  private sessionRegion(fn: N, scope: Scope, depth: number): { value: string; node: N } | undefined {
    const obj = fn.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    if (obj?.type !== 'call') return undefined;
    const [, kw] = splitArgs(obj.childForFieldName('arguments'));
    return this.regionOf(kw.get('region_name'), scope, depth);
  }

  private regionOf(n: N | undefined, scope: Scope, depth: number): { value: string; node: N } | undefined {
    if (!n) return undefined;
    const v = this.ev(n, scope, depth + 1);
    if (v.k !== 'str') return undefined;
    // The literal itself, for the range: the argument, or the constant it names.
    let node = n;
    if (n.type === 'identifier') node = this.lookup(n.text, scope)?.node ?? n;
    return { value: v.value, node };
  }

  /** A condition built with boto3.dynamodb.conditions, as the equivalent expression text. */
  private condition(n: N, scope: Scope, depth: number): (PV & { k: 'cond' }) | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (n.type === 'parenthesized_expression' && n.namedChildren[0]) return this.condition(n.namedChildren[0], scope, depth + 1);
    if (n.type === 'binary_operator') {
      const op = n.childForFieldName('operator')?.text;
      const l = this.condition(n.childForFieldName('left')!, scope, depth + 1);
      const r = this.condition(n.childForFieldName('right')!, scope, depth + 1);
      if (l && r && (op === '&' || op === '|')) return { k: 'cond', text: `(${l.text}) ${op === '&' ? 'AND' : 'OR'} (${r.text})` };
      return undefined;
    }
    if (n.type === 'unary_operator' && n.childForFieldName('operator')?.text === '~') {
      const inner = this.condition(n.childForFieldName('argument')!, scope, depth + 1);
      return inner ? { k: 'cond', text: `NOT (${inner.text})` } : undefined;
    }
    if (n.type === 'identifier') {
      const def = this.lookup(n.text, scope);
      return def ? this.condition(def.node, def.scope, depth + 1) : undefined;
    }
    if (n.type !== 'call') return undefined;
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'attribute') return undefined;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const target = fn.childForFieldName('object');
    if (target?.type !== 'call') return undefined;
    const ctor = dottedName(target.childForFieldName('function')!);
    const ctorName = ctor?.[ctor.length - 1] ?? '';
    const isAttr = (ctor?.length === 1 && (this.imports.attr.has(ctorName) || this.imports.key.has(ctorName))) || ctorName === 'Attr' || ctorName === 'Key';
    if (!isAttr) return undefined;
    const [nameArgs] = splitArgs(target.childForFieldName('arguments'));
    const attr = this.ev(nameArgs[0], scope, depth + 1);
    const name = attr.k === 'str' ? attr.value : '?';
    const ops: Record<string, string> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };
    if (ops[method]) return { k: 'cond', text: `${name} ${ops[method]} :v` };
    if (method === 'exists') return { k: 'cond', text: `attribute_exists(${name})` };
    if (method === 'not_exists') return { k: 'cond', text: `attribute_not_exists(${name})` };
    if (method === 'between') return { k: 'cond', text: `${name} BETWEEN :a AND :b` };
    return { k: 'cond', text: `${method}(${name})` };
  }

  // ---- the walk

  /**
   * Visits a statement's subtree with one cursor: a node object is made only for the few kinds the
   * readers look at (calls, definitions, with statements, assignments in handlers), which keeps a
   * keystroke cheap.
   */
  private visit(cursor: TreeCursor, scope: Scope, fn: Handler | undefined, depth: number, isTest: boolean): void {
    if (depth > 200 || !cursor.gotoFirstChild()) return;
    do {
      if (cursor.nodeIsNamed) this.visitNode(cursor, scope, fn, depth, isTest);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }

  /** The node under the cursor, then its children. */
  private visitNode(cursor: TreeCursor, scope: Scope, fn: Handler | undefined, depth: number, isTest: boolean): void {
    let innerScope = scope;
    let innerFn = fn;
    switch (cursor.nodeType) {
      case 'comment':
      case 'string':
      case 'identifier':
      case 'integer':
      case 'float':
        return;
      case 'function_definition': {
        const def = cursor.currentNode;
        const body = def.childForFieldName('body');
        innerScope = { parent: scope, vars: new Map() };
        if (body) this.declare(innerScope, body);
        const parent = def.parent;
        innerFn = fn ?? this.handlerOf(parent?.type === 'decorated_definition' ? parent : def, def);
        break;
      }
      case 'with_statement':
        this.withBatch(cursor.currentNode, scope);
        break;
      case 'call': {
        const c = cursor.currentNode;
        if (!isTest) this.writeCall(c, scope);
        // Test code (mocked clients in conftest.py, moto) deploys to no Region.
        if (!isTest) this.regionCall(c, scope);
        if (fn) this.handlerCall(c, scope, fn);
        break;
      }
      case 'assignment':
      case 'augmented_assignment':
      case 'delete_statement':
        if (fn) this.handlerStatement(cursor.currentNode, fn);
        break;
    }
    this.visit(cursor, innerScope, innerFn, depth + 1, isTest);
  }

  /** `with table.batch_writer() as batch:` binds `batch` to a batch of that table. */
  private withBatch(w: N, scope: Scope): void {
    for (const item of w.descendantsOfType('with_item')) {
      const value = item?.childForFieldName('value');
      if (value?.type !== 'as_pattern') continue;
      const call = value.namedChildren[0];
      const target = value.childForFieldName('alias') ?? value.namedChildren[1];
      const fnNode = call?.type === 'call' ? call.childForFieldName('function') : undefined;
      if (fnNode?.type !== 'attribute' || fnNode.childForFieldName('attribute')?.text !== 'batch_writer') continue;
      const table = this.ev(fnNode.childForFieldName('object'), scope);
      const name = target?.type === 'as_pattern_target' ? target.namedChildren[0]?.text : target?.text;
      if (table.k === 'table' && name) this.batches.set(name, { k: 'batch', table });
    }
  }

  private writeCall(c: N, scope: Scope): void {
    const fnNode = c.childForFieldName('function');
    if (fnNode?.type !== 'attribute') return;
    const method = fnNode.childForFieldName('attribute')?.text ?? '';
    const operation = WRITE_METHODS[method];
    if (!operation) return;
    const owner = this.ev(fnNode.childForFieldName('object'), scope);
    const args = c.childForFieldName('arguments');
    const [, kw] = splitArgs(args);
    const open = hasSplat(args);
    const start = fnNode.childForFieldName('attribute')!;
    const base = { start, call: c, kw, open, scope };
    if (owner.k === 'batch') {
      if (method !== 'put_item' && method !== 'delete_item') return;
      this.addWrite({ ...base, operation: 'BatchWriteItem', sdk: 'boto3-batch', table: owner.table.name, tableNode: owner.table.nameNode, region: owner.table.region, batchMethod: method });
      return;
    }
    const isTable = owner.k === 'table';
    const isClient = owner.k === 'client' && owner.service === 'dynamodb';
    // Writes on an object the file cannot trace (a parameter, `self.table`) count only when the file uses boto3.
    const traceable = isTable || isClient;
    if (!traceable && !(this.imports.boto3.size || this.imports.resourceFn.size || this.imports.clientFn.size)) return;
    if (!traceable && owner.k !== 'unknown') return;
    if (!traceable && !kw.has('Item') && !kw.has('Key') && !kw.has('TransactItems') && !kw.has('RequestItems')) return;
    const region = owner.k === 'table' || owner.k === 'client' ? owner.region : undefined;
    if (isTable) return this.addWrite({ ...base, operation, sdk: 'boto3-resource', table: owner.name, tableNode: owner.nameNode, region });
    this.addWrite({ ...base, operation, sdk: isClient ? 'boto3-client' : 'boto3', table: kw.has('TableName') ? this.ev(kw.get('TableName'), scope) : isClient ? { k: 'unknown', text: '(none)' } : { k: 'unknown', text: fnNode.childForFieldName('object')?.text ?? '' }, tableNode: kw.get('TableName'), region });
  }

  private addWrite(w: { start: N; call: N; kw: Map<string, N>; open: boolean; scope: Scope; operation: string; sdk: string; table: PV; tableNode?: N; region?: { value: string; node: N }; batchMethod?: string }): void {
    const pos = w.start.startPosition;
    const id = `${w.operation}@${pos.row + 1}:${pos.column + 1}`;
    const range = firstLine(w.start, w.call);
    const properties: { [k: string]: Value } = { Operation: w.operation, Sdk: w.sdk, Language: 'python', Method: w.batchMethod ?? methodOf(w.call) };
    const propertyRanges: Record<string, Range> = {};
    if (w.region) {
      properties.ClientRegion = w.region.value;
      propertyRanges.ClientRegion = rangeOfNode(w.region.node);
    }
    const args = w.call.childForFieldName('arguments');
    if (args) propertyRanges.Params = rangeOfNode(args);
    if (w.tableNode) propertyRanges.TableName = rangeOfNode(w.tableNode);
    const facts: CodeFact[] = [];
    if (w.operation === 'BatchWriteItem') {
      properties.TableName = tableValue(w.table);
      properties.HasCondition = false;
      if (w.kw.has('RequestItems')) {
        const items = this.ev(w.kw.get('RequestItems'), w.scope);
        if (items.k === 'dict') {
          let i = 0;
          for (const [name, node] of items.entries) {
            facts.push({ logicalId: `${id}${items.entries.size > 1 ? `[${i}]` : ''}`, type: WRITE_TYPE, range, properties: { ...properties, TableName: name }, propertyRanges: { ...propertyRanges, TableName: rangeOfNode(node.parent ?? node) } });
            i++;
          }
        }
        if (!facts.length) facts.push({ logicalId: id, type: WRITE_TYPE, range, properties: { ...properties, TableName: { Unknown: w.kw.get('RequestItems')!.text.slice(0, 80) } }, propertyRanges });
      } else facts.push({ logicalId: id, type: WRITE_TYPE, range, properties, propertyRanges });
    } else if (w.operation === 'TransactWriteItems') {
      const items = this.ev(w.kw.get('TransactItems'), w.scope);
      if (items.k === 'list') {
        items.items.forEach((item, i) => {
          const v = this.ev(item, w.scope);
          if (v.k !== 'dict') return;
          const action = ['Put', 'Update', 'Delete'].find((a) => v.entries.has(a));
          if (!action) return;
          const inner = this.ev(v.entries.get(action), w.scope);
          if (inner.k !== 'dict') return;
          const op = `${action}Item`;
          const p = this.itemProps(op, inner.entries, inner.open, w.scope);
          const tableNode = inner.entries.get('TableName');
          facts.push({ logicalId: `${id}[${i}]`, type: WRITE_TYPE, range: firstLine(item, item), properties: { ...properties, Action: action, TableName: tableValue(tableNode ? this.ev(tableNode, w.scope) : { k: 'unknown', text: '(none)' }), ...p.properties }, propertyRanges: { ...propertyRanges, ...p.ranges, ...(tableNode ? { TableName: rangeOfNode(tableNode) } : {}) } });
        });
      }
      if (items.k !== 'list') facts.push({ logicalId: id, type: WRITE_TYPE, range, properties: { ...properties, TableName: { Unknown: '(transaction built at run time)' }, HasCondition: null }, propertyRanges });
    } else {
      const p = this.itemProps(w.operation, w.kw, w.open, w.scope);
      facts.push({ logicalId: id, type: WRITE_TYPE, range, properties: { ...properties, TableName: tableValue(w.table), ...p.properties }, propertyRanges: { ...propertyRanges, ...p.ranges } });
    }
    for (const f of facts) this.addSdk(f);
  }

  /** HasCondition, VersionCondition, increments and generated keys of one item write. */
  private itemProps(operation: string, kw: Map<string, N>, open: boolean, scope: Scope): { properties: { [k: string]: Value }; ranges: Record<string, Range> } {
    const properties: { [k: string]: Value } = {};
    const ranges: Record<string, Range> = {};
    const condNode = kw.get('ConditionExpression') ?? kw.get('Expected');
    const names = this.names(kw.get('ExpressionAttributeNames'), scope);
    if (condNode) {
      ranges.ConditionExpression = rangeOfNode(condNode.parent?.type === 'keyword_argument' ? condNode.parent : condNode);
      const v = this.ev(condNode, scope);
      if (v.k === 'none' || (v.k === 'str' && v.value === '')) properties.HasCondition = false;
      else {
        properties.HasCondition = true;
        if (v.k === 'str') {
          properties.ConditionExpression = v.value;
          properties.VersionCondition = checksVersion(v.value, names);
        } else if (v.k === 'cond') {
          properties.ConditionExpression = v.text;
          properties.VersionCondition = checksVersion(v.text, names);
        } else properties.VersionCondition = null;
      }
    } else properties.HasCondition = open ? null : false;
    if (operation === 'UpdateItem') {
      const u = kw.get('UpdateExpression');
      const v = u ? this.ev(u, scope) : undefined;
      const attrs = v?.k === 'str' ? incrementedAttributes(v.value) : [];
      if (v?.k === 'str') properties.UpdateExpression = v.value;
      if (u) ranges.UpdateExpression = rangeOfNode(u);
      properties.Increments = attrs.length > 0;
      if (attrs.length) properties.IncrementAttributes = attrs.map((a) => a.split('.').map((p) => names[p] ?? p).join('.'));
    }
    if (operation === 'PutItem') {
      const item = this.ev(kw.get('Item'), scope);
      if (item.k === 'dict') {
        const fresh = [...item.entries].filter(([, v]) => generatedId(v)).map(([k]) => k);
        if (fresh.length) properties.GeneratedKeys = fresh;
      }
    }
    return { properties, ranges };
  }

  private names(n: N | undefined, scope: Scope): Record<string, string> {
    const out: Record<string, string> = {};
    const v = n ? this.ev(n, scope) : undefined;
    if (v?.k === 'dict') for (const [k, node] of v.entries) {
      const name = this.ev(node, scope);
      if (name.k === 'str') out[k] = name.value;
    }
    return out;
  }

  /** A client or resource built with a literal region. */
  private regionCall(c: N, scope: Scope): void {
    const fnNode = c.childForFieldName('function');
    if (!fnNode) return;
    const kind = this.clientKind(fnNode, dottedName(fnNode));
    if (!kind) return;
    const [first, kw] = splitArgs(c.childForFieldName('arguments'));
    const service = this.ev(first[0] ?? kw.get('service_name'), scope);
    const region = this.regionOf(kw.get('region_name'), scope, 0) ?? this.sessionRegion(fnNode, scope, 0);
    if (service.k !== 'str' || !region) return;
    const pos = c.startPosition;
    this.addState({
      logicalId: `SdkRegion@${pos.row + 1}:${pos.column + 1}`,
      type: SDK_REGION_TYPE,
      range: firstLine(c, c),
      properties: { client: `boto3.${kind}('${service.value}')`, service: SERVICES[service.value] ?? service.value, sdk: 'boto3', region: region.value, config: false, fix: "os.environ['AWS_REGION']" },
      propertyRanges: { Region: rangeOfNode(region.node) },
    });
  }

  // ---- handlers and application state

  /** A function that serves requests: a route decorator, a Lambda handler, or a Django view. */
  private handlerOf(decorated: N, def: N): Handler | undefined {
    const name = def.childForFieldName('name')?.text ?? '';
    const params = named(def.childForFieldName('parameters')).map((p) => (p.type === 'identifier' ? p.text : (p.childForFieldName('name')?.text ?? p.namedChildren[0]?.text ?? '')));
    if (decorated.type === 'decorated_definition') {
      for (const d of named(decorated).filter((x) => x.type === 'decorator')) {
        const expr = d.namedChildren[0];
        const callee = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
        const dotted = callee ? dottedName(callee) : undefined;
        const last = dotted?.[dotted.length - 1] ?? '';
        if (['route', 'get', 'post', 'put', 'patch', 'delete', 'websocket', 'api_view', 'require_http_methods', 'require_POST', 'csrf_exempt'].includes(last)) return { runtime: 'server', name };
      }
    }
    if (params.length >= 2 && params[0] === 'event' && params[1] === 'context') return { runtime: 'lambda', name };
    if (/(?:^|_)handler$/.test(name) && params.length === 2) return { runtime: 'lambda', name };
    if (/(?:^|\/)views\.py$/.test(this.file) && params[0] === 'request') return { runtime: 'server', name };
    return undefined;
  }

  private readonly collectionWrites = new Map<string, { range: Range; count: number; runtime: string }>();

  /** `CACHE[k] = v`, `del CACHE[k]`, `CACHE[k] += 1` in a handler. */
  private handlerStatement(c: N, fn: Handler): void {
    let target: N | null | undefined;
    if (c.type === 'assignment' || c.type === 'augmented_assignment') target = c.childForFieldName('left');
    else if (c.type === 'delete_statement') target = c.namedChildren[0];
    if (target?.type !== 'subscript') return;
    const base = target.childForFieldName('value');
    if (base?.type === 'identifier') this.noteWrite(base.text, target, fn);
  }

  /** `CACHE.append(x)`, `.update()`, `.setdefault()`...; `open(path, 'w')`; `upload.save(path)`. */
  private handlerCall(c: N, scope: Scope, fn: Handler): void {
    const fnNode = c.childForFieldName('function');
    if (!fnNode) return;
    if (fnNode.type === 'attribute') {
      const obj = fnNode.childForFieldName('object');
      const method = fnNode.childForFieldName('attribute')?.text ?? '';
      if (obj?.type === 'identifier' && MUTATORS.has(method)) this.noteWrite(obj.text, c, fn);
      // Flask/Werkzeug uploads: request.files['f'].save(path) or f.save(os.path.join(...))
      if (method === 'save' && (obj?.text.includes('request.files') || /^(?:file|upload|uploaded|f)\w*$/i.test(obj?.text ?? ''))) {
        const [args, kw] = splitArgs(c.childForFieldName('arguments'));
        this.localFile(c, args[0] ?? kw.get('dst'), 'FileStorage.save()', true, scope, fn);
      }
      return;
    }
    if (fnNode.type === 'identifier' && fnNode.text === 'open') {
      const [args, kw] = splitArgs(c.childForFieldName('arguments'));
      const mode = this.ev(args[1] ?? kw.get('mode'), scope);
      if (mode.k === 'str' && /[wax+]/.test(mode.value)) this.localFile(c, args[0] ?? kw.get('file'), 'open()', false, scope, fn);
    }
  }

  private localFile(c: N, pathNode: N | undefined, api: string, upload: boolean, scope: Scope, fn: Handler): void {
    const p = pathNode ? this.ev(pathNode, scope) : undefined;
    const text = p?.k === 'str' ? p.value : pathNode?.text.slice(0, 120);
    const scratch = !!text && (/^\/tmp(?:\/|$)/.test(text) || /tempfile|gettempdir|mkstemp|mkdtemp/.test(text));
    const pos = c.startPosition;
    this.addState({
      logicalId: `LocalFile@${pos.row + 1}:${pos.column + 1}`,
      type: LOCAL_FILE_TYPE,
      range: firstLine(c, c),
      properties: { api, target: text ?? null, scratch, runtime: fn.runtime, upload, language: 'python', ...(upload ? { fix: 'Stream uploads to S3 (boto3 upload_fileobj, or a presigned upload URL)' } : {}) },
    });
  }

  private noteWrite(name: string, at: N, fn: Handler): void {
    if (!this.module.vars.has(name)) return;
    const range = firstLine(at, at);
    this.rec?.writes.push({ name, range, runtime: fn.runtime });
    this.countWrite(name, range, fn.runtime);
  }

  private countWrite(name: string, range: Range, runtime: string): void {
    const w = this.collectionWrites.get(name);
    if (w) w.count++;
    else this.collectionWrites.set(name, { range, count: 1, runtime });
  }

  private moduleCollections(): void {
    for (const [name, w] of this.collectionWrites) {
      const defs = this.module.vars.get(name);
      if (defs?.length !== 1) continue;
      const kind = collectionKind(defs[0]);
      if (!kind) continue;
      const assign = defs[0].parent;
      const target = assign?.childForFieldName('left') ?? defs[0];
      this.state.add({
        logicalId: name,
        type: COLLECTION_TYPE,
        range: rangeOfNode(target),
        properties: { name, kind, writes: w.count, runtime: w.runtime, language: 'python' },
        propertyRanges: { Write: w.range },
      });
    }
  }

  /** Flask-Session with a local store, Django sessions in files or local memory. */
  private sessions(): void {
    // Both settings are named in the file's text; without them there is nothing to look for.
    if (!this.text.includes('SESSION')) return;
    const assigns = this.root.descendantsOfType('assignment').filter((a): a is N => !!a);
    let flaskType: { node: N; value: string } | undefined;
    let djangoEngine: { node: N; value: string } | undefined;
    let locmemCache = false;
    let hasCaches = false;
    for (const a of assigns) {
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (!left || !right) continue;
      const key = left.type === 'identifier' ? left.text : left.type === 'subscript' ? this.ev(left.childForFieldName('subscript'), this.module) : undefined;
      const keyName = typeof key === 'string' ? key : key?.k === 'str' ? key.value : undefined;
      const value = this.ev(right, this.module);
      if (keyName === 'SESSION_TYPE' && value.k === 'str') flaskType = { node: a, value: value.value };
      if (keyName === 'SESSION_ENGINE' && value.k === 'str') djangoEngine = { node: a, value: value.value };
      if (keyName === 'CACHES') {
        hasCaches = true;
        locmemCache = right.text.includes('LocMemCache');
      }
    }
    if (flaskType && (this.imports.flaskSession || /Session\(/.test(this.text))) {
      const store = flaskType.value === 'filesystem' || flaskType.value === 'cachelib' ? 'file' : flaskType.value === 'null' ? 'memory' : 'external';
      this.addSession(flaskType.node, 'Flask-Session', store, `SESSION_TYPE = '${flaskType.value}'`, 'Keep sessions in ElastiCache for Redis or DynamoDB (SESSION_TYPE redis or dynamodb), or in a signed cookie (Flask\'s default session)');
    }
    if (djangoEngine) {
      const engine = djangoEngine.value;
      const store = engine.endsWith('.file') ? 'file' : engine.endsWith('.cache') && (locmemCache || !hasCaches) ? 'memory' : 'external';
      this.addSession(djangoEngine.node, "Django's session framework", store, `SESSION_ENGINE = '${engine}'${store === 'memory' ? ' with a LocMemCache' : ''}`, "Keep sessions in the database (backends.db / cached_db) or a shared cache (ElastiCache for Redis), or in signed cookies (backends.signed_cookies)");
    }
  }

  private addSession(node: N, library: string, store: string, storeClass: string, fix: string): void {
    const pos = node.startPosition;
    this.state.add({
      logicalId: `Session@${pos.row + 1}:${pos.column + 1}`,
      type: SESSION_TYPE,
      range: firstLine(node, node),
      properties: { library, store, known: true, storeClass, fix, language: 'python' },
      propertyRanges: { Store: rangeOfNode(node) },
    });
  }
}

interface Handler {
  runtime: 'lambda' | 'server';
  name: string;
}

const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault', 'pop', 'popitem', 'remove', 'discard', 'clear', '__setitem__']);

function collectionKind(n: N): string | undefined {
  if (n.type === 'dictionary') return named(n).length === 0 ? 'object' : undefined;
  if (n.type === 'list') return named(n).length === 0 ? 'array' : undefined;
  if (n.type === 'set') return 'Set';
  if (n.type === 'call') {
    const dotted = dottedName(n.childForFieldName('function')!);
    const last = dotted?.[dotted.length - 1] ?? '';
    if (last === 'dict' || last === 'defaultdict' || last === 'OrderedDict' || last === 'Counter') return 'object';
    if (last === 'list' || last === 'deque') return 'array';
    if (last === 'set') return 'Set';
    if (/^(?:TTLCache|LRUCache|LFUCache|Cache)$/.test(last)) return 'cache';
  }
  return undefined;
}

function named(n: N | null | undefined): N[] {
  return n ? (n.namedChildren.filter((c) => c !== null && c.type !== 'comment') as N[]) : [];
}

function aliased(n: N): { name: string; alias: string } {
  if (n.type === 'aliased_import') return { name: n.childForFieldName('name')?.text ?? '', alias: n.childForFieldName('alias')?.text ?? '' };
  return { name: n.text, alias: n.text };
}

function dottedName(n: N): string[] | undefined {
  if (n.type === 'identifier') return [n.text];
  if (n.type === 'attribute') {
    const obj = n.childForFieldName('object');
    const attr = n.childForFieldName('attribute');
    const head = obj ? dottedName(obj) : undefined;
    return head && attr ? [...head, attr.text] : undefined;
  }
  return undefined;
}

/** Positional arguments, and keyword arguments by name. */
function splitArgs(args: N | null | undefined): [N[], Map<string, N>] {
  const pos: N[] = [];
  const kw = new Map<string, N>();
  for (const a of named(args)) {
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (name && value) kw.set(name, value);
    } else if (a.type !== 'list_splat' && a.type !== 'dictionary_splat') pos.push(a);
  }
  return [pos, kw];
}

function hasSplat(args: N | null | undefined): boolean {
  return named(args).some((a) => a.type === 'dictionary_splat');
}

function unknown(n: N): PV {
  return { k: 'unknown', text: n.text.slice(0, 80) };
}

function tableValue(v: PV): Value {
  if (v.k === 'str') return v.value;
  if (v.k === 'env') return { EnvVar: v.name };
  return { Unknown: v.k === 'unknown' ? v.text || '(unknown)' : '(unknown)' };
}

function methodOf(call: N): string {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : (fn?.text ?? '');
}

/** `str(uuid.uuid4())`, `uuid4().hex`, `uuid.uuid4()`, `secrets.token_hex()`, `ulid.new()`... */
function generatedId(n: N, depth = 0): boolean {
  if (depth > 4) return false;
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    const dotted = fn ? dottedName(fn) : undefined;
    const last = dotted?.[dotted.length - 1] ?? '';
    if (/^(?:uuid[1-7]?|token_hex|token_urlsafe|ulid|nanoid|generate|new)$/.test(last) && (dotted?.length === 1 || /uuid|secrets|ulid|nanoid|ksuid/.test(dotted?.[0] ?? ''))) return true;
    if (last === 'str' && n.childForFieldName('arguments')?.namedChildren[0]) return generatedId(n.childForFieldName('arguments')!.namedChildren[0]!, depth + 1);
    return false;
  }
  if (n.type === 'attribute') {
    const obj = n.childForFieldName('object');
    return !!obj && generatedId(obj, depth + 1);
  }
  if (n.type === 'string') return n.namedChildren.some((c) => c?.type === 'interpolation' && generatedId(c.namedChildren[0]!, depth + 1));
  return false;
}

/** The range from `start` to the end of the call's first line. */
function firstLine(start: N, call: N): Range {
  const s = start.startPosition;
  const e = call.endPosition;
  if (e.row === s.row) return { start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column } };
  // To the end of the first line: the node's own text up to its first newline.
  const text = call.text;
  const firstBreak = text.indexOf('\n');
  const lineEnd = call.startPosition.row === s.row && firstBreak >= 0 ? call.startPosition.column + firstBreak : s.column + 1;
  return { start: { line: s.row, character: s.column }, end: { line: s.row, character: Math.max(lineEnd, s.column) } };
}

function unescape(seq: string): string {
  const simple: Record<string, string> = { '\\n': '\n', '\\t': '\t', '\\r': '\r', '\\\\': '\\', "\\'": "'", '\\"': '"' };
  return simple[seq] ?? seq;
}

/** A fact with its own property object: the model's linking adds properties to the facts it is given. */
function copyFact(f: CodeFact): CodeFact {
  return { ...f, properties: { ...f.properties } };
}

/**
 * Moves the facts of a previous read to the positions they have in the new text, for statements
 * outside the edit (the span where the two texts differ).
 */
class Replay {
  private readonly span: Span;
  private readonly shift: PositionShift;

  constructor(
    private readonly prev: CodeCache,
    text: string,
    known?: Span,
  ) {
    this.span = known ?? changedSpan(prev.text, text);
    this.shift = new PositionShift(prev.text, text, this.span);
  }

  /** The previous facts of the statement now at `start` with text `text`, moved; undefined if they cannot be reused. */
  entry(start: number, text: string): Entry | undefined {
    const { start: editStart, oldEnd, newEnd } = this.span;
    const end = start + text.length;
    const old = end <= editStart ? start : start >= newEnd ? start - newEnd + oldEnd : undefined;
    if (old === undefined) return undefined;
    const e = this.prev.entries.get(old);
    if (!e || e.text !== text) return undefined;
    try {
      return {
        text,
        sdk: e.sdk.map((f) => this.fact(f)),
        state: e.state.map((f) => this.fact(f)),
        writes: e.writes.map((w) => ({ ...w, range: this.shift.range(w.range) })),
      };
    } catch (err) {
      if (err instanceof InsideEdit) return undefined;
      throw err;
    }
  }

  private fact(f: CodeFact): CodeFact {
    const id = /@(\d+):(\d+)((?:\[\d+\])?)$/.exec(f.logicalId);
    let logicalId = f.logicalId;
    if (id) {
      const at = this.shift.from({ line: Number(id[1]) - 1, character: Number(id[2]) - 1 });
      logicalId = `${f.logicalId.slice(0, id.index)}@${at.line + 1}:${at.character + 1}${id[3]}`;
    }
    const propertyRanges: Record<string, Range> | undefined = f.propertyRanges && {};
    for (const [k, r] of Object.entries(f.propertyRanges ?? {})) propertyRanges![k] = this.shift.range(r);
    return { ...f, logicalId, range: this.shift.range(f.range), ...(propertyRanges ? { propertyRanges } : {}) };
  }
}
