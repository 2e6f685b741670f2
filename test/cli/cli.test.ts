// The CLI end to end, in-process: arguments, exit codes, paths, configuration and the text and
// JSON formats.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT } from '../helpers';
import { BROKEN_YAML, CLEAN, onlyRule, removeTemps, RULE, runCli, tempFolder, UNCHECKED_FAILOVER } from './run';

after(removeTemps);

const FINDING_KEYS = ['ruleId', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn'];

describe('JSON format', () => {
  it('has exactly { findings, model } with 1-based positions and paths relative to the current folder', async () => {
    const parent = tempFolder({ 'ws/templates/dns.yaml': UNCHECKED_FAILOVER });
    const { code, stdout } = await runCli(['ws', '--format', 'json'], parent);
    assert.equal(code, 1);
    const doc = JSON.parse(stdout);
    assert.deepEqual(Object.keys(doc), ['findings', 'model']);
    assert.deepEqual(Object.keys(doc.model), ['regions', 'resources', 'edges']);
    const f = doc.findings.find((x: { ruleId: string }) => x.ruleId === RULE);
    assert.deepEqual(Object.keys(f).slice(0, FINDING_KEYS.length), FINDING_KEYS);
    assert.deepEqual({ file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity }, { file: 'ws/templates/dns.yaml', line: 11, column: 7, endLine: 11, endColumn: 24, severity: 'error' });
    const res = doc.model.resources.find((r: { logicalId: string }) => r.logicalId === 'PrimaryRecord');
    assert.deepEqual(res, { id: 'ws/templates/dns.yaml#PrimaryRecord', type: 'AWS::Route53::RecordSet', logicalId: 'PrimaryRecord', file: 'ws/templates/dns.yaml', region: null, line: 4 });
    assert.equal(f.resourceId, res.id, 'finding and model use the same resource ids');
  });

  it('gives regions from the config file and per-deployment regions on resources', async () => {
    const ws = tempFolder({ 'app.yaml': CLEAN, 'multi-region-review.json': JSON.stringify({ deployments: [{ files: ['app.yaml'], regions: ['us-east-1', 'eu-west-1'] }] }) });
    const { code, stdout } = await runCli(['--format=json'], ws);
    assert.equal(code, 0);
    const doc = JSON.parse(stdout);
    assert.deepEqual(doc.model.regions, ['eu-west-1', 'us-east-1']);
    assert.deepEqual(doc.model.resources[0].region, ['us-east-1', 'eu-west-1']);
    assert.equal(doc.model.resources[0].file, 'app.yaml');
  });
});

describe('exit codes', () => {
  it('is 0 for a clean workspace, 1 when errors are found', async () => {
    assert.equal((await runCli(['.'], tempFolder({ 'a.yaml': CLEAN }))).code, 0);
    assert.equal((await runCli(['.'], tempFolder({ 'a.yaml': UNCHECKED_FAILOVER }))).code, 1);
  });

  it('is 1 for a file that does not parse', async () => {
    const { code, stdout } = await runCli(['-f', 'json'], tempFolder({ 'a.yaml': BROKEN_YAML }));
    assert.equal(code, 1);
    assert.ok(JSON.parse(stdout).findings.some((f: { ruleId: string; severity: string }) => f.ruleId === 'parse-error' && f.severity === 'error'));
  });

  it('follows ESLint for --max-warnings', async () => {
    const ws = tempFolder({ 'a.yaml': UNCHECKED_FAILOVER, 'multi-region-review.json': onlyRule(RULE, 'warning') });
    assert.equal((await runCli([], ws)).code, 0, 'warnings alone pass');
    assert.equal((await runCli(['--max-warnings', '1'], ws)).code, 0, 'one warning is within 1');
    const over = await runCli(['--max-warnings', '0'], ws);
    assert.equal(over.code, 1, 'one warning is over 0');
    assert.match(over.stderr, /too many warnings \(1; maximum: 0\)/);
    assert.equal((await runCli(['--max-warnings=-1'], ws)).code, 0, '-1 means no limit');
    assert.equal((await runCli(['--quiet', '--max-warnings', '0'], ws)).code, 1, 'warnings count even when --quiet hides them');
  });

  it('is 2 for usage errors, with a message and no stack trace', async () => {
    const ws = tempFolder({ 'a.yaml': CLEAN });
    for (const argv of [['--bogus'], ['--format', 'xml'], ['missing-folder'], ['--max-warnings', 'many'], ['--max-warnings', '-2'], ['--config', 'nope.json'], ['--format']]) {
      const r = await runCli(argv, ws);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, /^multi-region-review: [\s\S]+\nRun multi-region-review --help for usage\.\n$/, argv.join(' '));
      assert.ok(!r.stderr.includes('    at '), 'no stack trace');
      assert.equal(r.stdout, '');
    }
  });

  it('prints help and version with code 0', async () => {
    const help = await runCli(['--help'], ROOT);
    assert.equal(help.code, 0);
    for (const flag of ['--format', '--max-warnings', '--config', '--summary', '--quiet', '--output', '--no-color', '--version']) assert.ok(help.stdout.includes(flag), flag);
    const version = await runCli(['-v'], ROOT);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('paths and configuration', () => {
  it('scans only the files given, rooted at their common parent', async () => {
    const parent = tempFolder({ 'a/one.yaml': UNCHECKED_FAILOVER, 'b/two.yaml': UNCHECKED_FAILOVER, 'c/three.yaml': UNCHECKED_FAILOVER });
    const { stdout } = await runCli(['a/one.yaml', 'b', '-f', 'json'], parent);
    const files = new Set(JSON.parse(stdout).findings.map((f: { file: string }) => f.file));
    assert.deepEqual([...files].sort(), ['a/one.yaml', 'b/two.yaml']);
  });

  it('accepts a single file and a path outside the current folder', async () => {
    const ws = tempFolder({ 'x/t.yaml': UNCHECKED_FAILOVER });
    const cwd = tempFolder({});
    const { stdout } = await runCli([path.join(ws, 'x', 't.yaml'), '-f', 'json'], cwd);
    const doc = JSON.parse(stdout);
    assert.equal(doc.findings[0].file, path.relative(cwd, path.join(ws, 'x', 't.yaml')).split(path.sep).join('/'));
  });

  it('reads multi-region-review.json from the scanned folder, or the one given with --config', async () => {
    const ws = tempFolder({ 'a.yaml': UNCHECKED_FAILOVER, 'multi-region-review.json': onlyRule(RULE, 'info') });
    const own = JSON.parse((await runCli(['-f', 'json'], ws)).stdout);
    assert.deepEqual(own.findings.map((f: { severity: string }) => f.severity), ['info']);
    const elsewhere = tempFolder({ 'strict.json': onlyRule(RULE, 'warning') });
    const given = await runCli(['-f', 'json', '--config', path.join(elsewhere, 'strict.json')], ws);
    assert.deepEqual(JSON.parse(given.stdout).findings.map((f: { severity: string }) => f.severity), ['warning']);
  });

  it('applies config ignore globs relative to the workspace root', async () => {
    const ws = tempFolder({ 'keep/a.yaml': UNCHECKED_FAILOVER, 'vendor/b.yaml': UNCHECKED_FAILOVER, 'multi-region-review.json': JSON.stringify({ ignore: ['vendor/**'] }) });
    const parent = path.dirname(ws);
    const doc = JSON.parse((await runCli([path.basename(ws), '-f', 'json'], parent)).stdout);
    const files = new Set(doc.findings.map((f: { file: string }) => f.file));
    assert.deepEqual([...files], [`${path.basename(ws)}/keep/a.yaml`]);
  });

  it('warns about problems in the config file on stderr', async () => {
    const ws = tempFolder({ 'a.yaml': CLEAN, 'multi-region-review.json': JSON.stringify({ rules: { [RULE]: 'loud' } }) });
    const r = await runCli([], ws);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /warning: multi-region-review\.json: rules\.failover-without-health-check/);
  });
});

describe('text format and output options', () => {
  it('groups by file with aligned line:col, severity, message and rule id, then a count line', async () => {
    const ws = tempFolder({ 'dns.yaml': UNCHECKED_FAILOVER, 'multi-region-review.json': onlyRule(RULE, 'error') });
    const { stdout } = await runCli([], ws);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'dns.yaml');
    assert.match(lines[1], /^ {2}11:7 {2}error {2}PRIMARY failover record api\.example\.com\. A .* {2}failover-without-health-check$/);
    assert.ok(lines.includes('✖ 1 problem (1 error, 0 warnings)'));
    assert.ok(!stdout.includes('\u001b['), 'no colour when the terminal takes none');
  });

  it('colours only when the terminal takes colour and --no-color is absent', async () => {
    const ws = tempFolder({ 'dns.yaml': UNCHECKED_FAILOVER });
    assert.ok((await runCli([], ws, true)).stdout.includes('\u001b[31merror'));
    assert.ok(!(await runCli(['--no-color'], ws, true)).stdout.includes('\u001b['));
  });

  it('--quiet reports errors only', async () => {
    const ws = tempFolder({ 'a.yaml': UNCHECKED_FAILOVER, 'b.yaml': BROKEN_YAML, 'multi-region-review.json': onlyRule(RULE, 'warning') });
    const doc = JSON.parse((await runCli(['-q', '-f', 'json'], ws)).stdout);
    assert.ok(doc.findings.length > 0);
    assert.ok(doc.findings.every((f: { severity: string }) => f.severity === 'error'));
  });

  it('--output writes the report to a file and nothing to stdout', async () => {
    const ws = tempFolder({ 'a.yaml': UNCHECKED_FAILOVER });
    const r = await runCli(['-f', 'json', '-o', 'reports/out.json'], ws);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.ok(JSON.parse(fs.readFileSync(path.join(ws, 'reports', 'out.json'), 'utf8')).findings.length > 0);
  });

  it('--summary follows text output, and goes to stderr next to JSON', async () => {
    const ws = tempFolder({ 'a.yaml': UNCHECKED_FAILOVER, 'multi-region-review.json': JSON.stringify({ deployments: [{ files: ['*.yaml'], regions: ['us-east-1'] }] }) });
    const text = await runCli(['--summary'], ws);
    assert.match(text.stdout, /Summary\n {2}Findings {2}\d+ errors?, \d+ warnings?/);
    assert.match(text.stdout, /By rule {3}[\s\S]*failover-without-health-check +1/);
    assert.match(text.stdout, /Regions {3}us-east-1/);
    assert.match(text.stdout, /Scanned {3}2 files \(1 template\), 2 resources in \d+\.\d\d s/);
    const json = await runCli(['--summary', '-f', 'json'], ws);
    assert.doesNotThrow(() => JSON.parse(json.stdout));
    assert.match(json.stderr, /^Summary\n/);
  });

  it('says so when there is nothing to report', async () => {
    const { code, stdout } = await runCli([], tempFolder({ 'a.yaml': CLEAN }));
    assert.equal(code, 0);
    assert.equal(stdout, '✔ No problems found.\n');
  });
});
