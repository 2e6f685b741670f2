// One walk over a JS/TS file that records what the state detectors need: imports, module-level
// variables, every function (as a frame with its locals and the names it calls), and the calls,
// `new` expressions and assignments together with the functions they sit in. The detectors then
// work from these lists and never walk the tree again.
import type * as TS from 'typescript';
import { propName, tsApi } from '../cdk/tsapi';
import { requiredModule, unwrapAll } from './query';

/** A local name bound by an import or a `require`. */
export interface Binding {
  module: string;
  /** 'default', '*', an exported name, or 'call' for `require('m')(...)`. */
  imported: string;
}

/** A function body: its local names, its `const` initialisers and the plain names it calls. */
export interface Frame {
  node: TS.Node;
  parent?: Frame;
  locals: Set<string>;
  consts: Map<string, TS.Expression>;
  calls: Set<string>;
}

export interface Site<T extends TS.Node> {
  node: T;
  /** The innermost function around the node, or undefined at module level. */
  frame?: Frame;
}

export interface ModuleVar {
  name: TS.Identifier;
  init?: TS.Expression;
  type?: TS.TypeNode;
}

/** `export const handler = X`, `exports.handler = X`, `module.exports = { handler }` and the like. */
export interface ExportedValue {
  name: string;
  value: TS.Node;
}

export interface Scan {
  file: string;
  sf: TS.SourceFile;
  imports: Map<string, Binding>;
  /** Module specifiers of static imports, with the node of the specifier. */
  importDecls: { module: string; node: TS.StringLiteral }[];
  moduleVars: Map<string, ModuleVar>;
  /** Named functions anywhere in the file: declarations and `const f = () => ...`. */
  functions: Map<string, TS.Node>;
  frames: Map<TS.Node, Frame>;
  calls: Site<TS.CallExpression>[];
  news: Site<TS.NewExpression>[];
  /** `=`, compound assignments, and `++`/`--` (as prefix/postfix unary expressions). */
  assignments: Site<TS.BinaryExpression | TS.PrefixUnaryExpression | TS.PostfixUnaryExpression>[];
  exported: ExportedValue[];
  /** Methods with an HTTP route decorator (NestJS `@Post()` and the like). */
  decorated: TS.Node[];
}

export function scanFile(file: string, sf: TS.SourceFile): Scan {
  const ts = tsApi();
  const scan: Scan = { file, sf, imports: new Map(), importDecls: [], moduleVars: new Map(), functions: new Map(), frames: new Map(), calls: [], news: [], assignments: [], exported: [], decorated: [] };
  let frame: Frame | undefined;
  // `ts.SyntaxKind` and `ts.forEachChild` are getters on the module object: read them once, not per node.
  const K = ts.SyntaxKind;
  const forEachChild = ts.forEachChild;

  const enterFunction = (node: TS.SignatureDeclaration): void => {
    const f: Frame = { node, parent: frame, locals: new Set(), consts: new Map(), calls: new Set() };
    scan.frames.set(node, f);
    for (const p of node.parameters) bindingNames(p.name, f.locals);
    const outer = frame;
    frame = f;
    forEachChild(node, visit);
    frame = outer;
  };

  const visit = (node: TS.Node): void => {
    // Types, interfaces and type aliases hold no values.
    if ((node.kind >= K.FirstTypeNode && node.kind <= K.LastTypeNode) || node.kind === K.InterfaceDeclaration || node.kind === K.TypeAliasDeclaration) return;
    switch (node.kind) {
      case K.ImportDeclaration:
        readImport(scan, node as TS.ImportDeclaration);
        return;
      case K.VariableStatement:
        if (!frame) readExportedVariables(scan, node as TS.VariableStatement);
        break;
      case K.VariableDeclaration:
        readVariable(scan, node as TS.VariableDeclaration, frame);
        break;
      case K.CallExpression: {
        const call = node as TS.CallExpression;
        scan.calls.push({ node: call, frame });
        if (frame && ts.isIdentifier(call.expression)) frame.calls.add(call.expression.text);
        break;
      }
      case K.NewExpression:
        scan.news.push({ node: node as TS.NewExpression, frame });
        break;
      case K.BinaryExpression: {
        const b = node as TS.BinaryExpression;
        if (b.operatorToken.kind >= K.FirstAssignment && b.operatorToken.kind <= K.LastAssignment) {
          scan.assignments.push({ node: b, frame });
          if (!frame) readCommonJsExport(scan, b);
        }
        break;
      }
      case K.PrefixUnaryExpression:
      case K.PostfixUnaryExpression: {
        const u = node as TS.PrefixUnaryExpression | TS.PostfixUnaryExpression;
        if (u.operator === K.PlusPlusToken || u.operator === K.MinusMinusToken) scan.assignments.push({ node: u, frame });
        break;
      }
      case K.FunctionDeclaration:
        readFunctionName(scan, node as TS.FunctionDeclaration, frame);
        enterFunction(node as TS.FunctionDeclaration);
        return;
      case K.MethodDeclaration:
        if (ts.canHaveDecorators(node) && ts.getDecorators(node)?.length) scan.decorated.push(node);
        enterFunction(node as TS.MethodDeclaration);
        return;
      case K.FunctionExpression:
      case K.ArrowFunction:
      case K.Constructor:
      case K.GetAccessor:
      case K.SetAccessor:
        enterFunction(node as TS.SignatureDeclaration);
        return;
      case K.ExportAssignment:
        if (!frame) scan.exported.push({ name: 'default', value: (node as TS.ExportAssignment).expression });
        break;
    }
    forEachChild(node, visit);
  };

  forEachChild(sf, visit);
  return scan;
}

