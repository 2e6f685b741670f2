import { CONFIG_FILE } from '../config';
import { drSummary, type EstimatePart, formatDuration, type ObjectiveCheck } from '../drTier';
import { zeroRange } from '../model';
import { defineRule, type RelatedInfo } from '../rule';

export default defineRule({
  id: 'dr-objective-unmet',
  meta: {
    category: 'posture',
    severity: 'warning',
    description: 'The declared RPO or RTO objective cannot be met: the estimate worked out from the configuration is larger.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python', 'config'],
  },
  check(ctx) {
    const { rpoSeconds, rtoSeconds } = ctx.config.objectives;
    if (rpoSeconds === undefined && rtoSeconds === undefined) return;
    const summary = drSummary(ctx.model, ctx.config, [], ctx.now);
    for (const [figure, check] of [['RPO', summary.objectives.rpo], ['RTO', summary.objectives.rto]] as const) {
      if (check?.status !== 'unmet') continue;
      const weakest = check.over[0];
      const resource = weakest.resourceId ? ctx.model.resource(weakest.resourceId) : undefined;
      const others = check.over.slice(1);
      const also = others.length ? ` Also above it: ${others.slice(0, 3).map(brief).join('; ')}${others.length > 3 ? `; and ${others.length - 3} more` : ''}.` : '';
      ctx.report({
        ...(resource ? { resource, path: weakest.path } : { location: { file: CONFIG_FILE, range: zeroRange() } }),
        message: `The declared ${figure} of ${formatDuration(check.objectiveSeconds)} cannot be met: this design's ${figure} is ${figure === 'RPO' ? summary.rpo.text : summary.rto.text} (${summary.tierName.toLowerCase()}). Weakest link: ${weakest.explanation}${also}`,
        related: [objectiveAt(figure, check), ...others.slice(0, 3).flatMap((p) => relatedPart(ctx.model.resource(p.resourceId ?? ''), p))],
        data: { figure: figure.toLowerCase(), objectiveSeconds: check.objectiveSeconds, estimateSeconds: weakest.seconds, tier: summary.tier },
      });
    }
  },
});

function brief(p: EstimatePart): string {
  const id = p.resourceId?.slice(p.resourceId.indexOf('#') + 1);
  return `${id ?? 'the design'} (${p.text})`;
}

/** The objective's entry in the configuration file. */
function objectiveAt(figure: string, check: ObjectiveCheck): RelatedInfo {
  return { location: { file: CONFIG_FILE, range: zeroRange() }, message: `${figure} objective: ${formatDuration(check.objectiveSeconds)}.` };
}

function relatedPart(resource: RelatedInfo['resource'], p: EstimatePart): RelatedInfo[] {
  return resource ? [{ resource, path: p.path, message: `Also above the objective: ${p.text}.` }] : [];
}
