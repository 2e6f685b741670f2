import type { Resource } from '../model';
import { regionsOf } from '../model';
import { defineRule } from '../rule';
import { clusterRole, DB_CLUSTER, GLOBAL_CLUSTER, membershipOf, sourceClusterOf } from '../stores';

export default defineRule({
  id: 'aurora-global-without-secondary',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'An Aurora global cluster has no secondary cluster anywhere in the workspace.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
  },
  check(ctx) {
    const { model } = ctx;
    const globals = model.ofType(GLOBAL_CLUSTER);
    if (globals.length === 0) return;
    const members = new Map<Resource, Resource[]>();
    for (const c of model.ofType(DB_CLUSTER)) {
      const m = membershipOf(model, c);
      // A cluster that may join some global cluster through a parameter or import could be the
      // missing secondary, so nothing is reported in such a workspace.
      if (m.kind === 'maybe') return;
      if (m.kind === 'member') members.set(m.global, [...(members.get(m.global) ?? []), c]);
    }
    for (const g of globals) {
      const list = members.get(g) ?? [];
      const hasSecondary = list.some((c) => regionsOf(c.region).length > 1 || clusterRole(model, c, { kind: 'member', global: g }) !== 'primary');
      if (hasSecondary) continue;
      const source = sourceClusterOf(model, g);
      const primary = source.kind === 'cluster' ? source.cluster : list[0];
      ctx.report({
        resource: g,
        message: `Global cluster ${g.logicalId} has no secondary cluster in this workspace${primary ? ` (only its primary, ${primary.logicalId})` : ''}: nothing replicates its data to another region, so there is nothing to fail over to and a regional outage takes the database down. Add a DB cluster in another region with GlobalClusterIdentifier set to this global cluster (lag typically under 1 second).`,
        related: primary ? [{ resource: primary, message: `Primary cluster ${primary.logicalId}` }] : undefined,
      });
    }
  },
});
