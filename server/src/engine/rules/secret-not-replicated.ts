import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'secret-not-replicated',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'A Secrets Manager secret used in two or more regions has no replica regions.',
  },
  check() {},
});
