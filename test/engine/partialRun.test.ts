// Analyzer.runFile: the findings that follow from one file alone, published for an edited document
// while the workspace scan has not finished. A rule with `scope: 'file'` promises that its findings
// on a file do not depend on any other file; this test holds every such rule to it over every
// fixture workspace, the examples and the third-party corpus: for each file, runFile must give
// exactly the full run's findings of those rules (and parse problems) on that file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer, PARSE_ERROR } from '../../server/src/engine/analyze';
import { CONFIG_FILE, defaultConfig, parseConfig } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/rule';
import { allRules } from '../../server/src/engine/rules';
import { initPython } from '../../server/src/engine/sources/python';
import { DiskWorkspace } from '../../server/src/engine/workspace';
import { FIXTURES, readFixture, ROOT } from '../helpers';
import { CORPUS } from './hardening/inputs';

const NOW = new Date('2026-11-01T00:00:00Z');
const FILE_SCOPED = new Set(allRules.filter((r) => r.meta.scope === 'file').map((r) => r.id));

const key = (f: Finding) => JSON.stringify([f.file, f.ruleId, f.severity, f.range, f.message, f.related ?? null, f.data ?? null]);

/** Compares runFile with the full run for every file of one workspace; returns how many findings runFile gave. */
function checkWorkspace(name: string, docs: Record<string, string>): number {
  const config = docs[CONFIG_FILE] ? parseConfig(docs[CONFIG_FILE]).config : defaultConfig();
  const analyzer = new Analyzer();
  for (const [file, text] of Object.entries(docs)) analyzer.update(file, text, config);
  const full = analyzer.run(config, { now: NOW }).findings;
  let count = 0;
  for (const file of analyzer.knownFiles()) {
    const partial = analyzer.runFile(file, config, { now: NOW }).findings;
    const expected = full.filter((f) => f.file === file && (FILE_SCOPED.has(f.ruleId) || f.ruleId === PARSE_ERROR)).map(key);
    assert.deepEqual(partial.map(key), expected, `${name}: ${file}`);
    count += partial.length;
  }
  return count;
}

describe('Analyzer.runFile (one file alone)', () => {
  it('is defined for a known set of rules, each of which reads nothing beyond its own file', () => {
    assert.deepEqual([...FILE_SCOPED].sort(), [
      'alias-without-target-health',
      'environment-config-file',
      'failover-ttl-too-high',
      'failover-without-health-check',
      'global-table-missing-stream',
      'hardcoded-region',
      'in-memory-session',
      'local-file-storage',
      'process-local-state',
      's3-replication-without-delete-markers',
      'sticky-sessions',
    ]);
  });

  it('gives exactly the full run’s file-scoped findings on every fixture workspace', async () => {
    await initPython();
    let workspaces = 0;
    let findings = 0;
    const byRule = new Map<string, number>();
    for (const rule of fs.readdirSync(FIXTURES)) {
      for (const kind of ['valid', 'invalid']) {
        const dir = path.join(FIXTURES, rule, kind);
        if (!fs.existsSync(dir)) continue;
        for (const name of fs.readdirSync(dir).filter((n) => !n.endsWith('.expected.json'))) {
          const n = checkWorkspace(`${rule}/${kind}/${name}`, readFixture(path.join(dir, name)));
          workspaces++;
          findings += n;
          if (kind === 'invalid') byRule.set(rule, (byRule.get(rule) ?? 0) + n);
        }
      }
    }
    assert.ok(workspaces > 200, `fixture workspaces: ${workspaces}`);
    // Not vacuous: every file-scoped rule's invalid fixtures are found by the one-file run too.
    for (const id of FILE_SCOPED) assert.ok((byRule.get(id) ?? 0) > 0, `${id}: runFile found nothing in its invalid fixtures`);
    assert.ok(findings > 50, `findings: ${findings}`);
  });

  it('gives exactly the full run’s file-scoped findings on the examples', async () => {
    await initPython();
    const dir = path.join(ROOT, 'examples', 'global-app');
    const n = checkWorkspace('examples/global-app', readFixture(dir));
    assert.ok(n > 0);
  });

  it('gives exactly the full run’s file-scoped findings on the third-party corpus', async (t) => {
    if (!fs.existsSync(CORPUS)) return t.skip(`corpus not found at ${CORPUS}`);
    const ws = new DiskWorkspace(CORPUS);
    const docs: Record<string, string> = {};
    for (const file of await ws.listFiles()) {
      const text = await ws.readFile(file);
      if (text !== undefined) docs[file] = text;
    }
    assert.ok(checkWorkspace('corpus', docs) > 0);
  });

  it('keeps cross-file rules out: a failover pair split over two files is not reported as unpaired', () => {
    const record = (role: string) => `Resources:\n  Rec:\n    Type: AWS::Route53::RecordSet\n    Properties:\n      HostedZoneName: example.com.\n      Name: api.example.com.\n      Type: A\n      TTL: 60\n      SetIdentifier: ${role}\n      Failover: ${role}\n      ResourceRecords: [192.0.2.1]\n`;
    const analyzer = new Analyzer();
    analyzer.update('primary.yaml', record('PRIMARY'));
    const alone = analyzer.runFile('primary.yaml', defaultConfig(), { now: NOW }).findings.map((f) => f.ruleId);
    assert.ok(alone.includes('failover-without-health-check'), 'a file-scoped rule still reports');
    assert.ok(!alone.includes('failover-unpaired'), 'a cross-file rule does not run on one file');
    // ... while the full run over only this file does report it (so the exclusion above matters).
    assert.ok(analyzer.run(defaultConfig(), { now: NOW }).findings.some((f) => f.ruleId === 'failover-unpaired'));
  });
});
