#!/usr/bin/env node
// The loyalty service of global-app, as a CDK app. It follows the same plan as the CloudFormation
// part: us-east-1 serves, eu-west-1 is the warm standby, and Route 53 fails over between them.
import * as cdk from 'aws-cdk-lib';
import { LoyaltyDnsStack } from '../lib/dns-stack';
import { LoyaltyApiStack, LoyaltyDataStack } from '../lib/loyalty-stack';

const app = new cdk.App();
const account = process.env.CDK_DEFAULT_ACCOUNT;

const PRIMARY = 'us-east-1';
const STANDBY = 'eu-west-1';

// The global table is defined once, in the primary Region; its replica lives in the standby.
const data = new LoyaltyDataStack(app, 'LoyaltyData', { env: { account, region: PRIMARY } });

// Correct: one stack class for both Regions, so the standby runs exactly the code the primary runs.
for (const region of [PRIMARY, STANDBY]) {
  const api = new LoyaltyApiStack(app, `LoyaltyApi-${region}`, { env: { account, region } });
  api.addDependency(data); // the API finds the table by name: deploy the table first
}

// Route 53 is a global service; its stack lives in us-east-1, like global/dns.yaml.
new LoyaltyDnsStack(app, 'LoyaltyDns', { env: { account, region: PRIMARY } });
