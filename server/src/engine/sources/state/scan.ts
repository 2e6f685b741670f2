// One walk over a JS/TS file that records what the state detectors need: imports, module-level
// variables, every function (as a frame with its locals and the names it calls), and the calls,
// `new` expressions and assignments together with the functions they sit in. The detectors then
// work from these lists and never walk the tree again.
import type * as TS from 'typescript';
import type { Range } from '../../model';
import { propName, tsApi } from '../cdk/tsapi';

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
      case K.VariableStatement: {
        const st = node as TS.VariableStatement;
        if (!frame && isExported(st)) {
          for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) scan.exported.push({ name: d.name.text, value: d.initializer });
        }
        break;
      }
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
      case K.FunctionDeclaration: {
        const fn = node as TS.FunctionDeclaration;
        if (fn.name) {
          scan.functions.set(fn.name.text, fn);
          frame?.locals.add(fn.name.text);
          if (!frame && isExported(fn)) scan.exported.push({ name: fn.name.text, value: fn });
        } else if (!frame && isExported(fn)) scan.exported.push({ name: 'default', value: fn });
        enterFunction(fn);
        return;
      }
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

/** The module a name or `require('m')` expression comes from, following `.x` and `(...)`. */
export function moduleOf(scan: Scan, expr: TS.Expression): Binding | undefined {
  const ts = tsApi();
  let e = expr;
  for (let i = 0; i < 6; i++) {
    if (ts.isIdentifier(e)) return scan.imports.get(e.text);
    const req = requiredModule(e);
    if (req) return { module: req, imported: '*' };
    if (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    else return undefined;
  }
  return undefined;
}

/** `require('m')` (or `import('m')`) with a literal specifier: 'm'. */
export function requiredModule(e: TS.Node): string | undefined {
  const ts = tsApi();
  if (!ts.isCallExpression(e) || e.arguments.length !== 1) return undefined;
  const isRequire = ts.isIdentifier(e.expression) && e.expression.text === 'require';
  if (!isRequire && e.expression.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
  const arg = e.arguments[0];
  return ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg) ? arg.text : undefined;
}

/** A name's value: a `const` in an enclosing function, or a module-level variable's initialiser. */
export function resolveName(scan: Scan, name: string, frame: Frame | undefined): TS.Expression | undefined {
  for (let f = frame; f; f = f.parent) {
    const c = f.consts.get(name);
    if (c) return c;
    if (f.locals.has(name)) return undefined;
  }
  return scan.moduleVars.get(name)?.init;
}

/** Follows identifiers to their initialisers (a few steps) and strips `as`, `!` and parentheses. */
export function follow(scan: Scan, expr: TS.Expression | undefined, frame: Frame | undefined): TS.Expression | undefined {
  const ts = tsApi();
  let e = expr;
  for (let i = 0; e && i < 4; i++) {
    e = unwrapAll(e);
    if (!ts.isIdentifier(e)) return e;
    const next = resolveName(scan, e.text, frame);
    if (!next) return e;
    e = next;
  }
  return e;
}

export function unwrapAll(e: TS.Expression): TS.Expression {
  const ts = tsApi();
  let n = e;
  for (let i = 0; i < 10; i++) {
    if (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isTypeAssertionExpression(n) || ts.isNonNullExpression(n) || ts.isSatisfiesExpression(n) || ts.isAwaitExpression(n)) n = n.expression;
    else return n;
  }
  return n;
}

/** A property of an object literal by name (shorthand properties give their identifier). */
export function property(obj: TS.ObjectLiteralExpression, name: string): { key: TS.Node; value: TS.Expression } | undefined {
  const ts = tsApi();
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && propName(p.name) === name) return { key: p, value: p.initializer };
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return { key: p, value: p.name };
  }
  return undefined;
}

export function hasSpread(obj: TS.ObjectLiteralExpression): boolean {
  return obj.properties.some((p) => p.kind === tsApi().SyntaxKind.SpreadAssignment);
}

export function rangeOf(sf: TS.SourceFile, node: TS.Node): Range {
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(node.getEnd());
  return { start, end };
}

/** `site@line:col` (1-based), unique within a file. */
export function factId(sf: TS.SourceFile, what: string, node: TS.Node): string {
  const p = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return `${what}@${p.line + 1}:${p.character + 1}`;
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
