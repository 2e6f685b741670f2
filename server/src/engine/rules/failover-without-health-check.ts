import { defineRule } from '../rule';
import { evaluatesTargetHealth, hasHealthCheck, isAlias, isIntrinsic, RECORD_SET, describeRecord } from '../route53';
import { asObject, str } from '../values';
import { targetsCloudFront } from './alias-without-target-health';

export default defineRule({
  id: 'failover-without-health-check',
  meta: {
    category: 'routing',
    severity: 'error',
    description: 'A PRIMARY failover record has no health check, so Route 53 never fails over.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
    scope: 'file',
    fixable: true,
  },
  check(ctx) {
    for (const rec of ctx.model.ofType(RECORD_SET)) {
      const p = rec.properties;
      if (str(p.Failover)?.toUpperCase() !== 'PRIMARY') continue;
      if (hasHealthCheck(p)) continue;
      if (isAlias(p) && evaluatesTargetHealth(p)) continue;
      // An alias chosen by !If, or target health from a parameter, is decided at deploy time: stay silent.
      if (isIntrinsic(p.AliasTarget) || (isAlias(p) && isIntrinsic(asObject(p.AliasTarget)?.EvaluateTargetHealth))) continue;
      ctx.report({
        resource: rec,
        path: ['Failover'],
        message: `PRIMARY failover record ${describeRecord(p)} has no HealthCheckId${isAlias(p) ? ' and its alias does not evaluate target health' : ''}: Route 53 treats it as always healthy and never fails over to the SECONDARY.`,
        // cloudFront: such an alias cannot evaluate target health, so only a health check fixes it.
        data: isAlias(p) ? { alias: true, cloudFront: targetsCloudFront(ctx.model, rec) } : { alias: false },
      });
    }
  },
});
