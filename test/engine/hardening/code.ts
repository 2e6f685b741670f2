// Generated TypeScript for the property tests: CDK stacks and AWS SDK calls whose arguments are
// expressions of any shape (literals where objects are expected, spreads, calls, conditionals,
// template literals, references to names that are or are not declared, `this`, `process.env`),
// the inputs the CDK and SDK evaluators must read without throwing.
import fc from 'fast-check';

const IDS = ['x0', 'x1', 'x2', 'props', 'undefined', 'null', 'this', 'id', 'zone', 'table', 'fn', 'ddb', 'REGION', 'constructor', '__proto__'];
const KEYS = ['region', 'failover', 'healthCheck', 'healthCheckId', 'setIdentifier', 'recordName', 'ttl', 'zone', 'target', 'weight', 'replicas', 'tableName', 'TableName', 'Item', 'Key', 'ConditionExpression', 'UpdateExpression', 'ExpressionAttributeValues', 'env', 'evaluateTargetHealth', 'domainName', 'fqdn', 'type', 'billing', 'partitionKey', 'stream', 'replicationRules', 'destination', 'encryption', 'toString', 'constructor', "'quoted-key'", '[x0]', '0'];
const STRINGS = ["'us-east-1'", "'eu-west-1'", "'PRIMARY'", "'SECONDARY'", "'not-a-region'", "''", "'attribute_not_exists(pk)'", "'SET #n = #n + :one'", "'orders'", "'${x}'", '`${x0}-${REGION}`', '`us-${"east"}-1`', "'\\u202E'", "'</script>'"];

const { expr } = fc.letrec<{ expr: string; object: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: fc.constantFrom(...STRINGS) },
    fc.constantFrom(...IDS),
    fc.integer({ min: -1, max: 100_000 }).map(String),
    fc.constantFrom('true', 'false', 'process.env.AWS_REGION', 'process.env.TABLE', 'cdk.Aws.REGION', 'Stack.of(this).region', 'route53.Failover.PRIMARY', 'dynamodb.Billing.onDemand()', 'cdk.Duration.minutes(5)', 'new Date()', '[]', '{}', '...'),
    tie('object'),
    fc.array(tie('expr'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a} + ${b}`),
    fc.tuple(fc.constantFrom('f', 'cdk.Duration.seconds', 'route53.RecordTarget.fromAlias', 'new route53.HealthCheck', 'String', 'JSON.parse', 'x0.map'), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('expr'), fc.constantFrom('region', 'tableName', 'env', '0', 'length')).map(([a, k]) => `(${a}).${k}`),
    tie('expr').map((a) => `\`t-\${${a}}\``),
    tie('expr').map((a) => `(${a}) as any`),
    tie('expr').map((a) => `() => ${a}`),
  ),
  object: fc.array(fc.oneof(fc.tuple(fc.constantFrom(...KEYS), tie('expr')).map(([k, v]) => `${k}: ${v}`), tie('expr').map((e) => `...${e}`), fc.constantFrom(...KEYS.filter((k) => /^[a-z]/.test(k)))), { maxLength: 5 }).map((ps) => `{ ${ps.join(', ')} }`),
}));

const CONSTRUCTS = ['route53.CfnRecordSet', 'route53.ARecord', 'route53.CnameRecord', 'route53.HealthCheck', 'dynamodb.TableV2', 'dynamodb.CfnGlobalTable', 'dynamodb.Table', 's3.Bucket', 's3.CfnBucket', 'lambda.Function', 'kms.Key', 'rds.DatabaseCluster', 'cdk.Stack', 'AppStack', 'Unknown'];

const statement: fc.Arbitrary<string> = fc.oneof(
  // Shapes the rules report on, with a hole for an expression: a global table and writes to it,
  // a failover record, a client with a Region.
  expr.map((e) => `new dynamodb.TableV2(this, 'Orders', { tableName: 'orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, replicas: [{ region: ${e} }] });`),
  fc.tuple(fc.constantFrom('PutCommand', 'UpdateCommand'), expr).map(([c, e]) => `await ddb.send(new ${c}({ TableName: 'orders', Item: { pk: ${e}, n: 1 }, Key: { pk: 'a' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': ${e} } }));`),
  expr.map((e) => `new route53.CfnRecordSet(this, 'Primary', { name: 'api.example.com.', type: 'A', setIdentifier: 'p', failover: 'PRIMARY', healthCheckId: ${e}, resourceRecords: ['192.0.2.1'] });`),
  fc.constantFrom("const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));", "new route53.CfnRecordSet(this, 'Secondary', { name: 'api.example.com.', type: 'A', setIdentifier: 's', failover: 'SECONDARY', resourceRecords: ['192.0.2.2'] });"),
  fc.tuple(fc.constantFrom(...CONSTRUCTS), fc.constantFrom("'R'", "'R'", 'id', 'x0', "''"), expr).map(([c, id, p]) => `new ${c}(this, ${id}, ${p});`),
  fc.tuple(fc.constantFrom('x0', 'x1', 'x2', 'table', 'zone'), expr).map(([n, e]) => `const ${n} = ${e};`),
  expr.map((e) => `const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: ${e} }));`),
  fc.tuple(fc.constantFrom('PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand', 'PutItemCommand'), expr).map(([c, p]) => `await ddb.send(new ${c}(${p}));`),
  fc.tuple(fc.constantFrom('put', 'update', 'delete', 'batchWrite'), expr).map(([m, p]) => `await docClient.${m}(${p}).promise();`),
  expr.map((e) => `sessions[${e}] = ${e};`),
  expr.map((e) => `fs.writeFileSync('/tmp/state.json', ${e});`),
  expr.map((e) => `if (${e}) { new s3.Bucket(this, 'B', ${e}); }`),
  expr.map((e) => `for (const r of ${e}) new dynamodb.TableV2(this, r, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, replicas: [{ region: r }] });`),
);

const HEADER = `import * as cdk from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as fs from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand, DeleteCommand, BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
const REGION = 'us-east-1';
const sessions: Record<string, unknown> = {};
function f(...a: any[]): any { return a[0]; }
`;

/** A generated CDK/SDK file: top-level statements, a stack class whose constructor holds more, and an app. */
export const generatedCodeArb: fc.Arbitrary<{ file: string; text: string }> = fc
  .tuple(fc.array(statement, { maxLength: 4 }), fc.array(statement, { minLength: 1, maxLength: 8 }), expr, fc.constantFrom('lib/stack.ts', 'src/handler.ts', 'bin/app.js'))
  .map(([top, body, env, file]) => ({
    file,
    text: `${HEADER}${top.join('\n')}
export class AppStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    ${body.join('\n    ')}
  }
}
export async function handler(event: any) {
  ${top.join('\n  ')}
}
const app = new cdk.App();
new AppStack(app, 'Primary', { env: ${env} });
new AppStack(app, 'Secondary', { env: { region: 'eu-west-1' } });
`,
  }));
