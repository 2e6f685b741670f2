// The extension activates in a real extension host, scans the workspace and publishes diagnostics with the
// rule id, the docs link and the exact range of the offending property.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { allOurs, describeDiagnostics, extensionApi, fixture, hasRule, ours, RULE, ruleId, settledSummary, SOURCE, waitForDiagnostics } from './helpers';

describe('diagnostics', () => {
  const edge = fixture('templates/edge.yaml');
  const clean = fixture('templates/clean.yaml');

  before(async () => {
    await extensionApi();
  });

  it('the workspace scan reports the flawed template before it is opened', async () => {
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === edge.toString()), 'edge.yaml is not open yet');
    const ds = await waitForDiagnostics(edge, hasRule(RULE), `${RULE} from the workspace scan`);
    assert.equal(ds.filter((d) => ruleId(d) === RULE).length, 1, describeDiagnostics(ds));
  });

  it(`marks the PRIMARY record's Failover property with ${RULE}`, async () => {
    const doc = await vscode.workspace.openTextDocument(edge);
    await vscode.window.showTextDocument(doc);
    const ds = await waitForDiagnostics(edge, hasRule(RULE), RULE);
    assert.deepEqual(ds.map(ruleId), [RULE], `only ${RULE} on this template: ${describeDiagnostics(ds)}`);
    const d = ds[0];
    assert.equal(d.source, SOURCE);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [12, 6, 12, 23],
      'the range covers `Failover: PRIMARY` (line 13, columns 7-24)',
    );
    assert.equal(doc.getText(d.range), 'Failover: PRIMARY');
    assert.match(d.message, /PRIMARY failover record api\.example\.com\. A has no HealthCheckId/);
  });

  it('links each diagnostic to its rule documentation', async () => {
    const [d] = await waitForDiagnostics(edge, hasRule(RULE), RULE);
    assert.equal(typeof d.code, 'object', 'code is { value, target }');
    const code = d.code as { value: string | number; target: vscode.Uri };
    assert.equal(code.value, RULE);
    assert.ok(code.target instanceof vscode.Uri, 'code.target is a Uri');
    assert.match(code.target.toString(true), new RegExp(`${RULE}\\.md$`), `docs link: ${code.target.toString(true)}`);
  });

  it('reports nothing for the clean template', async () => {
    const api = await extensionApi();
    await settledSummary(api, (s) => s.files >= 2, 'a finished scan of both templates');
    // The scan has read both files (files >= 2), so the clean one would have findings by now.
    assert.deepEqual(ours(clean), [], describeDiagnostics(ours(clean)));
    const files = allOurs().map(([uri]) => vscode.workspace.asRelativePath(uri));
    assert.deepEqual(files, ['templates/edge.yaml'], 'only the flawed template has findings');
  });
});
