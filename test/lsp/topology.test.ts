// The topology request over the real protocol: the UI fixture workspace drawn from the server's latest
// analysis, nodes that point at their logical ids, the panel's filter, a `topologyChanged` after an
// edit, hostile names kept out of the Mermaid structure, and the check on webview messages.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseFromWebview, TopologyChangedNotification, type TopologyParams, TopologyRequest } from '../../server/src/protocol';
import { readFixture, ROOT } from '../helpers';
import { LspClient, tempWorkspace } from './harness';

const FIXTURE = path.join(ROOT, 'test', 'ui', 'topology-workspace');

describe('topology request', () => {
  let root: string;
  let client: LspClient;
  const changes: string[] = [];
  let onChange: (() => void) | undefined;

  const draw = (params: TopologyParams = {}) => client.connection.sendRequest(TopologyRequest.type, { folderUri: client.uri(''), ...params });
  const nextChange = (timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no topologyChanged')), timeoutMs);
      onChange = () => {
        clearTimeout(timer);
        onChange = undefined;
        resolve();
      };
    });

  before(async () => {
    root = tempWorkspace(readFixture(FIXTURE));
    client = await LspClient.start(root, { debounceMs: 20 });
    client.connection.onNotification(TopologyChangedNotification.type, (p) => {
      changes.push(p.folderUri);
      onChange?.();
    });
    await client.nextSummary(0, (s) => !s.scanning && s.resources > 0);
  });

  after(async () => {
    const code = await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(code, 0);
    assert.deepEqual(client.errorLogs(), []);
  });

  it('draws the latest analysis: region subgraphs, one node per resource, each pointing at its logical id', async () => {
    const t = await draw();
    assert.equal(t.analysed, true);
    assert.equal(t.folderName, path.basename(root));
    assert.deepEqual(t.groups.filter((g) => g.kind === 'region').map((g) => g.title), ['eu-west-1', 'us-east-1']);
    assert.deepEqual(t.nodes.map((n) => n.label.split(' (')[0]).sort(), ['ApiHealth', 'ApiPrimary', 'ApiSecondary', 'OrdersTable', 'OrdersTable replica', 'PrimaryApi', 'StandbyApi', 'StandbyQueue']);
    for (const n of t.nodes) {
      assert.match(t.mermaid, new RegExp(`^ {4}${n.id}[[({>/\\\\]`, 'm'), `${n.id} is drawn`);
      const line = fs.readFileSync(new URL(n.uri), 'utf8').split('\n')[n.range.start.line];
      const name = n.label.replace(/ replica \(.*| \(.*/s, '');
      const expected = n.label.includes(' replica (') ? 'Region: eu-west-1' : `${name}:`;
      assert.equal(line.slice(n.range.start.character).startsWith(expected), true, `${n.label} points at ${JSON.stringify(line)}`);
    }
    const primary = t.nodes.find((n) => n.label.startsWith('ApiPrimary'))!;
    assert.match(primary.label, /warning \(failover-ttl-too-high\)/);
    assert.equal(t.omitted, 0);
  });

  it('applies the filter: hidden kinds leave, collapsed groups become one box that expands', async () => {
    const all = await draw();
    const us = all.groups.find((g) => g.title === 'us-east-1')!;
    const t = await draw({ hiddenKinds: ['dns', 'healthcheck'], collapsedGroups: [us.id] });
    assert.ok(!t.nodes.some((n) => /^Api/.test(n.label)), 'no DNS records or health checks');
    const box = t.nodes.find((n) => n.expands === us.id);
    assert.ok(box, 'a box for the collapsed region');
    assert.match(box.label, /^us-east-1: 2 resources \(collapsed/);
    assert.ok(!t.nodes.some((n) => /^(OrdersTable|PrimaryApi) \(/.test(n.label)), 'its members are folded into the box');
    assert.deepEqual(t.kinds, all.kinds, 'the filter menu still lists every kind');
  });

  it('announces a change after an edit, and the next drawing has it', async () => {
    const file = 'secondary/app.yaml';
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    client.open(file, text);
    const changed = nextChange();
    const t0 = Date.now();
    client.change(file, text.replace('StandbyQueue', 'ReplayQueue'));
    await changed;
    const elapsed = Date.now() - t0;
    const t = await draw();
    assert.ok(t.nodes.some((n) => n.label.startsWith('ReplayQueue (')));
    assert.ok(elapsed < 500, `topologyChanged ${elapsed} ms after the edit`);
    assert.equal(changes.at(-1), client.uri(''));
  });

  it('keeps hostile names out of the Mermaid structure and sends them as plain text', async () => {
    const file = 'hostile.yaml';
    const evil = 'Evil<img src=x onerror=alert(1)>';
    const click = 'Click"]\n  click n0 call alert(1)\n  n9["x';
    const changed = nextChange();
    client.open(file, `Resources:\n  ${JSON.stringify(evil)}:\n    Type: AWS::SQS::Queue\n  ${JSON.stringify(click)}:\n    Type: AWS::SQS::Queue\n  "end":\n    Type: AWS::SQS::Queue\n`);
    await changed;
    const t = await draw();
    assert.ok(t.nodes.some((n) => n.label === `${evil} (SQS Queue)`), 'the label is the raw text, for textContent');
    const lines = t.mermaid.split('\n');
    assert.doesNotMatch(t.mermaid, /<img|<script|alert\(/);
    assert.ok(!lines.some((l) => /^\s*click\b/.test(l)), 'no click line');
    assert.equal(lines.filter((l) => /^\s*end\s*$/.test(l)).length, lines.filter((l) => /^\s*subgraph\b/.test(l)).length, 'an id named "end" closes no subgraph');
    assert.ok(t.nodes.every((n) => /^[a-z0-9]+$/i.test(n.id)), 'node ids are generated');
  });
});

describe('messages from the webview', () => {
  const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } };

  it('accepts exactly the typed messages', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'reveal', uri: 'file:///w/a.yaml', range }), { type: 'reveal', uri: 'file:///w/a.yaml', range });
    assert.deepEqual(parseFromWebview({ type: 'saveSvg', svg: '<svg id="x"></svg>' }), { type: 'saveSvg', svg: '<svg id="x"></svg>' });
    const filter = { collapsedGroups: ['g1'], hiddenKinds: ['dns'] };
    assert.deepEqual(parseFromWebview({ type: 'setFilter', filter }), { type: 'setFilter', filter });
    for (const type of ['copyMermaid', 'saveMarkdown'] as const) assert.deepEqual(parseFromWebview({ type }), { type });
  });

  it('drops anything else', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'ready', extra: 1 },
      { type: 'reveal', uri: 'file:///w/a.yaml' },
      { type: 'reveal', uri: 7, range },
      { type: 'reveal', uri: 'file:///w/a.yaml', range: { start: { line: -1, character: 0 }, end: range.end } },
      { type: 'reveal', uri: 'file:///w/a.yaml', range: { ...range, extra: true } },
      { type: 'saveSvg', svg: '<script>alert(1)</script>' },
      { type: 'saveSvg', svg: 42 },
      { type: 'setFilter', filter: { collapsedGroups: 'g1', hiddenKinds: [] } },
      { type: 'setFilter', filter: { collapsedGroups: [1], hiddenKinds: [] } },
      { type: 'setFilter', filter: { collapsedGroups: [] } },
      { type: '__proto__' },
    ];
    for (const m of bad) assert.equal(parseFromWebview(m), undefined, JSON.stringify(m));
  });
});
