import { defineRule } from '../rule';
import { asArray, str } from '../values';
import { tableLabel, writeLinks, writeRelated } from '../tables';

const VERB: Record<string, string> = { PutItem: 'Put', UpdateItem: 'Update', DeleteItem: 'Delete' };

export default defineRule({
  id: 'unconditional-global-write',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'Application code puts, updates or deletes an item of a global table without a ConditionExpression, so concurrent writes in two regions are settled by last writer wins.',
    languages: ['code-javascript', 'code-python', 'cloudformation', 'cdk-typescript', 'cdk-python'],
    fixable: true,
  },
  check(ctx) {
    for (const l of writeLinks(ctx.model)) {
      const t = l.table;
      const p = l.write.properties;
      // Batch writes cannot carry a condition: global-table-batch-write covers them.
      if (!t?.global || t.strong !== false || p.HasCondition !== false || p.Operation === 'BatchWriteItem') continue;
      const action = str(p.Action) ?? VERB[str(p.Operation) ?? ''] ?? 'Write';
      // A new item under a freshly generated key cannot meet another region's write to the same item.
      // A key named by an environment variable may be the partition key: silent too.
      const fresh = asArray(p.GeneratedKeys);
      if (action === 'Put' && fresh.length && (!t.partitionKey || fresh.some((k) => typeof k !== 'string' || k === t.partitionKey))) continue;
      const guard = action === 'Put' ? `attribute_not_exists(${t.partitionKey ?? '<partition key>'}) for a create, a version check for a replace` : 'a version check such as #version = :expected';
      ctx.report({
        resource: l.write,
        message: `${action} on ${tableLabel(t)} without a ConditionExpression: when two regions write the same item at about the same time, last writer wins and the other write is lost without an error. Add ${guard}, or send every write of an item to one home region.`,
        related: writeRelated(l),
        data: { operation: str(p.Operation), ...(p.Action ? { action } : {}), sdk: str(p.Sdk), tableId: t.table.id, ...(t.partitionKey ? { partitionKey: t.partitionKey } : {}) },
      });
    }
  },
});
