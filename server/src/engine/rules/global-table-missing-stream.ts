import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'global-table-missing-stream',
  meta: {
    category: 'data',
    severity: 'error',
    description: 'A global table in the default multi-Region eventual consistency mode has no StreamSpecification.',
  },
  check() {},
});
