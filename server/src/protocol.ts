// Every custom message between the extension client and the language server, typed once. The client
// (and later the webview) imports these; nobody spells a method name as a string literal elsewhere.
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { DrSummary } from './engine/drTier';
import type { Range } from './engine/model';

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
  trigger: 'edit' | 'scan' | 'files' | 'config' | 'live';
  /**
   * `workspace`: every rule over the whole folder. `file`: an edit during a scan, answered with the
   * edited file's own findings (rules whose findings follow from one file); the scan's end brings the rest.
   */
  scope?: 'workspace' | 'file';
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

/** The `source` of every diagnostic this server publishes, but for the live check's (`live`). */
export const DIAGNOSTIC_SOURCE = 'multi-region-review';

/** Options of a live Route 53 check; the client fills them from the `multiRegionReview.live.*` settings. */
export interface LiveCheckParams {
  /** The folder to check; default: every folder. */
  folderUri?: string;
  profile?: string;
  region?: string;
  endpoint?: string;
  timeoutMs?: number;
  /** A work-done progress token from the client, for the progress notification. */
  workDoneToken?: string;
}

export type LiveCheckResult =
  | {
      ok: true;
      /** ISO time of the snapshot. */
      checkedAt: string;
      zones: string[];
      records: number;
      /** Code records compared, by state. */
      inSync: number;
      drift: number;
      missingLive: number;
      unhealthy: number;
      notComparable: number;
      /** Live findings published as diagnostics (source `live`). */
      findings: number;
    }
  | { ok: false; kind: string; message: string };

/**
 * Reads the live Route 53 configuration (read-only calls only) and compares it with the workspace.
 * The live findings stay, recomputed against this snapshot as the code changes, until the next check
 * or `clear`.
 */
export namespace LiveCheckRequest {
  export const method = 'multiRegionReview/checkLive';
  export const type = new RequestType<LiveCheckParams, LiveCheckResult, void>(method);
}

/** The failover game-day runbook (Markdown) of a folder, from its latest analysis. */
export interface RunbookParams {
  folderUri?: string;
}

export interface RunbookResult {
  folderUri: string;
  folderName: string;
  markdown: string;
}

export namespace RunbookRequest {
  export const method = 'multiRegionReview/runbook';
  export const type = new RequestType<RunbookParams, RunbookResult | null, void>(method);
}

/** Forgets the live snapshots: the live diagnostics and node states go away. */
export namespace LiveClearRequest {
  export const method = 'multiRegionReview/clearLive';
  export const type = new RequestType0<void, void>(method);
}

/** Node id -> how the node's records stand against the last live check. */
export interface TopologyLive {
  checkedAt: string;
  states: Record<string, 'in-sync' | 'drift' | 'missing-live' | 'unhealthy'>;
}

// ---- Topology: the language server draws, the extension hosts the webview, the webview renders.

/** What the topology panel asks the server to draw. */
export interface TopologyParams {
  /** The workspace folder to draw; omitted: the first workspace folder. */
  folderUri?: string;
  /** Ids of groups (`TopologyGroupInfo.id`) drawn as a single node each. */
  collapsedGroups?: string[];
  /** Kinds (`TopologyNodeInfo.kind`) left out of the diagram. */
  hiddenKinds?: string[];
  direction?: 'LR' | 'TB';
}

/** One resource drawn in the diagram, so that a click can open its source. */
export interface TopologyNodeInfo {
  /** The Mermaid node id, as it appears in the rendered SVG (`…-flowchart-<id>-<n>`). */
  id: string;
  uri: string;
  range: Range;
  /** Plain text, never markup (tooltips and screen readers; set with textContent): name, type, top finding. */
  label: string;
  kind: string;
  /** Set on a collapsed group or stack: the id that a click expands again (uri and range: its first resource). */
  expands?: string;
}

/**
 * What the panel can collapse: a group (the global services, a region, a set of deployment regions,
 * "region not known") or a stack (a template, or a CDK stack or construct class).
 */
export interface TopologyGroupInfo {
  id: string;
  /** Plain text. */
  title: string;
  kind: 'global' | 'region' | 'per-deployment' | 'unknown' | 'stack';
  /** Nodes in it, before the kind filter. */
  size: number;
}

