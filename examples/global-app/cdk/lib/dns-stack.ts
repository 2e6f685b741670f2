// Route 53 for the loyalty service: failover from the primary Region's API to the standby's.
// Each Region's API has a Regional custom domain, `loyalty.<region>.global-app.example.com`.
import * as cdk from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

const ZONE = 'global-app.example.com';

export class LoyaltyDnsStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const zone = route53.HostedZone.fromLookup(this, 'Zone', { domainName: ZONE });

    // Detects an outage of the primary in about 30 s (10 s x 3).
    const primaryHealth = new route53.HealthCheck(this, 'LoyaltyPrimaryHealth', {
      type: route53.HealthCheckType.HTTPS,
      fqdn: `loyalty.us-east-1.${ZONE}`,
      resourcePath: '/health',
      requestInterval: cdk.Duration.seconds(10),
      failureThreshold: 3,
    });

    // Correct: a health-checked PRIMARY with a 60 s TTL, and its SECONDARY. Failover takes about
    // 30 s of detection plus 60 s of caching.
    new route53.CnameRecord(this, 'LoyaltyPrimary', {
      zone,
      recordName: 'loyalty',
      domainName: `loyalty.us-east-1.${ZONE}`,
      ttl: cdk.Duration.seconds(60),
      failover: route53.Failover.PRIMARY,
      setIdentifier: 'loyalty-us-east-1',
      healthCheck: primaryHealth,
    });
    new route53.CnameRecord(this, 'LoyaltySecondary', {
      zone,
      recordName: 'loyalty',
      domainName: `loyalty.eu-west-1.${ZONE}`,
      ttl: cdk.Duration.seconds(60),
      failover: route53.Failover.SECONDARY,
      setIdentifier: 'loyalty-eu-west-1',
    });

    // The partner API (airlines and hotels that credit points) fails over the same way.
    const partnersHealth = new route53.HealthCheck(this, 'PartnersPrimaryHealth', {
      type: route53.HealthCheckType.HTTPS,
      fqdn: `partners.us-east-1.${ZONE}`,
      resourcePath: '/health',
      requestInterval: cdk.Duration.seconds(10),
      failureThreshold: 3,
    });
    // Flaw: no `ttl`, so CDK gives the record its default of 30 minutes. Resolvers keep answering
    // with us-east-1 for up to half an hour after Route 53 has switched. Set ttl: Duration.seconds(60).
    new route53.CnameRecord(this, 'PartnersPrimary', {
      zone,
      recordName: 'partners',
      domainName: `partners.us-east-1.${ZONE}`,
      failover: route53.Failover.PRIMARY,
      setIdentifier: 'partners-us-east-1',
      healthCheck: partnersHealth,
    });
    new route53.CnameRecord(this, 'PartnersSecondary', {
      zone,
      recordName: 'partners',
      domainName: `partners.eu-west-1.${ZONE}`,
      ttl: cdk.Duration.seconds(60),
      failover: route53.Failover.SECONDARY,
      setIdentifier: 'partners-eu-west-1',
    });
  }
}
