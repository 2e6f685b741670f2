import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 's3-bucket-not-replicated',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'In a multi-region workspace, a bucket holding application data has no replication configuration.',
  },
  check() {},
});
