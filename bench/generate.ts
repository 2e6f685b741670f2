// Generates CloudFormation templates of a given resource count for the benchmark: a realistic
// multi-region mix (Route 53 failover/weighted/latency records with health checks, DynamoDB global
// tables, replicated S3 buckets, Aurora global clusters, KMS keys, target groups, Lambda functions,
// IAM roles, secrets), written as YAML with short-form tags or as JSON with long-form intrinsics.
// Deterministic: the same options give the same text. No engine imports, so the unit test and the
// RSS child can use it freely.

export type TemplateFormat = 'yaml' | 'json';

export interface GenerateOptions {
  format?: TemplateFormat;
  /** Varies names (domains, buckets) so that several generated files differ. */
  variant?: number;
}

export interface EditTarget {
  /** Logical id of the resource whose property is edited ('' for the template Description). */
  logicalId: string;
  /** The edited property (a plain string value). */
  key: string;
  /** Index of the resource in template order (-1 for the template Description). */
  resourceIndex: number;
  /** Offset just after the last character of the value: typing appends here. */
  valueEnd: number;
  /** Offset of the start of the line holding the property: a new line can be inserted here. */
  lineStart: number;
  /** Indentation of that line. */
  indent: string;
}

export interface GeneratedTemplate {
  text: string;
  format: TemplateFormat;
  resourceCount: number;
  /** Resource count by type, for the report and the test. */
  types: Record<string, number>;
  edit: EditTarget;
}

// ---- A tiny value model with intrinsic tags, emitted as YAML (short form) or JSON (long form). ----

class Tag {
  constructor(
    readonly name: string,
    readonly value: Val,
    /** Emit the sequence argument in flow style: `!If [A, B, C]`. */
    readonly flow = false,
  ) {}
}

class Block {
  constructor(readonly text: string) {}
}

type Val = string | number | boolean | Val[] | { [key: string]: Val } | Tag | Block;

const ref = (id: string) => new Tag('Ref', id);
const getAtt = (id: string, attr: string) => new Tag('GetAtt', `${id}.${attr}`);
const sub = (s: string) => new Tag('Sub', s);
const iff = (cond: string, a: Val, b: Val) => new Tag('If', [cond, a, b], true);
const equals = (a: Val, b: Val) => new Tag('Equals', [a, b], true);
const noValue = ref('AWS::NoValue');

interface Res {
  id: string;
  type: string;
  props: { [key: string]: Val };
  attrs?: { [key: string]: Val };
  /** A plain-string property that the edit benchmark types into. */
  editKey?: string;
}

// ---- The resource mix. One "unit" is a small multi-region app; the order puts a varied mix first,
// so that even a 10-resource template holds records, a global table, a bucket, Aurora, KMS, a target
// group and a Lambda function. References only point at resources that exist in the template. ----

interface Unit {
  u: number;
  v: number;
  /** Logical id of a kind in this unit if the template contains it. */
  has(kind: string): string | undefined;
}

type Kind = { name: string; make: (x: Unit) => Res };

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

function lambdaCode(u: number): Block {
  return new Block(
    [
      "const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');",
      'const client = new DynamoDBClient({});',
      'exports.handler = async (event) => {',
      `  const id = event.pathParameters?.id ?? 'unit-${u}';`,
      '  const out = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: id } } }));',
      "  return { statusCode: out.Item ? 200 : 404, body: JSON.stringify(out.Item ?? { error: 'not found' }) };",
      '};',
    ].join('\n'),
  );
}

