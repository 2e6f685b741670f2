// Generates the benchmark's code workspace: a CDK app (one stack class of about 1,000 lines with
// DynamoDB TableV2/Table global tables, S3 buckets, Lambda functions wired to the tables by
// environment, ALB target groups, and Route 53 failover pairs with health checks) instantiated in
// two regions by a small bin/app.ts; a service of about 1,000 lines of AWS SDK v3 code (an express
// app, clients, DynamoDB writes through lib-dynamodb and the low-level client, some conditional,
// some not, counters, batches, transactions) whose tables the Lambda environment names; and a
// CloudFormation global table that the service writes by its literal name. So the readers, the
// cross-file linking (stack regions from bin/app.ts, writes to tables through environment
// variables and table names) and the rules all have work to do.
// Deterministic: the same options give the same text. No engine imports.

export interface CodeEditTarget {
  /** What is edited, in words. */
  what: string;
  /** Offset inside a string literal: typing inserts here. */
  pos: number;
  /** 0-based line of `pos`. */
  line: number;
}

export interface GeneratedCodeFile {
  file: string;
  text: string;
  lines: number;
  /** Present on the two large files that the edit benchmark types into. */
  edit?: CodeEditTarget;
}

export interface GeneratedCodeWorkspace {
  /** lib/app-stack.ts: the ~1,000-line stack class. */
  stack: GeneratedCodeFile;
  /** services/orders/src/handler.ts: the ~1,000-line SDK service. */
  service: GeneratedCodeFile;
  /** bin/app.ts: instantiates the stack in two regions. */
  app: GeneratedCodeFile;
  /** infra/audit.yaml: a CloudFormation global table the service writes by name. */
  template: GeneratedCodeFile;
  /** Every file, in workspace order. */
  files: GeneratedCodeFile[];
  /** Domain units in each large file. */
  units: { stack: number; service: number };
  /** Constructs the stack class creates, by kind. */
  constructs: Record<string, number>;
}

export interface GenerateCodeOptions {
  /** Lines per large file, to within half a domain unit (about 40 lines). Default 1,000. */
  lines?: number;
}

export const STACK_FILE = 'cdk/lib/app-stack.ts';
export const APP_FILE = 'cdk/bin/app.ts';
export const SERVICE_FILE = 'services/orders/src/handler.ts';
export const TEMPLATE_FILE = 'infra/audit.yaml';
export const REGIONS = ['us-east-1', 'us-west-2'] as const;

const DOMAINS = ['orders', 'carts', 'payments', 'inventory', 'customers', 'shipments', 'invoices', 'reviews', 'wishlists', 'coupons', 'returns', 'catalog', 'pricing', 'loyalty', 'notifications', 'subscriptions', 'warehouses', 'suppliers', 'refunds', 'sessions'];

interface Unit {
  i: number;
  /** `orders`, `orders2` when the list wraps. */
  name: string;
  /** camelCase prefix for variables. */
  v: string;
  /** PascalCase prefix for construct ids. */
  id: string;
  /** ENV prefix: ORDERS -> ORDERS_TABLE, ORDERS_BUCKET. */
  env: string;
}

function unit(i: number): Unit {
  const base = DOMAINS[i % DOMAINS.length];
  const name = i < DOMAINS.length ? base : `${base}${Math.floor(i / DOMAINS.length) + 1}`;
  return { i, name, v: name, id: name[0].toUpperCase() + name.slice(1), env: name.toUpperCase() };
}

const lineCount = (s: string) => s.split('\n').length - (s.endsWith('\n') ? 1 : 0);

/** Adds whole units between head and tail while that brings the file's line count nearer to `lines`. */
function assemble(head: string, tail: string, unitText: (u: Unit) => string, lines: number): { text: string; units: number } {
  const parts: string[] = [];
  let total = lineCount(head) + lineCount(tail);
  for (let i = 0; ; i++) {
    const t = unitText(unit(i));
    const next = total + lineCount(t);
    if (i > 0 && Math.abs(next - lines) >= Math.abs(total - lines)) break;
    parts.push(t);
    total = next;
  }
  return { text: head + parts.join('') + tail, units: parts.length };
}

/** The offset just after `marker` in the middle unit's text (the marker must be unique to that unit). */
function editAt(text: string, marker: string, what: string): CodeEditTarget {
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + 1) >= 0) throw new Error(`edit marker ${JSON.stringify(marker)} not found exactly once`);
  const pos = at + marker.length;
  return { what, pos, line: lineCount(text.slice(0, pos)) - (text[pos - 1] === '\n' ? 0 : 1) };
}

