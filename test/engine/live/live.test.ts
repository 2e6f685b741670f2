// The live Route 53 check against a Route 53-compatible endpoint on 127.0.0.1, through the real
// @aws-sdk/client-route-53 client: pagination, drift, retries, errors, cancellation, and that only
// the four read-only calls are ever sent.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { defaultConfig } from '../../../server/src/engine/config';
import { checkLive, LiveCheckError, type LiveOptions, type LiveReport } from '../../../server/src/live';
import { analyzeDocs } from '../../helpers';
import { type FakeBehaviour, READ_ONLY_ACTIONS, Route53Fake } from '../../support/route53Fake';
import { EXPECTED, FAKE_KEY_ID, FAKE_SECRET, FAKE_TOKEN, liveHealthChecks, liveZones, TEMPLATE, useFakeCredentials } from './fixture';

let restore: () => void;
before(() => (restore = useFakeCredentials()));
after(() => restore());

async function model() {
  return (await analyzeDocs({ 'dns.yaml': TEMPLATE })).model;
}

/** Runs the check against a fresh fake; returns the report (or the error) and the fake. */
async function run(behaviour: FakeBehaviour = {}, options: Partial<LiveOptions> = {}): Promise<{ fake: Route53Fake; report?: LiveReport; error?: LiveCheckError; progress: string[] }> {
  const fake = new Route53Fake(liveZones(), liveHealthChecks(), { pageSize: { zones: 2, records: 5, healthChecks: 2 }, ...behaviour });
  const endpoint = await fake.start();
  const progress: string[] = [];
  try {
    const report = await checkLive(await model(), defaultConfig(), { endpoint, timeoutMs: 3000, onProgress: (m) => progress.push(m), ...options });
    return { fake, report, progress };
  } catch (err) {
    if (!(err instanceof LiveCheckError)) throw err;
    return { fake, error: err, progress };
  } finally {
    await fake.stop();
  }
}

const fakes: Route53Fake[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.stop();
});

