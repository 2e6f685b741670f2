// Edit-to-diagnostics latency through the real server, on a generated 1,000-resource template. The
// server reports its own timing in the summary (`lastRun`); this test prints it next to the
// round trip the client sees, and only fails on numbers far outside the targets.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { RunTiming } from '../../server/src/protocol';
import { generatedTemplate, PRIMARY_NO_CHECK } from './fixtures';
import { LspClient, tempWorkspace } from './harness';

const RESOURCES = 1000;
const WARM_UP = 10;
const EDITS = 60;

describe(`edit to diagnostics on a ${RESOURCES}-resource template`, () => {
  let root: string;
  let client: LspClient;
  const text = generatedTemplate(RESOURCES);

  before(async () => {
    root = tempWorkspace({ 'big.yaml': text, 'small.yaml': PRIMARY_NO_CHECK });
    client = await LspClient.start(root, { debounceMs: 0 });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('re-reads only the edited file and publishes within the budget', async (t) => {
    const scanned = await client.nextSummary(0, (s) => !s.scanning && s.resources >= RESOURCES);
    assert.equal(scanned.files, 2);
    client.open('big.yaml', text);
    // The TTL of Primary0: a one-character edit inside one resource, as a keystroke makes it.
    const line = text.split('\n').indexOf("      TTL: '60'");
    const samples: (RunTiming & { roundTripMs: number })[] = [];
    for (let i = 0; i < WARM_UP + EDITS; i++) {
      const from = client.summaries.length;
      const t0 = performance.now();
      client.edit('big.yaml', { start: { line, character: 13 }, end: { line, character: 14 } }, i % 2 === 0 ? '1' : '0');
      // The workspace run that follows each edit (a quick one-file answer may come first when runs
      // are slow): waiting for it keeps one edit from running into the next.
      const s = await client.nextSummary(from, (x) => x.lastRun?.trigger === 'edit' && x.lastRun.scope === 'workspace');
      if (i >= WARM_UP) samples.push({ ...s.lastRun!, roundTripMs: performance.now() - t0 });
    }
    const row = (name: keyof (typeof samples)[number]) => {
      const values = samples.map((s) => Number(s[name] ?? 0)).sort((a, b) => a - b);
      return `${String(name).padEnd(12)} p50 ${pct(values, 50).toFixed(1).padStart(6)} ms   p95 ${pct(values, 95).toFixed(1).padStart(6)} ms`;
    };
    t.diagnostic(`${EDITS} edits of a ${RESOURCES}-resource template (debounce 0):`);
    for (const name of ['updateMs', 'runMs', 'publishMs', 'sinceEditMs', 'roundTripMs'] as const) t.diagnostic(row(name));
    const p95 = pct(samples.map((s) => s.sinceEditMs ?? Infinity).sort((a, b) => a - b), 95);
    // The target is 40 ms; shared CI machines get a wide margin so the test does not flake.
    assert.ok(p95 < 400, `server-side p95 ${p95.toFixed(1)} ms`);
  });
});

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