// ---------------------------------------------------------------- the CDK stack

const STACK_HEAD = `// The application stack, deployed once per region by bin/app.ts. Each domain gets a global table,
// an assets bucket, a Lambda function wired to both by environment, a target group for the
// container service, and a failover pair of records with health checks.
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface AppStackProps extends StackProps {
  /** 'primary' in the home region, 'secondary' in the standby region. */
  readonly role: 'primary' | 'secondary';
  readonly domainName: string;
}

const SERVICE_CODE = path.join(__dirname, '../../services/orders/dist');

export class AppStack extends Stack {
  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);

    const vpc = ec2.Vpc.fromLookup(this, 'Vpc', { tags: { tier: 'shared' } });
    const zone = route53.HostedZone.fromLookup(this, 'Zone', { domainName: 'example.com' });
    const logs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
`;

const STACK_TAIL = `  }
}
`;

function stackUnit(u: Unit): string {
  const { i, name, v, id, env } = u;
  // Every fourth domain uses the older dynamodb.Table with replicationRegions.
  const table =
    i % 4 === 3
      ? `    const ${v}Table = new dynamodb.Table(this, '${id}Table', {
      tableName: '${name}-table',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      replicationRegions: ['${REGIONS[1]}'],
      pointInTimeRecovery: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
`
      : `    const ${v}Table = new dynamodb.TableV2(this, '${id}Table', {
      tableName: '${name}-table',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      replicas: [{ region: '${REGIONS[1]}', contributorInsights: true }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
`;
  return `
    // ---- ${name}
${table}    const ${v}Bucket = new s3.Bucket(this, '${id}Assets', {
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: '${name}/',
      lifecycleRules: [{ id: '${name}-noncurrent', noncurrentVersionExpiration: Duration.days(30) }],
    });
    const ${v}Fn = new lambda.Function(this, '${id}Fn', {
      functionName: \`${name}-api-\${props.role}\`,
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'handler.${v}Handler',
      code: lambda.Code.fromAsset(SERVICE_CODE),
      memorySize: ${512 + (i % 3) * 256},
      timeout: Duration.seconds(${10 + (i % 4) * 5}),
      environment: {
        ${env}_TABLE: ${v}Table.tableName,
        ${env}_BUCKET: ${v}Bucket.bucketName,
        POWERTOOLS_SERVICE_NAME: '${name}',
        LOG_LEVEL: 'INFO',
      },
    });
    ${v}Table.grantReadWriteData(${v}Fn);
    ${v}Bucket.grantReadWrite(${v}Fn);
    new elbv2.ApplicationTargetGroup(this, '${id}Targets', {
      vpc,
      port: ${8080 + i},
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      healthCheck: { path: '/${name}/health', interval: Duration.seconds(15), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(30),
    });
    const ${v}PrimaryHealth = new route53.HealthCheck(this, '${id}PrimaryHealth', {
      type: route53.HealthCheckType.HTTPS,
      fqdn: '${name}.${REGIONS[0]}.example.com',
      resourcePath: '/${name}/health',
      requestInterval: Duration.seconds(10),
      failureThreshold: 3,
    });
    const ${v}SecondaryHealth = new route53.HealthCheck(this, '${id}SecondaryHealth', {
      type: route53.HealthCheckType.HTTPS,
      fqdn: '${name}.${REGIONS[1]}.example.com',
      resourcePath: '/${name}/health',
      requestInterval: Duration.seconds(10),
      failureThreshold: 3,
    });
    new route53.CnameRecord(this, '${id}Primary', {
      zone,
      recordName: '${name}',
      domainName: '${name}.${REGIONS[0]}.example.com',
      ttl: Duration.seconds(60),
      failover: route53.Failover.PRIMARY,
      setIdentifier: '${name}-primary',
      healthCheck: ${v}PrimaryHealth,
    });
    new route53.CnameRecord(this, '${id}Secondary', {
      zone,
      recordName: '${name}',
      domainName: '${name}.${REGIONS[1]}.example.com',
      ttl: Duration.seconds(60),
      failover: route53.Failover.SECONDARY,
      setIdentifier: '${name}-secondary',
      healthCheck: ${v}SecondaryHealth,
    });
`;
}

