import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'failover-unpaired',
  meta: {
    category: 'routing',
    severity: 'warning',
    description: 'A failover record has no partner (PRIMARY without SECONDARY, or the reverse) for the same name and type anywhere in the workspace.',
  },
  check() {},
});
