// `--fix` end to end, in-process on temporary folders: safe fixes are written, unsafe ones are not,
// broken files are never touched, formatting and line endings survive, and what is left is reported.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { removeTemps, runCli, tempFolder } from './run';

after(removeTemps);

/** A PRIMARY with a long TTL and no partner, and a weighted alias that ignores target health. */
const DNS = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  PrimaryHealth:
    Type: AWS::Route53::HealthCheck
    Properties:
      HealthCheckConfig: { Type: HTTPS, FullyQualifiedDomainName: primary.example.com }
  PrimaryRecord:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: api.example.com.
      Type: A
      SetIdentifier: primary
      Failover: PRIMARY
      HealthCheckId: !Ref PrimaryHealth
      TTL: '300'    # five minutes
      ResourceRecords:
        - 192.0.2.10
  BlueRecord:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: www.example.com.
      Type: A
      SetIdentifier: blue
      Weight: 80
      AliasTarget:
        DNSName: blue-alb-123.us-east-1.elb.amazonaws.com
        HostedZoneId: Z35SXDOTRQ7X7K
        EvaluateTargetHealth: false
`;

/** The same long TTL in a file that does not parse (an unclosed flow sequence further down). */
const BROKEN = DNS.replace('        - 192.0.2.10\n', '        - 192.0.2.10\n      Tags: [unclosed\n');

const CODE = `import { S3Client } from '@aws-sdk/client-s3';

export const s3 = new S3Client({ region: 'eu-west-1' });
`;

const GLOBAL_TABLE_JSON = `{
  "Resources": {
    "Orders": {
      "Type": "AWS::DynamoDB::GlobalTable",
      "Properties": {
        "KeySchema": [{ "AttributeName": "pk", "KeyType": "HASH" }],
        "Replicas": [{ "Region": "us-east-1" }, { "Region": "eu-west-1" }]
      }
    }
  }
}
`;

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

describe('--fix', () => {
  it('writes the safe fixes, keeps formatting, and reports what it fixed and what is left', async () => {
    const ws = tempFolder({ 'dns.yaml': DNS, 'app.ts': CODE, 'tables.json': GLOBAL_TABLE_JSON });
    const run = await runCli(['--fix', '.'], ws);
    const fixed = read(ws, 'dns.yaml');
    assert.equal(fixed, DNS.replace("TTL: '300'", "TTL: '60'").replace('EvaluateTargetHealth: false', 'EvaluateTargetHealth: true'), 'only the two values changed');
    assert.match(read(ws, 'tables.json'), /"Replicas": \[\{ "Region": "us-east-1" \}, \{ "Region": "eu-west-1" \}\],\n {8}"StreamSpecification": \{ "StreamViewType": "NEW_AND_OLD_IMAGES" \}\n/);
    assert.equal(read(ws, 'app.ts'), CODE, 'an unsafe fix (hardcoded-region) is never applied');
    assert.match(run.stdout, /^Fixed 3 problems in 2 files:\n/);
    assert.match(run.stdout, /dns\.yaml:16 {2}failover-ttl-too-high {2}Set the TTL to 60 seconds/);
    assert.match(run.stdout, /dns\.yaml:\d+ {2}alias-without-target-health {2}Set AliasTarget\.EvaluateTargetHealth to true/);
    assert.match(run.stdout, /tables\.json:7 {2}global-table-missing-stream/);
    assert.match(run.stdout, /failover-unpaired/, 'the remaining findings are reported');
    assert.match(run.stdout, /hardcoded-region/);
    assert.doesNotMatch(run.stdout, /failover-ttl-too-high\n|failover-ttl-too-high +warning/);
    assert.equal(run.code, 0, 'only warnings are left');
  });

  it('is idempotent: a second run has nothing to fix and changes nothing', async () => {
    const ws = tempFolder({ 'dns.yaml': DNS });
    await runCli(['--fix'], ws);
    const once = read(ws, 'dns.yaml');
    const again = await runCli(['--fix'], ws);
    assert.match(again.stdout, /^No safe fixes to apply\.\n/);
    assert.equal(read(ws, 'dns.yaml'), once);
  });

  it('never writes a file that has a parse error', async () => {
    const ws = tempFolder({ 'broken.yaml': BROKEN });
    const run = await runCli(['--fix'], ws);
    assert.equal(read(ws, 'broken.yaml'), BROKEN);
    assert.match(run.stdout, /No safe fixes to apply/);
    assert.match(run.stdout, /parse-error/);
    assert.equal(run.code, 1);
  });

  it('keeps CRLF line endings', async () => {
    const crlf = DNS.replace(/\n/g, '\r\n');
    const ws = tempFolder({ 'dns.yaml': crlf });
    await runCli(['--fix'], ws);
    const fixed = read(ws, 'dns.yaml');
    assert.equal(fixed, crlf.replace("TTL: '300'", "TTL: '60'").replace('EvaluateTargetHealth: false', 'EvaluateTargetHealth: true'));
  });

  it('keeps JSON output machine-readable: the fix summary goes to stderr', async () => {
    const ws = tempFolder({ 'dns.yaml': DNS });
    const run = await runCli(['--fix', '--format', 'json'], ws);
    const doc = JSON.parse(run.stdout);
    assert.ok(!doc.findings.some((f: { ruleId: string }) => f.ruleId === 'failover-ttl-too-high'));
    assert.match(run.stderr, /Fixed 2 problems in 1 file/);
  });
});
