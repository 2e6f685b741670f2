// The status-bar item: the summary's counts; a click opens the Problems panel.
import * as vscode from 'vscode';
import type { Summary } from '../../server/src/protocol';
import { statusText } from './summaryText';

export const PROBLEMS_VIEW_COMMAND = 'workbench.actions.view.problems';

export class SummaryStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('multiRegionReview.status', vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'Multi-Region Review';
    this.item.command = PROBLEMS_VIEW_COMMAND;
    this.show(undefined);
    this.item.show();
  }

  show(summary: Summary | undefined): void {
    const { text, tooltip } = statusText(summary);
    this.item.text = text;
    this.item.tooltip = new vscode.MarkdownString(tooltip, true);
    this.item.accessibilityInformation = { label: `Multi-Region Review: ${summary ? `${summary.errors} errors, ${summary.warnings} warnings` : 'starting'}` };
  }

  dispose(): void {
    this.item.dispose();
  }
}