describe('live Route 53 check', () => {
  test('follows every page of zones, records and health checks, and reads only the zone the records need', async () => {
    const { fake, report } = await run();
    assert.ok(report);
    const s = report.snapshot;
    assert.deepEqual(s.zones.map((z) => z.id), ['ZEXAMPLE1']);
    // 2 + 12 filler + 6 records on 5-record pages: 4 pages.
    assert.equal(s.records.length, 20);
    assert.equal(fake.requests.filter((r) => r.action === 'ListResourceRecordSets').length, 4);
    assert.equal(fake.requests.filter((r) => r.action === 'ListHostedZonesByName').length, 2);
    // The health check the live records use sits on the second page of ListHealthChecks.
    assert.equal(fake.requests.filter((r) => r.action === 'ListHealthChecks').length, 2);
    assert.deepEqual(s.healthChecks.map((h) => [h.id, h.status, h.failing.length, h.observations]), [['hc-primary', 'unhealthy', 8, 8]]);
    assert.equal(s.healthChecks[0].target, 'HTTPS api.us-east-1.example.com:443/healthz');
    // The wildcard comes back as `\052` on the wire and is decoded.
    assert.ok(s.records.some((r) => r.name === '*.example.com'));
    // A continuation request carries the previous page's Next* values.
    const second = fake.requests.filter((r) => r.action === 'ListResourceRecordSets')[1];
    assert.deepEqual(second.query, { name: 'host03.example.com.', type: 'A' });
  });

  test('sends only the four read-only GET calls, each signed', async () => {
    const { fake } = await run();
    assert.ok(fake.requests.length > 0);
    for (const r of fake.requests) {
      assert.equal(r.method, 'GET', `${r.method} ${r.path}`);
      assert.ok(r.action && READ_ONLY_ACTIONS.includes(r.action), `unexpected request ${r.method} ${r.path}`);
      assert.ok(r.signed, `${r.path} was not signed`);
    }
    assert.deepEqual([...new Set(fake.actions())].sort(), [...READ_ONLY_ACTIONS].sort());
  });

  test('finds each kind of drift on the right code record', async () => {
    const { report } = await run();
    assert.ok(report);
    const m = await model();
    const stateOf = (logicalId: string) => report.states.get(m.resources.find((r) => r.logicalId === logicalId)!.id);
    for (const [id, state] of Object.entries(EXPECTED)) assert.equal(stateOf(id), state, id);
    assert.equal(stateOf('Computed'), undefined);
    assert.deepEqual(report.comparison.notComparable.map((r) => r.logicalId), ['Computed']);
    const kinds = report.comparison.drifts.map((d) => `${d.resource.logicalId}:${d.kind}`).sort();
    assert.deepEqual(kinds, [
      'ApiPrimary:health-check-failing',
      'ApiSecondary:health-check',
      'ApiSecondary:live-failover-without-health-check',
      'Status:missing-live',
      'WebBlue:missing-code',
      'WebBlue:weight',
      'WebGreen:evaluate-target-health',
    ]);
    // NS, SOA, the 12 hosts and the wildcard belong to nothing in the workspace.
    assert.equal(report.comparison.unmanaged, 15);
  });

  test('reports findings with source live, rule ids and the exact property (key and value, as the rules do)', async () => {
    const { report } = await run();
    assert.ok(report);
    const lines = TEMPLATE.split('\n');
    const at = (f: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }) => lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
    const byRule = (id: string) => report.findings.filter((f) => f.ruleId === id);
    assert.ok(report.findings.every((f) => f.source === 'live' && f.file === 'dns.yaml'));
    const failing = byRule('live-health-check-failing');
    assert.equal(failing.length, 1);
    assert.equal(failing[0].severity, 'error');
    assert.equal(at(failing[0]), 'HealthCheckId: !Ref ApiHealth');
    assert.match(failing[0].message, /hc-primary \(HTTPS api\.us-east-1\.example\.com:443\/healthz\) of api\.example\.com CNAME \(set "us-east-1"\) is failing now: 8 of 8 checkers/);
    assert.deepEqual(failing[0].related?.map((r) => r.message), ['the health check ApiHealth in the code']);
    const weight = report.findings.find((f) => /Weight of web/.test(f.message));
    assert.ok(weight);
    assert.equal(at(weight), 'Weight: 90');
    assert.match(weight.message, /the code says 90, live Route 53 has 50/);
    const missing = byRule('live-record-missing');
    assert.equal(missing.length, 1);
    assert.equal(at(missing[0]), 'Name: status.example.com.');
    const noCheck = byRule('live-failover-without-health-check');
    assert.equal(noCheck.length, 1);
    assert.equal(at(noCheck[0]), 'Failover: SECONDARY');
    const eth = report.findings.find((f) => /EvaluateTargetHealth/.test(f.message));
    assert.equal(at(eth!), 'EvaluateTargetHealth: true');
    const extra = report.findings.find((f) => /canary/.test(f.message));
    assert.match(extra!.message, /Live Route 53 also has web\.example\.com A \(set "canary" weight 0\)/);
  });

  test('a config severity applies to live ids, and off drops them', async () => {
    const fake = new Route53Fake(liveZones(), liveHealthChecks());
    fakes.push(fake);
    const endpoint = await fake.start();
    const config = { ...defaultConfig(), rules: { 'live-record-drift': 'off' as const, 'live-record-missing': 'error' as const } };
    const report = await checkLive(await model(), config, { endpoint });
    assert.ok(!report.findings.some((f) => f.ruleId === 'live-record-drift'));
    assert.equal(report.findings.find((f) => f.ruleId === 'live-record-missing')?.severity, 'error');
  });

  test('throttling is retried with backoff, then succeeds', async () => {
    const t0 = Date.now();
    const { fake, report } = await run({ throttle: { ListHostedZonesByName: 2, GetHealthCheckStatus: 1 } });
    assert.ok(report, 'the check succeeds after the throttled attempts');
    const zoneCalls = fake.requests.filter((r) => r.action === 'ListHostedZonesByName');
    // Two throttled attempts, then the two pages.
    assert.equal(zoneCalls.length, 4);
    assert.equal(fake.requests.filter((r) => r.action === 'GetHealthCheckStatus').length, 2);
    assert.equal(report.snapshot.healthChecks[0].status, 'unhealthy');
    assert.ok(Date.now() - t0 < 30_000);
  });

  test('throttling that never stops ends with a clear message after the attempts', async () => {
    const { fake, error } = await run({ throttle: { ListHostedZonesByName: 99 } }, { maxAttempts: 3 });
    assert.equal(error?.kind, 'throttled');
    assert.match(error!.message, /kept throttling route53:ListHostedZonesByName after several retries/);
    assert.equal(fake.requests.length, 3);
  });

  test('AccessDenied names the action and the read-only permissions needed', async () => {
    const { fake, error } = await run({ deny: ['ListResourceRecordSets'] });
    assert.equal(error?.kind, 'access-denied');
    assert.match(error!.message, /Access denied for route53:ListResourceRecordSets with the default credentials/);
    assert.match(error!.message, /route53:ListHostedZonesByName, route53:ListResourceRecordSets, route53:ListHealthChecks, route53:GetHealthCheckStatus/);
    // AccessDenied is not retried.
    assert.equal(fake.requests.filter((r) => r.action === 'ListResourceRecordSets').length, 1);
  });

  test('an expired session token says to sign in again', async () => {
    const { error } = await run({ failWith: { ListHostedZonesByName: 'ExpiredToken' } }, { profile: undefined });
    assert.equal(error?.kind, 'expired-token');
    assert.match(error!.message, /expired or is not valid\. Sign in again/);
  });

  test('a slow answer hits the timeout, with the time and the setting in the message', async () => {
    const t0 = Date.now();
    const { error } = await run({ delayMs: { ListResourceRecordSets: 5_000 } }, { timeoutMs: 400 });
    const took = Date.now() - t0;
    assert.equal(error?.kind, 'timeout');
    assert.match(error!.message, /route53:ListResourceRecordSets did not answer within 0\.4 s at 127\.0\.0\.1:\d+\. .*multiRegionReview\.live\.timeoutMs/);
    assert.ok(took < 4_000, `gave up after ${took} ms`);
  });

  test('cancelling stops the check at once', async () => {
    const fake = new Route53Fake(liveZones(), liveHealthChecks(), { delayMs: { ListResourceRecordSets: 10_000 } });
    fakes.push(fake);
    const endpoint = await fake.start();
    const abort = new AbortController();
    const t0 = Date.now();
    const running = checkLive(await model(), defaultConfig(), {
      endpoint,
      signal: abort.signal,
      onProgress: (m) => {
        if (m.startsWith('Reading records')) setImmediate(() => abort.abort());
      },
    });
    await assert.rejects(running, (err: unknown) => err instanceof LiveCheckError && err.kind === 'cancelled');
    assert.ok(Date.now() - t0 < 3_000);
    assert.ok(!fake.requests.some((r) => r.action === 'ListHealthChecks'), 'nothing is sent after the cancel');
  });

  test('a refused connection is a network error naming the endpoint', async () => {
    const fake = new Route53Fake([], []);
    const endpoint = await fake.start();
    await fake.stop();
    await assert.rejects(checkLive(await model(), defaultConfig(), { endpoint, maxAttempts: 2, timeoutMs: 2000 }), (err: unknown) => {
      assert.ok(err instanceof LiveCheckError);
      assert.equal(err.kind, 'network');
      assert.match(err.message, /Could not reach Route 53 at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      return true;
    });
  });

  test('no credentials at all gives the sign-in advice, and no request is sent', async () => {
    const back = useFakeCredentials(false);
    try {
      const { fake, error } = await run();
      assert.equal(error?.kind, 'no-credentials');
      assert.match(error!.message, /No AWS credentials found for the default credentials\. Sign in/);
      assert.equal(fake.requests.length, 0);
      const named = await run({}, { profile: 'prod-readonly' });
      assert.equal(named.error?.kind, 'no-credentials');
      assert.match(named.error!.message, /profile "prod-readonly".*aws sso login --profile prod-readonly/);
    } finally {
      back();
    }
  });

  test('credentials never appear in findings, messages, progress or errors', async () => {
    const outputs: string[] = [];
    const ok = await run();
    outputs.push(JSON.stringify(ok.report?.findings), JSON.stringify(ok.report?.snapshot), ...ok.progress);
    for (const b of [{ deny: ['ListHostedZonesByName' as const] }, { failWith: { ListHostedZonesByName: 'ExpiredToken' } }, { throttle: { ListHostedZonesByName: 9 } }]) {
      const r = await run(b, { maxAttempts: 2 });
      outputs.push(String(r.error?.message), String(r.error?.stack), ...r.progress);
    }
    const all = outputs.join('\n');
    assert.ok(all.length > 500);
    for (const secret of [FAKE_KEY_ID, FAKE_SECRET, FAKE_TOKEN]) assert.ok(!all.includes(secret), 'a credential leaked');
    assert.ok(!/Authorization|Signature=|X-Amz-Security-Token/i.test(all));
  });
});
