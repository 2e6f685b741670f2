// The status-bar summary (read through the extension's exported API) counts what the Problems panel shows,
// and the contributed commands run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allOurs, extensionApi, settledSummary } from './helpers';

function countOurs(severity: vscode.DiagnosticSeverity): number {
  return allOurs().reduce((n, [, ds]) => n + ds.filter((d) => d.severity === severity).length, 0);
}

describe('status-bar summary and commands', () => {
  it('counts the errors, files and regions of the workspace', async () => {
    const api = await extensionApi();
    const s = await settledSummary(api, (x) => x.errors >= 1, 'a summary with the error');
    assert.equal(s.errors, countOurs(vscode.DiagnosticSeverity.Error), `errors: ${JSON.stringify(s)}`);
    assert.equal(s.warnings, countOurs(vscode.DiagnosticSeverity.Warning), `warnings: ${JSON.stringify(s)}`);
    assert.equal(s.errors, 1);
    assert.ok(s.files >= 2, `both templates counted: ${JSON.stringify(s)}`);
    assert.ok(s.resources >= 5, `resources of both templates: ${JSON.stringify(s)}`);
    assert.ok(s.regions >= 2, `us-east-1 and eu-west-1 from multi-region-review.json: ${JSON.stringify(s)}`);
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['multiRegionReview.showProblems', 'multiRegionReview.rescan', 'multiRegionReview.showTopology']) assert.ok(commands.includes(c), `${c} is registered`);
  });

  it('rescan keeps the same findings', async () => {
    const api = await extensionApi();
    const before = await settledSummary(api);
    await vscode.commands.executeCommand('multiRegionReview.rescan');
    const after = await settledSummary(api);
    assert.deepEqual([after.errors, after.warnings, after.files], [before.errors, before.warnings, before.files]);
  });

  it('showProblems opens the Problems panel', async () => {
    await vscode.commands.executeCommand('multiRegionReview.showProblems');
  });
});