const KINDS: Kind[] = [
  {
    name: 'PrimaryHealthCheck',
    make: ({ u }) => ({
      id: `PrimaryHealthCheck${u}`,
      type: 'AWS::Route53::HealthCheck',
      props: {
        HealthCheckConfig: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: sub(`primary-${u}.\${DomainName}`),
          ResourcePath: '/health',
          Port: 443,
          RequestInterval: 30,
          FailureThreshold: 3,
        },
        HealthCheckTags: [{ Key: 'Name', Value: `primary-${u}` }],
      },
    }),
  },
  {
    name: 'FailoverPrimary',
    make: ({ u, has }) => ({
      id: `FailoverPrimary${u}`,
      type: 'AWS::Route53::RecordSet',
      props: {
        HostedZoneId: ref('HostedZoneId'),
        Name: sub(`api-${u}.\${DomainName}`),
        Type: 'CNAME',
        TTL: '60',
        SetIdentifier: `primary-${u}`,
        Failover: 'PRIMARY',
        // Every fifth primary lacks its health check: findings for the routing rules.
        ...(u % 5 === 4 ? {} : { HealthCheckId: ref(has('PrimaryHealthCheck') ?? 'HealthCheckParam') }),
        ResourceRecords: [`primary-${u}.us-east-1.example.com`],
      },
    }),
  },
  {
    name: 'FailoverSecondary',
    make: ({ u, has }) => ({
      id: `FailoverSecondary${u}`,
      type: 'AWS::Route53::RecordSet',
      props: {
        HostedZoneId: ref('HostedZoneId'),
        Name: sub(`api-${u}.\${DomainName}`),
        Type: 'CNAME',
        TTL: u % 7 === 3 ? '3600' : '60',
        SetIdentifier: `secondary-${u}`,
        Failover: 'SECONDARY',
        ...(has('SecondaryHealthCheck') ? { HealthCheckId: ref(has('SecondaryHealthCheck')!) } : {}),
        ResourceRecords: [`secondary-${u}.us-west-2.example.com`],
      },
    }),
  },
  {
    name: 'OrdersTable',
    make: ({ u, v }) => ({
      id: `OrdersTable${u}`,
      type: 'AWS::DynamoDB::GlobalTable',
      editKey: 'TableName',
      props: {
        TableName: `orders-${v}-${u}`,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        ...(u % 4 === 2 ? {} : { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } }),
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [REGIONS[0], REGIONS[1], ...(u % 3 === 0 ? [REGIONS[2]] : [])].map((Region) => ({
          Region,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          Tags: [{ Key: 'app', Value: `orders-${u}` }],
        })),
      },
    }),
  },
  {
    name: 'DataKey',
    make: ({ u }) => ({
      id: `DataKey${u}`,
      type: 'AWS::KMS::Key',
      editKey: 'Description',
      props: {
        Description: `Data key for unit ${u}`,
        EnableKeyRotation: true,
        MultiRegion: u % 3 !== 1,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'EnableRoot',
              Effect: 'Allow',
              Principal: { AWS: sub('arn:aws:iam::${AWS::AccountId}:root') },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        },
      },
    }),
  },
  {
    name: 'AssetsBucket',
    make: ({ u, v, has }) => {
      const role = has('ReplicationRole');
      return {
        id: `AssetsBucket${u}`,
        type: 'AWS::S3::Bucket',
        editKey: 'BucketName',
        props: {
          BucketName: `assets-${v}-${u}-us-east-1`,
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                ServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: has('DataKey') ? getAtt(has('DataKey')!, 'Arn') : sub('arn:aws:kms:${AWS::Region}:${AWS::AccountId}:alias/data'),
                },
              },
            ],
          },
          ReplicationConfiguration: {
            Role: role ? getAtt(role, 'Arn') : sub(`arn:aws:iam::\${AWS::AccountId}:role/s3-replication-${u}`),
            Rules: [
              {
                Id: 'to-secondary',
                Status: 'Enabled',
                Priority: 1,
                Filter: { Prefix: '' },
                ...(u % 4 === 1 ? {} : { DeleteMarkerReplication: { Status: 'Enabled' } }),
                Destination: {
                  Bucket: `arn:aws:s3:::assets-${v}-${u}-us-west-2`,
                  StorageClass: 'STANDARD',
                  ...(u % 3 === 2
                    ? {}
                    : { ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } }, Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } } }),
                },
              },
            ],
          },
        },
      };
    },
  },
  {
    name: 'GlobalDb',
    make: ({ u, v }) => ({
      id: `GlobalDb${u}`,
      type: 'AWS::RDS::GlobalCluster',
      props: {
        GlobalClusterIdentifier: `global-db-${v}-${u}`,
        Engine: 'aurora-postgresql',
        EngineVersion: '15.4',
        StorageEncrypted: true,
        DeletionProtection: true,
      },
    }),
  },
  {
    name: 'DbCluster',
    make: ({ u, has }) => ({
      id: `DbCluster${u}`,
      type: 'AWS::RDS::DBCluster',
      attrs: { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' },
      props: {
        Engine: 'aurora-postgresql',
        EngineVersion: '15.4',
        GlobalClusterIdentifier: has('GlobalDb') ? ref(has('GlobalDb')!) : `global-db-${u}`,
        MasterUsername: iff('IsPrimary', 'dbadmin', noValue),
        ManageMasterUserPassword: iff('IsPrimary', true, noValue),
        ...(u % 2 === 0 ? { EnableGlobalWriteForwarding: true } : {}),
        DBSubnetGroupName: ref('DbSubnetGroup'),
        VpcSecurityGroupIds: [ref('DbSecurityGroup')],
        StorageEncrypted: true,
        KmsKeyId: has('DataKey') ? getAtt(has('DataKey')!, 'Arn') : ref('AWS::NoValue'),
        BackupRetentionPeriod: 7,
      },
    }),
  },
  {
    name: 'AppTargetGroup',
    make: ({ u }) => ({
      id: `AppTargetGroup${u}`,
      type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      editKey: 'Name',
      props: {
        Name: `app-tg-${u}`,
        Port: 8080,
        Protocol: 'HTTP',
        TargetType: 'ip',
        VpcId: ref('VpcId'),
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 15,
        HealthyThresholdCount: 2,
        TargetGroupAttributes: [
          { Key: 'stickiness.enabled', Value: u % 3 === 0 ? 'true' : 'false' },
          { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
        ],
      },
    }),
  },
  {
    name: 'ApiFunction',
    make: ({ u, v, has }) => ({
      id: `ApiFunction${u}`,
      type: 'AWS::Lambda::Function',
      editKey: 'Description',
      props: {
        FunctionName: sub(`\${AWS::StackName}-api-${u}`),
        Description: `Orders API for unit ${u}`,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 10,
        Role: has('AppRole') ? getAtt(has('AppRole')!, 'Arn') : sub(`arn:aws:iam::\${AWS::AccountId}:role/app-${u}`),
        Environment: {
          Variables: {
            TABLE_NAME: has('OrdersTable') ? ref(has('OrdersTable')!) : `orders-${u}`,
            BUCKET: has('AssetsBucket') ? ref(has('AssetsBucket')!) : `assets-${u}`,
            PRIMARY_REGION: ref('PrimaryRegion'),
            SECRET_NAME: `session-${v}-${u}`,
          },
        },
        Code: { ZipFile: lambdaCode(u) },
      },
    }),
  },
  {
    name: 'AppLoadBalancer',
    make: ({ u }) => ({
      id: `AppLoadBalancer${u}`,
      type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      props: {
        Scheme: 'internet-facing',
        Type: 'application',
        Subnets: ref('PublicSubnets'),
        SecurityGroups: [ref('AlbSecurityGroup')],
        LoadBalancerAttributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '60' }],
        Tags: [{ Key: 'unit', Value: String(u) }],
      },
    }),
  },
  {
    name: 'AppListener',
    make: ({ u, has }) => ({
      id: `AppListener${u}`,
      type: 'AWS::ElasticLoadBalancingV2::Listener',
      props: {
        LoadBalancerArn: ref(has('AppLoadBalancer')!),
        Port: 443,
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: ref('CertificateArn') }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: ref(has('AppTargetGroup')!) }],
      },
    }),
  },
  {
    name: 'AppRole',
    make: ({ u }) => ({
      id: `AppRole${u}`,
      type: 'AWS::IAM::Role',
      props: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        Policies: [
          {
            PolicyName: 'orders',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
                  Resource: sub(`arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/orders-${u}`),
                },
              ],
            },
          },
        ],
      },
    }),
  },
  {
    name: 'SecondaryHealthCheck',
    make: ({ u }) => ({
      id: `SecondaryHealthCheck${u}`,
      type: 'AWS::Route53::HealthCheck',
      props: {
        HealthCheckConfig: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: sub(`secondary-${u}.\${DomainName}`),
          ResourcePath: '/health',
          RequestInterval: 30,
          FailureThreshold: 3,
        },
      },
    }),
  },
  ...(['Blue', 'Green'] as const).map(
    (color): Kind => ({
      name: `Weighted${color}`,
      make: ({ u, has }) => ({
        id: `Weighted${color}${u}`,
        type: 'AWS::Route53::RecordSet',
        props: {
          HostedZoneId: ref('HostedZoneId'),
          Name: sub(`www-${u}.\${DomainName}`),
          Type: 'CNAME',
          TTL: '60',
          SetIdentifier: color.toLowerCase(),
          Weight: color === 'Blue' ? 90 : 10,
          HealthCheckId: ref(has(color === 'Blue' ? 'PrimaryHealthCheck' : 'SecondaryHealthCheck')!),
          ResourceRecords: [`${color.toLowerCase()}-${u}.example.com`],
        },
      }),
    }),
  ),
  ...([0, 1] as const).map(
    (r): Kind => ({
      name: `Latency${r}`,
      make: ({ u, has }) => ({
        id: `Latency${r === 0 ? 'UsEast' : 'UsWest'}${u}`,
        type: 'AWS::Route53::RecordSet',
        props: {
          HostedZoneId: ref('HostedZoneId'),
          Name: sub(`app-${u}.\${DomainName}`),
          Type: 'A',
          SetIdentifier: REGIONS[r],
          Region: REGIONS[r],
          AliasTarget:
            r === 0
              ? { DNSName: getAtt(has('AppLoadBalancer')!, 'DNSName'), HostedZoneId: getAtt(has('AppLoadBalancer')!, 'CanonicalHostedZoneID'), EvaluateTargetHealth: true }
              : { DNSName: `app-${u}.us-west-2.elb.amazonaws.com`, HostedZoneId: 'Z1H1FL5HABSF5', EvaluateTargetHealth: u % 2 === 0 },
        },
      }),
    }),
  ),
  {
    name: 'DataKeyAlias',
    make: ({ u, has }) => ({
      id: `DataKeyAlias${u}`,
      type: 'AWS::KMS::Alias',
      props: { AliasName: `alias/data-${u}`, TargetKeyId: ref(has('DataKey')!) },
    }),
  },
  {
    name: 'ReplicationRole',
    make: ({ u, v }) => ({
      id: `ReplicationRole${u}`,
      type: 'AWS::IAM::Role',
      props: {
        AssumeRolePolicyDocument: {
          Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        Policies: [
          {
            PolicyName: 'replicate',
            PolicyDocument: {
              Statement: [
                { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: `arn:aws:s3:::assets-${v}-${u}-us-east-1` },
                { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: `arn:aws:s3:::assets-${v}-${u}-us-west-2/*` },
              ],
            },
          },
        ],
      },
    }),
  },
  {
    name: 'DbInstance',
    make: ({ u, has }) => ({
      id: `DbInstance${u}`,
      type: 'AWS::RDS::DBInstance',
      props: { DBClusterIdentifier: ref(has('DbCluster')!), DBInstanceClass: 'db.r6g.large', Engine: 'aurora-postgresql', PubliclyAccessible: false },
    }),
  },
  {
    name: 'SessionSecret',
    make: ({ u, v }) => ({
      id: `SessionSecret${u}`,
      type: 'AWS::SecretsManager::Secret',
      editKey: 'Description',
      props: {
        Name: `session-${v}-${u}`,
        Description: `Session signing secret ${u}`,
        GenerateSecretString: { PasswordLength: 32, ExcludePunctuation: true },
        ...(u % 2 === 1 ? {} : { ReplicaRegions: [{ Region: REGIONS[1] }] }),
      },
    }),
  },
  {
    name: 'SessionCache',
    make: ({ u }) => ({
      id: `SessionCache${u}`,
      type: 'AWS::ElastiCache::ReplicationGroup',
      props: {
        ReplicationGroupDescription: `Session cache ${u}`,
        Engine: 'redis',
        CacheNodeType: 'cache.r6g.large',
        NumCacheClusters: 2,
        AutomaticFailoverEnabled: true,
        CacheSubnetGroupName: ref('CacheSubnetGroup'),
      },
    }),
  },
];

