import { defineRule } from '../rule';
import { asArray, asObject, bool, str } from '../values';

export default defineRule({
  id: 'sticky-sessions',
  meta: {
    category: 'state',
    severity: 'info',
    description: 'An ALB target group keeps sessions sticky to one instance.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
    scope: 'file',
  },
  check(ctx) {
    for (const tg of ctx.model.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
      const attrs = asArray(tg.properties.TargetGroupAttributes).map(asObject);
      const index = attrs.findIndex((a) => str(a?.Key) === 'stickiness.enabled' && bool(a?.Value) === true);
      if (index === -1) continue;
      const type = str(attrs.find((a) => str(a?.Key) === 'stickiness.type')?.Value) ?? 'lb_cookie';
      ctx.report({
        resource: tg,
        path: ['TargetGroupAttributes', index, 'Key'],
        message: `Target group ${tg.logicalId} enables stickiness (${type}), which pins each client to one target: that usually means session state lives on the instance, and it is lost when the instance is replaced or traffic fails over to another region. Keep sessions in DynamoDB or ElastiCache and turn stickiness off.`,
        data: { type },
      });
    }
  },
});