/** Constructs per stack unit, by kind (the access-logs bucket of the head comes on top). */
const STACK_UNIT_CONSTRUCTS: Record<string, number> = { table: 1, bucket: 1, function: 1, targetGroup: 1, healthCheck: 2, record: 2 };

// ---------------------------------------------------------------- the SDK service

const SERVICE_HEAD = `// The orders service: an express app behind the regional load balancer and the Lambda handlers of
// the same code. Every domain writes to its own global table, named by the Lambda environment.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const region = process.env.AWS_REGION;
const ddb = new DynamoDBClient({ region, maxAttempts: 5 });
const doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
const s3 = new S3Client({ region });
const sqs = new SQSClient({ region });
const AUDIT_TABLE = 'audit-log';
const EVENTS_QUEUE = process.env.EVENTS_QUEUE_URL;

export const app = express();
app.use(express.json({ limit: '256kb' }));

async function audit(action: string, subject: string): Promise<void> {
  // A fresh key per entry: an unconditional put that cannot collide across regions.
  await ddb.send(
    new PutItemCommand({
      TableName: AUDIT_TABLE,
      Item: { pk: { S: randomUUID() }, action: { S: action }, subject: { S: subject }, at: { S: new Date().toISOString() } },
    }),
  );
}

async function publish(type: string, body: unknown): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: EVENTS_QUEUE, MessageBody: JSON.stringify({ type, body }) }));
}
`;

const SERVICE_TAIL = `
app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  res.status(500).json({ message: err.message });
});
`;

function serviceUnit(u: Unit): string {
  const { i, name, v, env } = u;
  const T = `${env}_TABLE`;
  const batch =
    i % 3 === 2
      ? `
export async function ${v}Import(items: { id: string; data: Record<string, unknown> }[]): Promise<void> {
  // Batch writes carry no condition: a bulk load into a global table overwrites concurrent writes.
  for (let start = 0; start < items.length; start += 25) {
    await doc.send(
      new BatchWriteCommand({
        RequestItems: { [${T}]: items.slice(start, start + 25).map((it) => ({ PutRequest: { Item: { pk: \`${name}#\${it.id}\`, sk: 'profile', ...it.data } } })) },
      }),
    );
  }
}
`
      : `
export async function ${v}Transfer(from: string, to: string, amount: number): Promise<void> {
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Update: { ...${v}Key(from), UpdateExpression: 'SET balance = balance - :a', ConditionExpression: 'balance >= :a', ExpressionAttributeValues: { ':a': amount } } },
        { Update: { ...${v}Key(to), UpdateExpression: 'SET balance = balance + :a', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':a': amount } } },
      ],
    }),
  );
}
`;
  return `
// ---- ${name}
const ${T} = process.env.${T}!;
const ${env}_BUCKET = process.env.${env}_BUCKET!;

function ${v}Key(id: string) {
  return { TableName: ${T}, Key: { pk: \`${name}#\${id}\`, sk: 'profile' } };
}

app.get('/${name}/:id', async (req: Request, res: Response) => {
  const out = await doc.send(new GetCommand(${v}Key(req.params.id)));
  if (!out.Item) return res.status(404).json({ message: '${name} not found' });
  return res.json(out.Item);
});

app.put('/${name}/:id', async (req: Request, res: Response) => {
  await doc.send(
    new PutCommand({
      TableName: ${T},
      Item: { pk: \`${name}#\${req.params.id}\`, sk: 'profile', ...req.body, version: 1, updatedAt: new Date().toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  await audit('${name}.create', req.params.id);
  res.status(201).json({ id: req.params.id });
});

app.post('/${name}/:id/status', async (req: Request, res: Response) => {
  const params = {
    ...${v}Key(req.params.id),
    UpdateExpression: 'SET #s = :s, #v = :next, updatedAt = :now',
    ConditionExpression: '#v = :expected',
    ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
    ExpressionAttributeValues: { ':s': req.body.status, ':expected': req.body.version, ':next': req.body.version + 1, ':now': Date.now() },
  };
  await doc.send(new UpdateCommand(params));
  await publish('${name}.status', { id: req.params.id, status: req.body.status });
  res.sendStatus(204);
});

app.post('/${name}/:id/views', async (req: Request, res: Response) => {
  // A counter on a global table: concurrent increments in two regions lose updates.
  await ddb.send(
    new UpdateItemCommand({
      TableName: ${T},
      Key: { pk: { S: \`${name}#\${req.params.id}\` }, sk: { S: 'stats' } },
      UpdateExpression: 'ADD #views :one',
      ExpressionAttributeNames: { '#views': 'views' },
      ExpressionAttributeValues: { ':one': { N: '1' } },
    }),
  );
  res.sendStatus(204);
});

app.patch('/${name}/:id', async (req: Request, res: Response) => {
  // Last writer wins: no condition on the version.
  await doc.send(new PutCommand({ TableName: ${T}, Item: { pk: \`${name}#\${req.params.id}\`, sk: 'profile', ...req.body } }));
  res.sendStatus(204);
});

app.delete('/${name}/:id', async (req: Request, res: Response) => {
  await doc.send(new DeleteCommand({ ...${v}Key(req.params.id), ConditionExpression: 'attribute_exists(pk)' }));
  await s3.send(new PutObjectCommand({ Bucket: ${env}_BUCKET, Key: \`tombstones/\${req.params.id}.json\`, Body: JSON.stringify({ deletedAt: Date.now() }) }));
  res.sendStatus(204);
});
${batch}`;
}

