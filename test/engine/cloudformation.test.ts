// The CloudFormation reader: intrinsics, ranges, RecordSetGroups, broken input, and the chunked
// incremental parse, which must agree with a whole-file parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Analyzer } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { readCloudFormation } from '../../server/src/engine/sources/cloudformation';
import { splitTemplate } from '../../server/src/engine/sources/chunks';
import { parseYamlTree } from '../../server/src/engine/sources/yamlTree';
import { parseJsonTree } from '../../server/src/engine/sources/jsonTree';
import { splitJsonTemplate } from '../../server/src/engine/sources/jsonChunks';
import { lookupRange } from '../../server/src/engine/sources/tree';
import { analyzeDocs } from '../helpers';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
Resources:
  Table:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      TableName: !Sub 'orders-\${Env}'
      Replicas:
        - Region: us-east-1
        - Region: eu-west-1
      SSESpecification:
        SSEEnabled: !If [IsProd, true, false]
  Records:
    Type: AWS::Route53::RecordSetGroup
    Properties:
      HostedZoneName: example.com.
      RecordSets:
        - Name: api.example.com.
          Type: A
          SetIdentifier: primary
          Failover: PRIMARY
          HealthCheckId: !GetAtt Check.HealthCheckId
          TTL: 60
          ResourceRecords: [192.0.2.1]
  Check:
    Type: AWS::Route53::HealthCheck
    Properties:
      HealthCheckConfig: { Type: HTTPS, FullyQualifiedDomainName: api.example.com }
Outputs:
  CheckId:
    Value: !Ref Check
`;

function read(text: string, file = 't.yaml') {
  return readCloudFormation(file, text).facts;
}

describe('CloudFormation reader', () => {
  it('turns short-form tags into long-form intrinsics', () => {
    const facts = read(TEMPLATE);
    const table = facts.resources.find((r) => r.logicalId === 'Table')!;
    assert.deepEqual(table.properties.TableName, { 'Fn::Sub': 'orders-${Env}' });
    assert.deepEqual((table.properties.SSESpecification as Record<string, unknown>).SSEEnabled, { 'Fn::If': ['IsProd', true, false] });
    const entry = facts.resources.find((r) => r.logicalId === 'Records.RecordSets[0]')!;
    assert.deepEqual(entry.properties.HealthCheckId, { 'Fn::GetAtt': ['Check', 'HealthCheckId'] });
    assert.deepEqual(facts.parameters, ['Env']);
    assert.deepEqual(facts.outputRefs, ['Check']);
    assert.deepEqual(facts.regions, ['eu-west-1', 'us-east-1']);
  });

  it('gives RecordSetGroup entries their own record resources with exact ranges', () => {
    const facts = read(TEMPLATE);
    const entry = facts.resources.find((r) => r.logicalId === 'Records.RecordSets[0]')!;
    assert.equal(entry.type, 'AWS::Route53::RecordSet');
    assert.equal(entry.properties.HostedZoneName, 'example.com.', 'inherits the group zone');
    const range = facts.rangeOf([...entry.propertiesPath, 'Failover']);
    assert.deepEqual(range, { start: { line: 22, character: 10 }, end: { line: 22, character: 27 } });
    assert.deepEqual(entry.range.start, { line: 19, character: 10 });
  });

  it('maps JSON paths to exact ranges', () => {
    const json = JSON.stringify({ Resources: { Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80 } } } }, null, 2);
    const facts = read(json, 't.json');
    const tg = facts.resources[0];
    assert.equal(tg.logicalId, 'Tg');
    assert.deepEqual(facts.rangeOf([...tg.propertiesPath, 'Port']), { start: { line: 5, character: 8 }, end: { line: 5, character: 18 } });
  });

  it('reports one parse error for a broken resource and still reads the others', () => {
    const broken = TEMPLATE.replace('      HealthCheckConfig: {', '      HealthCheckConfig: [{');
    const facts = read(broken);
    assert.equal(facts.problems.length >= 1, true);
    assert.ok(facts.problems.every((p) => p.range.start.line >= 27), 'errors point into the broken resource');
    assert.ok(facts.resources.some((r) => r.logicalId === 'Table'), 'other resources are still read');
  });

  it('skips Fn::ForEach, SAM and unknown types without crashing', () => {
    const text = `Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Resources:
  Fn::ForEach::Topics:
    - TopicName
    - [a, b]
    - Topic\${TopicName}:
        Type: AWS::SNS::Topic
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.handler, Runtime: nodejs20.x }
  Odd:
    Type: Custom::Thing::That::Nobody::Knows
  NoType:
    Properties: {}
