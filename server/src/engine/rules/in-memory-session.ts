import { SESSION_TYPE } from '../sources/state/types';
import { defineRule } from '../rule';
import { str } from '../values';

const WHERE: Record<string, string> = {
  memory: 'in the memory of the process',
  file: "on the instance's local disk",
};

export default defineRule({
  id: 'in-memory-session',
  meta: {
    category: 'state',
    severity: 'warning',
    description: 'Session middleware keeps sessions in process memory or on local disk instead of a shared store.',
    languages: ['code-javascript', 'code-python'],
    scope: 'file',
  },
  check(ctx) {
    for (const s of ctx.model.ofType(SESSION_TYPE)) {
      const store = str(s.properties.store);
      if (store !== 'memory' && store !== 'file') continue;
      const library = str(s.properties.library) ?? 'session middleware';
      const storeClass = str(s.properties.storeClass);
      const how = storeClass ? `${str(s.properties.language) === 'python' ? 'it is configured with' : 'its store is'} ${storeClass}` : 'no store is set, so it uses its default in-memory store';
      ctx.report({
        resource: s,
        path: storeClass ? ['Store'] : undefined,
        message: `${library} keeps sessions ${WHERE[store]} (${how}): they are lost when this instance is replaced or scaled in, and users whose traffic fails over to another region are logged out. ${str(s.properties.fix) ?? 'Keep sessions in DynamoDB (connect-dynamodb) or ElastiCache for Redis (connect-redis), or in a signed cookie'}.`,
        data: { library, store },
      });
    }
  },
});
