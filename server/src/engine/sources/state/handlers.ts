// Which functions of a file serve requests: Express/Koa/Fastify/hapi routes and middleware, NestJS
// and Next.js route methods, `(req, res)`-shaped controllers, and Lambda handlers. Functions of the
// same file that a handler calls serve requests too. State written there outlives the request.
import type * as TS from 'typescript';
import { propName, tsApi } from '../cdk/tsapi';
import { unwrapAll } from './query';
import type { Frame, Scan } from './scan';

export type Runtime = 'lambda' | 'server';

export interface Handlers {
  /** True when the frame (or a function around it) serves requests. */
  inHandler(frame: Frame | undefined): boolean;
  /** 'lambda' when the file holds a Lambda handler or wraps an app for Lambda. */
  runtime: Runtime;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use', 'any', 'addHook']);
const ROUTER_NAME = /^(app|router|server|api|fastify|instance|routes?|r|koa|hono)$|[Rr]outer$|[Aa]pp$/;
const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head']);
const NEXT_ROUTE_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const LAMBDA_EXPORT = /^(handler|lambdaHandler|[a-zA-Z]+Handler)$/;
const LAMBDA_MODULES = /^(aws-lambda|serverless-http|@vendia\/serverless-express|@codegenie\/serverless-express|aws-serverless-express|@fastify\/aws-lambda|aws-lambda-fastify|@middy\/core|hono\/aws-lambda|@aws-lambda-powertools\/.*)$/;

export function findHandlers(scan: Scan): Handlers {
  const ts = tsApi();
  const roots = new Set<Frame>();
  let lambda = [...scan.imports.values()].some((b) => LAMBDA_MODULES.test(b.module)) || scan.importDecls.some((d) => LAMBDA_MODULES.test(d.module));
  const addRoot = (node: TS.Node | undefined, depth = 0): void => {
    if (!node || depth > 3) return;
    const n = ts.isIdentifier(node) || ts.isCallExpression(node) || ts.isParenthesizedExpression(node) ? unwrapAll(node as TS.Expression) : node;
    const frame = scan.frames.get(n);
    if (frame) roots.add(frame);
    else if (ts.isIdentifier(n)) addRoot(scan.functions.get(n.text), depth + 1);
    else if (ts.isCallExpression(n)) {
      // `asyncHandler(fn)`, `middy(fn).use(...)`: the function inside the wrapper.
      for (const a of n.arguments) addRoot(a, depth + 1);
      if (ts.isPropertyAccessExpression(n.expression)) addRoot(n.expression.expression, depth + 1);
    }
  };

  for (const frame of scan.frames.values()) if (looksLikeHandler(frame.node)) roots.add(frame);
  for (const { node } of scan.calls) {
    for (const arg of routeHandlerArgs(node)) addRoot(arg);
  }
  for (const node of scan.decorated) if (hasRouteDecorator(node)) addRoot(node);
  for (const { name, value } of scan.exported) {
    if (NEXT_ROUTE_EXPORTS.has(name)) {
      addRoot(value);
      continue;
    }
    const event = takesEvent(value, scan);
    if (!event && !LAMBDA_EXPORT.test(name)) continue;
    addRoot(value);
    if (event || name === 'handler' || name === 'lambdaHandler') lambda = true;
  }
  if (!lambda) lambda = [...roots].some((r) => paramNames(r.node)[0] === 'event');
  const handlers = closeOverCalls(scan, roots);
  return { runtime: lambda ? 'lambda' : 'server', inHandler: (frame) => inSet(handlers, frame) };
}

/** Adds the file's named functions that handlers call, until nothing changes. */
function closeOverCalls(scan: Scan, roots: Set<Frame>): Set<Frame> {
  const set = new Set(roots);
  for (let changed = true, round = 0; changed && round < 10; round++) {
    changed = false;
    for (const frame of scan.frames.values()) {
      if (!inSet(set, frame)) continue;
      for (const name of frame.calls) {
        const fn = scan.functions.get(name);
        const callee = fn && scan.frames.get(fn);
        if (callee && !set.has(callee)) {
          set.add(callee);
          changed = true;
        }
      }
    }
  }
  return set;
}

function inSet(set: Set<Frame>, frame: Frame | undefined): boolean {
  for (let f = frame; f; f = f.parent) if (set.has(f)) return true;
  return false;
}

/** `(req, res)`, `(request, reply)`, `(request, h)`, `(ctx, next)`, `(err, req, res, next)`, `(event, context)`. */
function looksLikeHandler(node: TS.Node): boolean {
  const names = paramNames(node);
  if (names.length < 2) return false;
  const has = (re: RegExp) => names.some((n) => re.test(n));
  if (has(/^(req|request)$/) && has(/^(res|response|reply|h)$/)) return true;
  if (names[0] === 'ctx' && names[1] === 'next') return true;
  return names[0] === 'event' && names[1] === 'context';
}

function paramNames(node: TS.Node): string[] {
  const ts = tsApi();
  const params = (node as TS.SignatureDeclaration).parameters ?? [];
  return params.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
}

function takesEvent(value: TS.Node, scan: Scan): boolean {
  const ts = tsApi();
  let n: TS.Node | undefined = ts.isIdentifier(value) ? scan.functions.get(value.text) : value;
  if (n && !scan.frames.has(n) && ts.isParenthesizedExpression(n)) n = unwrapAll(n as TS.Expression);
  return !!n && scan.frames.has(n) && paramNames(n)[0] === 'event';
}

/** The arguments of a route registration that are (or wrap) handler functions. */
function routeHandlerArgs(call: TS.CallExpression): TS.Node[] {
  const ts = tsApi();
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text === 'createServer' ? [...call.arguments] : [];
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const method = callee.name.text;
  if (method === 'createServer') return [...call.arguments];
  if (method === 'route') return routeObjects(call);
  if (!ROUTE_METHODS.has(method)) return [];
  const recv = unwrapAll(callee.expression);
  const first = call.arguments[0];
  const pathLike = !!first && (isPathLiteral(first) || ts.isRegularExpressionLiteral(first) || ts.isArrayLiteralExpression(first));
  const routerLike = (ts.isIdentifier(recv) && ROUTER_NAME.test(recv.text)) || (ts.isPropertyAccessExpression(recv) && ROUTER_NAME.test(recv.name.text)) || (ts.isCallExpression(recv) && ts.isPropertyAccessExpression(recv.expression) && recv.expression.name.text === 'route');
  if (!pathLike && !routerLike) return [];
  return call.arguments.filter((a) => a !== first || !pathLike);
}

/** fastify.route({ handler }), server.route({ handler }) / ([{ options: { handler } }]). */
function routeObjects(call: TS.CallExpression): TS.Node[] {
  const ts = tsApi();
  const out: TS.Node[] = [];
  const visit = (e: TS.Expression, depth: number): void => {
    if (depth > 2) return;
    if (ts.isArrayLiteralExpression(e)) for (const el of e.elements) visit(el, depth + 1);
    if (!ts.isObjectLiteralExpression(e)) return;
    for (const p of e.properties) {
      const name = propName(p.name);
      if (ts.isMethodDeclaration(p) && name === 'handler') out.push(p);
      else if (ts.isPropertyAssignment(p) && name === 'handler') out.push(p.initializer);
      else if (ts.isShorthandPropertyAssignment(p) && name === 'handler') out.push(p.name);
      else if (ts.isPropertyAssignment(p) && (name === 'options' || name === 'config')) visit(p.initializer, depth + 1);
    }
  };
  for (const a of call.arguments) visit(unwrapAll(a), 0);
  return out;
}

function isPathLiteral(e: TS.Expression): boolean {
  const ts = tsApi();
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return /^[/*]/.test(e.text);
  return ts.isTemplateExpression(e) && /^[/*]/.test(e.head.text);
}

function hasRouteDecorator(node: TS.Node): boolean {
  const ts = tsApi();
  if (!ts.canHaveDecorators(node)) return false;
  return !!ts.getDecorators(node)?.some((d) => {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    return ts.isIdentifier(callee) && ROUTE_DECORATORS.has(callee.text);
  });
}
