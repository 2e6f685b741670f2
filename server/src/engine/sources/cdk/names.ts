// CDK names -> CloudFormation names: `aws_route53.CfnRecordSet` is `AWS::Route53::RecordSet`, and
// the L1 property `healthCheckId` is `HealthCheckId`. CDK derives its camelCase names from the
// CloudFormation ones by lower-casing a leading acronym (`TTL` -> `ttl`, `SSESpecification` ->
// `sseSpecification`, `KMSMasterKeyID` -> `kmsMasterKeyId`), so the way back needs a table.

/** CloudFormation service namespaces whose spelling is not the module name with a capital. */
const SERVICES: Record<string, string> = {
  apigateway: 'ApiGateway',
  apigatewayv2: 'ApiGatewayV2',
  applicationautoscaling: 'ApplicationAutoScaling',
  appsync: 'AppSync',
  arcregionswitch: 'ARCRegionSwitch',
  arczonalshift: 'ARCZonalShift',
  autoscaling: 'AutoScaling',
  certificatemanager: 'CertificateManager',
  cloudformation: 'CloudFormation',
  cloudfront: 'CloudFront',
  cloudtrail: 'CloudTrail',
  cloudwatch: 'CloudWatch',
  codebuild: 'CodeBuild',
  codepipeline: 'CodePipeline',
  docdb: 'DocDB',
  dynamodb: 'DynamoDB',
  ec2: 'EC2',
  ecr: 'ECR',
  ecs: 'ECS',
  efs: 'EFS',
  eks: 'EKS',
  elasticache: 'ElastiCache',
  elasticloadbalancing: 'ElasticLoadBalancing',
  elasticloadbalancingv2: 'ElasticLoadBalancingV2',
  globalaccelerator: 'GlobalAccelerator',
  iam: 'IAM',
  kms: 'KMS',
  memorydb: 'MemoryDB',
  msk: 'MSK',
  opensearchservice: 'OpenSearchService',
  rds: 'RDS',
  route53: 'Route53',
  route53recoverycontrol: 'Route53RecoveryControl',
  route53recoveryreadiness: 'Route53RecoveryReadiness',
  route53resolver: 'Route53Resolver',
  s3: 'S3',
  sam: 'Serverless',
  secretsmanager: 'SecretsManager',
  servicediscovery: 'ServiceDiscovery',
  sns: 'SNS',
  sqs: 'SQS',
  ssm: 'SSM',
  stepfunctions: 'StepFunctions',
  wafv2: 'WAFv2',
};

/** `aws-route53` + `CfnRecordSet` -> `AWS::Route53::RecordSet`; undefined when not an L1 class. */
export function cfnType(module: string, className: string): string | undefined {
  const m = /^aws-([a-z0-9]+)$/.exec(module);
  if (!m || !/^Cfn[A-Z]/.test(className)) return undefined;
  const service = SERVICES[m[1]] ?? m[1].charAt(0).toUpperCase() + m[1].slice(1);
  return `AWS::${service}::${className.slice(3)}`;
}

/** L1 property names whose CloudFormation spelling starts with an acronym. */
const KEYS: Record<string, string> = {
  ttl: 'TTL',
  defaultTtl: 'DefaultTTL',
  maxTtl: 'MaxTTL',
  minTtl: 'MinTTL',
  sseSpecification: 'SSESpecification',
  sseEnabled: 'SSEEnabled',
  sseType: 'SSEType',
  sseAlgorithm: 'SSEAlgorithm',
  kmsMasterKeyId: 'KMSMasterKeyId',
  replicaKmsKeyId: 'ReplicaKmsKeyID',
  dnsName: 'DNSName',
  ipAddress: 'IPAddress',
  enableSni: 'EnableSNI',
  ipv6Enabled: 'IPV6Enabled',
  cnamEs: 'CNAMEs',
  multiAz: 'MultiAZ',
  dbName: 'DBName',
  dbClusterIdentifier: 'DBClusterIdentifier',
  sourceDbClusterIdentifier: 'SourceDBClusterIdentifier',
  dbSubnetGroupName: 'DBSubnetGroupName',
  dbClusterParameterGroupName: 'DBClusterParameterGroupName',
  dbClusterInstanceClass: 'DBClusterInstanceClass',
  dbInstanceClass: 'DBInstanceClass',
  dbInstanceIdentifier: 'DBInstanceIdentifier',
  dbParameterGroupName: 'DBParameterGroupName',
  dbSnapshotIdentifier: 'DBSnapshotIdentifier',
  sourceDbInstanceIdentifier: 'SourceDBInstanceIdentifier',
  enableIamDatabaseAuthentication: 'EnableIAMDatabaseAuthentication',
  httpPort: 'HTTPPort',
  httpsPort: 'HTTPSPort',
  originSslProtocols: 'OriginSSLProtocols',
};

/** Spellings that depend on the enclosing property (S3 writes `ID` where DynamoDB writes `Id`). */
const KEYS_IN: Record<string, Record<string, string>> = {
  ServerSideEncryptionByDefault: { kmsMasterKeyId: 'KMSMasterKeyID' },
};

/** Properties whose keys are data (environment variables, tags, policies) and keep their spelling. */
const VERBATIM = new Set(['Variables', 'Tags', 'PolicyDocument', 'AssumeRolePolicyDocument', 'KeyPolicy', 'ResourcePolicy', 'Policy', 'Parameters', 'Metadata', 'Definition', 'DefinitionSubstitutions', 'EnvironmentVariables', 'Options', 'ResponseParameters', 'RequestParameters', 'RequestTemplates', 'StageVariables']);

/** The CloudFormation name of an L1 property, given the CloudFormation name of its parent (if any). */
export function cfnKey(key: string, parent?: string): string {
  if (parent && VERBATIM.has(parent)) return key;
  const scoped = parent ? KEYS_IN[parent]?.[key] : undefined;
  return scoped ?? KEYS[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
}

/** True when the keys below this CloudFormation property are data and must not be renamed. */
export function isVerbatim(parent: string | undefined): boolean {
  return !!parent && VERBATIM.has(parent);
}
