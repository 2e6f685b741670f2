// The command "Multi-Region Review: Check Live Route 53". It runs only when the user invokes it, and
// never in an untrusted workspace. It reads the multiRegionReview.live.* settings, shows cancellable
// progress and forwards the cancel to the server, which makes the read-only Route 53 calls.
import * as vscode from 'vscode';
import { type LanguageClient, WorkDoneProgress } from 'vscode-languageclient/node';
import { LiveCheckRequest, type LiveCheckResult, LiveClearRequest, SETTINGS_SECTION } from '../../server/src/protocol';

export const CHECK_LIVE_COMMAND = 'multiRegionReview.checkLiveRoute53';
export const CLEAR_LIVE_COMMAND = 'multiRegionReview.clearLiveResults';

export function registerLiveCheck(client: LanguageClient): vscode.Disposable {
  let runs = 0;
  return vscode.Disposable.from(
    // Returns the result, so tests and scripts can await the check.
    vscode.commands.registerCommand(CHECK_LIVE_COMMAND, async (): Promise<LiveCheckResult> => {
      if (!vscode.workspace.isTrusted) {
        const message = 'Live AWS checks are disabled in untrusted workspaces. Trust this workspace to compare it with your Route 53 configuration.';
        void vscode.window.showWarningMessage(`Multi-Region Review: ${message}`);
        return { ok: false, kind: 'untrusted', message };
      }
      const s = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      const params = {
        profile: s.get<string>('live.profile') || undefined,
        region: s.get<string>('live.region') || undefined,
        endpoint: s.get<string>('live.endpoint') || undefined,
        timeoutMs: s.get<number>('live.timeoutMs'),
      };
      const workDoneToken = `multi-region-review-live-${++runs}`;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Multi-Region Review: checking live Route 53', cancellable: true },
        async (progress, token) => {
          const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (p) => {
            if (p.kind !== 'end' && p.message) progress.report({ message: p.message });
          });
          try {
            return await client.sendRequest(LiveCheckRequest.type, { ...params, workDoneToken }, token);
          } finally {
            sub.dispose();
          }
        },
      );
      void show(result);
      return result;
    }),
    vscode.commands.registerCommand(CLEAR_LIVE_COMMAND, () => client.sendRequest(LiveClearRequest.type)),
  );
}

async function show(r: LiveCheckResult): Promise<void> {
  if (!r.ok) {
    if (r.kind === 'cancelled') return;
    const pick = await vscode.window.showErrorMessage(`Multi-Region Review: ${r.message}`, 'Open Live Check Settings');
    if (pick) await vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.live`);
    return;
  }
  const parts = [r.unhealthy && `${r.unhealthy} with a failing health check`, r.drift && `${r.drift} drifted`, r.missingLive && `${r.missingLive} missing live`, `${r.inSync} in sync`].filter(Boolean);
  const zones = r.zones.length ? ` in ${r.zones.join(', ')}` : '';
  const text = `Live Route 53${zones}: ${parts.join(', ')}${r.notComparable ? ` (${r.notComparable} computed record${r.notComparable === 1 ? '' : 's'} not comparable)` : ''}.`;
  const pick = await (r.findings ? vscode.window.showWarningMessage(text, 'Show Problems', 'Show Topology') : vscode.window.showInformationMessage(text, 'Show Topology'));
  if (pick === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  if (pick === 'Show Topology') await vscode.commands.executeCommand('multiRegionReview.showTopology');
}
