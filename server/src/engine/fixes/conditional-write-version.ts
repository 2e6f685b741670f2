// Where a versioned write gets the version it expects the stored item to have. In order:
//   1. `expectedVersion` already in scope, or a parameter named `version` / `currentVersion` (a number);
//   2. the item the function read before the write (`const { Item } = await doc.send(new GetCommand(...))`):
//      `const expectedVersion = Number(Item?.version ?? 0);` is declared before the write;
//   3. a new last parameter `expectedVersion`, so that every caller has to pass the version it read;
//   4. in a handler or callback (whose callers are not the application's), a `const expectedVersion`
//      with a TODO comment, which stays fail-safe: the write fails instead of overwriting.
import type * as TS from 'typescript';
import type { TextEdit } from '../fix';
import { dottedName, propName, tsApi, unwrap } from '../sources/cdk/tsapi';
import { readSdkImports, type SdkImports } from '../sources/sdk/imports';
import { declarationOf, enclosingFunction, objectOf } from './conditional-write-locate';
import { eolOf, insertAt, lineIndent, property, replaceNode } from './conditional-write-text';

export const VERSION_ATTRIBUTE = 'version';
export const EXPECTED = 'expectedVersion';

export interface VersionSource {
  /** An expression of type number: the version the writer expects. */
  expr: string;
  edits: TextEdit[];
  how: 'in-scope' | 'read' | 'parameter' | 'todo';
}

const VERSION_PARAMS = new Set([EXPECTED, 'version', 'currentVersion']);
const HANDLER_NAME = /^(?:main|.*handler)$/i;
const HANDLER_PARAM = new Set(['event', 'req', 'request', 'ctx', 'context']);

export function expectedVersion(sf: TS.SourceFile, params: TS.ObjectLiteralExpression): VersionSource | undefined {
  const ts = tsApi();
  const isTs = /\.[cm]?tsx?$/i.test(sf.fileName);
  const anchor = anchorStatement(params);
  const declared = declarationOf(params, EXPECTED);
  const inScope = (declared && (ts.isParameter(declared) || declared.getEnd() <= params.getStart(sf)) ? declared : undefined) ?? [...VERSION_PARAMS].map((n) => declarationOf(params, n)).find((d) => d && ts.isParameter(d) && isNumberTyped(d));
  if (inScope && ts.isIdentifier(inScope.name)) return { expr: inScope.name.text, edits: [], how: 'in-scope' };
  const fn = enclosingFunction(params);
  const read = anchor && fn ? itemRead(sf, fn, anchor) : undefined;
  const nl = eolOf(sf);
  const declare = (text: string) => insertAt(sf, anchor!.getStart(sf), `${text}${nl}${lineIndent(sf, anchor!.getStart(sf))}`);
  if (read) return { expr: EXPECTED, edits: [declare(`const ${EXPECTED} = ${read};`)], how: 'read' };
  const param = fn && !isHandler(fn) ? addParameter(sf, fn, isTs) : undefined;
  if (param) return { expr: EXPECTED, edits: [param], how: 'parameter' };
  if (!anchor) return undefined;
  const todo = `// TODO: the version of the item as this writer read it (e.g. from the request); until then the write fails once the item has a newer version.`;
  return { expr: EXPECTED, edits: [declare(`${todo}${nl}${lineIndent(sf, anchor.getStart(sf))}const ${EXPECTED} = 0;`)], how: 'todo' };
}

/** The statement (in a block or the file) that holds `node`; undefined in an expression-bodied arrow. */
function anchorStatement(node: TS.Node): TS.Statement | undefined {
  const ts = tsApi();
  for (let n = node; n.parent; n = n.parent) {
    if (ts.isBlock(n.parent) || ts.isSourceFile(n.parent) || ts.isModuleBlock(n.parent) || ts.isCaseClause(n.parent) || ts.isDefaultClause(n.parent)) return n as TS.Statement;
    if (ts.isFunctionLike(n.parent)) return undefined;
  }
  return undefined;
}

function isNumberTyped(p: TS.ParameterDeclaration): boolean {
  return !p.type || p.type.kind === tsApi().SyntaxKind.NumberKeyword;
}

/**
 * The version of the item read by a get earlier in the function, in a block around the write:
 * `const { Item } = await ...`, `const { Item: order } = ...`, `const res = await ...` (res.Item),
 * `const item = (await ...).Item`. Low-level reads hold `{ N: '3' }`, document reads a number.
 */
