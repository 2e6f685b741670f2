import { SDK_REGION_TYPE } from '../sources/state/types';
import { defineRule } from '../rule';
import { bool, str } from '../values';

/**
 * Services whose API lives in one region whatever region the caller runs in, with the regions
 * their clients must name. `*` means any region: Route 53 ARC cluster endpoints are regional by
 * design, and a caller picks among them on purpose.
 */
const FIXED_BY_SERVICE: Record<string, string[]> = {
  Route53: ['us-east-1'],
  Route53Domains: ['us-east-1'],
  CloudFront: ['us-east-1'],
  IAM: ['us-east-1'],
  Organizations: ['us-east-1'],
  GlobalAccelerator: ['us-west-2'],
  CostExplorer: ['us-east-1'],
  Shield: ['us-east-1'],
  WAF: ['us-east-1'],
  // WAFv2 and ACM: the CLOUDFRONT scope and CloudFront certificates live in us-east-1.
  WAFV2: ['us-east-1'],
  ACM: ['us-east-1'],
  Route53RecoveryCluster: ['*'],
  Route53RecoveryControlConfig: ['us-west-2'],
  Route53RecoveryReadiness: ['us-west-2'],
  Pricing: ['us-east-1', 'eu-central-1', 'ap-south-1'],
  Budgets: ['us-east-1'],
  CostAndUsageReportService: ['us-east-1'],
  CUR: ['us-east-1'],
  Support: ['us-east-1'],
  Account: ['us-east-1'],
  // The AWS Health API's global endpoint (organizational view, describe_events across accounts).
  Health: ['us-east-1'],
};

export default defineRule({
  id: 'hardcoded-region',
  meta: {
    category: 'state',
    severity: 'warning',
    description: 'An AWS SDK client (v2 or v3) is built with a literal region.',
    languages: ['code-javascript', 'code-python'],
    scope: 'file',
    fixable: true,
  },
  check(ctx) {
    for (const c of ctx.model.ofType(SDK_REGION_TYPE)) {
      const region = str(c.properties.region);
      const service = str(c.properties.service) ?? '';
      if (!region) continue;
      const fixed = FIXED_BY_SERVICE[service];
      if (fixed && (fixed.includes('*') || fixed.includes(region))) continue;
      const client = str(c.properties.client) ?? service;
      // Python facts name their own replacement (os.environ['AWS_REGION']).
      const fix = str(c.properties.fix) ?? 'process.env.AWS_REGION';
      const subject = bool(c.properties.config) ? `${client} sets the SDK-wide region to the literal '${region}'` : `${client} is built with the literal region '${region}'`;
      ctx.report({
        resource: c,
        path: ['Region'],
        message: `${subject}: the same code deployed in another region still calls ${region}, so an outage of ${region} breaks every region's copy and each call crosses regions. Use ${fix} (Lambda and ECS set it) or configuration, and name a second region only where the code works across regions on purpose.`,
        data: { region, fix },
      });
    }
  },
});
