// Application code that uses the AWS SDK (v3 commands and document commands, v2 DynamoDB and
// DocumentClient) -> one `Code::DynamoDB::Write` fact per write, with its table as the code names
// it (a literal, `process.env.X`, or unknown), its condition, increments and client region. The
// table itself is resolved later, across files, by `tables.ts`.
import type * as TS from 'typescript';
import type { FileFacts, Range } from '../../model';
import { CodeFactsBuilder } from '../codeFacts';
import { findCommentSuppressions } from '../suppressions';
import { lineIndexOf } from '../tree';
import { dottedName, tsApi, unwrap } from '../cdk/tsapi';
import { isRegionName } from '../../values';
import { type Cx, entry, type Entry, ev, literal, type V, valueOf } from './evaluate';
import { classify, DOCUMENT_METHODS, LOW_LEVEL_METHODS, readSdkImports, type WriteOperation } from './imports';
import { type Assignment, bindName, declareStatements, functionScope, Scope } from './scope';
import { type Sdk, type WriteCall, writeFacts } from './writes';

export { WRITE_TYPE } from './writes';

interface Candidate {
  node: TS.NewExpression | TS.CallExpression;
  scope: Scope;
}

/** A `client.send(cmd)` call, by the command expression or the name it is stored in. */
interface Send {
  receiver: TS.Expression;
  scope: Scope;
}

/** A cheap test before walking: SDK imports, or DynamoDB-shaped parameters. */
const MAYBE = /aws-sdk|TableName|RequestItems|TransactItems/;
/** Tests and their fixtures seed tables on purpose; their writes are not the application's. */
const TEST_FILE = /(?:^|\/)(?:__tests__|__mocks__|tests?|spec)\/|\.(?:test|spec)\.[cm]?[jt]sx?$/;
/** DynamoDB Local or LocalStack: the client never reaches a real table. */
const LOCAL_ENDPOINT = /^https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|dynamodb-local|localstack)\b/;

export function readSdkFacts(file: string, sf: TS.SourceFile): FileFacts | undefined {
  if (!MAYBE.test(sf.text) || TEST_FILE.test(file)) return undefined;
  const imports = readSdkImports(sf);
  const cx: Cx = { sf, imports, assignments: new Map() };
  const found = walkFile(cx, sf);
  const builder = new CodeFactsBuilder(file, 'sdk');
  const ranges = rangesOf(sf);
  for (const c of found.candidates) {
    const w = writeCall(cx, c, found.sends, found.defaults);
    if (w) for (const fact of writeFacts(cx, ranges, w)) builder.add(fact);
  }
  if (builder.count === 0) return undefined;
  const built = builder.build();
  // Malformed suppression comments are reported by the state reader, which reads every code file.
  const suppressions = findCommentSuppressions(file, sf.text, []);
  return { file, source: 'sdk', edges: [], regions: [], problems: [], suppressions, parameters: [], outputRefs: [], ...built };
}

interface Walked {
  candidates: Candidate[];
  sends: Map<TS.Node | string, Send[]>;
  /** v2 `AWS.config`: the region and endpoint of clients that set none. */
  defaults: { region?: { value: string; node: TS.Node }; local?: boolean };
}

function walkFile(cx: Cx, sf: TS.SourceFile): Walked {
  const ts = tsApi();
  const K = ts.SyntaxKind;
  const out: Walked = { candidates: [], sends: new Map(), defaults: {} };
  let scope = new Scope(undefined, sf);
  declareStatements(scope, sf.statements);
  // One callback for the whole walk (no closure per node); `scope` is the scope of the node visited.
  const visit = (node: TS.Node): void => {
    const outer = scope;
    switch (node.kind) {
      case K.Block:
      case K.ModuleBlock:
      case K.CaseClause:
      case K.DefaultClause:
        scope = new Scope(outer, node);
        declareStatements(scope, (node as TS.Block).statements);
        break;
      case K.FunctionDeclaration:
      case K.FunctionExpression:
      case K.ArrowFunction:
      case K.MethodDeclaration:
      case K.Constructor:
      case K.GetAccessor:
      case K.SetAccessor:
        scope = functionScope(outer, node as TS.FunctionLikeDeclaration);
        break;
      case K.ClassDeclaration:
      case K.ClassExpression:
        scope = new Scope(outer, node, node as TS.ClassLikeDeclaration);
        break;
      case K.ForStatement:
      case K.ForOfStatement:
      case K.ForInStatement: {
        scope = new Scope(outer, node);
        const init = (node as TS.ForStatement).initializer;
        if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) bindName(scope, d.name, undefined, [], false, d, 'other');
        break;
      }
      case K.CatchClause: {
        const v = (node as TS.CatchClause).variableDeclaration;
        scope = new Scope(outer, node);
        if (v) bindName(scope, v.name, undefined, [], false, node, 'other');
        break;
      }
      case K.NewExpression:
        if (classify(cx.imports, dottedName((node as TS.NewExpression).expression))?.kind === 'command') out.candidates.push({ node: node as TS.NewExpression, scope });
        break;
      case K.CallExpression:
        onCall(cx, node as TS.CallExpression, scope, out);
        break;
      // Branches get a scope of their own, so that an assignment in them is not taken as certain.
      case K.IfStatement:
      case K.WhileStatement:
      case K.DoStatement:
      case K.ConditionalExpression:
        scope = new Scope(outer, node);
        break;
      case K.BinaryExpression: {
        const op = (node as TS.BinaryExpression).operatorToken.kind;
        if (op === K.EqualsToken) onAssignment(cx, node as TS.BinaryExpression, scope, out);
        else if (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken) scope = new Scope(outer, node);
        break;
      }
      // Types, interfaces and imports hold no calls.
      case K.InterfaceDeclaration:
      case K.TypeAliasDeclaration:
      case K.ImportDeclaration:
        return;
      default:
        if (node.kind >= K.FirstTypeNode && node.kind <= K.LastTypeNode) return;
    }
    ts.forEachChild(node, visit);
    scope = outer;
  };
  ts.forEachChild(sf, visit);
  return out;
}

