// Every custom message between the extension client and the language server, typed once. The client
// (and later the webview) imports these; nobody spells a method name as a string literal elsewhere.
import { NotificationType, RequestType0 } from 'vscode-jsonrpc';

/** The settings section that the client contributes and the server pulls. */
export const SETTINGS_SECTION = 'multiRegionReview';

/** What the status bar shows: totals over every workspace folder. */
export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  /** Files that some source understood (templates, including ones with parse errors). */
  files: number;
  resources: number;
  /** Distinct regions in the model (named by templates or by the config file). */
  regions: number;
  /** True while a workspace scan is running; counts are then partial. */
  scanning: boolean;
  /** Server-side timing of the most recent analysis, for the tooltip and for benchmarks. */
  lastRun?: RunTiming;
}

export interface RunTiming {
  trigger: 'edit' | 'scan' | 'files' | 'config';
  /** The edited file (workspace-relative), for `edit` runs. */
  file?: string;
  /** Re-reading the changed file. */
  updateMs: number;
  /** Linking the model and running the rules. */
  runMs: number;
  /** Turning findings into diagnostics and publishing the files whose diagnostics changed. */
  publishMs: number;
  /** From the `didChange` reaching the server to the diagnostics being sent (includes the debounce). */
  sinceEditMs?: number;
}

/** Sent by the server after every analysis and at the start and end of a scan. */
export namespace SummaryNotification {
  export const method = 'multiRegionReview/summary';
  export const type = new NotificationType<Summary>(method);
}

/** Asks the server to rescan every folder from disk; answers with the summary once it is done. */
export namespace RescanRequest {
  export const method = 'multiRegionReview/rescan';
  export const type = new RequestType0<Summary, void>(method);
}

/** The plain data each diagnostic carries, so code actions never parse messages. */
export interface DiagnosticData {
  ruleId: string;
  resourceId?: string;
  [key: string]: unknown;
}

/** The `source` of every diagnostic this server publishes. */
export const DIAGNOSTIC_SOURCE = 'multi-region-review';
