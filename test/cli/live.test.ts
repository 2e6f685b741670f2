// `multi-region-review --live` against the Route 53 fake on 127.0.0.1: live findings join the report
// in every format, the summary says what was read, and a failed check exits 2 with its reason.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { liveHealthChecks, liveZones, TEMPLATE, useFakeCredentials } from '../engine/live/fixture';
import { Route53Fake } from '../support/route53Fake';
import { removeTemps, runCli, tempFolder } from './run';

let restore: () => void;
before(() => (restore = useFakeCredentials()));
after(() => {
  restore();
  removeTemps();
});

async function withFake<T>(fn: (endpoint: string, fake: Route53Fake) => Promise<T>, behaviour = {}): Promise<T> {
  const fake = new Route53Fake(liveZones(), liveHealthChecks(), behaviour);
  try {
    return await fn(await fake.start(), fake);
  } finally {
    await fake.stop();
  }
}

describe('cli --live', () => {
  test('text: live findings are listed with the static ones, and the summary goes to stderr', async () => {
    const dir = tempFolder({ 'dns.yaml': TEMPLATE });
    const r = await withFake((endpoint) => runCli(['--live', '--live-endpoint', endpoint], dir));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /live-health-check-failing/);
    assert.match(r.stdout, /live-record-missing/);
    assert.match(r.stdout, /\s+error\s+Health check hc-primary \(HTTPS api\.us-east-1\.example\.com:443\/healthz\) of api\.example\.com CNAME/);
    assert.match(r.stderr, /Live Route 53 \(.*\): 1 hosted zone read \(example\.com\), 20 records, 1 health check\./);
    assert.match(r.stderr, /5 code records compared: 0 in sync, 3 drifted, 1 missing live, 1 with a failing health check\./);
    assert.match(r.stderr, /Not comparable .*dns\.yaml#Computed/);
    assert.match(r.stderr, /Live set members the workspace does not define: web\.example\.com A \(set "canary" weight 0\)/);
  });

  test('json and sarif carry the live findings with their source and rule descriptions', async () => {
    const dir = tempFolder({ 'dns.yaml': TEMPLATE });
    await withFake(async (endpoint) => {
      const json = JSON.parse((await runCli(['--live', '--live-endpoint', endpoint, '-f', 'json'], dir)).stdout);
      const live = json.findings.filter((f: { source?: string }) => f.source === 'live');
      assert.equal(live.length, 7);
      assert.ok(live.every((f: { ruleId: string }) => f.ruleId.startsWith('live-')));
      const sarif = JSON.parse((await runCli(['--live', '--live-endpoint', endpoint, '-f', 'sarif'], dir)).stdout);
      const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'live-health-check-failing');
      assert.match(rule.shortDescription.text, /failing now/);
      assert.match(rule.helpUri, /docs\/rules\/live-health-check-failing\.md$/);
    });
  });

  test('without --live nothing is sent', async () => {
    const dir = tempFolder({ 'dns.yaml': TEMPLATE });
    await withFake(async (_endpoint, fake) => {
      const r = await runCli([], dir);
      assert.doesNotMatch(r.stdout, /live-/);
      assert.equal(fake.requests.length, 0);
    });
  });

  test('a failed check exits 2 with the reason', async () => {
    const dir = tempFolder({ 'dns.yaml': TEMPLATE });
    const r = await withFake((endpoint) => runCli(['--live', '--live-endpoint', endpoint], dir), { deny: ['ListHostedZonesByName'] });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /live Route 53 check failed: Access denied for route53:ListHostedZonesByName/);
  });

  test('live options need --live, and the timeout is checked', async () => {
    const dir = tempFolder({ 'dns.yaml': TEMPLATE });
    const a = await runCli(['--live-profile', 'x'], dir);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /need --live/);
    const b = await runCli(['--live', '--live-timeout-ms', 'soon'], dir);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /--live-timeout-ms needs a number/);
  });
});