export const RESOURCES_PER_UNIT = KINDS.length;
const KIND_INDEX = new Map(KINDS.map((k, i) => [k.name, i]));

function resources(count: number, variant: number): Res[] {
  const out: Res[] = [];
  for (let i = 0; i < count; i++) {
    const u = Math.floor(i / KINDS.length);
    const unit: Unit = {
      u,
      v: variant,
      has: (kind) => {
        const k = KIND_INDEX.get(kind);
        return k !== undefined && u * KINDS.length + k < count ? `${kind}${u}` : undefined;
      },
    };
    out.push(KINDS[i % KINDS.length].make(unit));
  }
  return out;
}

function template(count: number, variant: number): { doc: { [key: string]: Val }; res: Res[] } {
  const res = resources(count, variant);
  const Resources: { [key: string]: Val } = {};
  for (const r of res) Resources[r.id] = { Type: r.type, ...(r.attrs ?? {}), Properties: r.props };
  const outputs: { [key: string]: Val } = {};
  for (const r of res.filter((x) => x.type === 'AWS::DynamoDB::GlobalTable' || x.type === 'AWS::Lambda::Function').slice(0, 20)) {
    outputs[`${r.id}Name`] = { Description: `Name of ${r.id}`, Value: ref(r.id), Export: { Name: sub(`\${AWS::StackName}-${r.id}`) } };
  }
  const doc: { [key: string]: Val } = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Generated multi-region benchmark template with ${count} resources variant ${variant}`,
    Parameters: {
      DomainName: { Type: 'String', Default: `app${variant}.example.com` },
      HostedZoneId: { Type: 'AWS::Route53::HostedZone::Id' },
      PrimaryRegion: { Type: 'String', Default: 'us-east-1', AllowedValues: REGIONS },
      VpcId: { Type: 'AWS::EC2::VPC::Id' },
      PublicSubnets: { Type: 'List<AWS::EC2::Subnet::Id>' },
      AlbSecurityGroup: { Type: 'AWS::EC2::SecurityGroup::Id' },
      DbSecurityGroup: { Type: 'AWS::EC2::SecurityGroup::Id' },
      DbSubnetGroup: { Type: 'String' },
      CacheSubnetGroup: { Type: 'String' },
      CertificateArn: { Type: 'String' },
      HealthCheckParam: { Type: 'String', Default: '' },
    },
    Conditions: {
      IsPrimary: equals(ref('AWS::Region'), ref('PrimaryRegion')),
    },
    Resources,
    ...(Object.keys(outputs).length ? { Outputs: outputs } : {}),
  };
  return { doc, res };
}

// ---- Emitters ----

const PLAIN = /^[A-Za-z_/][A-Za-z0-9 _./:@*-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|null|y|n|~)$/i;

function scalarYaml(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  if (PLAIN.test(v) && !RESERVED.test(v) && !v.endsWith(' ') && !v.includes(': ') && !v.includes(' #') && !v.endsWith(':')) return v;
  return `'${v.replace(/'/g, "''")}'`;
}

