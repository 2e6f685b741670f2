import { COLLECTION_TYPE } from '../sources/state/types';
import { defineRule } from '../rule';
import { num, str } from '../values';

const KIND: Record<string, string> = { Map: 'Map', Set: 'Set', object: 'object', array: 'array', cache: 'in-process cache' };

export default defineRule({
  id: 'process-local-state',
  meta: {
    category: 'state',
    severity: 'info',
    description: 'A module-level collection is written while serving requests, so state lives in one process.',
    languages: ['code-javascript', 'code-python'],
    scope: 'file',
  },
  check(ctx) {
    for (const c of ctx.model.ofType(COLLECTION_TYPE)) {
      const name = str(c.properties.name) ?? c.logicalId;
      const kind = KIND[str(c.properties.kind) ?? ''] ?? 'collection';
      const writes = num(c.properties.writes) ?? 1;
      ctx.report({
        resource: c,
        message: `Module-level ${kind} '${name}' is written while serving requests: each instance, and each region, holds its own copy, and it is lost when the instance is replaced. If it holds sessions, counters, rate limits or anything a later request needs, keep it in ElastiCache or DynamoDB; if it is only a cache that can be rebuilt, suppress this with that reason.`,
        related: [{ resource: c, path: ['Write'], message: writes > 1 ? `'${name}' is written here (and in ${writes - 1} more place${writes > 2 ? 's' : ''})` : `'${name}' is written here` }],
        data: { name, kind: str(c.properties.kind) },
      });
    }
  },
});
