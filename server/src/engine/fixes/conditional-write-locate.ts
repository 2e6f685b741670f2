// Finds, in a fresh parse of the one file a finding is in, the write it is about: the object
// literal that holds the call's parameters (inline, in a `const params = {...}` of an enclosing
// scope, or a transaction item), and whether the call takes low-level attribute values
// (`{ N: '1' }`) or plain ones (document clients).
import type * as TS from 'typescript';
import type { Position } from '../model';
import { classify, DOCUMENT_METHODS, LOW_LEVEL_METHODS, readSdkImports } from '../sources/sdk/imports';
import { dottedName, parseSource, propName, tsApi, unwrap } from '../sources/cdk/tsapi';
import { property, propertyNames } from './conditional-write-text';

export interface WriteSite {
  sf: TS.SourceFile;
  /** The parameters of the write. */
  params: TS.ObjectLiteralExpression;
  /** Low-level attribute values (`{ S: 'x' }`), as opposed to a document client's plain values. */
  lowLevel: boolean;
}

const TRANSACT_ACTIONS = new Set(['Put', 'Update', 'Delete']);

/** Parses one file with parent pointers, which the fixes walk up. */
export function parseWithParents(file: string, text: string): TS.SourceFile {
  const ts = tsApi();
  const sf = parseSource(file, text);
  const visit = (n: TS.Node): void =>
    ts.forEachChild(n, (c) => {
      (c as unknown as { parent: TS.Node }).parent = n;
      visit(c);
    });
  visit(sf);
  return sf;
}

/**
 * The write whose fact starts at `start`: `new XCommand(...)`, `client.put(...)` or a transaction's
 * `Put: {...}`. `sdk` is the finding's flavour; without it the call decides.
 */
export function locateWrite(sf: TS.SourceFile, start: Position, sdk: string | undefined): WriteSite | undefined {
  const ts = tsApi();
  const offset = sf.getPositionOfLineAndCharacter(start.line, start.character);
  for (const n of nodesStartingAt(sf, offset)) {
    let params: TS.ObjectLiteralExpression | undefined;
    if (ts.isPropertyAssignment(n) && TRANSACT_ACTIONS.has(propName(n.name) ?? '')) params = objectOf(n.initializer);
    else if (isWriteCall(n)) params = objectOf((n as TS.CallExpression | TS.NewExpression).arguments?.[0]);
    else continue;
    if (!params) return undefined;
    return { sf, params, lowLevel: sdk ? !sdk.endsWith('-document') : lowLevelOf(sf, params) };
  }
  return undefined;
}

/** The update whose `UpdateExpression` property starts at `start` (the range of a counter finding). */
export function locateUpdateExpression(sf: TS.SourceFile, start: Position): WriteSite | undefined {
  const ts = tsApi();
  const offset = sf.getPositionOfLineAndCharacter(start.line, start.character);
  const prop = nodesStartingAt(sf, offset).find((n): n is TS.PropertyAssignment => ts.isPropertyAssignment(n) && propName(n.name) === 'UpdateExpression');
  if (!prop || !ts.isObjectLiteralExpression(prop.parent)) return undefined;
  return { sf, params: prop.parent, lowLevel: lowLevelOf(sf, prop.parent) };
}

/**
 * An expression as an object literal: the literal itself, or a variable declared in an enclosing
 * scope with a literal, and never assigned again (so the literal is what the call gets).
 */
export function objectOf(expr: TS.Expression | undefined): TS.ObjectLiteralExpression | undefined {
  const ts = tsApi();
  if (!expr) return undefined;
  const n = unwrap(expr);
  if (ts.isObjectLiteralExpression(n)) return n;
  if (!ts.isIdentifier(n)) return undefined;
  const decl = declarationOf(n, n.text);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || decl.getEnd() > n.getStart()) return undefined;
  const init = unwrap(decl.initializer);
  if (!ts.isObjectLiteralExpression(init)) return undefined;
  const isConst = (decl.parent.flags & ts.NodeFlags.Const) !== 0;
  return isConst || !isReassigned(n.getSourceFile(), n.text) ? init : undefined;
}

/** The declaration `name` refers to at `from`: a variable of an enclosing block, or a parameter. */
export function declarationOf(from: TS.Node, name: string): TS.VariableDeclaration | TS.ParameterDeclaration | undefined {
  const ts = tsApi();
  for (let n: TS.Node | undefined = from; n; n = n.parent) {
    if (ts.isFunctionLike(n)) {
      const p = n.parameters.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
      if (p) return p;
    }
    const statements = (n as { statements?: TS.NodeArray<TS.Statement> }).statements;
    if (!statements) continue;
    for (const st of statements) {
      if (!ts.isVariableStatement(st)) continue;
      const d = st.declarationList.declarations.find((v) => ts.isIdentifier(v.name) && v.name.text === name);
      if (d) return d;
    }
  }
  return undefined;
}

/**
 * Keys that an object literal's spreads may bring in, or undefined when a spread cannot be read:
 * `...base` for a same-file literal, `...helper(x)` for a same-file function returning literals.
 */
