import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'health-check-unused',
  meta: {
    category: 'routing',
    severity: 'info',
    description: 'A Route 53 health check that no record, calculated health check or alarm references.',
  },
  check() {},
});
