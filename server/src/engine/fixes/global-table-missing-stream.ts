// global-table-missing-stream: `StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }`, the
// view type global tables replicate with. An existing StreamSpecification without a view type gets
// one; in CDK code, the L1 `CfnGlobalTable` gets a `streamSpecification` property.
import { defineFix, type FixContext, type TextEdit } from '../fix';
import { tsApi, unwrap } from '../sources/cdk/tsapi';
import { addProperty, constructAround, nodesAt, openCode, property, quote } from './code';
import { fileFix, templateTarget } from './common';
import { mergeInto, pointsAt } from './template';

const TITLE = 'Add StreamSpecification with StreamViewType NEW_AND_OLD_IMAGES';

export default defineFix({
  ruleId: 'global-table-missing-stream',
  provide(ctx) {
    const viewType = typeof ctx.finding.data?.suggestedViewType === 'string' ? ctx.finding.data.suggestedViewType : 'NEW_AND_OLD_IMAGES';
    if (openCode(ctx)) return fileFix(TITLE, ctx.finding.file, [cdkEdit(ctx, viewType)], true, true);
    const target = templateTarget(ctx);
    if (!target) return [];
    const { doc, loc } = target;
    const present = doc.keys(loc.properties).includes('StreamSpecification');
    if (!pointsAt(doc, [...loc.properties, present ? 'StreamSpecification' : 'Replicas'], ctx.finding)) return [];
    const edits = present ? mergeInto(doc, [...loc.properties, 'StreamSpecification'], { StreamViewType: viewType }) : mergeInto(doc, loc.properties, { StreamSpecification: { StreamViewType: viewType } });
    return fileFix(TITLE, ctx.finding.file, edits, true, true);
  },
});

function cdkEdit(ctx: FixContext, viewType: string): TextEdit | undefined {
  const code = openCode(ctx)!;
  const c = constructAround(nodesAt(code, ctx.finding), code);
  if (c?.className !== 'CfnGlobalTable') return undefined;
  const value = `streamViewType: ${quote(code, viewType)}`;
  const existing = property(c.props, 'streamSpecification');
  if (!existing) return addProperty(code, c.props, `streamSpecification: { ${value} }`);
  const obj = unwrap(existing.initializer);
  return tsApi().isObjectLiteralExpression(obj) && !property(obj, 'streamViewType') ? addProperty(code, obj, value) : undefined;
}
