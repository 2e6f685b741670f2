// One DynamoDB write call (its parameters already evaluated) -> code facts: one per single-item
// write, per transaction item, and per table of a batch.
import type * as TS from 'typescript';
import type { Range, Value } from '../../model';
import type { CodeFact } from '../codeFacts';
import { checksVersion, HOLE, incrementedAttributes } from './expressions';
import { type Cx, entry, type Entry, ev, literal, sourceText, type V, valueOf } from './evaluate';
import type { WriteOperation } from './imports';
import type { Scope } from './scope';
import { dottedName, propName, tsApi, unwrap } from '../cdk/tsapi';
import { lineIndexOf } from '../tree';

export const WRITE_TYPE = 'Code::DynamoDB::Write';

export type Sdk = 'v3' | 'v3-document' | 'v2' | 'v2-document';

export interface WriteCall {
  operation: WriteOperation;
  sdk: Sdk;
  /** The `new XCommand(...)` or `client.put(...)` expression. */
  call: TS.Node;
  /** Where the fact's range starts: `new` or the method name. */
  start: number;
  params: V;
  paramsNode?: TS.Node;
  /** The client's region: a literal, or undefined when it is the default (the runtime's region) or unknown. */
  region?: { value: string; node: TS.Node };
}

export interface FactRanges {
  range(node: TS.Node): Range;
  firstLine(start: number, end: number): Range;
}

const ACTIONS: Record<string, string> = { Put: 'Put', Update: 'Update', Delete: 'Delete' };

export function writeFacts(cx: Cx, r: FactRanges, w: WriteCall): CodeFact[] {
  const range = r.firstLine(w.start, w.call.getEnd());
  const pos = lineIndexOf(cx.sf).position(w.start);
  const id = `${w.operation}@${pos.line + 1}:${pos.character + 1}`;
  const base = (): { properties: { [k: string]: Value }; propertyRanges: Record<string, Range> } => {
    const properties: { [k: string]: Value } = { Operation: w.operation, Sdk: w.sdk };
    const propertyRanges: Record<string, Range> = {};
    if (w.region) {
      properties.ClientRegion = w.region.value;
      propertyRanges.ClientRegion = r.range(w.region.node);
    }
    return { properties, propertyRanges };
  };
  const fact = (suffix: string, extra: { properties: { [k: string]: Value }; propertyRanges: Record<string, Range> }, at?: TS.Node): CodeFact => {
    const b = base();
    return { logicalId: id + suffix, type: WRITE_TYPE, range: at ? r.firstLine(at.getStart(cx.sf), at.getEnd()) : range, properties: { ...b.properties, ...extra.properties }, propertyRanges: { ...b.propertyRanges, ...extra.propertyRanges } };
  };
  if (w.operation === 'TransactWriteItems') return transactFacts(cx, r, w, fact);
  if (w.operation === 'BatchWriteItem') return batchFacts(cx, r, w, fact);
  return [fact('', itemWrite(cx, r, w.operation, w.params, w.paramsNode))];
}

/** The properties of one Put/Update/Delete (a call's parameters, or one transaction item). */
function itemWrite(cx: Cx, r: FactRanges, operation: WriteOperation, params: V, paramsNode: TS.Node | undefined): { properties: { [k: string]: Value }; propertyRanges: Record<string, Range> } {
  const properties: { [k: string]: Value } = {};
  const propertyRanges: Record<string, Range> = {};
  const node = params.k === 'obj' ? params.node : paramsNode;
  if (node) propertyRanges.Params = r.range(node);
  const table = entry(params, 'TableName');
  properties.TableName = table ? tableName(cx, valueOf(cx, table), table.value.node) : params.k === 'obj' && !params.open ? { Unknown: '(none)' } : { Unknown: paramsNode ? sourceText(cx.sf, paramsNode) : '(unknown)' };
  if (table) propertyRanges.TableName = r.range(table.node);
  const cond = entry(params, 'ConditionExpression') ?? entry(params, 'Expected');
  const condValue = cond ? valueOf(cx, cond) : undefined;
  const hasCondition = condValue ? condValue.k !== 'undef' && literal(condValue) !== '' : params.k === 'obj' && !params.open ? false : null;
  properties.HasCondition = hasCondition;
  if (cond) propertyRanges.ConditionExpression = r.range(cond.node);
  const names = attributeNames(cx, params);
  if (condValue?.k === 'str') {
    const text = literal(condValue);
    if (text !== undefined) properties.ConditionExpression = text;
    properties.VersionCondition = checksVersion(condValue.parts.map((p) => p ?? HOLE).join(''), names);
  } else if (cond) properties.VersionCondition = literal(condValue ?? { k: 'undef' }) !== undefined ? false : null;
  if (operation === 'UpdateItem') Object.assign(properties, increments(cx, params, names, propertyRanges, r));
  if (operation === 'PutItem') {
    const fresh = generatedKeys(cx, params);
    if (fresh.length) properties.GeneratedKeys = fresh;
  }
  return { properties, propertyRanges };
}

