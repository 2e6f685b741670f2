import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 's3-replication-without-rtc',
  meta: {
    category: 'data',
    severity: 'info',
    description: 'A cross-region replication rule has no Replication Time Control, so there is no 15-minute guarantee.',
  },
  check() {},
});
