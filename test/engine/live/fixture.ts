// The workspace and the fake account that the live-check tests share: a failover pair and a weighted
// pair in code, and an account whose records drift from them in known ways.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FakeHealthCheck, FakeZone } from '../../support/route53Fake';

export const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ApiHealth:
    Type: AWS::Route53::HealthCheck
    Properties:
      HealthCheckConfig:
        Type: HTTPS
        FullyQualifiedDomainName: api.us-east-1.example.com
        ResourcePath: /healthz
  ApiPrimary:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: api.example.com.
      Type: CNAME
      SetIdentifier: us-east-1
      Failover: PRIMARY
      HealthCheckId: !Ref ApiHealth
      TTL: '60'
      ResourceRecords: [api.us-east-1.example.com]
  ApiSecondary:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: api.example.com.
      Type: CNAME
      SetIdentifier: eu-west-1
      Failover: SECONDARY
      HealthCheckId: hc-secondary
      TTL: '60'
      ResourceRecords: [api.eu-west-1.example.com]
  WebBlue:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: web.example.com.
      Type: A
      SetIdentifier: blue
      Weight: 90
      AliasTarget:
        HostedZoneId: Z35SXDOTRQ7X7K
        DNSName: blue-123.us-east-1.elb.amazonaws.com.
        EvaluateTargetHealth: true
  WebGreen:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: web.example.com.
      Type: A
      SetIdentifier: green
      Weight: 10
      AliasTarget:
        HostedZoneId: Z35SXDOTRQ7X7K
        DNSName: green-456.eu-west-1.elb.amazonaws.com.
        EvaluateTargetHealth: true
  Status:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: status.example.com.
      Type: CNAME
      TTL: '60'
      ResourceRecords: [status.example.net]
  Computed:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: !Sub 'admin.\${AWS::Region}.example.com.'
      Type: CNAME
      TTL: '60'
      ResourceRecords: [admin.example.net]
`;

/** What each code record is expected to be, against `liveZones()`. */
export const EXPECTED = {
  ApiPrimary: 'unhealthy', // its health check fails now
  ApiSecondary: 'drift', // live failover record without a health check (the code's literal id is missing live)
  WebBlue: 'drift', // weight 90 in code, 50 live
  WebGreen: 'drift', // EvaluateTargetHealth false live
  Status: 'missing-live',
} as const;

/** Many filler records first, so the records the tests care about come on later pages. */
export function liveZones(filler = 12): FakeZone[] {
  const records: FakeZone['records'] = [
    { Name: 'example.com.', Type: 'NS', TTL: 172800, Values: ['ns-1.awsdns-01.org.'] },
    { Name: 'example.com.', Type: 'SOA', TTL: 900, Values: ['ns-1.awsdns-01.org. hostmaster.example.com. 1 7200 900 1209600 86400'] },
  ];
  for (let i = 0; i < filler; i++) records.push({ Name: `host${String(i).padStart(2, '0')}.example.com.`, Type: 'A', TTL: 300, Values: [`192.0.2.${i + 1}`] });
  records.push(
    { Name: 'api.example.com.', Type: 'CNAME', SetIdentifier: 'us-east-1', Failover: 'PRIMARY', HealthCheckId: 'hc-primary', TTL: 60, Values: ['api.us-east-1.example.com'] },
    { Name: 'api.example.com.', Type: 'CNAME', SetIdentifier: 'eu-west-1', Failover: 'SECONDARY', TTL: 60, Values: ['api.eu-west-1.example.com'] },
    { Name: 'web.example.com.', Type: 'A', SetIdentifier: 'blue', Weight: 50, AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'blue-123.us-east-1.elb.amazonaws.com', EvaluateTargetHealth: true } },
    { Name: 'web.example.com.', Type: 'A', SetIdentifier: 'green', Weight: 10, AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'green-456.eu-west-1.elb.amazonaws.com', EvaluateTargetHealth: false } },
    { Name: 'web.example.com.', Type: 'A', SetIdentifier: 'canary', Weight: 0, AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'canary.us-east-1.elb.amazonaws.com', EvaluateTargetHealth: true } },
    { Name: '*.example.com.', Type: 'A', TTL: 300, Values: ['192.0.2.200'] },
  );
  return [
    { id: 'ZOTHER1', name: 'other.org', records: [{ Name: 'other.org.', Type: 'NS', TTL: 1, Values: ['ns.'] }] },
    { id: 'ZEXAMPLE1', name: 'example.com.', records },
    { id: 'ZINTERNAL', name: 'internal.example.com', private: true, records: [] },
    { id: 'ZZZLAST', name: 'zzz.test', records: [] },
  ];
}

export function liveHealthChecks(extra = 3): FakeHealthCheck[] {
  const checks: FakeHealthCheck[] = [];
  for (let i = 0; i < extra; i++) checks.push({ id: `hc-other-${i}`, type: 'HTTP', fqdn: `other${i}.example.org`, observations: [{ region: 'us-east-1', status: 'Success: HTTP Status Code 200, OK' }] });
  checks.push({
    id: 'hc-primary',
    type: 'HTTPS',
    fqdn: 'api.us-east-1.example.com',
    port: 443,
    path: '/healthz',
    observations: ['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'].map((region) => ({ region, status: 'Failure: HTTP Status Code 503, Service Unavailable' })),
  });
  return checks;
}

export const FAKE_KEY_ID = 'AKIAFAKEKEYFORTESTS7';
export const FAKE_SECRET = 'fAkeSecretKey/NeverLogMe+0123456789abcdEF';
export const FAKE_TOKEN = 'FwoFakeSessionTokenNeverLogMeEither//0123456789';

/** Sets fake static credentials (and no shared files, no instance metadata); returns a restore function. */
export function useFakeCredentials(withKeys = true): () => void {
  const saved = { ...process.env };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-live-'));
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  fs.writeFileSync(path.join(dir, 'credentials'), '');
  fs.writeFileSync(path.join(dir, 'config'), '');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  if (withKeys) {
    process.env.AWS_ACCESS_KEY_ID = FAKE_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = FAKE_SECRET;
    process.env.AWS_SESSION_TOKEN = FAKE_TOKEN;
  }
  return () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