function flowYaml(v: Val): string {
  if (v instanceof Tag) return `!${v.name} ${v.flow || Array.isArray(v.value) ? flowYaml(v.value) : flowYaml(v.value)}`;
  if (Array.isArray(v)) return `[${v.map(flowYaml).join(', ')}]`;
  if (v instanceof Block) return JSON.stringify(v.text);
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}: ${flowYaml(x)}`).join(', ')}}`;
  return scalarYaml(v);
}

function isInline(v: Val): boolean {
  if (v instanceof Tag) return v.flow || !(typeof v.value === 'object' && !(v.value instanceof Block));
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Block) return false;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return true;
}

/** Appends `lead value` lines at `indent`; `lead` is `Key: ` or `- `. */
function emitYaml(out: string[], indent: string, lead: string, v: Val): void {
  if (isInline(v)) {
    out.push(`${indent}${lead}${Array.isArray(v) ? '[]' : typeof v === 'object' && !(v instanceof Tag) ? '{}' : flowYaml(v)}`);
  } else if (v instanceof Block) {
    out.push(`${indent}${lead}|`);
    for (const line of v.text.split('\n')) out.push(`${indent}  ${line}`);
  } else if (v instanceof Tag) {
    out.push(`${indent}${lead}!${v.name}`);
    emitBody(out, `${indent}  `, v.value);
  } else {
    out.push(`${indent}${lead}`.trimEnd());
    emitBody(out, `${indent}  `, v);
  }
}

