// Generated templates for the property tests: resources of the types the rules read, with property
// names the rules look up, holding values of any shape (strings where objects are expected, lists
// where strings are, intrinsics everywhere, deep nesting, odd keys), written as JSON or as YAML.
import fc from 'fast-check';
import * as YAML from 'yaml';

const TYPES = [
  'AWS::Route53::RecordSet', 'AWS::Route53::RecordSetGroup', 'AWS::Route53::HealthCheck', 'AWS::Route53::HostedZone',
  'AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::RDS::GlobalCluster', 'AWS::RDS::DBCluster',
  'AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::SecretsManager::Secret', 'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::GlobalReplicationGroup', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::Lambda::Function', 'AWS::Serverless::Function', 'AWS::ECS::TaskDefinition', 'AWS::GlobalAccelerator::EndpointGroup',
  'AWS::CloudFront::Distribution', 'AWS::CloudFormation::Stack', 'Custom::Thing', 'AWS::Made::Up', 'not a type',
];

const KEYS = [
  'Type', 'Name', 'HealthCheckId', 'Failover', 'SetIdentifier', 'TTL', 'ResourceRecords', 'AliasTarget', 'EvaluateTargetHealth',
  'DNSName', 'HostedZoneId', 'HostedZoneName', 'RecordSets', 'Weight', 'Region', 'GeoLocation', 'CountryCode', 'HealthCheckConfig',
  'Replicas', 'TableName', 'StreamSpecification', 'StreamViewType', 'KeySchema', 'AttributeDefinitions', 'ReplicationConfiguration',
  'Rules', 'Destination', 'Bucket', 'Status', 'ReplicationTime', 'Metrics', 'DeleteMarkerReplication', 'Role', 'BucketName',
  'GlobalClusterIdentifier', 'SourceDBClusterIdentifier', 'EnableGlobalWriteForwarding', 'Engine', 'MultiRegion', 'KeyPolicy',
  'ReplicaRegions', 'ReplicationGroupId', 'Members', 'TargetGroupAttributes', 'Key', 'Value', 'Environment', 'Variables',
  'Code', 'InlineCode', 'Handler', 'Tags', 'EndpointGroupRegion', 'DistributionConfig', 'Origins', 'OriginGroups',
  '', ' ', 'a.b', '0', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Fn::Sub', 'Ref',
];

const STRINGS = [
  'PRIMARY', 'SECONDARY', 'us-east-1', 'eu-west-1', 'ap-south-2', 'not-a-region', 'A', 'CNAME', '60', '86400', 'true', 'Enabled',
  'NEW_AND_OLD_IMAGES', 'aurora-postgresql', '', ' ', '${AWS::Region}', '${Missing}', '${!Literal}', '*', 'arn:aws:s3:::b',
  'x'.repeat(300), '\u202Eevil\u200B', '</script><script>', '`${x}`', 'a\nb', '(a+)+$'.repeat(3), 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(...STRINGS),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 100_000 }),
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e308, 0.5),
);

const { value } = fc.letrec<{ value: Json; node: Json; intrinsic: Json }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('node'), tie('intrinsic')),
  node: fc.oneof(fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 })),
  intrinsic: fc.oneof(
    fc.record({ Ref: fc.oneof(fc.constantFrom<Json>('R0', 'R1', 'R2', 'AWS::Region', 'AWS::NoValue', 'Missing', 'P0'), tie('value')) }),
    fc.record({ 'Fn::GetAtt': fc.oneof(fc.constant<Json>(['R0', 'Arn']), fc.constantFrom<Json>('R1.Arn', 'R2', '.', ''), tie('value')) }),
    fc.record({ 'Fn::Sub': fc.oneof(fc.constantFrom<Json>('${R0}-${AWS::Region}', '${R1.Arn}', '${', '}'), tie('value')) }),
    fc.record({ 'Fn::If': fc.oneof(fc.constant<Json>(['C0', 'PRIMARY', 'SECONDARY']), tie('value')) }),
    fc.record({ 'Fn::Join': fc.oneof(fc.constant<Json>(['-', ['a', { Ref: 'AWS::Region' }]]), tie('value')) }),
    fc.record({ 'Fn::Select': tie('value') }),
    fc.record({ 'Fn::FindInMap': fc.oneof(fc.constant<Json>(['M0', 'us-east-1', 'K']), tie('value')) }),
    fc.record({ 'Fn::ForEach::Loop': fc.constant<Json>(['X', ['a', 'b'], { 'R${X}': { Type: 'AWS::S3::Bucket' } }]) }),
    fc.record({ 'Fn::Unknown': tie('value') }),
  ),
}));

const resource: fc.Arbitrary<Json> = fc.record(
  {
    Type: fc.oneof({ weight: 6, arbitrary: fc.constantFrom<Json>(...TYPES) }, { weight: 1, arbitrary: value }),
    Properties: fc.oneof({ weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 }) }, { weight: 1, arbitrary: value }),
    DependsOn: fc.oneof(fc.constantFrom<Json>('R0', 'R1', ['R0', 'R1', 'R2']), value),
    Condition: fc.constantFrom<Json>('C0', 'Missing'),
    Metadata: value,
  },
  { requiredKeys: ['Type'] },
);

const template: fc.Arbitrary<Json> = fc.record(
  {
    AWSTemplateFormatVersion: fc.constant<Json>('2010-09-09'),
    Parameters: fc.dictionary(fc.constantFrom('P0', 'P1'), value, { maxKeys: 2 }),
    Conditions: fc.dictionary(fc.constantFrom('C0', 'C1'), value, { maxKeys: 2 }),
    Mappings: fc.dictionary(fc.constantFrom('M0'), value, { maxKeys: 1 }),
    Metadata: value,
    Resources: fc.oneof(
      { weight: 8, arbitrary: fc.array(resource, { minLength: 1, maxLength: 6 }).map((rs) => Object.fromEntries(rs.map((r, i) => [`R${i}`, r]))) },
      { weight: 1, arbitrary: value },
    ),
    Outputs: fc.dictionary(fc.constantFrom('O0'), value, { maxKeys: 1 }),
  },
  { requiredKeys: ['AWSTemplateFormatVersion', 'Resources'] },
);

export interface GeneratedDoc {
  file: string;
  text: string;
}

/** A generated template, as JSON or YAML (the YAML with long-form intrinsics, as `yaml` writes them). */
export const generatedTemplateArb: fc.Arbitrary<GeneratedDoc> = fc
  .tuple(template, fc.constantFrom('json', 'yaml', 'yaml-flow'))
  .map(([t, format]) => {
    if (format === 'json') return { file: 'gen/template.json', text: JSON.stringify(t, null, 2) };
    const text = YAML.stringify(t, format === 'yaml-flow' ? { collectionStyle: 'flow' } : {});
    return { file: 'gen/template.yaml', text };
  });
