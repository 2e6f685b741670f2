// The loyalty service: a DynamoDB global table of members and their points, the API that serves
// them in each Region, and a nightly job that expires old points.
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** The table keeps this name in every Region, so each Region's functions find their local replica by it. */
export const LOYALTY_TABLE_NAME = 'global-app-loyalty';
const STANDBY_REGION = 'eu-west-1';

/** The handlers, compiled by `npm run build` (tsc) from ../lambda into ../dist/lambda. */
const handlers = () => lambda.Code.fromAsset(path.join(__dirname, '..', 'dist', 'lambda'));

/** us-east-1 only: the global table, and the nightly job that works on it. */
export class LoyaltyDataStack extends cdk.Stack {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    // Correct: a TableV2 with a replica in the standby Region. Both replicas take writes
    // (multi-Region eventual consistency), and CDK turns on the stream that replication needs.
    this.table = new dynamodb.TableV2(this, 'Members', {
      tableName: LOYALTY_TABLE_NAME,
      partitionKey: { name: 'memberId', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      replicas: [{ region: STANDBY_REGION }],
    });

    // Points expire after a year. The job runs in us-east-1 only, and gets the table's name by
    // environment, from the construct itself.
    const expirePoints = new lambda.Function(this, 'ExpirePointsFn', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'expire-points.handler',
      code: handlers(),
      timeout: cdk.Duration.minutes(5),
      environment: {
        TABLE_NAME: this.table.tableName,
      },
    });
    this.table.grantReadWriteData(expirePoints);
    new events.Rule(this, 'Nightly', {
      schedule: events.Schedule.cron({ minute: '0', hour: '3' }),
      targets: [new eventsTargets.LambdaFunction(expirePoints)],
    });
  }
}

/** Both Regions: the members API, on the Region's own replica of the table. */
export class LoyaltyApiStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    // The table was created by LoyaltyDataStack in us-east-1. In eu-west-1 its replica has the
    // same name, so a reference by name works in both Regions without a cross-Region reference.
    const table = dynamodb.TableV2.fromTableName(this, 'Members', LOYALTY_TABLE_NAME);

    const members = new lambda.Function(this, 'MembersFn', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'members.handler',
      code: handlers(),
      memorySize: 512,
      timeout: cdk.Duration.seconds(10),
      environment: {
        MEMBERS_TABLE: LOYALTY_TABLE_NAME,
        EVENT_BUS_NAME: 'global-app-events',
      },
    });
    table.grantReadWriteData(members);

    new apigateway.LambdaRestApi(this, 'MembersApi', {
      handler: members,
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
    });
  }
}