// ---------------------------------------------------------------- bin/app.ts and the template

const APP = `#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib';
import { AppStack } from '../lib/app-stack';

const app = new cdk.App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
new AppStack(app, 'AppPrimary', { env: { account, region: '${REGIONS[0]}' }, role: 'primary', domainName: 'example.com' });
new AppStack(app, 'AppSecondary', { env: { account, region: '${REGIONS[1]}' }, role: 'secondary', domainName: 'example.com' });
`;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Description: Audit log shared by every service, replicated to both regions.
Resources:
  AuditLog:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      TableName: audit-log
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
      StreamSpecification:
        StreamViewType: NEW_AND_OLD_IMAGES
      Replicas:
        - Region: ${REGIONS[0]}
          PointInTimeRecoverySpecification:
            PointInTimeRecoveryEnabled: true
        - Region: ${REGIONS[1]}
          PointInTimeRecoverySpecification:
            PointInTimeRecoveryEnabled: true
`;

function file(path: string, text: string, edit?: CodeEditTarget): GeneratedCodeFile {
  return { file: path, text, lines: lineCount(text), ...(edit ? { edit } : {}) };
}

/** The code workspace: the two large files, bin/app.ts and the template. */
export function generateCodeWorkspace(options: GenerateCodeOptions = {}): GeneratedCodeWorkspace {
  const lines = options.lines ?? 1000;
  const stack = assemble(STACK_HEAD, STACK_TAIL, stackUnit, lines);
  const service = assemble(SERVICE_HEAD, SERVICE_TAIL, serviceUnit, lines);
  // Typing goes into a string literal of the middle unit: the primary health check's domain name
  // (a value the failover rules read) and the sort key of an unconditional put (a value of a write).
  const midStack = unit(Math.floor(stack.units / 2));
  const midService = unit(Math.floor(service.units / 2));
  const stackEdit = editAt(stack.text, `fqdn: '${midStack.name}.${REGIONS[0].slice(0, 4)}`, `${midStack.id}PrimaryHealth fqdn '${midStack.name}.${REGIONS[0]}.example.com' (unit ${midStack.i + 1} of ${stack.units})`);
  const serviceMarker = `app.patch('/${midService.name}/:id'`;
  const patchAt = service.text.indexOf(serviceMarker);
  const skAt = service.text.indexOf(`sk: 'prof`, patchAt) + `sk: 'prof`.length;
  if (patchAt < 0 || skAt < patchAt) throw new Error('service edit target not found');
  const serviceEdit: CodeEditTarget = { what: `sort key 'profile' of the unconditional PutCommand in PATCH /${midService.name}/:id (unit ${midService.i + 1} of ${service.units})`, pos: skAt, line: lineCount(service.text.slice(0, skAt)) - 1 };
  const constructs: Record<string, number> = {};
  for (const [k, n] of Object.entries(STACK_UNIT_CONSTRUCTS)) constructs[k] = n * stack.units;
  constructs.bucket += 1;
  const out: GeneratedCodeWorkspace = {
    stack: file(STACK_FILE, stack.text, stackEdit),
    service: file(SERVICE_FILE, service.text, serviceEdit),
    app: file(APP_FILE, APP),
    template: file(TEMPLATE_FILE, TEMPLATE),
    files: [],
    units: { stack: stack.units, service: service.units },
    constructs,
  };
  out.files = [out.app, out.stack, out.service, out.template];
  return out;
}
