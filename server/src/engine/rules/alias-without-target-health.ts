import type { Resource, WorkspaceModel } from '../model';
import { defineRule } from '../rule';
import { failoverRole, HEALTH_AWARE_POLICIES, hasHealthCheck, isAlias, isIntrinsic, policyTitle, RECORD_SET, describeRecord, routingPolicy } from '../route53';
import { asObject, bool, literalString, refTarget, str } from '../values';

/** The hosted zone id that every CloudFront alias target uses. */
const CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2';

export default defineRule({
  id: 'alias-without-target-health',
  meta: {
    category: 'routing',
    severity: 'warning',
    description: 'An alias record in a weighted, latency, failover or geolocation set does not evaluate target health.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
    scope: 'file',
    fixable: true,
  },
  check(ctx) {
    for (const rec of ctx.model.ofType(RECORD_SET)) {
      const p = rec.properties;
      const policy = routingPolicy(p);
      // An AliasTarget chosen by `!If` may carry target health in the branch that deploys.
      if (!HEALTH_AWARE_POLICIES.has(policy) || !isAlias(p) || isIntrinsic(p.AliasTarget) || hasHealthCheck(p)) continue;
      // A PRIMARY without any health signal is failover-without-health-check's error; one finding is enough.
      if (failoverRole(p) === 'PRIMARY') continue;
      const alias = asObject(p.AliasTarget)!;
      const present = alias.EvaluateTargetHealth !== undefined;
      const evaluate = bool(alias.EvaluateTargetHealth);
      // A value from a parameter or condition may well be true at deploy time.
      if (evaluate === true || (present && evaluate === undefined)) continue;
      const cloudFront = targetsCloudFront(ctx.model, rec);
      const setId = literalString(p.SetIdentifier);
      const fix = cloudFront
        ? 'CloudFront aliases cannot evaluate target health, so attach a HealthCheckId that probes the distribution or its origin.'
        : 'Set AliasTarget.EvaluateTargetHealth to true, or attach a HealthCheckId.';
      ctx.report({
        resource: rec,
        path: present ? ['AliasTarget', 'EvaluateTargetHealth'] : ['AliasTarget'],
        message: `${policyTitle(policy)} alias record ${describeRecord(p)}${setId ? ` (set "${setId}")` : ''} ${present ? 'sets EvaluateTargetHealth to false' : 'does not evaluate target health'} and has no HealthCheckId: Route 53 treats it as always healthy and ${failoverRole(p) === 'SECONDARY' ? 'fails over to it' : 'keeps answering with it'} even while its target is down. ${fix}`,
        data: { policy, cloudFront, evaluateTargetHealth: present ? false : null },
      });
    }
  },
});

/** True when the alias points at a CloudFront distribution (by zone id, domain or GetAtt). */
export function targetsCloudFront(model: WorkspaceModel, rec: Resource): boolean {
  const alias = asObject(rec.properties.AliasTarget);
  if (str(alias?.HostedZoneId) === CLOUDFRONT_ZONE) return true;
  if (/\.cloudfront\.net\.?$/i.test(literalString(alias?.DNSName) ?? '')) return true;
  const target = refTarget(alias?.DNSName);
  return !!target && model.byLogicalId(rec.file, target)?.type === 'AWS::CloudFront::Distribution';
}
