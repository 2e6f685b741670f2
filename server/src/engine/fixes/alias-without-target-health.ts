// alias-without-target-health: `EvaluateTargetHealth: true`. Not offered for CloudFront aliases,
// which cannot evaluate target health (the rule's message says to attach a health check instead).
import { defineFix } from '../fix';
import { evaluateTargetHealthFix } from './targetHealth';

export default defineFix({
  ruleId: 'alias-without-target-health',
  provide(ctx) {
    if (ctx.finding.data?.cloudFront === true) return [];
    const at = ctx.finding.data?.evaluateTargetHealth === false ? ['AliasTarget', 'EvaluateTargetHealth'] : ['AliasTarget'];
    return evaluateTargetHealthFix(ctx, at, true);
  },
});