`;
    const facts = read(text);
    assert.deepEqual(facts.resources.map((r) => r.logicalId), ['Fn', 'Odd']);
  });

  it('parses a document indented as a whole, and CRLF line endings', () => {
    const indented = TEMPLATE.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
    assert.equal(read(indented).resources.length, 4);
    const crlf = TEMPLATE.replace(/\n/g, '\r\n');
    const facts = read(crlf);
    assert.equal(facts.resources.length, 4);
    assert.deepEqual(facts.problems, []);
  });

  it('falls back to a whole-file parse for anchors and aliases', () => {
    const text = `Resources:
  A:
    Type: AWS::SNS::Topic
    Properties: &props
      DisplayName: shared
  B:
    Type: AWS::SNS::Topic
    Properties: *props
`;
    assert.equal(splitTemplate(text), undefined);
    const b = read(text).resources.find((r) => r.logicalId === 'B')!;
    assert.deepEqual(b.properties, { DisplayName: 'shared' });
  });

  it('stops an alias bomb with a clear error instead of hanging', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) text += `a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]\n`;
    text += 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: *a11\n';
    const facts = read(text);
    assert.ok(facts.problems.some((p) => /too many nodes/.test(p.message)));
  });
});

describe('suppressions', () => {
  const flawed = (comment: string) => `Resources:
  Primary:
    Type: AWS::Route53::RecordSet
    Properties:
      Name: api.example.com.
      Type: A
      SetIdentifier: a
${comment}
      TTL: 60
      ResourceRecords: [192.0.2.1]
