import { defineRule } from '../rule';
import { detectionTime, failoverRole, hasHealthCheck, HEALTH_AWARE_POLICIES, healthCheckOf, isAlias, policyTitle, RECORD_SET, describeRecord, routingPolicy } from '../route53';
import { num } from '../values';

/** Above this many seconds a record's TTL, not health checking, dominates the failover time. */
const MAX_TTL = 60;

export default defineRule({
  id: 'failover-ttl-too-high',
  meta: {
    category: 'routing',
    severity: 'warning',
    description: 'A health-checked record has a TTL above 60 seconds, which delays failover.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
    scope: 'file',
    fixable: true,
  },
  check(ctx) {
    for (const rec of ctx.model.ofType(RECORD_SET)) {
      const p = rec.properties;
      const policy = routingPolicy(p);
      // Alias records take the target's TTL; a record without a health check never fails over by
      // health (failover-without-health-check reports such a PRIMARY).
      if (!HEALTH_AWARE_POLICIES.has(policy) || isAlias(p) || !hasHealthCheck(p)) continue;
      // Clients cached the PRIMARY's answer; a SECONDARY's TTL only slows the move back.
      if (failoverRole(p) === 'SECONDARY') continue;
      const ttl = num(p.TTL);
      if (ttl === undefined || ttl <= MAX_TTL) continue;
      const detection = detectionTime(ctx.model, healthCheckOf(ctx.model, rec));
      const total = detection.seconds + ttl;
      ctx.report({
        resource: rec,
        path: ['TTL'],
        message: `${policyTitle(policy)} record ${describeRecord(p)} has a TTL of ${ttl} s: resolvers keep the old answer that long after Route 53 switches, so failover takes about ${total} s (detection ${detection.explanation}; plus TTL ${ttl} s). A TTL of ${MAX_TTL} s brings it to about ${detection.seconds + MAX_TTL} s.`,
        data: { ttl, suggested: MAX_TTL, detectionSeconds: detection.seconds, estimatedFailoverSeconds: total },
      });
    }
  },
});
