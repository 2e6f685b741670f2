import { defineRule } from '../rule';

// STUB: to be implemented (metadata is final).
export default defineRule({
  id: 'geolocation-without-default',
  meta: {
    category: 'routing',
    severity: 'warning',
    description: 'A geolocation record set has no default record, so users outside the listed locations get no answer.',
  },
  check() {},
});
