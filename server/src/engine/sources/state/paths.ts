// File paths as far as the source states them: literals, templates, `+`, `path.join/resolve`,
// `os.tmpdir()`, and `const`s of the same file. Parts that are not known stay visible as
// `${source text}`, so that `config/${process.env.STAGE}.json` keeps what varies.
import type * as TS from 'typescript';
import { tsApi } from '../cdk/tsapi';
import { moduleOf, resolveName, unwrapAll } from './query';
import type { Frame, Scan } from './scan';

export interface PathPattern {
  text: string;
  /** True when the path starts in the temporary directory (`/tmp`, `os.tmpdir()`, `$TMPDIR`). */
  tmp: boolean;
}

const TMP_ENV = /^process\.env\.(TMPDIR|TEMP|TMP)$/;

export function pathPattern(scan: Scan, expr: TS.Expression | undefined, frame: Frame | undefined): PathPattern | undefined {
  if (!expr) return undefined;
  const text = evaluate(scan, expr, frame, 0);
  return { text, tmp: /^(\/tmp(\/|$)|\$\{TMPDIR\})/.test(text) };
}

function evaluate(scan: Scan, expr: TS.Expression, frame: Frame | undefined, depth: number): string {
  const ts = tsApi();
  const e = unwrapAll(expr);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (depth > 6) return placeholder(scan, e);
  if (ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((s) => evaluate(scan, s.expression, frame, depth + 1) + s.literal.text).join('');
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return evaluate(scan, e.left, frame, depth + 1) + evaluate(scan, e.right, frame, depth + 1);
  if (ts.isIdentifier(e)) {
    const init = resolveName(scan, e.text, frame);
    // A `let` or a parameter has no single value; `const x = ...` does.
    return init ? evaluate(scan, init, frame, depth + 1) : placeholder(scan, e);
  }
  const source = e.getText(scan.sf);
  if (TMP_ENV.test(source)) return '${TMPDIR}';
  if (ts.isCallExpression(e)) return call(scan, e, frame, depth) ?? placeholder(scan, e);
  return placeholder(scan, e);
}

function call(scan: Scan, e: TS.CallExpression, frame: Frame | undefined, depth: number): string | undefined {
  const ts = tsApi();
  const name = ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : ts.isIdentifier(e.expression) ? e.expression.text : undefined;
  const from = moduleOf(scan, e.expression)?.module.replace(/^node:/, '');
  if (name === 'tmpdir' && (from === 'os' || from === undefined)) return '${TMPDIR}';
  if ((name === 'join' || name === 'resolve') && (from === 'path' || from === 'path/posix' || from === 'upath')) {
    const parts = e.arguments.map((a) => evaluate(scan, a, frame, depth + 1));
    const joined = parts.filter((p) => p !== '').join('/').replace(/\/+/g, '/');
    // `path.resolve('/a', '/tmp/x')` starts again at the last absolute part.
    const lastAbsolute = name === 'resolve' ? parts.map((p) => p.startsWith('/') || p.startsWith('${TMPDIR}')).lastIndexOf(true) : -1;
    return lastAbsolute > 0 ? parts.slice(lastAbsolute).join('/').replace(/\/+/g, '/') : joined;
  }
  return undefined;
}

function placeholder(scan: Scan, e: TS.Expression): string {
  const text = e.getText(scan.sf).replace(/\s+/g, ' ');
  return '${' + (text.length > 60 ? text.slice(0, 57) + '...' : text) + '}';
}
