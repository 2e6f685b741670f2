import { defineRule } from '../rule';
import { replicationRules, ruleLabel, sameRegion } from '../stores';
import { asObject, str } from '../values';

export default defineRule({
  id: 's3-replication-without-rtc',
  meta: {
    category: 'data',
    severity: 'info',
    description: 'A cross-region replication rule has no Replication Time Control, so there is no 15-minute guarantee.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
    fixable: true,
  },
  check(ctx) {
    for (const r of replicationRules(ctx.model)) {
      const { source, index, rule, target } = r;
      if (!isEnabled(rule.Status)) continue;
      const dest = asObject(rule.Destination);
      if (!dest) continue;
      // Same-region replication has no RPO to bound; a bucket in the same template shares its region.
      if (target.kind === 'bucket' && sameRegion(source, target.bucket)) continue;
      const rtc = dest.ReplicationTime;
      if (rtc !== undefined && !isDisabled(asObject(rtc)?.Status)) continue;
      const to = target.kind === 'bucket' ? `bucket ${target.bucket.logicalId}` : 'its destination';
      const how = rtc === undefined ? 'without Replication Time Control' : 'with Replication Time Control disabled';
      ctx.report({
        resource: source,
        path: ['ReplicationConfiguration', 'Rules', index, 'Destination'],
        message: `Replication rule ${ruleLabel(r)} of bucket ${source.logicalId} copies to ${to} ${how}: most objects arrive within 15 minutes but nothing bounds the lag, so the RPO of this data is unbounded. Add Destination.ReplicationTime (Status: Enabled, Time.Minutes: 15) and Metrics for a 99.99% 15-minute guarantee.`,
        data: { ruleIndex: index },
      });
    }
  },
});

/** Status Enabled (or left out); a status computed at deploy time is not assumed either way. */
function isEnabled(v: Parameters<typeof str>[0]): boolean {
  const s = str(v);
  return s === undefined ? v === undefined : s.toLowerCase() === 'enabled';
}

function isDisabled(v: Parameters<typeof str>[0]): boolean {
  return str(v)?.toLowerCase() === 'disabled';
}
