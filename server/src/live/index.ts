// The live Route 53 check: reads the account's records and health checks (read-only), compares them
// with the workspace, and reports drift as findings with source `live` on the code records.
import { applySuppressions, toFinding } from '../engine/analyze';
import type { Config } from '../engine/config';
import type { WorkspaceModel } from '../engine/model';
import type { Finding } from '../engine/rule';
import { codeKey, codeRecords, type Comparison, compareLive } from './compare';
import { Route53Reader } from './route53';
import { LIVE_SOURCE, type LiveOptions, type LiveSnapshot, type LiveState } from './types';

export { LiveCheckError, READ_ACTIONS } from './errors';
export { compareLive, type Drift } from './compare';
export * from './types';

export interface LiveReport {
  snapshot: LiveSnapshot;
  comparison: Comparison;
  findings: Finding[];
  /** Resource id -> how it stands against the account. */
  states: Map<string, LiveState>;
}

/** Reads the live state that the workspace's records need, then compares. Throws LiveCheckError. */
export async function checkLive(model: WorkspaceModel, config: Config, options: LiveOptions): Promise<LiveReport> {
  const snapshot = await takeSnapshot(model, options);
  return { snapshot, ...liveFindings(model, config, snapshot) };
}

export async function takeSnapshot(model: WorkspaceModel, options: LiveOptions): Promise<LiveSnapshot> {
  const names = codeRecords(model)
    .map(codeKey)
    .filter((k) => !!k)
    .map((k) => k!.name);
  const reader = new Route53Reader(options);
  try {
    return await reader.snapshot(names);
  } finally {
    reader.destroy();
  }
}

/** The snapshot compared with the model as it is now: findings (config severities and suppressions applied) and node states. */
export function liveFindings(model: WorkspaceModel, config: Config, snapshot: LiveSnapshot): { comparison: Comparison; findings: Finding[]; states: Map<string, LiveState> } {
  const comparison = compareLive(model, snapshot);
  const findings: Finding[] = [];
  for (const d of comparison.drifts) {
    const setting = config.rules[d.id];
    if (setting === 'off') continue;
    const f = toFinding(d.id, setting ?? d.severity, { resource: d.resource, path: d.path, message: d.message, related: d.related, data: { live: d.kind } }, model);
    findings.push({ ...f, source: LIVE_SOURCE });
  }
  return { comparison, findings: applySuppressions(findings, [...model.files.values()]), states: comparison.states };
}
