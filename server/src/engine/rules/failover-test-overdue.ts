import { CONFIG_FILE } from '../config';
import { FAILOVER_TEST_MAX_DAYS } from '../drTier';
import { zeroRange } from '../model';
import { describeRecord, RECORD_SET, routingPolicy } from '../route53';
import { defineRule } from '../rule';

export default defineRule({
  id: 'failover-test-overdue',
  meta: {
    category: 'posture',
    severity: 'warning',
    description: 'The last declared failover test is more than 90 days old, or none is declared for a workspace with failover routing.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python', 'config'],
  },
  check(ctx) {
    const date = ctx.config.lastFailoverTest;
    if (date) {
      const days = Math.floor((ctx.now.getTime() - Date.parse(date)) / 86_400_000);
      if (days <= FAILOVER_TEST_MAX_DAYS) return;
      ctx.report({
        location: { file: CONFIG_FILE, range: zeroRange() },
        message: `The last failover test was on ${date}, ${days} days ago (more than ${FAILOVER_TEST_MAX_DAYS}). Templates, capacity and runbooks may have changed since, with nothing to show that the standby still takes over. Run a game day (fail the primary's health check, promote the secondary database, move traffic back) and update lastFailoverTest.`,
        data: { lastFailoverTest: date, ageDays: days, maxDays: FAILOVER_TEST_MAX_DAYS },
      });
      return;
    }
    const failover = ctx.model
      .ofType(RECORD_SET)
      .filter((r) => routingPolicy(r.properties) === 'failover')
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line));
    if (!failover.length) return;
    const names = new Set(failover.map((r) => describeRecord(r.properties)));
    ctx.report({
      resource: failover[0],
      message: `This workspace fails over with Route 53 (${names.size} name${names.size === 1 ? '' : 's'}, first ${describeRecord(failover[0].properties)}), but ${CONFIG_FILE} declares no lastFailoverTest. A failover that has never been rehearsed is likely to fail when it is needed: run a game day and record its date as "lastFailoverTest": "YYYY-MM-DD" (then every ${FAILOVER_TEST_MAX_DAYS} days).`,
      data: { lastFailoverTest: null, maxDays: FAILOVER_TEST_MAX_DAYS },
    });
  },
});
