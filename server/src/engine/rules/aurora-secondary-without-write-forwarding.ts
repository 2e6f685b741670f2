import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'aurora-secondary-without-write-forwarding',
  meta: {
    category: 'data',
    severity: 'info',
    description: 'A secondary cluster of an Aurora global database does not enable write forwarding.',
  },
  check() {},
});
