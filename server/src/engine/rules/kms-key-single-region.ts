import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'kms-key-single-region',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'A customer managed key that encrypts a replicated table, bucket or secret is not a multi-Region key.',
  },
  check() {},
});
