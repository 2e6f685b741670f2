import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'alias-without-target-health',
  meta: {
    category: 'routing',
    severity: 'warning',
    description: 'An alias record in a weighted, latency, failover or geolocation set does not evaluate target health.',
  },
  check() {},
});
