// Every fix provider, registered once, and the suppression fix that every rule gets.
import type { Fix, FixContext, FixProvider } from '../fix';
import aliasWithoutTargetHealth from './alias-without-target-health';
import conditionalWrite from './conditional-write';
import conditionalWritePython from './conditional-write-python';
import failoverTtlTooHigh from './failover-ttl-too-high';
import failoverUnpaired from './failover-unpaired';
import failoverWithoutHealthCheck from './failover-without-health-check';
import globalTableCounter from './global-table-counter';
import globalTableMissingStream from './global-table-missing-stream';
import hardcodedRegion from './hardcoded-region';
import s3ReplicationWithoutRtc from './s3-replication-without-rtc';
import { suppressionFixes } from './suppress';

export const fixProviders: FixProvider[] = [
  conditionalWrite,
  conditionalWritePython,
  globalTableCounter,
  failoverWithoutHealthCheck,
  aliasWithoutTargetHealth,
  failoverUnpaired,
  failoverTtlTooHigh,
  s3ReplicationWithoutRtc,
  globalTableMissingStream,
  hardcodedRegion,
];

/** All fixes for one finding: the rule's own fixes first, then "suppress, with a reason". */
export function fixesFor(ctx: FixContext): Fix[] {
  const out: Fix[] = [];
  for (const p of fixProviders) {
    if (p.ruleId !== ctx.finding.ruleId) continue;
    out.push(...attempt(() => p.provide(ctx)));
  }
  out.push(...attempt(() => suppressionFixes(ctx)));
  return out;
}

/** A fix that cannot be computed is simply not offered; the finding still stands. */
function attempt(provide: () => Fix[]): Fix[] {
  try {
    return provide();
  } catch {
    return [];
  }
}
