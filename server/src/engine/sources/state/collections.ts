// Module-level collections (`new Map()`, `{}`, `[]`, LRU and node-cache instances) that request
// handlers write to: state that lives in one process. A lookup table that only module code fills,
// and a map of cached SDK clients or connections, are not facts here.
import type * as TS from 'typescript';
import type { CodeFact } from '../codeFacts';
import { COLLECTION_TYPE } from './types';
import { tsApi } from '../cdk/tsapi';
import type { Handlers } from './handlers';
import { factId, moduleOf, rangeOf, resolveName, unwrapAll } from './query';
import type { Frame, Scan } from './scan';


type Kind = 'Map' | 'Set' | 'object' | 'array' | 'cache';

const CLASSES: Record<string, Kind> = { Map: 'Map', Set: 'Set', LRUCache: 'cache', LRU: 'cache', NodeCache: 'cache', QuickLRU: 'cache', TTLCache: 'cache', LruCache: 'cache' };
const CACHE_MODULES = /^(lru-cache|node-cache|quick-lru|@isaacs\/ttlcache|tiny-lru|memory-cache|mnemonist.*)$/;
const WRITE_METHODS: Record<Kind, Set<string>> = {
  Map: new Set(['set']),
  Set: new Set(['add']),
  cache: new Set(['set', 'put', 'mset', 'add']),
  array: new Set(['push', 'unshift', 'splice']),
  object: new Set(),
};
/** Words in a name that say the collection holds clients or connections, which are process-bound by nature. */
const HANDLE_WORDS = new Set(['client', 'clients', 'connection', 'connections', 'conn', 'conns', 'pool', 'pools', 'agent', 'agents', 'socket', 'sockets', 'sdk', 'driver', 'drivers', 'db', 'dbs', 'ws', 'websocket', 'websockets', 'listener', 'listeners', 'subscriber', 'subscribers', 'emitter', 'emitters', 'timer', 'timers', 'interval', 'intervals', 'stream', 'streams', 'logger', 'loggers']);
const HANDLE_CLASS = /(Client|Connection|Pool|Agent|Socket|Driver|Sdk|SDK|Server|Logger|Emitter|Stream)$/;
const HANDLE_TYPE = /(Client|Connection|Pool|Agent|Socket|Driver|Server|Logger|Emitter|Stream)\b/;

interface Written {
  decl: TS.Identifier;
  kind: Kind;
  first: TS.Node;
  count: number;
}

export function readCollections(scan: Scan, handlers: Handlers): CodeFact[] {
  const ts = tsApi();
  const collections = new Map<string, { decl: TS.Identifier; kind: Kind }>();
  for (const [name, v] of scan.moduleVars) {
    const kind = v.init && collectionKind(scan, v.init);
    if (kind && !isHandleName(name) && !holdsHandles(scan, v.init!, v.type)) collections.set(name, { decl: v.name, kind });
  }
  if (collections.size === 0) return [];
  const written = new Map<string, Written>();
  const note = (name: string, site: TS.Node, frame: Frame | undefined, value: TS.Expression | undefined) => {
    const c = collections.get(name);
    if (!c || !handlers.inHandler(frame) || shadowed(name, frame) || (value && isHandleValue(scan, value, frame))) return;
    const w = written.get(name);
    if (w) w.count++;
    else written.set(name, { decl: c.decl, kind: c.kind, first: site, count: 1 });
  };
  for (const { node, frame } of scan.calls) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) continue;
    const c = collections.get(callee.expression.text);
    if (c && WRITE_METHODS[c.kind].has(callee.name.text)) note(callee.expression.text, callee, frame, node.arguments[c.kind === 'Map' || c.kind === 'cache' ? 1 : 0]);
  }
  for (const { node, frame } of scan.assignments) {
    const target = ts.isBinaryExpression(node) ? node.left : node.operand;
    if (!ts.isElementAccessExpression(target) || !ts.isIdentifier(target.expression)) continue;
    const c = collections.get(target.expression.text);
    if (c && (c.kind === 'object' || c.kind === 'array')) note(target.expression.text, target, frame, ts.isBinaryExpression(node) ? node.right : undefined);
  }
  return [...written].sort((a, b) => a[1].decl.pos - b[1].decl.pos).map(([name, w]) => ({
    logicalId: factId(scan.sf, `Collection:${name}`, w.decl),
    type: COLLECTION_TYPE,
    range: rangeOf(scan.sf, w.decl),
    properties: { name, kind: w.kind, writes: w.count, runtime: handlers.runtime },
    propertyRanges: { Write: rangeOf(scan.sf, w.first) },
  }));
}

