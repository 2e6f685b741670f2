import { defineRule } from '../rule';
import { asArray } from '../values';
import { tableLabel, writeLinks, writeRelated } from '../tables';

export default defineRule({
  id: 'global-table-counter',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'An update increments an attribute (ADD, or SET a = a + :n) of a global table, so increments made in different regions at the same time are lost.',
    languages: ['code-javascript', 'code-python', 'cloudformation', 'cdk-typescript', 'cdk-python'],
    fixable: true,
  },
  check(ctx) {
    for (const l of writeLinks(ctx.model)) {
      const t = l.table;
      const p = l.write.properties;
      if (!t?.global || t.strong !== false || p.Increments !== true) continue;
      // Silent when the increment is conditional on a version, or when the condition cannot be read.
      if (p.HasCondition === null || p.VersionCondition === true || p.VersionCondition === null) continue;
      const attrs = asArray(p.IncrementAttributes).map(String).join(', ') || 'an attribute';
      ctx.report({
        resource: l.write,
        path: ['UpdateExpression'],
        message: `This update increments ${attrs} on ${tableLabel(t)}: replicas resolve concurrent writes to an item by last writer wins, so increments made in two regions at the same time are lost. Keep one counter item per region and sum them, route the item's writes to one region, or make the update conditional on a version attribute.`,
        related: writeRelated(l),
        data: { tableId: t.table.id, attributes: asArray(p.IncrementAttributes).map(String) },
      });
    }
  },
});
