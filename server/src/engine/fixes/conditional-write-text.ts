// Text-level helpers for the conditional-write fixes: minimal edits that keep the file's quote
// style and indentation (new object properties, merged expression strings), and DynamoDB
// expression editing (AND-ing a condition, adding a SET action, free placeholder names).
import type * as TS from 'typescript';
import type { TextEdit } from '../fix';
import { propName, tsApi, unwrap } from '../sources/cdk/tsapi';
import { lineIndexOf } from '../sources/tree';

export function insertAt(sf: TS.SourceFile, pos: number, newText: string): TextEdit {
  const p = lineIndexOf(sf).position(pos);
  return { range: { start: p, end: p }, newText };
}

export function replaceSpan(sf: TS.SourceFile, start: number, end: number, newText: string): TextEdit {
  return { range: lineIndexOf(sf).range(start, end), newText };
}

export function replaceNode(sf: TS.SourceFile, node: TS.Node, newText: string): TextEdit {
  return replaceSpan(sf, node.getStart(sf), node.getEnd(), newText);
}

/** The file's line ending: CRLF when its first line ends with one. */
export function eolOf(sf: TS.SourceFile): string {
  const nl = sf.text.indexOf('\n');
  return nl > 0 && sf.text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** The whitespace that starts the line holding `pos`. */
export function lineIndent(sf: TS.SourceFile, pos: number): string {
  const line = sf.getLineAndCharacterOfPosition(pos).line;
  const start = sf.getPositionOfLineAndCharacter(line, 0);
  return /^[ \t]*/.exec(sf.text.slice(start, pos))![0];
}

/** The quote the code around `near` writes strings with: its first string literal's, else the file's. */
export function quoteOf(sf: TS.SourceFile, near: TS.Node): string {
  const ts = tsApi();
  const find = (n: TS.Node): string | undefined => (ts.isStringLiteral(n) ? sf.text[n.getStart(sf)] : ts.forEachChild(n, find));
  return find(near) ?? find(sf) ?? "'";
}

/** A string literal in quote `q`. */
export function quote(text: string, q: string): string {
  return q + text.replace(/\\/g, '\\\\').split(q).join('\\' + q) + q;
}

/** A property key as code: bare when it is an identifier, else quoted. */
export function keyText(key: string, q: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key, q);
}

/** The direct property `name` of an object literal (spreads are not looked into). */
export function property(obj: TS.ObjectLiteralExpression, name: string): TS.PropertyAssignment | undefined {
  const ts = tsApi();
  return obj.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && propName(p.name) === name);
}

/** Names of an object literal's direct properties (assignments, shorthands and methods). */
export function propertyNames(obj: TS.ObjectLiteralExpression): string[] {
  const ts = tsApi();
  return obj.properties.flatMap((p) => (ts.isSpreadAssignment(p) ? [] : [propName(p.name)].filter((n): n is string => n !== undefined)));
}

/** A string literal (or a template literal without substitutions) and its text, or undefined. */
export function stringNode(node: TS.Expression | undefined): TS.StringLiteral | TS.NoSubstitutionTemplateLiteral | undefined {
  const ts = tsApi();
  if (!node) return undefined;
  const n = unwrap(node);
  return ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n : undefined;
}