/** Names of generator functions whose result is a new unique id. */
const ID_GENERATOR = /^(?:uuid|uuidv[14-7]|v[14-7]|randomUUID|nanoid|ulid|cuid2?|createId|ksuid|generateId|uniqueId|objectId)$/i;

/**
 * Attributes of a put's Item set to a freshly generated id (`id: uuid()`, `{ S: randomUUID() }`,
 * `` `order#${nanoid()}` ``, or a const holding one): a put keyed so cannot meet another region's
 * write. A key named by an environment variable (`item[process.env.PK] = uuid()`) is `{ EnvVar }`.
 */
function generatedKeys(cx: Cx, params: V): Value[] {
  const item = entry(params, 'Item');
  if (!item) return [];
  const out: Value[] = [];
  const add = (key: V, node: TS.Expression, scope: Scope) => {
    if (!isGenerated(node, scope, 0)) return;
    const name = literal(key);
    if (name) out.push(name);
    else if (key.k === 'envvar') out.push({ EnvVar: key.name });
  };
  const v = valueOf(cx, item);
  if (v.k === 'obj') for (const e of v.entries) add(e.key, e.value.node, e.value.scope);
  else {
    // `const item = JSON.parse(body); item[PRIMARY_KEY] = uuid();`: the item is unknown, its key is not.
    const n = unwrap(item.value.node);
    const ts = tsApi();
    if (!ts.isIdentifier(n)) return out;
    for (const a of cx.assignments.get(n.text) ?? []) {
      if (a.key === undefined || a.key === '*') continue;
      add(a.key === '?' ? ev(cx, a.keyNode, a.scope) : { k: 'str', parts: [a.key] }, a.value, a.scope);
    }
  }
  return out;
}

function isGenerated(node: TS.Expression, scope: Scope, depth: number): boolean {
  const ts = tsApi();
  const n = unwrap(node);
  if (depth > 5) return false;
  if (ts.isCallExpression(n)) {
    const dotted = dottedName(n.expression);
    // `uuid()`, `crypto.randomUUID()`, `uuid.v4()`, and `String(uuid())` / `uuid().toString()`.
    if (dotted && ID_GENERATOR.test(dotted[dotted.length - 1])) return true;
    if (dotted?.length === 1 && dotted[0] === 'String' && n.arguments[0]) return isGenerated(n.arguments[0], scope, depth + 1);
    const callee = unwrap(n.expression);
    return ts.isPropertyAccessExpression(callee) && callee.name.text === 'toString' && isGenerated(callee.expression, scope, depth + 1);
  }
  if (ts.isTemplateExpression(n)) return n.templateSpans.some((s) => isGenerated(s.expression, scope, depth + 1));
  if (ts.isObjectLiteralExpression(n) && n.properties.length === 1) {
    const p = n.properties[0];
    return ts.isPropertyAssignment(p) && propName(p.name) === 'S' && isGenerated(p.initializer, scope, depth + 1);
  }
  if (ts.isIdentifier(n)) {
    const d = scope.lookup(n.text);
    return !!d && d.kind === 'var' && d.isConst && !d.member && !!d.init && isGenerated(d.init, d.scope, depth + 1);
  }
  return false;
}

