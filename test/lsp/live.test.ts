// The live Route 53 check through the real server: the request reads the fake account on 127.0.0.1,
// live diagnostics appear with source `live` beside the static ones, the topology carries node states,
// an edit is compared again with the same snapshot (no new call), cancel leaves the previous results,
// and clear removes them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { LiveCheckRequest, LiveClearRequest, TopologyRequest } from '../../server/src/protocol';
import { liveHealthChecks, liveZones, TEMPLATE, useFakeCredentials } from '../engine/live/fixture';
import { Route53Fake } from '../support/route53Fake';
import { LspClient, tempWorkspace } from './harness';

async function poll(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out polling');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('live Route 53 check over LSP', () => {
  let client: LspClient;
  let fake: Route53Fake;
  let endpoint: string;
  let restore: () => void;
  const liveDiags = () => client.diagnosticsOf('dns.yaml').filter((d) => d.source === 'live');

  before(async () => {
    restore = useFakeCredentials();
    fake = new Route53Fake(liveZones(), liveHealthChecks(), { pageSize: { records: 5 } });
    endpoint = await fake.start();
    client = await LspClient.start(tempWorkspace({ 'dns.yaml': TEMPLATE }), { debounceMs: 0 });
    await client.nextSummary(0, (s) => !s.scanning && s.resources > 0);
  });

  after(async () => {
    await client.stop();
    await fake.stop();
    restore();
  });

  it('publishes live diagnostics and answers with the counts', async () => {
    assert.equal(fake.requests.length, 0, 'nothing is sent before the request');
    const result = await client.connection.sendRequest(LiveCheckRequest.type, { endpoint, timeoutMs: 3000, workDoneToken: 'live-1' });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual({ ...result, checkedAt: '' }, { ok: true, checkedAt: '', zones: ['example.com'], records: 20, inSync: 0, drift: 3, missingLive: 1, unhealthy: 1, notComparable: 1, findings: 7 });
    const live = await client.waitFor('live diagnostics', () => (liveDiags().length === 7 ? liveDiags() : undefined));
    const failing = live.find((d) => d.code === 'live-health-check-failing');
    assert.equal(failing?.severity, 1);
    assert.deepEqual(failing?.range, { start: { line: 17, character: 6 }, end: { line: 17, character: 35 } });
    assert.match(String(failing?.codeDescription?.href), /docs\/rules\/live-health-check-failing\.md$/);
    // The static findings are still there beside them.
    assert.ok(client.diagnosticsOf('dns.yaml').some((d) => d.source === 'multi-region-review'));
    const messages = client.progress.filter((p) => p.token === 'live-1').map((p) => `${p.kind}:${p.message ?? ''}`);
    assert.ok(messages[0].startsWith('begin'));
    assert.ok(messages.some((m) => /Reading records of example\.com \(page 3\)/.test(m)), messages.join('\n'));
    assert.equal(messages.at(-1), 'end:');
    assert.ok(fake.requests.every((r) => r.method === 'GET' && r.action));
    assert.deepEqual(client.errorLogs(), [], 'nothing on stderr (the SDK version warning is off)');
  });

  it('marks the diagram nodes with their live state', async () => {
    const t = await client.connection.sendRequest(TopologyRequest.type, { folderUri: client.uri('') });
    assert.ok(t.live);
    const byName = (name: string) => t.nodes.find((n) => n.label.startsWith(`${name} `))!.id;
    assert.equal(t.live.states[byName('ApiPrimary')], 'unhealthy');
    assert.equal(t.live.states[byName('Status')], 'missing-live');
    assert.match(t.mermaid, new RegExp(`class [\\w,]*\\b${byName('ApiPrimary')}\\b[\\w,]* liveUnhealthy`));
    assert.match(t.nodes.find((n) => n.id === byName('ApiPrimary'))!.label, /live Route 53: health check failing/);
  });

  it('compares an edit with the same snapshot, without calling AWS again', async () => {
    const sent = fake.requests.length;
    client.open('dns.yaml', TEMPLATE);
    client.change('dns.yaml', TEMPLATE.replace('Weight: 90', 'Weight: 50'));
    await client.waitFor('the weight drift to go', () => liveDiags().length === 6 && !liveDiags().some((d) => /Weight of/.test(String(d.message))));
    assert.equal(fake.requests.length, sent);
  });

  it('a cancelled check keeps the previous results', async () => {
    fake.behaviour = { delayMs: { ListResourceRecordSets: 10_000 } };
    const t0 = Date.now();
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest(LiveCheckRequest.type, { endpoint, timeoutMs: 20_000 }, source.token);
    const before = fake.requests.length;
    // The fake records the call when it arrives; the server says nothing meanwhile, so poll.
    await poll(() => fake.requests.slice(before).some((r) => r.action === 'ListResourceRecordSets'));
    source.cancel();
    const result = await pending.catch((err: Error) => ({ ok: false as const, kind: 'rejected', message: err.message }));
    assert.equal(result.ok, false);
    assert.equal(result.ok ? 'ok' : result.kind, 'cancelled');
    assert.ok(Date.now() - t0 < 5_000, 'the check stops without waiting for the slow answer');
    assert.equal(liveDiags().length, 6);
    fake.behaviour = {};
  });

  it('an access error comes back as a message, and clear removes the live results', async () => {
    fake.behaviour = { deny: ['ListHostedZonesByName'] };
    const denied = await client.connection.sendRequest(LiveCheckRequest.type, { endpoint });
    assert.deepEqual(denied.ok ? undefined : denied.kind, 'access-denied');
    fake.behaviour = {};
    await client.connection.sendRequest(LiveClearRequest.type);
    await client.waitFor('live diagnostics to clear', () => liveDiags().length === 0);
    assert.ok(client.diagnosticsOf('dns.yaml').length > 0, 'the static findings stay');
    const t = await client.connection.sendRequest(TopologyRequest.type, { folderUri: client.uri('') });
    assert.equal(t.live, undefined);
  });
});