export function spreadKeys(obj: TS.ObjectLiteralExpression): Set<string> | undefined {
  const ts = tsApi();
  const out = new Set<string>();
  for (const p of obj.properties) {
    if (!ts.isSpreadAssignment(p)) continue;
    const e = unwrap(p.expression);
    const literals = ts.isCallExpression(e) && ts.isIdentifier(e.expression) ? returnedObjects(e.expression) : [objectOf(e)];
    if (!literals || literals.length === 0 || literals.some((l) => !l || l.properties.some((q) => ts.isSpreadAssignment(q)))) return undefined;
    for (const l of literals) for (const k of propertyNames(l!)) out.add(k);
  }
  return out;
}

/** The enclosing function of a node, if any. */
export function enclosingFunction(node: TS.Node): TS.FunctionLikeDeclaration | undefined {
  const ts = tsApi();
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isConstructorDeclaration(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n)) return n;
  }
  return undefined;
}

function nodesStartingAt(sf: TS.SourceFile, offset: number): TS.Node[] {
  const ts = tsApi();
  const out: TS.Node[] = [];
  const visit = (n: TS.Node): void => {
    if (n.pos > offset || n.end <= offset) return;
    if (n.getStart(sf) === offset) out.push(n);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(sf, visit);
  return out;
}

function isWriteCall(n: TS.Node): boolean {
  const ts = tsApi();
  if (ts.isNewExpression(n)) return !!n.arguments?.length;
  if (!ts.isCallExpression(n) || !n.arguments.length) return false;
  const callee = unwrap(n.expression);
  return ts.isPropertyAccessExpression(callee) && (callee.name.text in LOW_LEVEL_METHODS || callee.name.text in DOCUMENT_METHODS);
}

/** Object literals a same-file function returns (`() => ({...})` or `return {...}` statements). */
function returnedObjects(name: TS.Identifier): (TS.ObjectLiteralExpression | undefined)[] | undefined {
  const ts = tsApi();
  const sf = name.getSourceFile();
  let fn: TS.FunctionLikeDeclaration | undefined;
  const find = (n: TS.Node): void => {
    if (fn) return;
    if (ts.isFunctionDeclaration(n) && n.name?.text === name.text) fn = n;
    else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name.text && n.initializer) {
      const init = unwrap(n.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) fn = init;
    }
    ts.forEachChild(n, find);
  };
  find(sf);
  if (!fn?.body) return undefined;
  if (!ts.isBlock(fn.body)) return [objectOf(fn.body)];
  const out: (TS.ObjectLiteralExpression | undefined)[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isReturnStatement(n)) out.push(objectOf(n.expression));
    else if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  visit(fn.body);
  return out;
}

function isReassigned(sf: TS.SourceFile, name: string): boolean {
  const ts = tsApi();
  const visit = (n: TS.Node): boolean =>
    (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(unwrap(n.left)) && (unwrap(n.left) as TS.Identifier).text === name) || !!ts.forEachChild(n, visit);
  return visit(sf);
}

/**
 * Whether the parameters are low-level: the SDK call that takes them (a command class or a client
 * method, through the file's imports), else the shape of their `Key` or `Item` values.
 */
function lowLevelOf(sf: TS.SourceFile, params: TS.ObjectLiteralExpression): boolean {
  const ts = tsApi();
  const imports = readSdkImports(sf);
  for (const call of callsTaking(params)) {
    if (ts.isNewExpression(call)) {
      const cls = classify(imports, dottedName(call.expression));
      if (cls?.kind === 'command') return cls.sdk === 'v3';
    } else {
      const callee = unwrap(call.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text in LOW_LEVEL_METHODS) return true;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text in DOCUMENT_METHODS) return false;
    }
  }
  const sample = objectOf(property(params, 'Key')?.initializer) ?? objectOf(property(params, 'Item')?.initializer);
  const first = sample?.properties[0];
  const value = first && ts.isPropertyAssignment(first) ? objectOf(first.initializer) : undefined;
  return !!value && value.properties.length === 1 && /^(S|N|B|SS|NS|BS|M|L|NULL|BOOL)$/.test(propertyNames(value)[0] ?? '');
}

/** The calls whose parameters are `params`: the enclosing call (also of a transaction), or calls passing its variable. */
function callsTaking(params: TS.ObjectLiteralExpression): (TS.CallExpression | TS.NewExpression)[] {
  const ts = tsApi();
  const out: (TS.CallExpression | TS.NewExpression)[] = [];
  for (let n: TS.Node = params.parent; n && !ts.isFunctionLike(n) && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) out.push(n);
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && unwrap(n.initializer!) === params) {
      const name = n.name.text;
      const visit = (c: TS.Node): void => {
        if ((ts.isCallExpression(c) || ts.isNewExpression(c)) && c.arguments?.some((a) => ts.isIdentifier(unwrap(a)) && (unwrap(a) as TS.Identifier).text === name)) out.push(c);
        ts.forEachChild(c, visit);
      };
      // Calls in the block that declares the variable (where the name means this declaration).
      visit(n.parent.parent.parent ?? params.getSourceFile());
      break;
    }
  }
  return out;
}
