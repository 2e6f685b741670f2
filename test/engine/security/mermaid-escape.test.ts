// The XSS corpus (test/ui/xss-corpus.json) through the engine: as logical ids, record names, set
// identifiers, hosted zones, table names and Name tags. The Mermaid text that the webview renders must keep
// every one of them inside an escaped label: no raw quote, newline, `%%` directive, `click` line, HTML tag
// or edge arrow from a name, and each name must read back intact once the entity codes are decoded.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { escapeLabel, topologyToMermaid } from '../../../server/src/engine/mermaid';
import { buildTopology } from '../../../server/src/engine/topology';
import { analyzeDocs, ROOT } from '../../helpers';

export const CORPUS: string[] = (JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'ui', 'xss-corpus.json'), 'utf8')) as { strings: string[] }).strings;

/** One CloudFormation JSON template per corpus string, using it everywhere a name can go. */
export function xssWorkspace(corpus: readonly string[] = CORPUS): Record<string, string> {
  const docs: Record<string, string> = {};
  corpus.forEach((s, i) => {
    const Resources: Record<string, unknown> = {
      [s]: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'Name', Value: s }] } },
      [`Primary${i}`]: { Type: 'AWS::Route53::RecordSet', Properties: { HostedZoneName: s, Name: s, Type: 'CNAME', SetIdentifier: s, Failover: 'PRIMARY', TTL: '60', ResourceRecords: ['a.example.com'] } },
      [`Secondary${i}`]: { Type: 'AWS::Route53::RecordSet', Properties: { HostedZoneName: s, Name: s, Type: 'CNAME', SetIdentifier: `${s}-2`, Failover: 'SECONDARY', TTL: '60', ResourceRecords: ['b.example.com'] } },
      [`Table${i}`]: {
        Type: 'AWS::DynamoDB::GlobalTable',
        Properties: {
          TableName: s,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          Replicas: [
            { Region: 'us-east-1', Tags: [{ Key: 'Name', Value: s }] },
            { Region: 'eu-west-1', Tags: [{ Key: 'Name', Value: s }] },
          ],
        },
      },
    };
    docs[`t${String(i).padStart(2, '0')}.json`] = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Description: s, Resources }, null, 2);
  });
  return docs;
}

const decode = (label: string) => label.replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
const flat = (s: string) => s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');

describe('XSS corpus through the Mermaid builder', () => {
  it(`has at least 40 distinct strings (${CORPUS.length})`, () => {
    assert.ok(CORPUS.length >= 40);
    assert.equal(new Set(CORPUS).size, CORPUS.length);
  });

  it('escapeLabel leaves only safe characters and entity codes, and decodes back to the name', () => {
    for (const s of CORPUS) {
      const e = escapeLabel(s);
      assert.match(e, /^(?:[A-Za-z0-9 .,:/_-]|#\d+;)*$/, JSON.stringify(s));
      assert.equal(decode(e), flat(s));
    }
  });

  it('the diagram of a workspace named by the corpus keeps every name inside an escaped label', async () => {
    const { model, findings } = await analyzeDocs(xssWorkspace());
    assert.ok(findings.some((f) => f.ruleId === 'failover-without-health-check'), 'the hostile workspace is still reviewed');
    const t = buildTopology(model, findings);
    const text = topologyToMermaid(t);
    // Every quoted label is a run of safe characters and entity codes; nothing else on a line comes from a name.
    const labels: string[] = [];
    const skeleton = text.replace(/"([^"\n]*)"/g, (_, l: string) => {
      labels.push(l);
      return '""';
    });
    for (const l of labels) assert.match(l, /^(?:[A-Za-z0-9 .,:/_<>-]|#\d+;)*$/, `label ${l.slice(0, 200)}`);
    for (const l of labels) assert.doesNotMatch(l.replace(/<br\/>/g, ''), /[<>]/, 'the only markup in a label is our own <br/>');
    assert.doesNotMatch(skeleton, /%%|\bclick\b|\bhref\b|javascript:|<|script|onerror|\bcall\b/i, 'no directive, click, link or tag outside labels');
    for (const line of skeleton.split('\n')) {
      assert.match(line, /^(flowchart \w+|\s*(subgraph \w+\[""\]|end|[\w-]+\s*\S{0,2}""\S{0,2}(:::\w+)?|[\w-]+ (-->|-\.->|--o|==>|-\.-)\|""\| [\w-]+|classDef .*|class .*|style .*|linkStyle .*)|\s*)$/, `unexpected Mermaid line: ${line.slice(0, 200)}`);
    }
    const texts = labels.map((l) => decode(l.replace(/<br\/>/g, '\n')));
    const missing = CORPUS.filter((s) => !texts.some((x) => x.includes(flat(s))));
    assert.deepEqual(missing.map((s) => s.slice(0, 60)), [], 'every corpus string reads back as text in some label');
  });
});
