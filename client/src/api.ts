// What `activate` returns (`vscode.extensions.getExtension(...).exports`), so in-host tests and other
// extensions can read the review's state without reaching into private fields.
import type * as vscode from 'vscode';
import type { Summary } from '../../server/src/protocol';

export type { Summary };

export interface MultiRegionReviewApi {
  /** The latest summary from the server, or undefined before the first one arrives. */
  summary(): Summary | undefined;
  /** Resolves once the server runs and its first workspace scan has finished; rejects if it cannot start. */
  readonly ready: Promise<void>;
  /** Fires with every summary the server sends (after each analysis). */
  readonly onDidChangeSummary: vscode.Event<Summary>;
  /** The language server's process id while it runs (undefined while stopped or restarting). */
  serverPid(): number | undefined;
}
