// Failover game days: "Generate Failover Game Day Runbook" opens the workspace's runbook as a
// Markdown document, and "Record Completed Game Day" sets lastFailoverTest in
// multi-region-review.json through a workspace edit (so Undo works), which failover-test-overdue reads.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GameDayError, isoDay, recordGameDay } from '../../server/src/engine/gameDay';
import { RunbookRequest } from '../../server/src/protocol';

export const RUNBOOK_COMMAND = 'multiRegionReview.generateRunbook';
export const RECORD_GAME_DAY_COMMAND = 'multiRegionReview.recordGameDay';
const CONFIG_FILE = 'multi-region-review.json';

export function registerGameDay(client: LanguageClient): vscode.Disposable {
  return vscode.Disposable.from(
    // Returns the opened document's text, for tests and scripts.
    vscode.commands.registerCommand(RUNBOOK_COMMAND, async (): Promise<string | undefined> => {
      const folder = pickFolder();
      if (!folder) return void vscode.window.showInformationMessage('Multi-Region Review: open a folder to write its game-day runbook.');
      const result = await client.sendRequest(RunbookRequest.type, { folderUri: folder.uri.toString() });
      if (!result) return undefined;
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
      await vscode.window.showTextDocument(doc, { preview: false });
      return result.markdown;
    }),
    // `date` may be passed by scripts and tests; otherwise the user is asked (default: today).
    vscode.commands.registerCommand(RECORD_GAME_DAY_COMMAND, async (date?: string): Promise<string | undefined> => {
      const folder = pickFolder();
      if (!folder) return undefined;
      const today = isoDay(new Date());
      const day =
        typeof date === 'string'
          ? date
          : await vscode.window.showInputBox({
              title: 'Record completed game day',
              prompt: `Date of the failover game day; it is written to lastFailoverTest in ${CONFIG_FILE}.`,
              value: today,
              validateInput: (v) => {
                try {
                  recordGameDay(undefined, v.trim());
                  return undefined;
                } catch (err) {
                  return err instanceof GameDayError ? err.message : String(err);
                }
              },
            });
      if (!day) return undefined;
      const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
      let current: string | undefined;
      try {
        current = (await vscode.workspace.openTextDocument(uri)).getText();
      } catch {
        current = undefined;
      }
      let next: string;
      try {
        next = recordGameDay(current, day.trim());
      } catch (err) {
        void vscode.window.showErrorMessage(`Multi-Region Review: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
      const edit = new vscode.WorkspaceEdit();
      if (current === undefined) edit.createFile(uri, { contents: new TextEncoder().encode(next) });
      else {
        const doc = await vscode.workspace.openTextDocument(uri);
        edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(current.length)), next);
      }
      await vscode.workspace.applyEdit(edit);
      if (current !== undefined) await (await vscode.workspace.openTextDocument(uri)).save();
      void vscode.window.showInformationMessage(`Multi-Region Review: game day of ${day.trim()} recorded in ${CONFIG_FILE}.`);
      return next;
    }),
  );
}

function pickFolder(): vscode.WorkspaceFolder | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return (uri && vscode.workspace.getWorkspaceFolder(uri)) || vscode.workspace.workspaceFolders?.[0];
}