function collectionKind(scan: Scan, init: TS.Expression): Kind | undefined {
  const ts = tsApi();
  const e = unwrapAll(init);
  if (ts.isObjectLiteralExpression(e)) return e.properties.length === 0 ? 'object' : undefined;
  if (ts.isArrayLiteralExpression(e)) return e.elements.length === 0 ? 'array' : undefined;
  if (ts.isCallExpression(e)) {
    const text = e.expression.getText(scan.sf);
    if (text === 'Object.create' && e.arguments[0]?.kind === ts.SyntaxKind.NullKeyword) return 'object';
    return CACHE_MODULES.test(moduleOf(scan, e.expression)?.module ?? '') ? 'cache' : undefined;
  }
  if (!ts.isNewExpression(e)) return undefined;
  const callee = unwrapAll(e.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  if (CLASSES[name]) return CLASSES[name];
  return CACHE_MODULES.test(moduleOf(scan, callee)?.module ?? '') ? 'cache' : undefined;
}

function shadowed(name: string, frame: Frame | undefined): boolean {
  for (let f = frame; f; f = f.parent) if (f.locals.has(name)) return true;
  return false;
}

function isHandleName(name: string): boolean {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_$]+/)
    .some((w) => HANDLE_WORDS.has(w));
}

/** `new Map<string, S3Client>()` or `const m: Map<string, Pool> = ...`: a cache of clients. */
function holdsHandles(scan: Scan, init: TS.Expression, type: TS.TypeNode | undefined): boolean {
  const ts = tsApi();
  const e = unwrapAll(init);
  const typeArgs = ts.isNewExpression(e) ? (e.typeArguments ?? []).map((t) => t.getText(scan.sf)).join(',') : '';
  return HANDLE_TYPE.test(`${typeArgs},${type?.getText(scan.sf) ?? ''}`);
}

/** `clients.set(region, new S3Client(...))`, or a variable that holds one: a cached client, not state. */
function isHandleValue(scan: Scan, value: TS.Expression, frame: Frame | undefined, depth = 0): boolean {
  const ts = tsApi();
  const v = unwrapAll(value);
  if (ts.isIdentifier(v)) {
    if (isHandleName(v.text)) return true;
    if (depth > 2) return false;
    const init = resolveName(scan, v.text, frame);
    if (init && isHandleValue(scan, init, frame, depth + 1)) return true;
    // `let s3 = cache.get(k); if (!s3) { s3 = new S3Client(...); cache.set(k, s3); }`
    return scan.assignments.some(({ node, frame: f }) => f === frame && ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && node.left.text === v.text && isHandleValue(scan, node.right, frame, depth + 1));
  }
  if (!ts.isNewExpression(v) && !ts.isCallExpression(v)) return false;
  const callee = unwrapAll(v.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  if (ts.isCallExpression(v)) return /^(create\w*(Client|Connection|Pool)|connect|createPool|createConnection)$/.test(name);
  const from = moduleOf(scan, callee)?.module ?? '';
  return HANDLE_CLASS.test(name) || /^(@aws-sdk\/|aws-sdk|pg$|mysql2?|ioredis$|redis$|mongodb$|mongoose$)/.test(from);
}
