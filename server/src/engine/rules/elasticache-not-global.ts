import type { Resource, WorkspaceModel } from '../model';
import { defineRule } from '../rule';
import { asArray, asObject, literalString, refTarget, str } from '../values';

const GROUP = 'AWS::ElastiCache::ReplicationGroup';
const GLOBAL_GROUP = 'AWS::ElastiCache::GlobalReplicationGroup';

export default defineRule({
  id: 'elasticache-not-global',
  meta: {
    category: 'data',
    severity: 'info',
    description: 'A Redis or Valkey replication group in a multi-region workspace is not part of a Global Datastore.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
  },
  check(ctx) {
    const { model } = ctx;
    if (model.regions.length < 2) return;
    const members = globalMembers(model);
    // A Global Datastore member named by a parameter could be any group: report none.
    if (members === 'unknown') return;
    for (const g of model.ofType(GROUP)) {
      const p = g.properties;
      const engine = p.Engine === undefined ? 'redis' : str(p.Engine)?.toLowerCase();
      if (engine !== 'redis' && engine !== 'valkey') continue;
      if (p.GlobalReplicationGroupId !== undefined || members.has(g)) continue;
      ctx.report({
        resource: g,
        message: `Replication group ${g.logicalId} (${engine}) is not part of a Global Datastore, but this workspace spans ${model.regions.join(', ')}: the other region starts with an empty cache after a failover (cold cache, and lost sessions if it holds them). Add an AWS::ElastiCache::GlobalReplicationGroup with this group as its primary member (replication lag is typically under a second), or suppress this if a cold cache in the other region is acceptable.`,
        data: { engine, regions: model.regions },
      });
    }
  },
});

/** Replication groups listed as members of a Global Datastore, or 'unknown' when a member cannot be resolved. */
function globalMembers(model: WorkspaceModel): Set<Resource> | 'unknown' {
  const out = new Set<Resource>();
  const groups = model.ofType(GROUP);
  for (const gg of model.ofType(GLOBAL_GROUP)) {
    for (const m of asArray(gg.properties.Members)) {
      const v = asObject(m)?.ReplicationGroupId;
      const id = refTarget(v);
      const local = id ? model.byLogicalId(gg.file, id) : undefined;
      const name = literalString(v)?.toLowerCase();
      const hit = local?.type === GROUP ? local : name ? groups.find((g) => literalString(g.properties.ReplicationGroupId)?.toLowerCase() === name) : undefined;
      if (hit) out.add(hit);
      else if (!name) return 'unknown';
    }
  }
  return out;
}
