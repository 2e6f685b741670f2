// Editor settings take effect live: `multiRegionReview.rules` turns a rule off or changes its severity.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeDiagnostics, extensionApi, fixture, hasRule, lacksRule, RULE, ruleId, settledSummary, waitForDiagnostics } from './helpers';

describe('configuration', () => {
  const edge = fixture('templates/edge.yaml');
  const section = () => vscode.workspace.getConfiguration('multiRegionReview');

  before(async () => {
    await extensionApi();
    await waitForDiagnostics(edge, hasRule(RULE), RULE);
  });

  after(async () => {
    await section().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it(`"${RULE}": "off" removes the diagnostic`, async () => {
    const api = await extensionApi();
    await vscode.workspace.getConfiguration().update('multiRegionReview.rules', { [RULE]: 'off' }, vscode.ConfigurationTarget.Workspace);
    const ds = await waitForDiagnostics(edge, lacksRule(RULE), `${RULE} to be turned off`);
    assert.deepEqual(ds, [], describeDiagnostics(ds));
    const s = await settledSummary(api, (x) => x.errors === 0, 'the summary without the error');
    assert.equal(s.errors, 0);
  });

  it(`"${RULE}": "warning" brings it back as a warning`, async () => {
    await section().update('rules', { [RULE]: 'warning' }, vscode.ConfigurationTarget.Workspace);
    const ds = await waitForDiagnostics(edge, (xs) => xs.some((d) => ruleId(d) === RULE && d.severity === vscode.DiagnosticSeverity.Warning), `${RULE} as a warning`);
    assert.equal(ds.length, 1, describeDiagnostics(ds));
  });

  it('removing the setting restores the default severity', async () => {
    const api = await extensionApi();
    await section().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(edge, (xs) => xs.some((d) => ruleId(d) === RULE && d.severity === vscode.DiagnosticSeverity.Error), `${RULE} as an error again`);
    const s = await settledSummary(api, (x) => x.errors === 1, 'the summary with the error again');
    assert.equal(s.errors, 1);
  });
});
