// The members API (LoyaltyApiStack's MembersFn). It runs in us-east-1 and in eu-west-1, and
// writes to its own Region's replica of the global-app-loyalty global table.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

// Correct: the client uses the Region the function runs in, so each Region writes its own replica.
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));

// Flaw: a hard-coded Region. The standby's function also sends its events to us-east-1, so when
// us-east-1 is down, every call in eu-west-1 fails here too. Use process.env.AWS_REGION.
const bus = new EventBridgeClient({ region: 'us-east-1' });

const TABLE = process.env.MEMBERS_TABLE;

interface Member {
  memberId: string;
  emailAddress: string;
  memberTier: 'green' | 'gold';
  pointBalance: number;
  version: number;
}

interface Request {
  action: 'enroll' | 'profile' | 'preferences' | 'earn' | 'get';
  memberId: string;
  email?: string;
  tier?: Member['memberTier'];
  version?: number;
  preferences?: Record<string, boolean>;
  points?: number;
}

// Correct: a create that fails if the member exists, whichever Region created it first.
async function enroll(memberId: string, email: string): Promise<void> {
  await ddb.send(
    new PutCommand({
      TableName: TABLE,
      Item: { memberId, emailAddress: email, memberTier: 'green', pointBalance: 0, lastActiveAt: new Date().toISOString(), version: 1 },
      ConditionExpression: 'attribute_not_exists(memberId)',
    }),
  );
}

// Correct: optimistic locking. The update applies only to the version the caller read; a
// concurrent change (in this Region, or replicated from the other) makes it fail, and the caller
// reads again.
async function updateProfile(memberId: string, email: string, tier: Member['memberTier'], version: number): Promise<void> {
  await ddb.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: { memberId },
      UpdateExpression: 'SET emailAddress = :email, memberTier = :tier, #v = :next',
      ConditionExpression: '#v = :expected',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':email': email, ':tier': tier, ':expected': version, ':next': version + 1 },
    }),
  );
}

// Flaw: an unconditional put replaces the whole item, from a copy read a moment ago. If the
// member's profile or points change in the other Region at about the same time, last writer wins
// and that change is lost. Add ConditionExpression '#v = :expected' (the version read), like
// updateProfile.
async function savePreferences(member: Member, preferences: Record<string, boolean>): Promise<void> {
  await ddb.send(new PutCommand({ TableName: TABLE, Item: { ...member, preferences, version: member.version + 1 } }));
}

// Flaw: an increment on a global table. Two purchases credited at the same time in two Regions
// each add to the value they see, and one of the increments is lost when the replicas reconcile.
// The condition only checks that the member exists. Keep a ledger of credits instead (one item
// per purchase, keyed by its id), or check a version.
async function earnPoints(memberId: string, points: number): Promise<void> {
  await ddb.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: { memberId },
      UpdateExpression: 'ADD pointBalance :earned SET lastActiveAt = :now',
      ConditionExpression: 'attribute_exists(memberId)',
      ExpressionAttributeValues: { ':earned': points, ':now': new Date().toISOString() },
    }),
  );
  await bus.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: process.env.EVENT_BUS_NAME, Source: 'global-app.loyalty', DetailType: 'PointsEarned', Detail: JSON.stringify({ memberId, points }) }],
    }),
  );
}

export async function handler(event: { body?: string }): Promise<{ statusCode: number; body: string }> {
  const req = JSON.parse(event.body ?? '{}') as Request;
  switch (req.action) {
    case 'enroll':
      await enroll(req.memberId, req.email ?? '');
      break;
    case 'profile':
      await updateProfile(req.memberId, req.email ?? '', req.tier ?? 'green', req.version ?? 0);
      break;
    case 'preferences': {
      const { Item } = await ddb.send(new GetCommand({ TableName: TABLE, Key: { memberId: req.memberId } }));
      if (!Item) return { statusCode: 404, body: '{}' };
      await savePreferences(Item as Member, req.preferences ?? {});
      break;
    }
    case 'earn':
      await earnPoints(req.memberId, req.points ?? 0);
      break;
    default: {
      const { Item } = await ddb.send(new GetCommand({ TableName: TABLE, Key: { memberId: req.memberId } }));
      return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? {}) };
    }
  }
  return { statusCode: 200, body: '{}' };
}
