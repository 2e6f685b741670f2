import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 's3-replication-without-delete-markers',
  meta: {
    category: 'data',
    severity: 'info',
    description: 'A replication rule with a Filter does not replicate delete markers.',
  },
  check() {},
});