`;
  const count = async (text: string) => (await analyzeDocs({ 't.yaml': text })).findings.filter((f) => f.ruleId === 'failover-without-health-check').length;

  it('honours a comment on the line above or on the line, with a reason', async () => {
    assert.equal(await count(flawed('      Failover: PRIMARY')), 1);
    assert.equal(await count(flawed('      # multi-region-review-ignore failover-without-health-check -- probed by an external monitor\n      Failover: PRIMARY')), 0);
    assert.equal(await count(flawed('      Failover: PRIMARY # multi-region-review-ignore failover-without-health-check -- external monitor')), 0);
  });

  it('ignores a suppression without a reason and says why', async () => {
    const { findings } = await analyzeDocs({ 't.yaml': flawed('      # multi-region-review-ignore failover-without-health-check\n      Failover: PRIMARY') });
    assert.equal(findings.filter((f) => f.ruleId === 'failover-without-health-check').length, 1);
    assert.ok(findings.some((f) => f.ruleId === 'parse-error' && /needs a reason/.test(f.message)));
  });

  it('honours template and resource Metadata', async () => {
    const withMeta = flawed('      Failover: PRIMARY').replace('    Type: AWS::Route53::RecordSet\n', '    Type: AWS::Route53::RecordSet\n    Metadata:\n      MultiRegionReview:\n        Suppress:\n          - Rule: failover-without-health-check\n            Reason: checked by a calculated health check elsewhere\n');
    assert.equal(await count(withMeta), 0);
    const top = 'Metadata:\n  MultiRegionReview:\n    Suppress: [{ Rule: failover-without-health-check, Reason: lab template }]\n' + flawed('      Failover: PRIMARY');
    assert.equal(await count(top), 0);
  });
});

describe('incremental parsing', () => {
  const base = Array.from({ length: 12 }, (_, i) => `  R${i}:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: topic-${i}\n      Tags:\n        - Key: k\n          Value: !Sub '\${AWS::Region}-${i}'\n`).join('');
  const template = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${base}Outputs:\n  X:\n    Value: !Ref R1\n`;

  it('agrees with a whole-file parse after random edits', () => {
    const analyzer = new Analyzer();
    const config = defaultConfig();
    analyzer.update('t.yaml', template, config);
    fc.assert(
      fc.property(fc.nat(template.length), fc.nat(8), fc.constantFrom('', 'x', '\n', '\n  Extra:\n    Type: AWS::SNS::Topic\n', ': ', '  ', '#', '- ', '\n      Extra: 1'), (at, del, insert) => {
        const text = template.slice(0, at) + insert + template.slice(Math.min(template.length, at + del));
        const incremental = analyzer.update('t.yaml', text, config)!;
        const whole = parseYamlTree(text);
        if (whole.errors.length || !splitTemplate(text)) return; // only clean, chunkable texts must agree exactly
        const fresh = readCloudFormation('t.yaml', text).facts;
        const view = (f: typeof fresh) => f.resources.map((r) => ({ id: r.logicalId, type: r.type, props: r.properties, range: r.range, p: f.rangeOf([...r.propertiesPath, 'DisplayName']) }));
        assert.deepEqual(view(incremental), view(fresh));
        const wholeIds = Object.keys(((whole.value as Record<string, unknown>)?.Resources as Record<string, unknown>) ?? {});
        assert.deepEqual(incremental.resources.map((r) => r.logicalId).sort(), wholeIds.filter((id) => typeof ((whole.value as any).Resources[id] ?? {}).Type === 'string').sort());
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('agrees with a whole-file parse for JSON templates after random edits', () => {
    const resources = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`R${i}`, { Type: 'AWS::SNS::Topic', Properties: { DisplayName: `topic-${i}`, Tags: [{ Key: 'k', Value: { 'Fn::Sub': '${AWS::Region}' } }] } }]));
    const json = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources, Outputs: { X: { Value: { Ref: 'R1' } } } }, null, 2);
    const analyzer = new Analyzer();
    fc.assert(
      fc.property(fc.nat(json.length), fc.nat(6), fc.constantFrom('', 'x', '\n', ',', '{', '}', '"', ' ', '"Extra": 1,'), (at, del, insert) => {
        const text = json.slice(0, at) + insert + json.slice(Math.min(json.length, at + del));
        const facts = analyzer.update('t.json', text)!;
        const whole = parseJsonTree(text);
        if (whole.errors.length) return;
        const res = ((whole.value as Record<string, any>)?.Resources ?? {}) as Record<string, any>;
        const typed = Object.keys(res).filter((id) => res[id] && typeof res[id].Type === 'string');
        assert.deepEqual(facts.resources.map((r) => r.logicalId).sort(), typed.sort());
        for (const r of facts.resources) {
          assert.deepEqual(r.range, lookupRange(whole.ranges, ['Resources', r.logicalId]));
          const props = res[r.logicalId].Properties;
          if (props && typeof props === 'object' && !Array.isArray(props)) assert.deepEqual(r.properties, props);
          for (const key of ['DisplayName', 'Tags']) {
            const expected = lookupRange(whole.ranges, ['Resources', r.logicalId, 'Properties', key]);
            if (props?.[key] !== undefined) assert.deepEqual(facts.rangeOf([...r.propertiesPath, key]), expected);
          }
        }
        const out = lookupRange(whole.ranges, ['Outputs', 'X']);
        if (out) assert.deepEqual(facts.rangeOf(['Outputs', 'X']), out);
      }),
      { numRuns: 300, seed: 7 },
    );
    assert.ok(splitJsonTemplate(json), 'the pretty-printed template is split per resource');
  });

  it('re-parses only the edited resource', () => {
    const analyzer = new Analyzer();
    const first = analyzer.update('t.yaml', template)!;
    const edited = template.replace('topic-5', 'topic-55');
    const second = analyzer.update('t.yaml', edited)!;
    const props = (f: typeof first, id: string) => f.resources.find((r) => r.logicalId === id)!.properties;
    assert.equal(props(first, 'R4'), props(second, 'R4'), 'unchanged resources keep their parsed object');
    assert.notEqual(props(first, 'R5'), props(second, 'R5'));
    assert.equal(props(second, 'R5').DisplayName, 'topic-55');
  });
});

describe('SAM', () => {
  it('merges Globals.Function into each function, the function winning', () => {
    const facts = read(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Handler: index.handler
    Environment:
      Variables:
        TABLE_NAME: !Ref Orders
        STAGE: prod
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Environment:
        Variables:
          STAGE: test
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
`);
    const api = facts.resources.find((r) => r.logicalId === 'Api')!;
    assert.equal(api.properties.Handler, 'index.handler');
    assert.deepEqual(api.properties.Environment, { Variables: { TABLE_NAME: { Ref: 'Orders' }, STAGE: 'test' } });
    assert.equal(facts.resources.find((r) => r.logicalId === 'Orders')!.properties.Handler, undefined);
  });
});
