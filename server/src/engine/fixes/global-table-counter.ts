// Quick fix for global-table-counter: make the increment conditional on the item's version
// (optimistic locking), with the machinery of the conditional-write fixes. Increments that two
// regions make at the same time then fail for one writer, which reads again and retries, instead of
// one of them being lost. The legacy AttributeUpdates form gets no fix.
import { defineFix } from '../fix';
import { versionedEdits } from './conditional-write-edits';
import { locateUpdateExpression, parseWithParents } from './conditional-write-locate';
import { fixes } from './conditional-write';

export default defineFix({
  ruleId: 'global-table-counter',
  provide(ctx) {
    const text = ctx.text(ctx.finding.file);
    const site = text === undefined || /\.py$/i.test(ctx.finding.file) ? undefined : locateUpdateExpression(parseWithParents(ctx.finding.file, text), ctx.finding.range.start);
    if (!site) return [];
    return fixes(ctx, [[versionedEdits(site, 'update'), 'Increment only if the item\'s version is unchanged (optimistic locking)', true]]);
  },
});
