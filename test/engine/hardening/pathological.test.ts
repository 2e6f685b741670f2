// Pathological inputs (issue 8, part 2), one named test each, at engine level: every one ends with
// nothing thrown, no rule failure, every range inside its document, and within a generous bound
// (a hang guard; the bench tracks real speed). Large inputs are generated in memory, never committed.
// The regressions at the top are inputs the property tests found.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, describe, test } from 'node:test';
import { analyze, Analyzer, PARSE_ERROR } from '../../../server/src/engine/analyze';
import { type Config, defaultConfig } from '../../../server/src/engine/config';
import { buildTopology } from '../../../server/src/engine/topology';
import { topologyToMermaid } from '../../../server/src/engine/mermaid';
import type { Finding } from '../../../server/src/engine/rule';
import { DiskWorkspace, MemoryWorkspace } from '../../../server/src/engine/workspace';
import { FIXTURES, PRIMARY_NO_CHECK } from '../../helpers';
import { findingProblems, NOW } from './inputs';
import { applyAll } from './mutations';

const config = defaultConfig();
let count = 0;
let prefixes = 0;

/** Analyses `docs` from scratch within `boundMs`, checks every finding, and returns the findings. */
async function hostile(docs: Record<string, string>, boundMs = 10_000, cfg: Config = config): Promise<Finding[]> {
  count++;
  const t0 = performance.now();
  const { findings } = await analyze(new MemoryWorkspace(docs), cfg, { now: NOW });
  const ms = performance.now() - t0;
  assert.deepEqual(findingProblems(findings, docs), []);
  const size = Object.values(docs).reduce((n, t) => n + t.length, 0);
  assert.ok(ms < boundMs, `${size} chars took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
  return findings;
}

const key = (f: Finding) => `${f.ruleId} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
const keys = (fs: Finding[]) => fs.map(key).sort();
const fixture = (...p: string[]) => fs.readFileSync(path.join(FIXTURES, ...p), 'utf8');
const CDK_PRIMARY = fixture('failover-without-health-check', 'invalid', 'cdk-primary-no-check.ts');
const SDK_REGIONS = fixture('hardcoded-region', 'invalid', 'v3-clients.ts');

/** `n` failover pairs; the PRIMARY of every pair whose index is a multiple of `every` has no health check. */
function failoverPairs(n: number, every: number): { text: string; offenders: number } {
  const out = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
  let offenders = 0;
  for (let i = 0; i < n; i++) {
    const checked = i % every !== 0;
    if (!checked) offenders++;
    else out.push(`  Check${i}:`, '    Type: AWS::Route53::HealthCheck', '    Properties:', '      HealthCheckConfig:', '        Type: HTTPS', `        FullyQualifiedDomainName: a${i}.us-east-1.example.com`);
    for (const role of ['PRIMARY', 'SECONDARY']) {
      out.push(`  ${role === 'PRIMARY' ? 'Primary' : 'Secondary'}${i}:`, '    Type: AWS::Route53::RecordSet', '    Properties:', '      HostedZoneName: example.com.', `      Name: a${i}.example.com.`, '      Type: A', `      SetIdentifier: ${role.toLowerCase()}`, `      Failover: ${role}`, "      TTL: '60'");
      if (role === 'PRIMARY' && checked) out.push(`      HealthCheckId: !Ref Check${i}`);
      out.push('      ResourceRecords:', '        - 192.0.2.10');
    }
  }
  return { text: out.join('\n') + '\n', offenders };
}

/** A template of roughly `mb` megabytes (unrelated buckets), generated in memory. */
function bigTemplate(mb: number): string {
  const head = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";
  const unit = (i: number) => `  Bucket${i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: bucket-${i}-${'x'.repeat(40)}\n`;
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const u = unit(i);
    parts.push(u);
    size += u.length;
  }
  return parts.join('');
}

describe('regressions found by the property tests', () => {
  test('regression: YAML with CR-only line ends gives the findings of its LF form', async () => {
    const lf = await hostile({ 't.yaml': PRIMARY_NO_CHECK });
    const cr = await hostile({ 't.yaml': PRIMARY_NO_CHECK.replace(/\n/g, '\r') });
    assert.ok(lf.length > 0);
    assert.deepEqual(keys(cr), keys(lf));
  });

  test('regression: JSON with CR-only line ends gives the findings of its LF form', async () => {
    const json = fixture('failover-without-health-check', 'invalid', 'alias-without-target-health.json');
    const lf = await hostile({ 't.json': json });
    assert.ok(lf.length > 0);
    assert.deepEqual(keys(await hostile({ 't.json': json.replace(/\n/g, '\r') })), keys(lf));
  });

  test('regression: CDK code with CR-only line ends gives the findings of its LF form', async () => {
    const lf = await hostile({ 'lib/dns.ts': CDK_PRIMARY });
    assert.ok(lf.length > 0);
    assert.deepEqual(keys(await hostile({ 'lib/dns.ts': CDK_PRIMARY.replace(/\n/g, '\r') })), keys(lf));
  });

  test('regression: a YAML error at a CRLF line end stays inside the line', async () => {
    // The shrunk counterexample: the first line duplicated, CRLF line ends, an anchor on the first value.
    const text = applyAll(fixture('replica-region-mismatch', 'invalid', 'environment-only', 'workers.yaml'), [{ kind: 'duplicate-line', at: 0 }, { kind: 'line-ends', to: '\r\n' }, { kind: 'anchor', at: 0, text: '&a ' }], []);
    const findings = await hostile({ 't.yaml': text });
    assert.ok(findings.some((f) => f.ruleId === PARSE_ERROR), 'the duplicate key is reported');
  });

  test('regression: a record whose Weight is an object with a toString key', async () => {
    const doc = { AWSTemplateFormatVersion: '2010-09-09', Resources: { R0: { Type: 'AWS::Route53::RecordSet', Properties: { Weight: { toString: null } } }, R1: { Type: 'AWS::Route53::RecordSet' } } };
    await hostile({ 't.json': JSON.stringify(doc, null, 2) });
  });

  test('regression: a YAML error at an empty line after a lone CR', async () => {
    // The shrunk counterexample: a fragment of another template spliced in, CR-only line ends, a control byte in front.
    const text = "\u0001Description: >\r  text\rParameters:\r  VPC:\r    Type: String\r\r AWSTemplateFormatVersion: '2010-09-09'\rResources:\r  B:\r    Type: AWS::S3::Bucket\r";
    const findings = await hostile({ 't.yaml': text });
    assert.ok(findings.some((f) => f.ruleId === PARSE_ERROR));
  });

  test('regression: U+2028 in a string literal does not move later code findings', async () => {
    const base = await hostile({ 'src/clients.ts': SDK_REGIONS });
    const withSeparator = await hostile({ 'src/clients.ts': SDK_REGIONS.replace("const REGION = 'eu-west-1';", "const REGION = 'eu-west-1';\nconst NOTE = 'a\u2028b\u2029c';") });
    assert.equal(base.filter((f) => f.ruleId === 'hardcoded-region').length, 3);
    const shifted = base.map((f) => ({ ...f, range: { start: { ...f.range.start, line: f.range.start.line + (f.range.start.line > 5 ? 1 : 0) }, end: { ...f.range.end, line: f.range.end.line + (f.range.end.line > 5 ? 1 : 0) } } }));
    assert.deepEqual(keys(withSeparator), keys(shifted));
  });
});

describe('pathological inputs', () => {
  test('pathological: YAML alias bomb (billion laughs, nested anchors)', async () => {
    const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Metadata:', '  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 9; i++) lines.push(`  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    lines.push('Resources:', '  Bucket:', '    Type: AWS::S3::Bucket', '    Properties:', '      Tags: *l9');
    const findings = await hostile({ 'bomb.yaml': lines.join('\n') });
    assert.ok(findings.some((f) => f.ruleId === PARSE_ERROR && /alias|resource|large|exceed/i.test(f.message)), `a parse error names the expansion: ${findings.map((f) => f.message).join(' | ')}`);
  });

  test('pathological: YAML alias bomb (merge keys <<)', async () => {
    const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Metadata:', '  m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}'];
    for (let i = 1; i <= 9; i++) lines.push(`  m${i}: &m${i}`, ...Array.from({ length: 10 }, (_, k) => `    k${k}: {<<: *m${i - 1}}`));
    lines.push('Resources:', '  Bucket:', '    Type: AWS::S3::Bucket', '    Properties:', '      Tags:', '        <<: *m9');
    await hostile({ 'merge.yaml': lines.join('\n') });
  });

  test('pathological: YAML alias bomb inside every resource of a 500-resource template', async () => {
    const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Mappings:', '  Big: &big'];
    for (let i = 0; i < 200; i++) lines.push(`    k${i}: {Region: us-east-1, Other: eu-west-1}`);
    lines.push('Resources:');
    for (let i = 0; i < 500; i++) lines.push(`  Table${i}:`, '    Type: AWS::DynamoDB::GlobalTable', '    Properties:', '      Replicas: *big');
    await hostile({ 'aliases.yaml': lines.join('\n') });
  });

  test('pathological: JSON 10,000-level array nesting', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    await hostile({ 'deep.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"Tags": ${deep}}}}}` });
  });

  test('pathological: JSON 10,000-level object nesting', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    await hostile({ 'deep.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::Route53::RecordSet", "Properties": {"AliasTarget": ${deep}}}}}` });
  });

  test('pathological: YAML 10,000-level flow nesting', async () => {
    const deep = '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000);
    await hostile({ 'deep.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      ReplicationConfiguration: ${deep}\n` });
  });

  test('pathological: YAML 10,000-level compact block sequences', async () => {
    await hostile({ 'deep.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        ${'- '.repeat(10_000)}x\n` });
  });

  test('pathological: YAML 2,000-level block indentation nesting', async () => {
    const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', '  B:', '    Type: AWS::S3::Bucket', '    Properties:'];
    for (let i = 0; i < 2000; i++) lines.push(`${' '.repeat(6 + i)}k${i}:`);
    await hostile({ 'indent.yaml': lines.join('\n') + ' 1\n' });
  });

  test('pathological: a 10 MB template is skipped with an information diagnostic', async () => {
    const text = bigTemplate(10);
    const findings = await hostile({ 'big.yaml': text }, 5_000);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'info');
    assert.match(findings[0].message, /10\.0 MB/);
    assert.match(findings[0].message, /maxFileSizeKb \(5120 KB\)/);
  });

  test('pathological: a 50 MB template is skipped with an information diagnostic', async () => {
    const findings = await hostile({ 'huge.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "${'x'.repeat(50 * 1024 * 1024)}"}}}}` }, 5_000);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'info');
    assert.match(findings[0].message, /50\.0 MB .*maxFileSizeKb \(5120 KB\)/);
  });

  test('pathological: a 10 MB template under a raised maxFileSizeKb is analysed', async () => {
    const text = bigTemplate(10);
    const findings = await hostile({ 'big.yaml': text }, 120_000, { ...config, maxFileSizeKb: 20 * 1024 });
    assert.ok(!findings.some((f) => /Skipped/.test(f.message)), 'not skipped');
    const analyzer = new Analyzer();
    const facts = analyzer.update('big.yaml', text, { ...config, maxFileSizeKb: 20 * 1024 });
    assert.equal(facts?.resources.length, (text.match(/Type: AWS::S3::Bucket/g) ?? []).length);
  });

  test('pathological: a 10 MB CDK file is skipped with an information diagnostic', async () => {
    const body = Array.from({ length: 60_000 }, (_, i) => `    new s3.Bucket(this, 'Bucket${i}', { bucketName: 'bucket-${i}-${'x'.repeat(120)}' });`).join('\n');
    const text = `import * as cdk from 'aws-cdk-lib';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nexport class S extends cdk.Stack {\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n${body}\n  }\n}\n`;
    assert.ok(text.length > 10 * 1024 * 1024);
    const findings = await hostile({ 'lib/big-stack.ts': text }, 5_000);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /MB is above multiRegionReview\.maxFileSizeKb/);
  });

  test('pathological: random binary bytes named like a template', async () => {
    let seed = 7;
    const bytes = Buffer.alloc(64 * 1024, 0).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + Buffer.from(bytes.filter((b) => b !== 0)).toString('utf8');
    await hostile({ 'binary.yaml': text, 'binary.json': text, 'binary.ts': text });
  });

  test('pathological: binary and invalid UTF-8 files read from disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-binary-'));
    try {
      fs.writeFileSync(path.join(dir, 'image.json'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
      fs.writeFileSync(path.join(dir, 'utf16.yaml'), Buffer.from("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", 'utf16le'));
      // Invalid UTF-8 (a lone continuation byte, a truncated sequence, an overlong form) inside a template.
      const at = PRIMARY_NO_CHECK.indexOf('example.com.', PRIMARY_NO_CHECK.indexOf('Name:'));
      const bad = Buffer.concat([Buffer.from(PRIMARY_NO_CHECK.slice(0, at)), Buffer.from([0x80, 0xe2, 0x82, 0xc0, 0xaf]), Buffer.from(PRIMARY_NO_CHECK.slice(at))]);
      fs.writeFileSync(path.join(dir, 'invalid-utf8.yaml'), bad);
      fs.writeFileSync(path.join(dir, 'invalid-utf8.ts'), Buffer.concat([Buffer.from(SDK_REGIONS), Buffer.from([0xff, 0xfe, 0xfd])]));
      const ws = new DiskWorkspace(dir);
      assert.equal(await ws.readFile('image.json'), undefined, 'a file with NUL bytes is not text');
      assert.equal(await ws.readFile('utf16.yaml'), undefined, 'UTF-16 has NUL bytes: not read');
      const text = (await ws.readFile('invalid-utf8.yaml'))!;
      assert.ok(text.includes('\uFFFD'), 'invalid UTF-8 is decoded with replacement characters');
      count++;
      const { findings } = await analyze(ws, config, { now: NOW });
      const docs: Record<string, string> = {};
      for (const f of await ws.listFiles()) {
        const t = await ws.readFile(f);
        if (t !== undefined) docs[f] = t;
      }
      assert.deepEqual(findingProblems(findings, docs), []);
      assert.ok(findings.some((f) => f.file === 'invalid-utf8.yaml' && f.ruleId === 'failover-without-health-check'), 'the template is still reviewed');
      assert.equal(findings.filter((f) => f.file === 'invalid-utf8.ts' && f.ruleId === 'hardcoded-region').length, 3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('pathological: a 5,000-resource template (findings counted exactly)', async () => {
    const { text, offenders } = failoverPairs(2000, 4); // 2,000 pairs + 1,500 health checks = 5,500 resources
    const findings = await hostile({ 'records.yaml': text }, 60_000);
    assert.equal(findings.filter((f) => f.ruleId === 'failover-without-health-check').length, offenders);
    assert.equal(offenders, 500);
  });

  test('pathological: typing a CDK construct character by character', () => {
    const anchor = '    new route53.CfnRecordSet(this, \'SecondaryRecord\'';
    const at = CDK_PRIMARY.indexOf(anchor);
    const typed = "    const check = new route53.CfnHealthCheck(this, 'Check', {\n      healthCheckConfig: { type: 'HTTPS', fullyQualifiedDomainName: `api.${'us-east-1'}.example.com`, port: 443 },\n    });\n";
    typeThrough('lib/dns.ts', CDK_PRIMARY.slice(0, at), typed, CDK_PRIMARY.slice(at), 'failover-without-health-check');
  });

  test('pathological: typing an SDK PutCommand character by character', () => {
    const at = SDK_REGIONS.indexOf('export const handler');
    const typed = "import { PutCommand } from '@aws-sdk/lib-dynamodb';\nexport async function save(id: string) {\n  await ddb.send(new PutCommand({ TableName: 'orders', Item: { pk: id, n: 1 }, ConditionExpression: 'attribute_not_exists(pk)' }));\n}\n";
    typeThrough('src/clients.ts', SDK_REGIONS.slice(0, at), typed, SDK_REGIONS.slice(at), 'hardcoded-region');
  });

  test('pathological: typing a resource into a YAML template character by character', () => {
    const typed = "  Check:\n    Type: AWS::Route53::HealthCheck\n    Properties:\n      HealthCheckConfig: {Type: HTTPS, FullyQualifiedDomainName: !Sub 'api.${AWS::Region}.example.com', Port: 443}\n";
    typeThrough('dns.yaml', PRIMARY_NO_CHECK, typed, '', 'failover-without-health-check');
  });

  test('pathological: hostile strings in names (long, RTL, zero-width, </script>, backticks, ${})', async () => {
    const names = ['A'.repeat(5000), 'Rtl\u202Egnp.exe\u200B', 'Script</script><script>alert(1)</script>', 'Tick`${process.exit()}`', 'Dollar${AWS::Region}${', 'Quote"\'\\'];
    const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
    names.forEach((n, i) => {
      const id = JSON.stringify(n);
      lines.push(`  ${id}:`, '    Type: AWS::Route53::RecordSet', '    Properties:', `      Name: ${JSON.stringify(n + '.example.com.')}`, '      Type: A', `      SetIdentifier: ${id}`, `      Failover: ${i % 2 ? 'SECONDARY' : 'PRIMARY'}`, '      ResourceRecords: [192.0.2.1]');
    });
    const docs = { 'names.yaml': lines.join('\n'), 'names.ts': `new DynamoDBClient({ region: ${JSON.stringify(names.join(''))} });\nconst \u202Ex = '</script>';` };
    await hostile(docs);
    const analyzer = new Analyzer();
    for (const [f, t] of Object.entries(docs)) analyzer.update(f, t, config);
    const { model, findings } = analyzer.run(config, { now: NOW });
    const diagram = topologyToMermaid(buildTopology(model, findings));
    assert.ok(!diagram.includes('</script>'), 'the diagram escapes markup');
  });

  test('pathological: 10,000 nested parentheses in TypeScript', async () => {
    const text = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nconst deep = ${'('.repeat(10_000)}1${')'.repeat(10_000)};\nconst c = new DynamoDBClient({ region: 'us-east-1' });\n`;
    // TypeScript's own parser runs out of stack here.
    reportsOrAnalyses(await hostile({ 'src/deep.ts': text }), true);
  });

  test('pathological: a 10,000-term binary expression in TypeScript', async () => {
    const text = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nconst region = ${Array(10_000).fill("'a'").join(' + ')};\nconst c = new DynamoDBClient({ region });\n`;
    reportsOrAnalyses(await hostile({ 'src/sum.ts': text }));
  });

  test('pathological: 10,000 nested object literals in CDK props', async () => {
    const deep = '{ a: '.repeat(10_000) + '1' + ' }'.repeat(10_000);
    const text = CDK_PRIMARY.replace("ttl: '60',", `ttl: '60', metadata: ${deep},`);
    reportsOrAnalyses(await hostile({ 'lib/deep.ts': text }));
  });

  test('pathological: 5,000 nested arrow functions in CDK code', async () => {
    const text = CDK_PRIMARY.replace("ttl: '60',", `ttl: (${'() => '.repeat(5000)}'60')${'()'.repeat(5000)},`);
    reportsOrAnalyses(await hostile({ 'lib/arrows.ts': text }));
  });

  test('pathological: prototype-named keys (__proto__, toString, constructor…) as ids, keys and values', async () => {
    const types = ['AWS::Route53::RecordSet', 'AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket', 'AWS::RDS::DBCluster', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret', 'AWS::ElastiCache::ReplicationGroup', 'AWS::Lambda::Function', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::Route53::RecordSetGroup'];
    const props = ['Weight', 'Failover', 'HealthCheckId', 'Replicas', 'ReplicationConfiguration', 'AliasTarget', 'TargetGroupAttributes', 'Environment', 'GlobalClusterIdentifier', 'KmsKeyId', 'RecordSets'];
    for (const k of ['__proto__', 'toString', 'valueOf', 'constructor', 'hasOwnProperty']) {
      const lines = ["AWSTemplateFormatVersion: '2010-09-09'", `Mappings: {${k}: {${k}: {${k}: us-east-1}}}`, `Conditions: {${k}: {Fn::Equals: [a, a]}}`, 'Resources:'];
      types.forEach((t, i) => {
        lines.push(`  ${i ? `R${i}` : k}:`, `    Type: ${t}`, `    Condition: ${k}`, `    DependsOn: ${k}`, '    Properties:');
        for (const p of [...props, k]) lines.push(`      ${p}: {${k}: {Failover: PRIMARY}, Ref: ${k}, Fn::FindInMap: [${k}, ${k}, ${k}]}`);
        lines.push(`      Name: !Sub '\${${k}}'`, `      Region: !FindInMap [${k}, ${k}, ${k}]`);
      });
      await hostile({ [`${k}.yaml`]: lines.join('\n') });
    }
  });

  test('pathological: unknown and custom resource types only', async () => {
    const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
    const types = ['AWS::Made::Up', 'Custom::Thing', 'AWS::', '::', 'AWS::S3::Bucket::Extra', 'Alexa::ASK::Skill', '', '123'];
    types.forEach((t, i) => lines.push(`  R${i}:`, `    Type: ${JSON.stringify(t)}`, '    Properties: {Region: us-east-1, Replicas: [{Region: eu-west-1}]}'));
    assert.deepEqual(keys(await hostile({ 'unknown.yaml': lines.join('\n') })), []);
  });

  test('pathological: Fn::ForEach over 100,000 values, nested three deep', async () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `v${i}`);
    const inner = { 'Fn::ForEach::C': ['Z', values, { 'T${X}${Y}${Z}': { Type: 'AWS::DynamoDB::GlobalTable', Properties: { Replicas: [{ Region: 'us-east-1' }] } } }] };
    const doc = { AWSTemplateFormatVersion: '2010-09-09', Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::A': ['X', values, { 'Fn::ForEach::B': ['Y', values, inner] }], Plain: { Type: 'AWS::S3::Bucket' } } };
    await hostile({ 'foreach.json': JSON.stringify(doc) });
  });

  test('pathological: circular Refs, GetAtts and DependsOn cycles', async () => {
    const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
    for (let i = 0; i < 200; i++) {
      const next = `R${(i + 1) % 200}`;
      lines.push(`  R${i}:`, '    Type: AWS::Route53::RecordSet', `    DependsOn: [${next}, R${i}]`, '    Properties:', `      Name: !Ref ${next}`, `      HealthCheckId: !GetAtt ${next}.HealthCheckId`, `      SetIdentifier: !Sub '\${${next}}'`, `      Failover: ${i % 2 ? 'SECONDARY' : 'PRIMARY'}`, `      AliasTarget: {DNSName: !Ref R${i}, HostedZoneId: !GetAtt R${i}.Id, EvaluateTargetHealth: !Ref ${next}}`);
    }
    await hostile({ 'cycles.yaml': lines.join('\n') });
  });

  test('pathological: circular CDK class inheritance', async () => {
    const text = `import * as cdk from 'aws-cdk-lib';\nimport * as route53 from 'aws-cdk-lib/aws-route53';\nclass A extends B { constructor(s: cdk.App, id: string, p?: cdk.StackProps) { super(s, id, p); new route53.CfnRecordSet(this, 'R', { name: 'a.', type: 'A', failover: 'PRIMARY', setIdentifier: 'p' }); } }\nclass B extends A {}\nclass C extends C {}\nconst app = new cdk.App();\nnew A(app, 'a', { env: { region: 'us-east-1' } });\nnew B(app, 'b', { env: { region: 'eu-west-1' } });\nnew C(app, 'c');\n`;
    await hostile({ 'bin/app.ts': text });
  });

  test('pathological: recursive functions and self-referencing constants in the CDK evaluator', async () => {
    const text = `import * as cdk from 'aws-cdk-lib';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nconst a: string = b;\nconst b: string = a;\nconst o: any = { self: o, name: o.name };\nfunction f(x: string): string { return f(x) + g(x); }\nfunction g(x: string): string { return f(x); }\nconst region = () => region();\nexport class S extends cdk.Stack {\n  constructor(s: cdk.App, id: string) {\n    super(s, id, { env: { region: f(a) + region() } });\n    new s3.Bucket(this, f(b), { bucketName: \`\${a}-\${o.self.self.self.name}\`, versioned: f('x') as any });\n    for (const x of [f(a), ...[region()]]) new s3.Bucket(this, x);\n  }\n}\nnew S(new cdk.App(), f('id'));\n`;
    await hostile({ 'lib/recursive.ts': text });
  });

  test('pathological: ReDoS probes in names and values', async () => {
    const probes = ['a'.repeat(50_000) + '!', `${'${'.repeat(20_000)}`, ' '.repeat(50_000) + 'x', 'us-east-1'.repeat(10_000), `arn:${':'.repeat(20_000)}`, `${'-'.repeat(30_000)}1`, `${'a.'.repeat(20_000)}example.com.`];
    const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
    probes.forEach((p, i) => {
      const v = JSON.stringify(p);
      lines.push(`  R${i}:`, '    Type: AWS::Route53::RecordSet', '    Properties:', `      Name: ${v}`, `      Region: ${v}`, `      SetIdentifier: !Sub ${v}`, `      HealthCheckId: ${v}`, `      Failover: PRIMARY`);
      lines.push(`  T${i}:`, '    Type: AWS::DynamoDB::GlobalTable', '    Properties:', `      TableName: ${v}`, `      Replicas: [{Region: ${v}}]`);
    });
    const code = probes.map((p, i) => `const c${i} = new DynamoDBClient({ region: ${JSON.stringify(p)} });\n// multi-region-review-ignore ${p.slice(0, 5000)}`).join('\n');
    await hostile({ 'redos.yaml': lines.join('\n'), 'redos.ts': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n${code}\n`, 'multi-region-review.json': `{"ignore": [${JSON.stringify('*'.repeat(2000) + 'a')}]}` });
  });

  test('pathological: 10,000 duplicate keys and a 3 MB single-line template', async () => {
    const dup = Array(10_000).fill('      Failover: PRIMARY').join('\n');
    await hostile({ 'dup.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  R:\n    Type: AWS::Route53::RecordSet\n    Properties:\n${dup}\n` });
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) resources[`B${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `b${i}-${'x'.repeat(100)}` } };
    const line = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
    assert.ok(line.length > 2.5 * 1024 * 1024 && !line.includes('\n'));
    await hostile({ 'minified.json': line }, 60_000);
  });

  after(() => console.log(`pathological: ${count} hostile analyses, ${prefixes} typed prefixes`));
});

const TOO_DEEP = /^Not analysed: it nests too deeply to read\.$/;

/**
 * A deep expression is either analysed (the hard-coded Region after it is found) or reported as a
 * file that nests too deeply, at its first line; never an exception.
 */
function reportsOrAnalyses(findings: Finding[], mustReport = false): void {
  const reported = findings.filter((f) => TOO_DEEP.test(f.message));
  if (mustReport || reported.length) {
    assert.equal(reported.length, 1, findings.map((f) => f.message).join(' | '));
    assert.equal(reported[0].severity, 'warning');
    assert.equal(reported[0].range.start.line, 0);
  } else assert.ok(findings.length > 0, 'analysed: the findings after the deep expression are there');
}

/**
 * Types `typed` one character at a time between `before` and `rest` through one Analyzer (the
 * incremental path an editor takes). Every prefix: nothing thrown, ranges inside, the findings of
 * rule `stable` in the untouched text before the insertion stay exactly where they were, and the
 * findings equal those of a fresh analysis.
 */
function typeThrough(file: string, before: string, typed: string, rest: string, stable: string): void {
  const analyzer = new Analyzer();
  const untouchedLines = before.split('\n').length - 1;
  const above = (fs: Finding[]) => keys(fs.filter((f) => f.ruleId === stable && f.range.start.line < untouchedLines));
  analyzer.update(file, before + rest, config);
  const expected = above(analyzer.run(config, { now: NOW }).findings);
  assert.ok(expected.length > 0, `the untouched part has ${stable} findings`);
  for (let i = 0; i <= typed.length; i++) {
    prefixes++;
    const text = before + typed.slice(0, i) + rest;
    analyzer.update(file, text, config);
    const { findings } = analyzer.run(config, { now: NOW });
    assert.deepEqual(findingProblems(findings, { [file]: text }), [], `after ${i} characters`);
    assert.deepEqual(above(findings), expected, `after ${i} characters: ${JSON.stringify(typed.slice(0, i))}`);
    // TypeScript's incremental re-parse, applied edit after edit, agrees with a parse from scratch.
    const fresh = new Analyzer();
    fresh.update(file, text, config);
    assert.deepEqual(keys(findings), keys(fresh.run(config, { now: NOW }).findings), `incremental and fresh differ after ${i} characters`);
  }
}
