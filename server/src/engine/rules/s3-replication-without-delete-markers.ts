import { defineRule } from '../rule';
import { replicationRules, ruleLabel } from '../stores';
import { asArray, asObject, str } from '../values';
import type { Value } from '../model';

export default defineRule({
  id: 's3-replication-without-delete-markers',
  meta: {
    category: 'data',
    severity: 'info',
    description: 'A replication rule with a Filter does not replicate delete markers.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
    scope: 'file',
  },
  check(ctx) {
    for (const r of replicationRules(ctx.model)) {
      const { source, index, rule } = r;
      // Legacy rules (Prefix, no Filter) replicate delete markers; only V2 rules default to Disabled.
      const filter = asObject(rule.Filter);
      if (!filter || str(rule.Status)?.toLowerCase() === 'disabled') continue;
      // S3 cannot replicate delete markers for tag-based rules, so asking for it would be wrong.
      if (hasTagFilter(filter)) continue;
      const dmr = rule.DeleteMarkerReplication;
      const present = dmr !== undefined && dmr !== null;
      // Only a missing setting or a literal Disabled is reported; a computed status is left alone.
      if (present && str(asObject(dmr)?.Status)?.toLowerCase() !== 'disabled') continue;
      const base = ['ReplicationConfiguration', 'Rules', index];
      ctx.report({
        resource: source,
        path: present ? [...base, 'DeleteMarkerReplication', 'Status'] : [...base, 'Filter'],
        message: `Replication rule ${ruleLabel(r)} of bucket ${source.logicalId} ${present ? 'disables DeleteMarkerReplication' : 'has a Filter and no DeleteMarkerReplication, and rules with a Filter default to Disabled'}: objects deleted in this bucket stay visible in the replica, and after a failover the application serves data it had removed. Set DeleteMarkerReplication: { Status: Enabled } if deletions should follow.`,
        data: { ruleIndex: index },
      });
    }
  },
});

function hasTagFilter(filter: { [key: string]: Value }): boolean {
  const and = asObject(filter.And);
  return filter.TagFilter !== undefined || asArray(and?.TagFilters).length > 0;
}
