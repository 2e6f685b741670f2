// Templates that the protocol tests write into temporary workspaces.

/** The fixture test/fixtures/failover-without-health-check/invalid/primary-no-check.yaml. */
export { PRIMARY_NO_CHECK } from '../helpers';

/** Where the finding points: the `Failover: PRIMARY` entry (0-based, as LSP counts). */
export const FAILOVER_RANGE = { start: { line: 10, character: 6 }, end: { line: 10, character: 23 } };

/** The line after `Failover: PRIMARY`, where an edit inserts a HealthCheckId. */
export const AFTER_FAILOVER = { line: 11, character: 0 };

export const HEALTH_CHECK_LINE = '      HealthCheckId: 0f1e2d3c-aaaa-bbbb-cccc-1234567890ab\n';

/** A PRIMARY record alone; its SECONDARY lives in another file (or nowhere): failover-unpaired. */
export function lonePrimary(name: string): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  PrimaryRecord:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: ${name}
      Type: A
      SetIdentifier: primary
      Failover: PRIMARY
      HealthCheckId: 0f1e2d3c-aaaa-bbbb-cccc-1234567890ab
      TTL: '60'
      ResourceRecords: [192.0.2.10]
`;
}

export function loneSecondary(name: string, type = 'A'): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  SecondaryRecord:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneName: example.com.
      Name: ${name}
      Type: ${type}
      SetIdentifier: secondary
      Failover: SECONDARY
      TTL: '60'
      ResourceRecords: [198.51.100.10]
`;
}

/**
 * A template with `count` resources in groups of four: a health check, a PRIMARY and a SECONDARY
 * record, and a DynamoDB table. Every other PRIMARY lacks its health check, so findings are plenty.
 */
export function generatedTemplate(count: number): string {
  const out = [`AWSTemplateFormatVersion: '2010-09-09'`, 'Description: Generated for the LSP latency test.', 'Resources:'];
  for (let i = 0; i < count / 4; i++) {
    out.push(
      `  Check${i}:`,
      '    Type: AWS::Route53::HealthCheck',
      '    Properties:',
      '      HealthCheckConfig:',
      '        Type: HTTPS',
      `        FullyQualifiedDomainName: app${i}.example.com`,
      '        ResourcePath: /health',
      `  Primary${i}:`,
      '    Type: AWS::Route53::RecordSet',
      '    Properties:',
      '      HostedZoneName: example.com.',
      `      Name: app${i}.example.com.`,
      '      Type: A',
      '      SetIdentifier: primary',
      '      Failover: PRIMARY',
      ...(i % 2 === 0 ? [`      HealthCheckId: !Ref Check${i}`] : []),
      "      TTL: '60'",
      '      ResourceRecords: [192.0.2.10]',
      `  Secondary${i}:`,
      '    Type: AWS::Route53::RecordSet',
      '    Properties:',
      '      HostedZoneName: example.com.',
      `      Name: app${i}.example.com.`,
      '      Type: A',
      '      SetIdentifier: secondary',
      '      Failover: SECONDARY',
      "      TTL: '60'",
      '      ResourceRecords: [198.51.100.10]',
      `  Table${i}:`,
      '    Type: AWS::DynamoDB::Table',
      '    Properties:',
      '      BillingMode: PAY_PER_REQUEST',
      '      KeySchema: [{ AttributeName: pk, KeyType: HASH }]',
      '      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]',
    );
  }
  return `${out.join('\n')}\n`;
}
