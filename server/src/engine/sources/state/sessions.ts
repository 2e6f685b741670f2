// Session middleware and where it keeps sessions: in process memory, on local disk, in a signed
// cookie, or in an external store. Every session middleware becomes a `Code::State::Session` fact;
// the rule decides which stores break when an instance is replaced.
import type * as TS from 'typescript';
import type { CodeFact } from '../codeFacts';
import { SESSION_TYPE } from './types';
import { tsApi } from '../cdk/tsapi';
import { factId, follow, hasSpread, moduleOf, property, rangeOf, unwrapAll } from './query';
import type { Scan } from './scan';


export type SessionStore = 'memory' | 'file' | 'cookie' | 'external';

/** The store each middleware uses when the options name none. */
const LIBRARIES: Record<string, SessionStore> = {
  'express-session': 'memory',
  'koa-generic-session': 'memory',
  '@fastify/session': 'memory',
  'fastify-session': 'memory',
  'koa-session': 'cookie',
  'cookie-session': 'cookie',
  '@fastify/secure-session': 'cookie',
  'fastify-secure-session': 'cookie',
  'client-sessions': 'cookie',
};

/** Store packages that keep sessions on the instance itself. */
const LOCAL_STORES: Record<string, SessionStore> = {
  memorystore: 'memory',
  'session-memory-store': 'memory',
  'session-file-store': 'file',
  'connect-sqlite3': 'file',
  'connect-loki': 'file',
};

export function readSessions(scan: Scan): CodeFact[] {
  const ts = tsApi();
  const out: CodeFact[] = [];
  for (const { node, frame } of scan.calls) {
    const callee = node.expression;
    let library: string | undefined;
    let options: TS.Expression | undefined;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'register' && node.arguments.length > 0) {
      // fastify.register(fastifySession, { secret, store })
      library = libraryOf(scan, node.arguments[0]);
      options = node.arguments[1];
    } else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'session' && moduleOf(scan, callee.expression)?.module === 'express') {
      library = 'express-session'; // Express 3: express.session()
      options = node.arguments[0];
    } else {
      library = libraryOf(scan, callee);
      // koa-session: session(app) or session(config, app); the options are the object literal.
      options = library === 'koa-session' ? node.arguments.find((a) => isObjectLiteral(follow(scan, a, frame))) : node.arguments[0];
    }
    if (!library) continue;
    const fact = sessionFact(scan, node, library, follow(scan, options, frame), frame);
    if (fact) out.push(fact);
  }
  return out;
}

function sessionFact(scan: Scan, call: TS.CallExpression, library: string, options: TS.Expression | undefined, frame: Parameters<typeof follow>[2]): CodeFact | undefined {
  const ts = tsApi();
  const base = { logicalId: factId(scan.sf, 'Session', call), type: SESSION_TYPE, range: rangeOf(scan.sf, call.expression) };
  const fallback = LIBRARIES[library];
  if (options && !ts.isObjectLiteralExpression(options)) return { ...base, properties: { library, store: 'external', known: false } };
  const store = options && (property(options, 'store') ?? property(options, 'ContextStore'));
  if (!store) {
    // Options spread from elsewhere may carry a store: say nothing rather than guess.
    const known = !(options && hasSpread(options));
    return { ...base, properties: { library, store: known ? fallback : 'external', known } };
  }
  const { kind, className } = storeKind(scan, follow(scan, store.value, frame));
  return { ...base, properties: { library, store: kind, known: true, ...(className ? { storeClass: className } : {}) }, propertyRanges: { Store: rangeOf(scan.sf, store.key) } };
}

/** `new MemoryStore()`, `new (require('session-file-store')(session))()`, `new RedisStore(...)`. */
function storeKind(scan: Scan, value: TS.Expression | undefined): { kind: SessionStore; className?: string } {
  const ts = tsApi();
  if (!value || !ts.isNewExpression(value)) return { kind: 'external' };
  const callee = unwrapAll(value.expression);
  const className = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  const from = moduleOf(scan, callee)?.module;
  if (from && LOCAL_STORES[from]) return { kind: LOCAL_STORES[from], className };
  if (className === 'MemoryStore' && (!from || from in LIBRARIES)) return { kind: 'memory', className };
  if (className === 'FileStore' && !from) return { kind: 'file', className };
  return { kind: 'external', className };
}

function isObjectLiteral(e: TS.Expression | undefined): boolean {
  return !!e && tsApi().isObjectLiteralExpression(e);
}

function libraryOf(scan: Scan, expr: TS.Expression): string | undefined {
  const ts = tsApi();
  const e = unwrapAll(expr);
  const b = moduleOf(scan, e);
  if (!b || !(b.module in LIBRARIES)) return undefined;
  // A named import such as `{ MemoryStore }` is not the middleware itself.
  if (b.imported !== 'default' && b.imported !== '*' && b.imported !== 'session' && b.imported !== 'fastifySession') return undefined;
  // `session.MemoryStore` or `session.Store` are not calls of the middleware.
  if (ts.isPropertyAccessExpression(e) && e.name.text !== 'default') return undefined;
  return b.module;
}
