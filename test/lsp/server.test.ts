// Protocol tests: the bundled server over stdio, driven the way an editor drives it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { docsUrl } from '../../server/src/engine/rule';
import { FAILOVER_RANGE, AFTER_FAILOVER, HEALTH_CHECK_LINE, lonePrimary, loneSecondary, PRIMARY_NO_CHECK } from './fixtures';
import { LspClient, tempWorkspace, writeFile } from './harness';

const RULE = 'failover-without-health-check';
const PRIMARY = 'primary.yaml';
const has = (client: LspClient, file: string, code: string) => client.diagnosticsOf(file).some((d) => d.code === code);

describe('language server over stdio', () => {
  let root: string;
  let client: LspClient;

  before(async () => {
    root = tempWorkspace({
      [PRIMARY]: PRIMARY_NO_CHECK,
      // Never read: a dependency folder, and a path the editor settings ignore.
      'node_modules/pkg/template.yaml': PRIMARY_NO_CHECK,
      'vendor/copy.yaml': PRIMARY_NO_CHECK,
    });
    client = await LspClient.start(root, { debounceMs: 100, ignore: ['vendor/**'] });
  });

  after(async () => {
    const code = await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(code, 0, 'the server exits cleanly after shutdown/exit');
    assert.deepEqual(client.errorLogs(), [], 'the server logged no errors');
  });

  it('scans the workspace with progress and publishes the finding with code, docs link, range and source', async () => {
    const diag = await client.waitFor('the failover diagnostic', () => client.diagnosticsOf(PRIMARY).find((d) => d.code === RULE));
    assert.equal(diag.source, 'multi-region-review');
    assert.equal(diag.severity, 1);
    assert.deepEqual(diag.codeDescription, { href: docsUrl(RULE) });
    assert.deepEqual(diag.range, FAILOVER_RANGE);
    assert.deepEqual(diag.data, { ruleId: RULE, resourceId: `${PRIMARY}#PrimaryRecord`, alias: false });
    const kinds = await client.waitFor('progress begin and end', () => {
      const k = client.progress.map((p) => p.kind);
      return k.includes('begin') && k.includes('end') && k;
    });
    assert.ok(kinds.indexOf('begin') < kinds.lastIndexOf('end'));
    const summary = await client.nextSummary(0, (s) => !s.scanning && s.errors > 0);
    assert.equal(summary.files, 1, 'node_modules and ignored paths are not scanned');
    assert.equal(summary.resources, 2);
    assert.ok(![...client.diagnostics.keys()].some((f) => f.includes('node_modules') || f.includes('vendor')));
  });

  it('pulls its settings with workspace/configuration, scoped to the folder', () => {
    assert.ok(client.configurationRequests.length > 0);
    assert.ok(client.configurationRequests.every((r) => r.section === 'multiRegionReview' && r.scopeUri === pathToFileURL(root).href));
  });

  it('clears the diagnostic when an edit adds a HealthCheckId, and brings it back on undo', async () => {
    client.open(PRIMARY, PRIMARY_NO_CHECK);
    const version = client.edit(PRIMARY, { start: AFTER_FAILOVER, end: AFTER_FAILOVER }, HEALTH_CHECK_LINE);
    const fixed = await client.waitFor('the fix to be published', () => {
      const p = client.diagnostics.get(path.join(root, PRIMARY));
      return p?.version === version && p;
    });
    assert.ok(!fixed.diagnostics.some((d) => d.code === RULE));
    client.change(PRIMARY, PRIMARY_NO_CHECK);
    await client.waitFor('the diagnostic to come back', () => has(client, PRIMARY, RULE));
  });

  it('publishes only the last of several quick edits (per-document debounce)', async () => {
    const from = client.published.length;
    const versions: number[] = [];
    // Alternate between a flawed and a fixed text so every version would publish something new.
    for (let i = 0; i < 5; i++) versions.push(client.change(PRIMARY, i % 2 === 0 ? PRIMARY_NO_CHECK.replace('PRIMARY\n', `PRIMARY\n${HEALTH_CHECK_LINE}`) : PRIMARY_NO_CHECK));
    const last = versions[versions.length - 1];
    await client.waitFor('the last version', () => client.diagnostics.get(path.join(root, PRIMARY))?.version === last);
    const seen = client.published.slice(from).filter((p) => p.uri.endsWith(PRIMARY)).map((p) => p.version);
    assert.deepEqual(seen, [last], 'no intermediate version was analysed');
    client.change(PRIMARY, PRIMARY_NO_CHECK);
    await client.waitFor('the flawed text again', () => has(client, PRIMARY, RULE));
  });

  it('reports broken YAML as one parse-error diagnostic and keeps serving', async () => {
    const broken = PRIMARY_NO_CHECK.replace('Failover: PRIMARY\n', 'Failover: PRIMARY\n      Bad: [unclosed\n');
    client.change(PRIMARY, broken);
    const diags = await client.waitFor('a parse error', () => has(client, PRIMARY, 'parse-error') && client.diagnosticsOf(PRIMARY));
    const parse = diags.filter((d) => d.code === 'parse-error');
    assert.equal(parse.length, 1);
    assert.equal(parse[0].range.start.line, 12);
    assert.match(parse[0].codeDescription?.href ?? '', /docs\/rules\/parse-error\.md$/, 'parse errors link their docs page');
    client.change(PRIMARY, PRIMARY_NO_CHECK);
    await client.waitFor('the template to read again', () => has(client, PRIMARY, RULE) && !has(client, PRIMARY, 'parse-error'));
  });

  it('publishes for every file a cross-file finding touches', async () => {
    writeFile(root, 'east.yaml', lonePrimary('cross.example.com.'));
    client.filesChanged([{ file: 'east.yaml', type: FileChangeType.Created }]);
    await client.waitFor('the unpaired PRIMARY', () => has(client, 'east.yaml', 'failover-unpaired'));
    // Typing the SECONDARY into another, unsaved document settles the PRIMARY's file.
    client.open('west.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n');
    // First the usual slip, a SECONDARY of another type: the finding points at it in the other file.
    client.change('west.yaml', loneSecondary('cross.example.com.', 'AAAA'));
    const unpaired = await client.waitFor('related information in the other file', () =>
      client.diagnosticsOf('east.yaml').find((d) => d.code === 'failover-unpaired' && d.relatedInformation?.length),
    );
    assert.equal(fileURLToPath(unpaired.relatedInformation![0].location.uri), path.join(root, 'west.yaml'));
    client.change('west.yaml', loneSecondary('cross.example.com.'));
    await client.waitFor('the pair to settle', () => client.diagnostics.has(path.join(root, 'east.yaml')) && !has(client, 'east.yaml', 'failover-unpaired'));
    // Closing the unsaved document falls back to the disk, where it does not exist.
    client.close('west.yaml');
    await client.waitFor('the finding to return', () => has(client, 'east.yaml', 'failover-unpaired'));
    fs.rmSync(path.join(root, 'east.yaml'));
    client.filesChanged([{ file: 'east.yaml', type: FileChangeType.Deleted }]);
    await client.waitFor('the deleted file to be cleared', () => client.diagnosticsOf('east.yaml').length === 0);
  });

  it('turns a rule off when multi-region-review.json changes on disk, and back on when it goes', async () => {
    client.close(PRIMARY);
    writeFile(root, 'multi-region-review.json', JSON.stringify({ rules: { [RULE]: 'off' } }));
    client.filesChanged([{ file: 'multi-region-review.json', type: FileChangeType.Created }]);
    await client.waitFor('the rule to be off', () => client.diagnostics.has(path.join(root, PRIMARY)) && !has(client, PRIMARY, RULE));
    fs.rmSync(path.join(root, 'multi-region-review.json'));
    client.filesChanged([{ file: 'multi-region-review.json', type: FileChangeType.Deleted }]);
    await client.waitFor('the rule to be back', () => has(client, PRIMARY, RULE));
  });

  it('reports a malformed config file on the file itself', async () => {
    writeFile(root, 'multi-region-review.json', JSON.stringify({ rules: { [RULE]: 'loud' } }));
    client.filesChanged([{ file: 'multi-region-review.json', type: FileChangeType.Changed }]);
    const diag = await client.waitFor('the config problem', () => client.diagnosticsOf('multi-region-review.json')[0]);
    assert.equal(diag.code, 'invalid-config');
    assert.match(typeof diag.message === 'string' ? diag.message : diag.message.value, /rules\.failover-without-health-check/);
    fs.rmSync(path.join(root, 'multi-region-review.json'));
    client.filesChanged([{ file: 'multi-region-review.json', type: FileChangeType.Deleted }]);
    await client.waitFor('the config problem to clear', () => client.diagnosticsOf('multi-region-review.json').length === 0);
  });

  it('re-pulls settings after didChangeConfiguration and applies severity overrides', async () => {
    const asked = client.configurationRequests.length;
    client.changeSettings({ debounceMs: 100, ignore: ['vendor/**'], rules: { [RULE]: 'warning' } });
    await client.waitFor('a warning', () => client.diagnosticsOf(PRIMARY).find((d) => d.code === RULE && d.severity === 2));
    assert.ok(client.configurationRequests.length > asked);
    client.changeSettings({ debounceMs: 100, ignore: ['vendor/**'], enable: false });
    await client.waitFor('everything cleared when disabled', () => client.diagnosticsOf(PRIMARY).length === 0);
    client.changeSettings({ debounceMs: 100, ignore: ['vendor/**'] });
    await client.waitFor('an error again', () => client.diagnosticsOf(PRIMARY).find((d) => d.code === RULE && d.severity === 1));
  });

  it('answers the rescan request with the summary', async () => {
    const summary = await client.rescan();
    assert.equal(summary.scanning, false);
    assert.equal(summary.errors, 1);
    assert.equal(summary.files, 1);
  });

  it('ignores documents that are not files, and survives edits to unknown documents', async () => {
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'yaml', version: 1, text: PRIMARY_NO_CHECK } });
    void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: client.uri('never-opened.yaml'), version: 3 }, contentChanges: [{ text: 'x' }] });
    const summary = await client.rescan();
    assert.equal(summary.files, 1);
    assert.ok(!client.published.some((p) => p.uri.startsWith('untitled:')));
  });
});
