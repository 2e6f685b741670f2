// Crash recovery: the language server is killed with SIGKILL; the client starts a new process (a new pid),
// the new server scans the workspace again, the fixture's finding comes back with the same rule and range,
// and edits are analysed by the new process.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Api, describeDiagnostics, extensionApi, fixture, hasRule, lacksRule, RULE, ruleId, type Summary, waitForDiagnostics, waitUntil } from './helpers';

type CrashApi = Api & { serverPid(): number | undefined; onDidChangeSummary: vscode.Event<Summary> };

describe('crash recovery', () => {
  const edge = fixture('templates/edge.yaml');
  let api: CrashApi;

  before(async () => {
    api = (await extensionApi()) as CrashApi;
    assert.equal(typeof api.serverPid, 'function', 'the API exposes serverPid()');
  });

  after(async () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === edge.toString());
    if (doc?.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('a killed server is restarted and its diagnostics come back at the same range', async () => {
    const before = await waitForDiagnostics(edge, hasRule(RULE), `${RULE} before the crash`);
    const d0 = before.find((d) => ruleId(d) === RULE)!;
    const oldPid = await waitUntil(() => api.serverPid(), 'the server pid');
    const summariesAfterKill: Summary[] = [];
    const sub = api.onDidChangeSummary((s) => summariesAfterKill.push(s));
    try {
      process.kill(oldPid, 'SIGKILL');
      const newPid = await waitUntil(() => {
        const p = api.serverPid();
        return p !== undefined && p !== oldPid ? p : undefined;
      }, () => `a new server process (old ${oldPid}, now ${api.serverPid()})`, 30_000);
      assert.notEqual(newPid, oldPid);
      assert.throws(() => process.kill(oldPid, 0), 'the old process is gone');
      // The new process scans the workspace and reports a finished scan of its own.
      await waitUntil(() => (summariesAfterKill.some((s) => !s.scanning && s.errors >= 1) ? true : undefined), () => `a finished scan from the new server: ${JSON.stringify(summariesAfterKill)}`, 30_000);
      const after = await waitForDiagnostics(edge, hasRule(RULE), `${RULE} after the restart`);
      const d1 = after.find((d) => ruleId(d) === RULE)!;
      assert.deepEqual(d1.range, d0.range, describeDiagnostics(after));
      assert.equal(d1.message, d0.message);
    } finally {
      sub.dispose();
    }
  });

  it('the restarted server analyses edits', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(edge), { preview: false });
    const pid = api.serverPid();
    assert.ok(pid !== undefined);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(edge, new vscode.Position(13, 0), '      HealthCheckId: 6c3d2b1a-0f9e-4d8c-b7a6-5e4f3d2c1b0a\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(edge, lacksRule(RULE), `${RULE} to clear after the edit`);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitForDiagnostics(edge, hasRule(RULE), `${RULE} after revert`);
    assert.equal(api.serverPid(), pid, 'the same restarted process answered');
  });
});
