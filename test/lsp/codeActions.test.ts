// Code actions over the protocol: quick fixes built from a diagnostic's code, range and data, and
// `source.fixAll.multiRegionReview`; applying their edits makes the diagnostics go away.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits } from '../../server/src/engine/fixes/apply';
import { LspClient, tempWorkspace } from './harness';

const FILE = 'dns.yaml';
const FIX_ALL = 'source.fixAll.multiRegionReview';

/** A long TTL and an alias that ignores target health: two safe fixes; the PRIMARY is also unpaired. */
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
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
      TTL: '300'
      ResourceRecords: [192.0.2.10]
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

describe('code actions', () => {
  let root: string;
  let client: LspClient;

  before(async () => {
    root = tempWorkspace({ [FILE]: TEMPLATE });
    client = await LspClient.start(root, { debounceMs: 50 });
    client.open(FILE, TEMPLATE);
    await client.waitFor('the diagnostics', () => ['failover-ttl-too-high', 'alias-without-target-health', 'failover-unpaired'].every((c) => diagnostic(c)));
  });

  after(async () => {
    const code = await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(code, 0);
    assert.deepEqual(client.errorLogs(), []);
  });

  function diagnostic(code: string): Diagnostic | undefined {
    return client.diagnosticsOf(FILE).find((d) => d.code === code);
  }

  function request(diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: client.uri(FILE) }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  function editsOf(action: CodeAction): TextEdit[] {
    assert.deepEqual(Object.keys(action.edit?.changes ?? {}), [client.uri(FILE)], 'edits go to the document');
    return action.edit!.changes![client.uri(FILE)];
  }

  it('offers the rule\'s quick fix (preferred) and a suppression for a diagnostic', async () => {
    const ttl = diagnostic('failover-ttl-too-high')!;
    const actions = await request([ttl]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, !!a.isPreferred]),
      [
        ['Set the TTL to 60 seconds', 'quickfix', true],
        ['Suppress failover-ttl-too-high on this line, with a reason', 'quickfix', false],
      ],
    );
    assert.deepEqual(actions[0].diagnostics, [ttl]);
    assert.deepEqual(editsOf(actions[0]), [{ range: { start: { line: 15, character: 11 }, end: { line: 15, character: 16 } }, newText: "'60'" }]);
    assert.deepEqual(editsOf(actions[1]), [{ range: { start: { line: 15, character: 0 }, end: { line: 15, character: 0 } }, newText: '      # multi-region-review-ignore failover-ttl-too-high -- TODO: why this is acceptable\n' }]);
  });

  it('reads the diagnostic\'s code and data, not its message', async () => {
    const alias = diagnostic('alias-without-target-health')!;
    const actions = await request([{ ...alias, message: 'something else entirely' }]);
    assert.equal(actions[0].title, 'Set AliasTarget.EvaluateTargetHealth to true');
    const data = alias.data as Record<string, unknown>;
    const actionsWithoutResource = await request([{ ...alias, data: { ...data, resourceId: undefined } }]);
    assert.ok(actionsWithoutResource.every((a) => a.title.startsWith('Suppress')), 'without the resource in data, only the suppression is offered');
  });

  it('ignores diagnostics of other sources and leaves fix-all out of the light bulb', async () => {
    const ttl = diagnostic('failover-ttl-too-high')!;
    assert.deepEqual(await request([{ ...ttl, source: 'other-linter' }]), []);
    const bulb = await request(client.diagnosticsOf(FILE), ['quickfix']);
    assert.ok(bulb.length > 0 && bulb.every((a) => a.kind === 'quickfix'));
  });

  it('fixes everything safe in one source.fixAll action, and the diagnostics go away', async () => {
    const all = client.diagnosticsOf(FILE);
    const actions = await request(all, [FIX_ALL]);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, FIX_ALL);
    const edits = editsOf(actions[0]);
    assert.equal(edits.length, 2, 'the TTL and EvaluateTargetHealth; the unpaired record needs a decision');
    const fixed = applyTextEdits(TEMPLATE, edits);
    assert.equal(fixed, TEMPLATE.replace("TTL: '300'", "TTL: '60'").replace('EvaluateTargetHealth: false', 'EvaluateTargetHealth: true'));
    assert.deepEqual(await request(all, ['source']), actions, '"source" covers source.fixAll.multiRegionReview');
    const version = client.change(FILE, fixed);
    const published = await client.waitFor('the fixed text to be analysed', () => {
      const p = client.diagnostics.get(path.join(root, FILE));
      return p?.version === version && p;
    });
    // failover-test-overdue: no lastFailoverTest is declared for this failover pair; no code action fixes that.
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['failover-test-overdue', 'failover-unpaired']);
    assert.deepEqual(await request(published.diagnostics, [FIX_ALL]), [], 'nothing safe is left to fix');
  });
});