/** `export const handler = ...`: the exported names of a module-level variable statement. */
function readExportedVariables(scan: Scan, st: TS.VariableStatement): void {
  if (!isExported(st)) return;
  for (const d of st.declarationList.declarations) if (tsApi().isIdentifier(d.name) && d.initializer) scan.exported.push({ name: d.name.text, value: d.initializer });
}

function readFunctionName(scan: Scan, fn: TS.FunctionDeclaration, frame: Frame | undefined): void {
  const exported = !frame && isExported(fn);
  if (!fn.name) {
    if (exported) scan.exported.push({ name: 'default', value: fn });
    return;
  }
  scan.functions.set(fn.name.text, fn);
  frame?.locals.add(fn.name.text);
  if (exported) scan.exported.push({ name: fn.name.text, value: fn });
}

function readImport(scan: Scan, decl: TS.ImportDeclaration): void {
  const ts = tsApi();
  if (!ts.isStringLiteral(decl.moduleSpecifier)) return;
  const module = decl.moduleSpecifier.text;
  scan.importDecls.push({ module, node: decl.moduleSpecifier });
  const clause = decl.importClause;
  if (!clause) return;
  if (clause.name) scan.imports.set(clause.name.text, { module, imported: 'default' });
  const nb = clause.namedBindings;
  if (nb && ts.isNamespaceImport(nb)) scan.imports.set(nb.name.text, { module, imported: '*' });
  else if (nb) for (const el of nb.elements) scan.imports.set(el.name.text, { module, imported: (el.propertyName ?? el.name).text });
}

function readVariable(scan: Scan, decl: TS.VariableDeclaration, frame: Frame | undefined): void {
  const ts = tsApi();
  const init = decl.initializer;
  if (ts.isIdentifier(decl.name)) {
    const name = decl.name.text;
    if (frame) {
      frame.locals.add(name);
      if (init) frame.consts.set(name, init);
    } else scan.moduleVars.set(name, { name: decl.name, init, type: decl.type });
    if (init && (ts.isArrowFunction(unwrapAll(init)) || ts.isFunctionExpression(unwrapAll(init)))) scan.functions.set(name, unwrapAll(init));
    if (init) readRequire(scan, name, init);
    return;
  }
  if (frame) bindingNames(decl.name, frame.locals);
  // `const { writeFile, promises: fsp } = require('fs')`
  if (init && ts.isObjectBindingPattern(decl.name)) {
    const base = requireChain(init);
    if (!base) return;
    for (const el of decl.name.elements) {
      if (!ts.isIdentifier(el.name)) continue;
      scan.imports.set(el.name.text, { module: base.module, imported: propName(el.propertyName) ?? el.name.text });
    }
  }
}

/** `const x = require('m')`, `require('m').y`, `require('m')(session)`, `await import('m')`. */
function readRequire(scan: Scan, name: string, init: TS.Expression): void {
  const base = requireChain(init);
  if (base) scan.imports.set(name, base);
}

function requireChain(init: TS.Expression): Binding | undefined {
  const ts = tsApi();
  let e = unwrapAll(init);
  let imported = '*';
  for (let i = 0; i < 4; i++) {
    const m = requiredModule(e);
    if (m) return { module: m, imported };
    if (ts.isPropertyAccessExpression(e)) {
      imported = e.name.text === 'default' ? 'default' : e.name.text;
      e = unwrapAll(e.expression);
    } else if (ts.isCallExpression(e)) {
      imported = 'call';
      e = unwrapAll(e.expression);
    } else return undefined;
  }
  return undefined;
}

/** `exports.handler = X`, `module.exports.handler = X`, `module.exports = { handler }` / `= fn`. */
function readCommonJsExport(scan: Scan, b: TS.BinaryExpression): void {
  const ts = tsApi();
  if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(b.left)) return;
  const target = b.left;
  const base = target.expression;
  const isExports = (e: TS.Expression) => (ts.isIdentifier(e) && e.text === 'exports') || (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports');
  if (isExports(base)) {
    scan.exported.push({ name: target.name.text, value: b.right });
    return;
  }
  if (!(ts.isIdentifier(base) && base.text === 'module' && target.name.text === 'exports')) return;
  const right = unwrapAll(b.right);
  if (ts.isObjectLiteralExpression(right)) {
    for (const p of right.properties) {
      if (ts.isPropertyAssignment(p)) scan.exported.push({ name: propName(p.name) ?? '', value: p.initializer });
      else if (ts.isShorthandPropertyAssignment(p)) scan.exported.push({ name: p.name.text, value: p.name });
      else if (ts.isMethodDeclaration(p)) scan.exported.push({ name: propName(p.name) ?? '', value: p });
    }
  } else scan.exported.push({ name: 'default', value: right });
}

function isExported(node: TS.Node | undefined): boolean {
  const ts = tsApi();
  if (!node || !ts.canHaveModifiers(node)) return false;
  return !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function bindingNames(name: TS.BindingName, out: Set<string>): void {
  const ts = tsApi();
  if (ts.isIdentifier(name)) {
    out.add(name.text);
    return;
  }
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
}
