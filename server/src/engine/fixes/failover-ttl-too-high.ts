// failover-ttl-too-high: set the TTL to the rule's suggestion (60 s). A string stays a string in
// its own quotes (`'300'` -> `'60'`); in CDK code, `ttl: Duration.minutes(5)` becomes
// `Duration.seconds(60)` and an L2 record without `ttl` gets one.
import type * as TS from 'typescript';
import { defineFix, type FixContext, type TextEdit } from '../fix';
import { tsApi } from '../sources/cdk/tsapi';
import { type CodeDoc, addProperty, constructAround, durationRef, nodesAt, openCode, property, quote, replaceNode } from './code';
import { fileFix, templateTarget } from './common';
import { pointsAt } from './template';

export default defineFix({
  ruleId: 'failover-ttl-too-high',
  provide(ctx) {
    const seconds = typeof ctx.finding.data?.suggested === 'number' ? ctx.finding.data.suggested : 60;
    const title = `Set the TTL to ${seconds} seconds`;
    const code = openCode(ctx);
    if (code) return fileFix(title, ctx.finding.file, [cdkEdit(ctx, code, seconds)], true, true);
    const target = templateTarget(ctx);
    if (!target) return [];
    const { doc, loc } = target;
    const path = [...loc.properties, 'TTL'];
    const old = doc.value(path);
    if (!pointsAt(doc, path, ctx.finding) || (typeof old !== 'string' && typeof old !== 'number')) return [];
    return fileFix(title, ctx.finding.file, [doc.replace(path, typeof old === 'string' ? String(seconds) : seconds)], true, true);
  },
});

/** L1 `ttl: '300'`, L2 `ttl: Duration.minutes(5)`, or an L2 record that leaves `ttl` at CDK's default. */
function cdkEdit(ctx: FixContext, code: CodeDoc, seconds: number): TextEdit | undefined {
  const ts = tsApi();
  const construct = constructAround(nodesAt(code, ctx.finding), code);
  if (!construct) return undefined;
  const ttl = property(construct.props, 'ttl');
  if (construct.className.startsWith('Cfn')) {
    if (!ttl) return undefined;
    const v = ttl.initializer;
    if (ts.isStringLiteral(v)) return replaceNode(code, v, quote(code, String(seconds)));
    return ts.isNumericLiteral(v) ? replaceNode(code, v, String(seconds)) : undefined;
  }
  if (ttl) {
    const duration = durationCall(ttl.initializer);
    return duration ? replaceNode(code, ttl.initializer, `${duration.expression.getText(code.sf)}.seconds(${seconds})`) : undefined;
  }
  const d = durationRef(code);
  return d ? addProperty(code, construct.props, `ttl: ${d}.seconds(${seconds})`) : undefined;
}

/** `<something ending in Duration>.<unit>(n)`: the property access, to keep how the file names Duration. */
function durationCall(v: TS.Expression): TS.PropertyAccessExpression | undefined {
  const ts = tsApi();
  if (!ts.isCallExpression(v) || !ts.isPropertyAccessExpression(v.expression)) return undefined;
  const target = v.expression.expression;
  const name = ts.isIdentifier(target) ? target.text : ts.isPropertyAccessExpression(target) ? target.name.text : '';
  return name === 'Duration' ? v.expression : undefined;
}
