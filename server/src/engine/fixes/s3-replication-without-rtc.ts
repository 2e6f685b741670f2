// s3-replication-without-rtc: give the replication rule's Destination Replication Time Control
// (15 minutes) and the metrics it requires. Existing blocks are completed (a `Status: Disabled` is
// switched on) rather than replaced. RTC needs the V2 rule schema (a `Filter`); for a rule without
// one the fix is still offered, but not as safe, since the rule must be rewritten too.
import { defineFix } from '../fix';
import { asObject } from '../values';
import { fileFix, templateTarget } from './common';
import { mergeInto, pointsAt } from './template';

const RTC = {
  ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
  Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
};

export default defineFix({
  ruleId: 's3-replication-without-rtc',
  provide(ctx) {
    const index = ctx.finding.data?.ruleIndex;
    const target = templateTarget(ctx);
    if (typeof index !== 'number' || !target) return [];
    const { doc, loc } = target;
    const rulePath = [...loc.properties, 'ReplicationConfiguration', 'Rules', index];
    const destination = [...rulePath, 'Destination'];
    if (!pointsAt(doc, destination, ctx.finding)) return [];
    const v2 = asObject(doc.value(rulePath))?.Filter !== undefined;
    const title = v2 ? 'Enable Replication Time Control (15 minutes) and its metrics' : 'Enable Replication Time Control (15 minutes) and its metrics (the rule also needs a Filter)';
    return fileFix(title, ctx.finding.file, mergeInto(doc, destination, RTC), v2, true);
  },
});
