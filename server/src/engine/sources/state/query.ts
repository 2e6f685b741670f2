// Questions the detectors ask of a scanned file: where a name comes from, what a name holds, an
// object literal's property, and the range and id of a node.
import type * as TS from 'typescript';
import type { Range } from '../../model';
import { propName, tsApi } from '../cdk/tsapi';
import { lineIndexOf } from '../tree';
import type { Binding, Frame, Scan } from './scan';

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
  return lineIndexOf(sf).range(node.getStart(sf), node.getEnd());
}

/** `site@line:col` (1-based), unique within a file. */
export function factId(sf: TS.SourceFile, what: string, node: TS.Node): string {
  const p = lineIndexOf(sf).position(node.getStart(sf));
  return `${what}@${p.line + 1}:${p.character + 1}`;
}
