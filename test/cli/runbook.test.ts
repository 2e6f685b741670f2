// `--runbook` writes the game-day runbook; `--record-game-day` sets lastFailoverTest, keeping the file's comments.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { removeTemps, runCli, tempFolder } from './run';
import { TEMPLATE } from '../engine/live/fixture';

after(() => removeTemps());

describe('cli game days', () => {
  test('--runbook writes the Markdown runbook and still reports the findings', async () => {
    const dir = tempFolder({ 'dns.yaml': TEMPLATE });
    const r = await runCli(['--runbook', 'game-day.md'], dir);
    assert.equal(r.code, 0, r.stderr);
    const text = fs.readFileSync(path.join(dir, 'game-day.md'), 'utf8');
    assert.match(text, /^# Failover game day: /);
    assert.match(text, /### api\.example\.com\. CNAME \(`ApiPrimary` in `dns\.yaml`\)/);
    assert.match(r.stderr, /Wrote the game-day runbook/);
  });

  test('--record-game-day sets the date, keeps comments, and refuses a future date', async () => {
    const dir = tempFolder({ 'dns.yaml': TEMPLATE, 'multi-region-review.json': '{\n  // reviewed quarterly\n  "lastFailoverTest": "2026-01-15"\n}\n' });
    const ok = await runCli(['--record-game-day', '2026-11-01', '-q'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'multi-region-review.json'), 'utf8'), '{\n  // reviewed quarterly\n  "lastFailoverTest": "2026-11-01"\n}\n');
    const future = await runCli(['--record-game-day', '2999-01-01'], dir);
    assert.equal(future.code, 2);
    assert.match(future.stderr, /in the future/);
    const today = await runCli(['--record-game-day', 'today', '-q'], dir);
    assert.equal(today.code, 0);
    assert.match(fs.readFileSync(path.join(dir, 'multi-region-review.json'), 'utf8'), new RegExp(`"lastFailoverTest": "${new Date().toISOString().slice(0, 10)}"`));
  });
});
