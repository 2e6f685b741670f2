// `EvaluateTargetHealth: true` on an alias record, shared by alias-without-target-health and
// failover-without-health-check. Templates: merged into `AliasTarget` (a `false` is replaced, a
// missing entry added). CDK: the L1 `aliasTarget` object, or the L2 target's props
// (`new targets.LoadBalancerTarget(lb)` -> `new targets.LoadBalancerTarget(lb, { evaluateTargetHealth: true })`).
import type * as TS from 'typescript';
import type { Fix, FixContext, TextEdit } from '../fix';
import type { Path } from '../model';
import { tsApi, unwrap } from '../sources/cdk/tsapi';
import { addProperty, type CodeDoc, constructAround, nodesAt, openCode, property, replaceNode } from './code';
import { fileFix, templateTarget } from './common';
import { mergeInto, pointsAt } from './template';

export const EVALUATE_TITLE = 'Set AliasTarget.EvaluateTargetHealth to true';

/** L2 alias targets whose constructor takes `{ evaluateTargetHealth }` as its second argument (aws-cdk-lib's IAliasRecordTargetProps). */
const TARGETS_WITH_PROPS = new Set(['LoadBalancerTarget', 'ClassicLoadBalancerTarget', 'ElasticBeanstalkEnvironmentEndpointTarget', 'GlobalAcceleratorTarget', 'GlobalAcceleratorDomainTarget', 'BucketWebsiteTarget']);

/** `at`: the finding's path below the record's properties, to check that the diagnostic still fits the text. */
export function evaluateTargetHealthFix(ctx: FixContext, at: Path, preferred: boolean): Fix[] {
  const code = openCode(ctx);
  if (code) return fileFix(EVALUATE_TITLE, ctx.finding.file, [cdkEdit(ctx, code)], true, preferred);
  const target = templateTarget(ctx);
  if (!target || !pointsAt(target.doc, [...target.loc.properties, ...at], ctx.finding)) return [];
  const aliasPath = [...target.loc.properties, 'AliasTarget'];
  return fileFix(EVALUATE_TITLE, ctx.finding.file, mergeInto(target.doc, aliasPath, { EvaluateTargetHealth: true }), true, preferred);
}

function cdkEdit(ctx: FixContext, code: CodeDoc): TextEdit | undefined {
  const ts = tsApi();
  const chain = nodesAt(code, ctx.finding);
  // The finding may point at `evaluateTargetHealth: false` itself.
  const own = chain[chain.length - 1];
  if (ts.isPropertyAssignment(own) && own.name.getText(code.sf) === 'evaluateTargetHealth') return replaceNode(code, own.initializer, 'true');
  const construct = constructAround(chain, code);
  if (!construct) return undefined;
  const l1 = property(construct.props, 'aliasTarget');
  if (l1) {
    const obj = unwrap(l1.initializer);
    return ts.isObjectLiteralExpression(obj) ? setEvaluate(code, obj) : undefined;
  }
  const target = property(construct.props, 'target');
  const alias = target && aliasTargetNew(target.initializer);
  if (!alias) return undefined;
  const args = alias.arguments;
  if (args?.length === 1) return code.src.insert(args[0].getEnd(), ', { evaluateTargetHealth: true }');
  const props = args?.length === 2 ? unwrap(args[1]) : undefined;
  return props && ts.isObjectLiteralExpression(props) ? setEvaluate(code, props) : undefined;
}

function setEvaluate(code: CodeDoc, obj: TS.ObjectLiteralExpression): TextEdit | undefined {
  const existing = property(obj, 'evaluateTargetHealth');
  if (!existing) return addProperty(code, obj, 'evaluateTargetHealth: true');
  return existing.initializer.kind === tsApi().SyntaxKind.FalseKeyword ? replaceNode(code, existing.initializer, 'true') : undefined;
}

/** `RecordTarget.fromAlias(new targets.X(...))` with X a target that takes props: the `new` expression. */
function aliasTargetNew(init: TS.Expression): TS.NewExpression | undefined {
  const ts = tsApi();
  const call = unwrap(init);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'fromAlias') return undefined;
  const arg = call.arguments[0] && unwrap(call.arguments[0]);
  if (!arg || !ts.isNewExpression(arg)) return undefined;
  const callee = unwrap(arg.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return TARGETS_WITH_PROPS.has(name) ? arg : undefined;
}
