import { defineRule } from '../rule';
import { str } from '../values';
import { tableLabel, writeLinks, writeRelated } from '../tables';

export default defineRule({
  id: 'global-table-batch-write',
  meta: {
    category: 'data',
    severity: 'info',
    description: 'A BatchWriteItem (or BatchWriteCommand) writes a global table; batch writes cannot carry conditions, so they overwrite concurrent writes from other regions.',
    languages: ['code-javascript', 'code-python', 'cloudformation', 'cdk-typescript', 'cdk-python'],
  },
  check(ctx) {
    for (const l of writeLinks(ctx.model)) {
      const t = l.table;
      if (!t?.global || t.strong !== false || l.write.properties.Operation !== 'BatchWriteItem') continue;
      ctx.report({
        resource: l.write,
        path: ['TableName'],
        message: `Batch write to ${tableLabel(t)}: batch requests cannot carry a ConditionExpression, so each put or delete overwrites whatever another region wrote to the item (last writer wins). Use conditional PutItem/UpdateItem (or TransactWriteItems) for items that other regions also write.`,
        related: writeRelated(l),
        data: { tableId: t.table.id, sdk: str(l.write.properties.Sdk) },
      });
    }
  },
});