function onCall(cx: Cx, node: TS.CallExpression, scope: Scope, out: Walked): void {
  const ts = tsApi();
  const callee = unwrap(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) {
    const dotted = dottedName(callee);
    if (dotted?.join('.') === 'Object.assign' && node.arguments.length > 1 && ts.isIdentifier(unwrap(node.arguments[0]))) {
      const name = (unwrap(node.arguments[0]) as TS.Identifier).text;
      for (const a of node.arguments.slice(1)) addAssignment(cx, name, { key: '*', node: a, value: a, scope });
    }
    return;
  }
  const method = callee.name.text;
  if (method === 'send' && node.arguments.length > 0) {
    const arg = unwrap(node.arguments[0]);
    const key = ts.isIdentifier(arg) ? arg.text : arg;
    const list = out.sends.get(key) ?? [];
    list.push({ receiver: callee.expression, scope });
    out.sends.set(key, list);
  } else if (method === 'update' && dottedName(callee.expression)?.slice(-1)[0] === 'config') {
    // v2: `AWS.config.update({ region: 'eu-west-1' })` sets the region of clients made later.
    const config = ev(cx, node.arguments[0], scope);
    const region = entry(config, 'region');
    const text = region ? literal(valueOf(cx, region)) : undefined;
    if (region && text && isRegionName(text)) out.defaults.region = { value: text, node: region.node };
    const endpoint = entry(config, 'endpoint');
    if (endpoint && LOCAL_ENDPOINT.test(literal(valueOf(cx, endpoint)) ?? '')) out.defaults.local = true;
  } else if (method in LOW_LEVEL_METHODS || method in DOCUMENT_METHODS) {
    out.candidates.push({ node, scope });
  }
}

function onAssignment(cx: Cx, node: TS.BinaryExpression, scope: Scope, out: Walked): void {
  const ts = tsApi();
  const left = unwrap(node.left);
  if (ts.isIdentifier(left)) {
    addAssignment(cx, left.text, { node, value: node.right, scope });
    return;
  }
  const dotted = dottedName(left);
  if (dotted && dotted.length >= 2 && dotted[dotted.length - 1] === 'region' && dotted[dotted.length - 2] === 'config') {
    const text = literal(ev(cx, node.right, scope));
    if (text && isRegionName(text)) out.defaults.region = { value: text, node };
    return;
  }
  if ((ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) && ts.isIdentifier(unwrap(left.expression))) {
    const name = (unwrap(left.expression) as TS.Identifier).text;
    const key = ts.isPropertyAccessExpression(left) ? left.name.text : literal(ev(cx, left.argumentExpression, scope));
    if (key !== undefined) addAssignment(cx, name, { key, node, value: node.right, scope });
    else addAssignment(cx, name, { key: '?', keyNode: (left as TS.ElementAccessExpression).argumentExpression, node, value: node.right, scope });
  }
}

function addAssignment(cx: Cx, name: string, a: Assignment): void {
  const list = cx.assignments.get(name);
  if (list) list.push(a);
  else cx.assignments.set(name, [a]);
}

