// The TypeScript compiler API, loaded on the first CDK file so that a workspace without CDK code
// (and the server's start) never pays for it. Only the parser is used: no Program, no type checker.
import type * as TS from 'typescript';
import { changedSpan } from '../tree';

let loaded: typeof TS | undefined;

export function tsApi(): typeof TS {
  loaded ??= require('typescript') as typeof TS;
  return loaded;
}

/** Parses one file. Never throws: a half-typed file yields a tree with missing nodes. */
export function parseSource(file: string, text: string): TS.SourceFile {
  const ts = tsApi();
  const kind = /\.tsx$/i.test(file) ? ts.ScriptKind.TSX : /\.[mc]?js$/i.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
}

/** Strips parentheses, `as`, `<T>x`, `x!` and `satisfies`, which do not change a value. */
export function unwrap(node: TS.Expression): TS.Expression {
  const ts = tsApi();
  let n = node;
  for (let i = 0; i < 20; i++) {
    if (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isTypeAssertionExpression(n) || ts.isNonNullExpression(n) || ts.isSatisfiesExpression(n)) n = n.expression;
    else return n;
  }
  return n;
}

/** The name of a property or binding key written as an identifier, string or number. */
export function propName(name: TS.PropertyName | TS.BindingName | undefined): string | undefined {
  const ts = tsApi();
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const e = unwrap(name.expression);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  }
  return undefined;
}

/** `a.b.c` as ['a', 'b', 'c'] (with 'this' for `this`), or undefined for anything else. */
export function dottedName(node: TS.Expression): string[] | undefined {
  const ts = tsApi();
  const out: string[] = [];
  let n: TS.Expression = unwrap(node);
  for (let i = 0; i < 20; i++) {
    if (ts.isPropertyAccessExpression(n)) {
      out.unshift(n.name.text);
      n = unwrap(n.expression);
    } else if (ts.isIdentifier(n)) {
      out.unshift(n.text);
      return out;
    } else if (n.kind === ts.SyntaxKind.ThisKeyword) {
      out.unshift('this');
      return out;
    } else return undefined;
  }
  return undefined;
}

/** A string literal's text, or undefined. */
export function stringLiteral(node: TS.Node | undefined): string | undefined {
  const ts = tsApi();
  if (!node) return undefined;
  const n = ts.isParenthesizedExpression(node) ? unwrap(node) : node;
  return ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text : undefined;
}

/**
 * Re-parses an edited file incrementally: TypeScript reuses the nodes outside the span that changed
 * (found by comparing the old and new text from both ends).
 */
export function reparseSource(old: TS.SourceFile, text: string): TS.SourceFile {
  const { start, oldEnd, newEnd } = changedSpan(old.text, text);
  return tsApi().updateSourceFile(old, text, { span: { start, length: oldEnd - start }, newLength: newEnd - start });
}