function itemRead(sf: TS.SourceFile, fn: TS.FunctionLikeDeclaration, anchor: TS.Statement): string | undefined {
  const ts = tsApi();
  const imports = readSdkImports(sf);
  let found: string | undefined;
  const visit = (n: TS.Node): void => {
    if (n.getStart(sf) >= anchor.getStart(sf) || (ts.isFunctionLike(n) && n !== fn)) return;
    if (ts.isVariableDeclaration(n) && n.initializer && ts.isVariableStatement(n.parent.parent) && encloses(n.parent.parent.parent, anchor)) {
      const get = getCall(imports, n.initializer);
      const item = get === undefined ? undefined : itemExpression(n);
      if (item) found = get ? `Number(${item}?.${VERSION_ATTRIBUTE}?.N ?? 0)` : `Number(${item}?.${VERSION_ATTRIBUTE} ?? 0)`;
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

function encloses(outer: TS.Node, inner: TS.Node): boolean {
  for (let n: TS.Node | undefined = inner; n; n = n.parent) if (n === outer) return true;
  return false;
}

/** The item a declaration binds: `Item` destructured, `x.Item` read, or the whole result's `.Item`. */
function itemExpression(d: TS.VariableDeclaration): string | undefined {
  const ts = tsApi();
  if (ts.isObjectBindingPattern(d.name)) {
    const el = d.name.elements.find((e) => (propName(e.propertyName) ?? (ts.isIdentifier(e.name) ? e.name.text : '')) === 'Item');
    return el && ts.isIdentifier(el.name) ? el.name.text : undefined;
  }
  if (!ts.isIdentifier(d.name)) return undefined;
  const init = unwrap(d.initializer!);
  return ts.isPropertyAccessExpression(init) && init.name.text === 'Item' ? d.name.text : `${d.name.text}.Item`;
}

/**
 * Whether an expression contains a DynamoDB get of one item: true for a low-level one (GetItemCommand,
 * `getItem`), false for a document one (GetCommand, `get`), undefined for none.
 */
function getCall(imports: SdkImports, expr: TS.Expression): boolean | undefined {
  const ts = tsApi();
  let found: boolean | undefined;
  const visit = (n: TS.Node): void => {
    if (found !== undefined || ts.isFunctionLike(n)) return;
    if (ts.isNewExpression(n)) {
      const dotted = dottedName(n.expression);
      const local = dotted?.[dotted.length - 1];
      const name = local && dotted!.length === 1 ? (imports.names.get(local)?.exported ?? local) : local;
      if (name === 'GetItemCommand' || name === 'GetCommand') found = name === 'GetItemCommand';
    } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(unwrap(n.expression))) {
      const method = (unwrap(n.expression) as TS.PropertyAccessExpression).name.text;
      const params = objectOf(n.arguments[0]);
      if ((method === 'get' || method === 'getItem') && params && property(params, 'Key')) found = method === 'getItem';
    }
    ts.forEachChild(n, visit);
  };
  visit(expr);
  return found;
}

/** Entry points (Lambda handlers, framework callbacks) get no new parameter: their callers are not ours. */
function isHandler(fn: TS.FunctionLikeDeclaration): boolean {
  const ts = tsApi();
  const first = fn.parameters[0];
  if (first && ts.isIdentifier(first.name) && HANDLER_PARAM.has(first.name.text)) return true;
  if (fn.parent && (ts.isCallExpression(fn.parent) || ts.isNewExpression(fn.parent))) return true;
  return HANDLER_NAME.test(functionName(fn) ?? '');
}

function functionName(fn: TS.FunctionLikeDeclaration): string | undefined {
  const ts = tsApi();
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const p = fn.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isBinaryExpression(p) && ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
  if (p && ts.isPropertyAssignment(p)) return propName(p.name);
  return undefined;
}

/** Appends `expectedVersion` to the parameters, unless the last one is optional, defaulted or rest. */
function addParameter(sf: TS.SourceFile, fn: TS.FunctionLikeDeclaration, isTs: boolean): TextEdit | undefined {
  const ts = tsApi();
  const text = isTs ? `${EXPECTED}: number` : EXPECTED;
  const last = fn.parameters[fn.parameters.length - 1];
  if (last && (last.questionToken || last.initializer || last.dotDotDotToken)) return undefined;
  const open = fn.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.OpenParenToken);
  if (!last) return open ? insertAt(sf, open.getEnd(), text) : undefined;
  // `id => ...`: the single parameter gets its parentheses.
  if (!open) return replaceNode(sf, last, `(${last.getText(sf)}, ${text})`);
  return insertAt(sf, last.getEnd(), `, ${text}`);
}