function increments(cx: Cx, params: V, names: Record<string, string>, ranges: Record<string, Range>, r: FactRanges): { [k: string]: Value } {
  const update = entry(params, 'UpdateExpression');
  const out: { [k: string]: Value } = {};
  let attrs: string[] = [];
  if (update) {
    ranges.UpdateExpression = r.range(update.node);
    const v = valueOf(cx, update);
    if (v.k === 'str') {
      const text = literal(v);
      if (text !== undefined) out.UpdateExpression = text;
      attrs = incrementedAttributes(v.parts.map((p) => p ?? HOLE).join(''));
    }
  }
  // The legacy v2 form: AttributeUpdates: { count: { Action: 'ADD', Value: 1 } }.
  const legacy = entry(params, 'AttributeUpdates');
  const lv = legacy ? valueOf(cx, legacy) : undefined;
  if (legacy && lv?.k === 'obj') {
    for (const e of lv.entries) if (literal(valueOf(cx, entry(valueOf(cx, e), 'Action'))) === 'ADD') attrs.push(literal(e.key) ?? '?');
    if (attrs.length) ranges.UpdateExpression = r.range(legacy.node);
  }
  out.Increments = attrs.length > 0;
  if (attrs.length) out.IncrementAttributes = attrs.map((a) => a.replace(new RegExp(HOLE, 'g'), '?').split('.').map((p) => names[p] ?? p).join('.'));
  return out;
}

function attributeNames(cx: Cx, params: V): Record<string, string> {
  const out: Record<string, string> = {};
  const v = valueOf(cx, entry(params, 'ExpressionAttributeNames'));
  if (v.k === 'obj') for (const e of v.entries) {
    const k = literal(e.key);
    const name = literal(valueOf(cx, e));
    if (k && name) out[k] = name;
  }
  return out;
}

/** TableName as the model keeps it: a literal, `{ EnvVar }`, or `{ Unknown: source text }`. */
function tableName(cx: Cx, v: V, node: TS.Node): Value {
  const text = literal(v);
  if (text !== undefined) return text;
  if (v.k === 'envvar') return { EnvVar: v.name };
  return { Unknown: sourceText(cx.sf, node) };
}

type MakeFact = (suffix: string, extra: { properties: { [k: string]: Value }; propertyRanges: Record<string, Range> }, at?: TS.Node) => CodeFact;

function transactFacts(cx: Cx, r: FactRanges, w: WriteCall, fact: MakeFact): CodeFact[] {
  const items = valueOf(cx, entry(w.params, 'TransactItems'));
  const out: CodeFact[] = [];
  if (items.k === 'arr') {
    items.items.forEach((item, i) => {
      const v = valueOf(cx, item);
      const action = v.k === 'obj' ? v.entries.map((e) => literal(e.key)).find((k): k is string => !!k && k in ACTIONS) : undefined;
      if (!action) return;
      const op: WriteOperation = action === 'Put' ? 'PutItem' : action === 'Update' ? 'UpdateItem' : 'DeleteItem';
      const inner = entry(v, action)!;
      const props = itemWrite(cx, r, op, valueOf(cx, inner), inner.value.node);
      out.push(fact(`[${i}]`, { properties: { Action: action, ...props.properties }, propertyRanges: props.propertyRanges }, inner.node));
    });
  }
  // Items built at run time (`items.map(...)`): one write whose table and conditions are unknown.
  if (items.k !== 'arr' || items.open) out.push(fact(out.length ? '[*]' : '', unknownWrite(cx, r, w)));
  return out;
}

function batchFacts(cx: Cx, r: FactRanges, w: WriteCall, fact: MakeFact): CodeFact[] {
  const requestItems = entry(w.params, 'RequestItems');
  const tables = valueOf(cx, requestItems);
  const out: CodeFact[] = [];
  if (tables.k === 'obj') {
    tables.entries.forEach((e: Entry, i) => {
      const properties: { [k: string]: Value } = { TableName: tableName(cx, e.key, e.keyNode ?? e.node), HasCondition: false };
      const requests = valueOf(cx, e);
      if (requests.k === 'arr' && !requests.open) properties.Requests = requests.items.length;
      const propertyRanges: Record<string, Range> = { TableName: r.range(e.node), Params: r.range(tables.node) };
      out.push(fact(tables.entries.length > 1 ? `[${i}]` : '', { properties, propertyRanges }));
    });
  }
  if (tables.k !== 'obj' || tables.open) out.push(fact(out.length ? '[*]' : '', unknownWrite(cx, r, w)));
  return out;
}

function unknownWrite(cx: Cx, r: FactRanges, w: WriteCall): { properties: { [k: string]: Value }; propertyRanges: Record<string, Range> } {
  const propertyRanges: Record<string, Range> = w.paramsNode ? { Params: r.range(w.paramsNode) } : {};
  return { properties: { TableName: { Unknown: w.paramsNode ? sourceText(cx.sf, w.paramsNode) : '(unknown)' }, HasCondition: w.operation === 'BatchWriteItem' ? false : null }, propertyRanges };
}