function isPlainMap(v: Val): v is { [key: string]: Val } {
  return typeof v === 'object' && !Array.isArray(v) && !(v instanceof Tag) && !(v instanceof Block);
}

function emitBody(out: string[], indent: string, v: Val): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isPlainMap(item) && !isInline(item)) {
        // `- Key: value` with the rest of the mapping aligned under the first key.
        const sub: string[] = [];
        for (const [k, x] of Object.entries(item)) emitYaml(sub, `${indent}  `, `${k}: `, x);
        sub[0] = `${indent}- ${sub[0].slice(indent.length + 2)}`;
        out.push(...sub);
      } else {
        emitYaml(out, indent, '- ', item);
      }
    }
  } else if (isPlainMap(v)) {
    for (const [k, x] of Object.entries(v)) emitYaml(out, indent, `${k}: `, x);
  } else {
    emitYaml(out, indent, '', v);
  }
}

const LONG: Record<string, string> = { Ref: 'Ref', Condition: 'Condition' };

function toJson(v: Val): unknown {
  if (v instanceof Tag) {
    if (v.name === 'GetAtt' && typeof v.value === 'string') {
      const dot = v.value.indexOf('.');
      return { 'Fn::GetAtt': [v.value.slice(0, dot), v.value.slice(dot + 1)] };
    }
    return { [LONG[v.name] ?? `Fn::${v.name}`]: toJson(v.value) };
  }
  if (v instanceof Block) return v.text;
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

/** A template of exactly `count` resources. */
export function generateTemplate(count: number, options: GenerateOptions = {}): GeneratedTemplate {
  const format = options.format ?? 'yaml';
  const variant = options.variant ?? 0;
  const { doc, res } = template(count, variant);
  let text: string;
  if (format === 'json') {
    text = `${JSON.stringify(toJson(doc), null, 2)}\n`;
  } else {
    const lines: string[] = [];
    for (const [k, x] of Object.entries(doc)) {
      if (k !== 'Resources' || !isPlainMap(x)) {
        emitYaml(lines, '', `${k}: `, x);
        continue;
      }
      // A blank line between resources, as people write them.
      lines.push('Resources:');
      Object.entries(x).forEach(([id, def], i) => {
        if (i > 0) lines.push('');
        emitYaml(lines, '  ', `${id}: `, def);
      });
    }
    text = `${lines.join('\n')}\n`;
  }
  const types: Record<string, number> = {};
  for (const r of res) types[r.type] = (types[r.type] ?? 0) + 1;
  return { text, format, resourceCount: res.length, types, edit: findEditTarget(text, format, res) };
}

/** The editable property of the resource nearest the middle (or the template Description if none has one). */
function findEditTarget(text: string, format: TemplateFormat, res: Res[]): EditTarget {
  const mid = Math.floor(res.length / 2);
  let pick = -1;
  for (let d = 0; d < res.length && pick < 0; d++) {
    for (const i of [mid - d, mid + d]) if (i >= 0 && i < res.length && res[i].editKey && pick < 0) pick = i;
  }
  const r = pick >= 0 ? res[pick] : undefined;
  const key = r?.editKey ?? 'Description';
  const head = !r ? '' : format === 'json' ? `\n    "${r.id}": {` : `\n  ${r.id}:\n`;
  const at = text.indexOf(head);
  const keyText = format === 'json' ? `"${key}": "` : r ? `      ${key}: ` : `\n${key}: `;
  const keyAt = text.indexOf(keyText, at) + (keyText.startsWith('\n') ? 1 : 0);
  if (at < 0 || keyAt < 0) throw new Error(`edit target ${r?.id ?? 'template'}.${key} not found`);
  const lineStart = text.lastIndexOf('\n', keyAt) + 1;
  const lineEnd = text.indexOf('\n', keyAt);
  const valueEnd = format === 'json' ? text.lastIndexOf('"', lineEnd) : lineEnd;
  const line = text.slice(lineStart, lineEnd);
  return { logicalId: r?.id ?? '', key, resourceIndex: pick, valueEnd, lineStart, indent: line.slice(0, line.length - line.trimStart().length) };
}
