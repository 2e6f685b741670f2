// UI test of "Check Live Route 53" against the packaged extension in code-server: a Route 53-compatible
// fake on 127.0.0.1 plays the account (the UI host runs with fake static credentials, see
// run-ui-tests.mjs), the endpoint is a user setting made by the runner, the command runs from the palette, and
// the live state shows in the Problems panel and as node outlines and a legend in the topology diagram.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, openFile, runCommand, waitForWorkbench } from './workbench.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The same fake the unit tests use, compiled by `tsc -b` before the UI tier runs.
const { Route53Fake } = createRequire(import.meta.url)(join(ROOT, 'out/test/support/route53Fake.js'));

/** The account as the fake serves it, against test/host/workspace/templates/*.yaml. */
const ZONE = {
  id: 'ZUITEST',
  name: 'example.com.',
  records: [
    { Name: 'example.com.', Type: 'NS', TTL: 172800, Values: ['ns-1.awsdns-01.org.'] },
    // edge.yaml: the failover pair without health checks, as deployed.
    { Name: 'api.example.com.', Type: 'A', SetIdentifier: 'primary', Failover: 'PRIMARY', TTL: 60, Values: ['192.0.2.10'] },
    { Name: 'api.example.com.', Type: 'A', SetIdentifier: 'secondary', Failover: 'SECONDARY', TTL: 60, Values: ['198.51.100.10'] },
    // clean.yaml: the PRIMARY's health check is failing right now; the SECONDARY was never deployed.
    { Name: 'www.example.com.', Type: 'A', SetIdentifier: 'primary', Failover: 'PRIMARY', HealthCheckId: 'hc-www-primary', TTL: 60, Values: ['192.0.2.20'] },
  ],
};
const CHECKS = [{ id: 'hc-www-primary', type: 'HTTPS', fqdn: 'primary.www.example.com', path: '/healthz', observations: ['us-east-1', 'eu-west-1', 'ap-southeast-1'].map((region) => ({ region, status: 'Failure: HTTP Status Code 503, Service Unavailable' })) }];

const view = (page) => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
const node = (page, name) => view(page).locator(`#diagram svg g.node.resource[aria-label^="${name} ("]`);

let fake;

export default [
  {
    name: 'Check Live Route 53 reads the fake account (read-only calls only) and reports drift in the Problems panel',
    async run({ page, shot, workspace }) {
      // An earlier test file may have opened another folder: come back to the shared UI workspace.
      const leave = (d) => (d.type() === 'beforeunload' ? d.accept() : undefined);
      page.on('dialog', leave);
      await page.goto(`${new URL(page.url()).origin}/?folder=${encodeURIComponent(workspace)}`);
      await waitForWorkbench(page);
      page.off('dialog', leave);
      // The runner set multiRegionReview.live.endpoint (a user setting) to this port before starting code-server.
      assert.ok(process.env.UI_LIVE_PORT, 'run-ui-tests.mjs reserves UI_LIVE_PORT');
      fake = new Route53Fake([ZONE], CHECKS);
      await fake.start(Number(process.env.UI_LIVE_PORT));
      await openFile(page, 'templates/clean.yaml', 'WebPrimary');
      await runCommand(page, 'Multi-Region Review: Check Live Route 53');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Live Route 53 in example.com' });
      await toast.first().waitFor({ timeout: 30000 });
      const text = await toast.first().innerText();
      assert.match(text, /1 with a failing health check, 2 drifted, 1 missing live, 0 in sync/, text);
      for (const r of fake.requests) assert.ok(r.method === 'GET' && r.action, `only read-only calls: ${r.method} ${r.path}`);
      assert.deepEqual([...new Set(fake.actions())].sort(), ['GetHealthCheckStatus', 'ListHealthChecks', 'ListHostedZonesByName', 'ListResourceRecordSets']);
      await shot('30-live-toast');
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const problems = page.locator('.markers-panel .monaco-list-row');
      await problems.filter({ hasText: 'live-health-check-failing' }).first().waitFor({ timeout: 15000 });
      const all = (await problems.allInnerTexts()).join('\n');
      assert.match(all, /Health check hc-www-primary \(HTTPS primary\.www\.example\.com\/healthz\) of www\.example\.com A \(set "primary"\) is failing now: 3 of 3 checkers report failure \(us-east-1, eu-west-1, ap-southeast-1: Failure: HTTP Status Code 503, Service Unavailable\)\./);
      assert.match(all, /has no health check and does not evaluate target health[^\n]*\nlive\nlive-failover-without-health-check\n/);
      await shot('31-live-problems');
    },
  },
  {
    name: 'the topology diagram shows the live state: outlines on the nodes and a legend',
    async run({ page, shot }) {
      await openFile(page, 'templates/clean.yaml', 'WebPrimary');
      await runCommand(page, 'Multi-Region Review: Show Topology');
      const primary = node(page, 'WebPrimary');
      await primary.waitFor({ timeout: 60000 });
      await eventually(async () => assert.match((await primary.getAttribute('class')) ?? '', /\bliveUnhealthy\b/));
      assert.match(await primary.locator('title').textContent(), /live Route 53: health check failing/);
      assert.match((await node(page, 'WebSecondary').getAttribute('class')) ?? '', /\bliveMissing\b/);
      assert.match((await node(page, 'PrimaryRecord').getAttribute('class')) ?? '', /\bliveDrift\b/);
      // The outline is drawn: the shape inside the node carries the unhealthy stroke.
      const stroke = await primary.locator('rect, path, polygon').first().evaluate((el) => getComputedStyle(el).stroke);
      assert.match(stroke, /rgb\(229, 20, 0\)/, `stroke ${stroke}`);
      assert.match(await view(page).locator('#status').innerText(), /Live Route 53 at \d\d:\d\d: 1 failing, 2 drifted, 1 missing live/);
      await shot('32-live-topology');
    },
  },
  {
    name: 'Clear Live Route 53 Results removes the live state again',
    async run({ page }) {
      await runCommand(page, 'Multi-Region Review: Clear Live Route 53 Results');
      await eventually(async () => assert.doesNotMatch((await node(page, 'WebPrimary').getAttribute('class')) ?? '', /\blive/), { timeout: 15000 });
      assert.doesNotMatch(await view(page).locator('#status').innerText(), /Live Route 53/);
      await runCommand(page, 'View: Close All Editors');
      await fake.stop();
    },
  },
];
