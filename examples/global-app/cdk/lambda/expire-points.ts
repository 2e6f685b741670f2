// The nightly job (LoyaltyDataStack's ExpirePointsFn, us-east-1 only): points not used for a year
// expire. The table's name comes from the environment: TABLE_NAME is `table.tableName` in CDK.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';

// Correct: the Region the function runs in.
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));

const TABLE_NAME = process.env.TABLE_NAME!;
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export async function handler(): Promise<{ expired: number }> {
  const cutoff = new Date(Date.now() - YEAR_MS).toISOString();
  let expired = 0;
  const pages = paginateScan(
    { client: ddb },
    {
      TableName: TABLE_NAME,
      FilterExpression: 'pointBalance > :zero AND lastActiveAt < :cutoff',
      ExpressionAttributeValues: { ':zero': 0, ':cutoff': cutoff },
      ProjectionExpression: 'memberId',
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      // Flaw: the reset has no condition. Points credited after the scan read this member (here,
      // or in eu-west-1 and replicated since) are wiped out with the old ones. Add
      // ConditionExpression 'lastActiveAt < :cutoff', so that a member active since is skipped.
      await ddb.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: { memberId: item.memberId },
          UpdateExpression: 'SET pointBalance = :zero, expiredAt = :now',
          ExpressionAttributeValues: { ':zero': 0, ':now': new Date().toISOString() },
        }),
      );
      expired++;
    }
  }
  return { expired };
}
