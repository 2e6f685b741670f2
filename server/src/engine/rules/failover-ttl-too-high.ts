import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'failover-ttl-too-high',
  meta: {
    category: 'routing',
    severity: 'warning',
    description: 'A health-checked record has a TTL above 60 seconds, which delays failover.',
  },
  check() {},
});