/** Turns a candidate into a write: the operation, the SDK flavour, the parameters and the client. */
function writeCall(cx: Cx, c: Candidate, sends: Walked['sends'], defaults: Walked['defaults']): WriteCall | undefined {
  const ts = tsApi();
  const paramsNode = c.node.arguments?.[0];
  const params = ev(cx, paramsNode, c.scope);
  if (ts.isNewExpression(c.node)) {
    const cls = classify(cx.imports, dottedName(c.node.expression));
    if (cls?.kind !== 'command') return undefined;
    const client = clientOfCommand(cx, c, sends);
    if (client && isLocal(cx, client, defaults)) return undefined;
    return { operation: cls.operation, sdk: cls.sdk, call: c.node, start: c.node.getStart(cx.sf), params, paramsNode, region: client ? regionOf(cx, client, defaults) : undefined };
  }
  const callee = unwrap(c.node.expression) as TS.PropertyAccessExpression;
  const method = callee.name.text;
  const document = method in DOCUMENT_METHODS;
  const operation: WriteOperation = document ? DOCUMENT_METHODS[method] : LOW_LEVEL_METHODS[method];
  const client = ev(cx, callee.expression, c.scope);
  let sdk: Sdk;
  if (isLocal(cx, client, defaults)) return undefined;
  if (client.k === 'client') {
    if (client.client === 'v3-send' || client.client === 'v3-document-send') return undefined;
    if ((client.client === 'v2-document' || client.client === 'v3-document') !== document) return undefined;
    sdk = client.client as Sdk;
  } else {
    // A client this file cannot see (imported from a helper module, injected): accept the call only
    // when its parameters have the shape of this DynamoDB operation.
    if (client.k !== 'unknown' || !dynamoShaped(operation, params)) return undefined;
    sdk = guessSdk(cx, document);
  }
  return { operation, sdk, call: c.node, start: c.node.getStart(cx.sf), params, paramsNode, region: client.k === 'client' ? regionOf(cx, client, defaults) : undefined };
}

/** The client that sends a command: `client.send(new X(...))`, or `client.send(cmd)` for `const cmd = new X(...)`. */
function clientOfCommand(cx: Cx, c: Candidate, sends: Walked['sends']): V | undefined {
  const direct = sends.get(c.node);
  if (direct?.length === 1) return ev(cx, direct[0].receiver, direct[0].scope);
  for (const [key, list] of sends) {
    if (typeof key !== 'string' || list.length !== 1) continue;
    const d = list[0].scope.lookup(key);
    if (d?.init && unwrap(d.init) === c.node) return ev(cx, list[0].receiver, list[0].scope);
  }
  return undefined;
}

function regionOf(cx: Cx, client: V, defaults: Walked['defaults'], depth = 0): WriteCall['region'] {
  if (client.k !== 'client' || depth > 5) return undefined;
  if (client.base) return regionOf(cx, client.base, defaults, depth + 1);
  const region = configEntry(cx, client, 'region');
  if (!region) return client.client.startsWith('v2') ? defaults.region : undefined;
  const text = literal(valueOf(cx, region));
  // Placeholders such as 'REGION' in samples are not a region the code runs in.
  return text && isRegionName(text) ? { value: text, node: region.node } : undefined;
}

function isLocal(cx: Cx, client: V, defaults: Walked['defaults'], depth = 0): boolean {
  if (client.k !== 'client' || depth > 5) return false;
  if (client.base) return isLocal(cx, client.base, defaults, depth + 1);
  const endpoint = configEntry(cx, client, 'endpoint');
  if (!endpoint) return client.client.startsWith('v2') && !!defaults.local;
  return LOCAL_ENDPOINT.test(literal(valueOf(cx, endpoint)) ?? '');
}

function configEntry(cx: Cx, client: V & { k: 'client' }, key: string): Entry | undefined {
  return client.config ? entry(ev(cx, client.config.node, client.config.scope), key) : undefined;
}

function dynamoShaped(operation: WriteOperation, params: V): boolean {
  if (params.k !== 'obj') return false;
  if (operation === 'BatchWriteItem') return !!entry(params, 'RequestItems');
  if (operation === 'TransactWriteItems') return !!entry(params, 'TransactItems');
  return !!entry(params, 'TableName') && (!!entry(params, 'Item') || !!entry(params, 'Key'));
}

function guessSdk(cx: Cx, document: boolean): Sdk {
  const v3 = cx.imports.v3 && !cx.imports.v2;
  return document ? (v3 ? 'v3-document' : 'v2-document') : v3 ? 'v3' : 'v2';
}

function rangesOf(sf: TS.SourceFile): { range(node: TS.Node): Range; firstLine(start: number, end: number): Range } {
  const lines = lineIndexOf(sf);
  const pos = (offset: number) => lines.position(offset);
  return {
    range: (node) => ({ start: pos(node.getStart(sf)), end: pos(node.getEnd()) }),
    firstLine: (start, end) => {
      const s = pos(start);
      let lineEnd = start;
      while (lineEnd < sf.text.length && sf.text[lineEnd] !== '\n' && sf.text[lineEnd] !== '\r') lineEnd++;
      let e = pos(Math.min(end, lineEnd));
      // Trailing whitespace and an opening brace or parenthesis say nothing; stop before them.
      const text = sf.text.slice(start, Math.min(end, lineEnd));
      const trimmed = text.replace(/[\s({[]+$/, '');
      if (trimmed.length > 0 && trimmed.length < text.length) e = pos(start + trimmed.length);
      return { start: s, end: e };
    },
  };
}
