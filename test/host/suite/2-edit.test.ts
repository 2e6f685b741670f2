// Live analysis of unsaved edits: adding a HealthCheckId through the API clears the finding, undo brings it
// back, and the range follows lines inserted above it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeDiagnostics, extensionApi, fixture, hasRule, lacksRule, RULE, ruleId, waitForDiagnostics } from './helpers';

describe('editing', () => {
  const edge = fixture('templates/edge.yaml');
  let editor: vscode.TextEditor;

  before(async () => {
    await extensionApi();
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(edge), { preview: false });
    await waitForDiagnostics(edge, hasRule(RULE), RULE);
  });

  after(async () => {
    // Leave the file as it is on disk for the tests that follow.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitForDiagnostics(edge, hasRule(RULE), `${RULE} after revert`);
  });

  it('adding a HealthCheckId makes the diagnostic go away', async () => {
    const doc = editor.document;
    const failoverLine = doc.lineAt(12);
    assert.equal(failoverLine.text.trim(), 'Failover: PRIMARY');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(edge, new vscode.Position(13, 0), '      HealthCheckId: 6c3d2b1a-0f9e-4d8c-b7a6-5e4f3d2c1b0a\n');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
    assert.ok(doc.isDirty, 'the document is edited, not saved');
    const ds = await waitForDiagnostics(edge, lacksRule(RULE), `${RULE} to disappear`);
    assert.deepEqual(ds, [], describeDiagnostics(ds));
  });

  it('undo brings the diagnostic back at the same range', async () => {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    const ds = await waitForDiagnostics(edge, hasRule(RULE), `${RULE} to come back after undo`);
    assert.ok(!editor.document.getText().includes('HealthCheckId'), 'undo removed the inserted line');
    const d = ds.find((x) => ruleId(x) === RULE)!;
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [12, 6, 12, 23]);
  });

  it('the range follows lines inserted above the record', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(edge, new vscode.Position(0, 0), '# a comment\n# another comment\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const ds = await waitForDiagnostics(edge, (xs) => xs.some((d) => ruleId(d) === RULE && d.range.start.line === 14), `${RULE} to move to line 15`);
    const d = ds.find((x) => ruleId(x) === RULE)!;
    assert.equal(editor.document.getText(d.range), 'Failover: PRIMARY');
  });
});
