import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'elasticache-not-global',
  meta: {
    category: 'data',
    severity: 'info',
    description: 'A Redis or Valkey replication group in a multi-region workspace is not part of a Global Datastore.',
  },
  check() {},
});