/** Replaces a string literal's text, keeping its own quote (or backtick). */
export function replaceString(sf: TS.SourceFile, node: TS.StringLiteral | TS.NoSubstitutionTemplateLiteral, text: string): TextEdit {
  const q = sf.text[node.getStart(sf)];
  const body = q === '`' ? text.replace(/[`\\]|\$\{/g, (m) => '\\' + m) : quote(text, q).slice(1, -1);
  return replaceNode(sf, node, q + body + q);
}

/**
 * Adds properties (`key: value` texts) at the end of an object literal, in its layout: one per
 * line at the indentation of its first property when it spans lines, else on the same line; a
 * trailing comma is kept when the object has one.
 */
export function addProperties(sf: TS.SourceFile, obj: TS.ObjectLiteralExpression, props: string[]): TextEdit {
  if (obj.properties.length === 0) return replaceNode(sf, obj, `{ ${props.join(', ')} }`);
  const text = sf.text;
  const first = obj.properties[0];
  const last = obj.properties[obj.properties.length - 1];
  const multiline = text.slice(obj.getStart(sf), first.getStart(sf)).includes('\n');
  let at = last.getEnd();
  const comma = /^\s*,/.exec(text.slice(at, obj.getEnd() - 1));
  if (comma) at += comma[0].length;
  if (multiline) {
    const indent = lineIndent(sf, first.getStart(sf));
    const body = props.map((p) => `${eolOf(sf)}${indent}${p}`).join(',');
    return insertAt(sf, at, comma ? body + ',' : ',' + body);
  }
  return insertAt(sf, at, comma ? ` ${props.join(', ')},` : `, ${props.join(', ')}`);
}

/** Every `#name` and `:value` token in the string literals below `node`: placeholders in use. */
export function placeholdersIn(sf: TS.SourceFile, node: TS.Node): Set<string> {
  const ts = tsApi();
  const out = new Set<string>();
  const visit = (n: TS.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      for (const m of n.text.matchAll(/[#:][A-Za-z0-9_]+/g)) out.add(m[0]);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** The first candidate not in `used` (then numbered variants of the last one); marks it used. */
export function freePlaceholder(used: Set<string>, candidates: string[]): string {
  let pick = candidates.find((c) => !used.has(c));
  for (let i = 2; !pick; i++) if (!used.has(candidates[candidates.length - 1] + i)) pick = candidates[candidates.length - 1] + i;
  used.add(pick);
  return pick;
}

/** `existing AND added`, each side in parentheses when it has a top-level OR (AND binds tighter). */
export function andCondition(existing: string | undefined, added: string): string {
  if (!existing?.trim()) return added;
  const side = (e: string) => (topLevel(e, /^OR$/i) ? `(${e.trim()})` : e.trim());
  return `${side(existing)} AND ${side(added)}`;
}

/** Adds `action` to the SET clause of an UpdateExpression, or a SET clause when there is none. */
export function addSetAction(expr: string, action: string): string {
  const marks = clauseMarks(expr);
  const set = marks.findIndex((m) => m.keyword === 'SET');
  if (set === -1) return `${expr.trimEnd()} SET ${action}`;
  const end = set + 1 < marks.length ? marks[set + 1].index : expr.length;
  const body = expr.slice(0, end).trimEnd();
  return `${body}, ${action}${expr.slice(body.length)}`;
}

/** True when an UpdateExpression already writes `attr` (by name or through a `#name` placeholder). */
export function writesAttribute(expr: string, names: Record<string, string>, attr: string): boolean {
  const tokens = [...expr.matchAll(/(^|[^#:\w])(#?[A-Za-z_]\w*)/g)].map((m) => m[2]);
  return tokens.some((t) => (t.startsWith('#') ? names[t] === attr : t === attr));
}

/** Where each top-level SET / REMOVE / ADD / DELETE clause of an UpdateExpression starts. */
function clauseMarks(expr: string): { keyword: string; index: number }[] {
  const out: { keyword: string; index: number }[] = [];
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /[A-Za-z]/.test(c) && (i === 0 || !/[#:\w.]/.test(expr[i - 1]))) {
      const word = /^[A-Za-z_]\w*/.exec(expr.slice(i))![0];
      if (/^(SET|REMOVE|ADD|DELETE)$/i.test(word)) out.push({ keyword: word.toUpperCase(), index: i });
      i += word.length - 1;
    }
  }
  return out;
}

/** True when a word matching `word` stands outside parentheses in `expr`. */
function topLevel(expr: string, word: RegExp): boolean {
  let depth = 0;
  for (const m of expr.matchAll(/\(|\)|[#:]?\w+/g)) {
    if (m[0] === '(') depth++;
    else if (m[0] === ')') depth--;
    else if (depth === 0 && word.test(m[0])) return true;
  }
  return false;
}
