// The extension's entry point: starts the language server, shows its summary in the status bar and
// registers the commands. All analysis happens in the server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RescanRequest, type Summary, SummaryNotification } from '../../server/src/protocol';
import type { MultiRegionReviewApi } from './api';
import { registerTopologyPanel, SHOW_TOPOLOGY_COMMAND } from './diagramPanel';
import { createLanguageClient, registerRestartCommand, serverPid } from './languageClient';
import { registerGameDay } from './gameDay';
import { registerLiveCheck } from './live';
import { PROBLEMS_VIEW_COMMAND, SummaryStatusBar } from './statusBar';

export type { MultiRegionReviewApi } from './api';

export const COMMANDS = {
  showProblems: 'multiRegionReview.showProblems',
  rescan: 'multiRegionReview.rescan',
  showTopology: SHOW_TOPOLOGY_COMMAND,
} as const;

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): MultiRegionReviewApi {
  const statusBar = new SummaryStatusBar();
  const changed = new vscode.EventEmitter<Summary>();
  let latest: Summary | undefined;
  context.subscriptions.push(statusBar, changed);

  client = createLanguageClient(context);
  const c = client;
  context.subscriptions.push(
    c.onNotification(SummaryNotification.type, (summary) => {
      latest = summary;
      statusBar.show(summary);
      changed.fire(summary);
    }),
    vscode.commands.registerCommand(COMMANDS.showProblems, () => vscode.commands.executeCommand(PROBLEMS_VIEW_COMMAND)),
    // Returns the summary, so scripts and tests can await a full rescan.
    vscode.commands.registerCommand(COMMANDS.rescan, () => c.sendRequest(RescanRequest.type)),
    registerTopologyPanel(context, c),
    registerLiveCheck(c),
    registerGameDay(c),
    registerRestartCommand(c),
  );

  const scanned = new Promise<void>((resolve) => {
    const sub = changed.event((s) => {
      if (s.scanning) return;
      sub.dispose();
      resolve();
    });
    context.subscriptions.push(sub);
  });
  const ready = c.start().then(() => scanned);
  // Nobody may await `ready`; a failed start is shown by the client's own output channel.
  ready.catch(() => undefined);

  return { summary: () => latest, ready, onDidChangeSummary: changed.event, serverPid: () => serverPid(c) };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.stop();
}
