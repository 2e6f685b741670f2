import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'sticky-sessions',
  meta: {
    category: 'state',
    severity: 'info',
    description: 'An ALB target group keeps sessions sticky to one instance.',
  },
  check() {},
});