export interface TopologyResult {
  folderUri: string;
  /** Plain text: the folder's name, for the panel title. */
  folderName: string;
  /** False until the folder's first analysis has finished. */
  analysed: boolean;
  /** Mermaid flowchart source. Every label in it is escaped by the engine. */
  mermaid: string;
  nodes: TopologyNodeInfo[];
  groups: TopologyGroupInfo[];
  /** Every kind in the model (hidden ones too), for the filter menu. */
  kinds: string[];
  /** Nodes left out to keep the diagram drawable (the diagram says so too). */
  omitted: number;
  /** The folder's DR summary, once analysed. */
  summary?: TopologySummary;
  /** Node states from the last live Route 53 check, when one was run. */
  live?: TopologyLive;
}

/** The DR summary (engine data, plain text) and the URI of every file it names, so items can open their source. */
export interface TopologySummary {
  dr: DrSummary;
  uris: Record<string, string>;
}

/** Draws a folder's latest analysis as a Mermaid flowchart. */
export namespace TopologyRequest {
  export const method = 'multiRegionReview/topology';
  export const type = new RequestType<TopologyParams, TopologyResult, void>(method);
}

/** Sent (debounced) after an analysis of a folder whose topology was asked for: ask again. */
export interface TopologyChangedParams {
  folderUri: string;
}

export namespace TopologyChangedNotification {
  export const method = 'multiRegionReview/topologyChanged';
  export const type = new NotificationType<TopologyChangedParams>(method);
}

/** The panel's filter: the webview keeps it across reloads, the extension sends it with each request. */
export interface TopologyFilter {
  collapsedGroups: string[];
  hiddenKinds: string[];
}

/** Extension -> webview. */
export type ToWebview =
  | { type: 'topology'; topology: TopologyResult; filter: TopologyFilter }
  | { type: 'error'; message: string };

/**
 * Webview -> extension. The extension checks every message with `parseFromWebview` on receipt and
 * drops anything else.
 */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; uri: string; range: Range }
  | { type: 'copyMermaid' }
  | { type: 'saveMarkdown' }
  | { type: 'saveSvg'; svg: string }
  | { type: 'setFilter'; filter: TopologyFilter };

/** An SVG larger than this is refused from the webview. */
export const MAX_SVG_CHARS = 20 * 1024 * 1024;

/**
 * The message as a `FromWebview`, or undefined when it is not exactly one. The extension calls this on
 * every message from the webview, which it treats as untrusted.
 */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  const m = raw as Record<string, unknown> & { type: FromWebview['type'] };
  switch (m.type) {
    case 'ready':
    case 'copyMermaid':
    case 'saveMarkdown':
      return hasKeys(m, ['type']) ? { type: m.type } : undefined;
    case 'reveal':
      return hasKeys(m, ['type', 'uri', 'range']) && typeof m.uri === 'string' && m.uri.length <= 10_000 && isRange(m.range) ? { type: 'reveal', uri: m.uri, range: m.range } : undefined;
    case 'saveSvg':
      return hasKeys(m, ['type', 'svg']) && typeof m.svg === 'string' && m.svg.length <= MAX_SVG_CHARS && /^<svg[\s>]/.test(m.svg) ? { type: 'saveSvg', svg: m.svg } : undefined;
    case 'setFilter':
      return hasKeys(m, ['type', 'filter']) && isFilter(m.filter) ? { type: 'setFilter', filter: { collapsedGroups: [...m.filter.collapsedGroups], hiddenKinds: [...m.filter.hiddenKinds] } } : undefined;
    default:
      return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when the object has exactly these keys. */
function hasKeys(v: Record<string, unknown>, keys: string[]): boolean {
  const own = Object.keys(v);
  return own.length === keys.length && keys.every((k) => own.includes(k));
}

function isRange(v: unknown): v is Range {
  return isRecord(v) && hasKeys(v, ['start', 'end']) && isPosition(v.start) && isPosition(v.end);
}

function isPosition(v: unknown): boolean {
  return isRecord(v) && hasKeys(v, ['line', 'character']) && isIndex(v.line) && isIndex(v.character);
}

function isIndex(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 100_000_000;
}

function isFilter(v: unknown): v is TopologyFilter {
  return isRecord(v) && hasKeys(v, ['collapsedGroups', 'hiddenKinds']) && isIdList(v.collapsedGroups) && isIdList(v.hiddenKinds);
}

function isIdList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length <= 10_000 && v.every((s) => typeof s === 'string' && s.length <= 1_000);
}
