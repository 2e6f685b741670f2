import type { Resource, Value, WorkspaceModel } from '../model';
import { defineRule } from '../rule';
import { BUCKET, bucketNamePattern, mayBeReplicationDestination, namesMayMatch, resolveBucket } from '../stores';
import { asArray, asObject, literalString, str } from '../values';

export default defineRule({
  id: 's3-bucket-not-replicated',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'In a multi-region workspace, a bucket holding application data has no replication configuration.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
  },
  check(ctx) {
    const { model } = ctx;
    if (model.regions.length < 2) return;
    const sinks = supportBuckets(model);
    for (const b of model.ofType(BUCKET)) {
      const repl = b.properties.ReplicationConfiguration;
      if (repl !== undefined && repl !== null) continue;
      if (isLogOrAssetBucket(b) || sinks.has(b) || sinks.matches(b)) continue;
      if (mayBeReplicationDestination(model, b)) continue;
      ctx.report({
        resource: b,
        message: `Bucket ${b.logicalId} has no ReplicationConfiguration, but this workspace spans ${model.regions.join(', ')}: its objects live in one region only, so a regional outage makes them unavailable and whatever was not backed up elsewhere is lost. Add a cross-region replication rule (with Replication Time Control for a 15-minute RPO), or suppress this if the bucket holds nothing the other region needs.`,
        data: { regions: model.regions },
      });
    }
  },
});

const LOG_WORDS = new Set(['log', 'logs', 'logging', 'logbucket', 'logsbucket', 'accesslog', 'accesslogs', 'flowlog', 'flowlogs', 'cloudtrail', 'trail', 'trails']);
const ASSET_IDS = new Set(['stagingbucket', 'serverlessdeploymentbucket']);

/** Log, audit-trail, CDK asset and build-artifact buckets, recognised by settings and names. */
function isLogOrAssetBucket(b: Resource): boolean {
  const p = b.properties;
  if (str(p.AccessControl) === 'LogDeliveryWrite') return true;
  // Log delivery (CloudFront, ALB, S3 server access logs) needs ACL-writable objects.
  const ownership = asArray(asObject(p.OwnershipControls)?.Rules).map((r) => str(asObject(r)?.ObjectOwnership));
  if (ownership.includes('ObjectWriter') || ownership.includes('BucketOwnerPreferred')) return true;
  const name = literalString(p.BucketName) ?? bucketNamePattern(b)?.replace(/\*/g, '-') ?? '';
  const lifecycle = asArray(asObject(p.LifecycleConfiguration)?.Rules).map((r) => str(asObject(r)?.Id) ?? '');
  const ws = [...words(b.logicalId), ...words(name), ...lifecycle.flatMap(words)];
  if (ws.some((w) => LOG_WORDS.has(w))) return true;
  if (ASSET_IDS.has(b.logicalId.toLowerCase()) || /^aws-sam-cli-managed|^cdk-[a-z0-9]+-assets-/i.test(name)) return true;
  const cdkPath = str(asObject(b.attributes.Metadata)?.['aws:cdk:path']) ?? '';
  if (/^CDKToolkit\//.test(cdkPath)) return true;
  return ws.includes('artifact') || ws.includes('artifacts') || (ws.includes('cdk') && (ws.includes('assets') || ws.includes('staging')));
}

/** Splits CamelCase and separated names into lower-case words. */
function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Where other resources name a bucket that receives logs, reports or pipeline artifacts. */
function sinkValues(r: Resource): (Value | undefined)[] {
  const p = r.properties;
  const attr = (key: RegExp) => asArray(p.LoadBalancerAttributes).map(asObject).filter((a) => key.test(str(a?.Key) ?? '')).map((a) => a!.Value);
  switch (r.type) {
    case BUCKET:
      return [
        asObject(p.LoggingConfiguration)?.DestinationBucketName,
        ...asArray(p.InventoryConfigurations).map((c) => asObject(asObject(c)?.Destination)?.BucketArn),
        ...asArray(p.AnalyticsConfigurations).map((c) => asObject(asObject(asObject(asObject(c)?.StorageClassAnalysis)?.DataExport)?.Destination)?.BucketArn),
      ];
    case 'AWS::CloudTrail::Trail':
    case 'AWS::Config::DeliveryChannel':
      return [p.S3BucketName];
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return attr(/^(access|connection|health_check)_logs\.s3\.bucket$/);
    case 'AWS::ElasticLoadBalancing::LoadBalancer':
      return [asObject(p.AccessLoggingPolicy)?.S3BucketName];
    case 'AWS::EC2::FlowLog':
      return [p.LogDestination];
    case 'AWS::CloudFront::Distribution':
      return [asObject(asObject(p.DistributionConfig)?.Logging)?.Bucket];
    case 'AWS::WAFv2::LoggingConfiguration':
      return asArray(p.LogDestinationConfigs);
    case 'AWS::CodePipeline::Pipeline':
      return [asObject(p.ArtifactStore)?.Location, ...asArray(p.ArtifactStores).map((s) => asObject(asObject(s)?.ArtifactStore)?.Location)];
    case 'AWS::ARCRegionSwitch::Plan':
      return asArray(asObject(p.ReportConfiguration)?.ReportOutput).map((o) => asObject(asObject(o)?.S3Configuration)?.BucketPath);
    case 'AWS::S3::BucketPolicy':
      return LOG_PRINCIPAL.test(JSON.stringify(p.PolicyDocument ?? null)) ? [p.Bucket] : [];
    default:
      return [];
  }
}

/** Service principals that only write logs into a bucket. */
const LOG_PRINCIPAL = /(logging\.s3|delivery\.logs|cloudtrail|logdelivery\.elasticloadbalancing|config)\.amazonaws\.com/;

function supportBuckets(model: WorkspaceModel): { has(b: Resource): boolean; matches(b: Resource): boolean } {
  const buckets = new Set<Resource>();
  const patterns: string[] = [];
  for (const r of model.resources) {
    for (const v of sinkValues(r)) {
      if (v === undefined || v === null) continue;
      const t = resolveBucket(model, r, v);
      if (t.kind === 'bucket') buckets.add(t.bucket);
      else if (t.kind === 'pattern') patterns.push(t.pattern);
    }
  }
  return {
    has: (b) => buckets.has(b),
    // A name that is wholly a parameter would match every sink's name, so it needs a reference.
    matches: (b) => {
      const own = bucketNamePattern(b);
      return own !== undefined && own.replace(/\*/g, '') !== '' && patterns.some((p) => namesMayMatch(own, p));
    },
  };
}
