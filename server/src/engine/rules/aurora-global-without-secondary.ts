import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'aurora-global-without-secondary',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'An Aurora global cluster has no secondary cluster anywhere in the workspace.',
  },
  check() {},
});
