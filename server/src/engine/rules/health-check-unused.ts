import type { FileFacts, WorkspaceModel } from '../model';
import { defineRule } from '../rule';
import { HEALTH_CHECK, RECORD_SET } from '../route53';
import { asArray, referencedIds, refTarget } from '../values';

export default defineRule({
  id: 'health-check-unused',
  meta: {
    category: 'routing',
    severity: 'info',
    description: 'A Route 53 health check that no record, calculated health check or alarm references.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
  },
  check(ctx) {
    const checks = ctx.model.ofType(HEALTH_CHECK);
    if (checks.length === 0) return;
    const usedByFile = new Map<string, Set<string>>();
    const fromOtherFiles = unresolvedRecordRefs(ctx.model);
    for (const hc of checks) {
      let used = usedByFile.get(hc.file);
      if (!used) {
        used = usedInFile(ctx.model.files.get(hc.file));
        usedByFile.set(hc.file, used);
      }
      if (used.has(hc.logicalId) || fromOtherFiles.has(hc.logicalId)) continue;
      ctx.report({
        resource: hc,
        message: `Health check ${hc.logicalId} is not referenced by any record set, calculated health check, CloudWatch alarm or output: it is billed every month but moves no traffic. Reference it from a record's HealthCheckId (or an alarm), or remove it.`,
        data: { healthCheck: hc.logicalId },
      });
    }
  },
});

/**
 * Logical ids that something in the file points to: any property or DependsOn of another resource
 * (record HealthCheckId, ChildHealthChecks, alarm dimensions, nested stack parameters) and Outputs,
 * since an exported check is used by another stack.
 */
function usedInFile(facts: FileFacts | undefined): Set<string> {
  // A file's facts are replaced, never changed, when the file is edited: compute once per version.
  const cached = facts && usedCache.get(facts);
  if (cached) return cached;
  const used = new Set<string>(facts?.outputRefs ?? []);
  for (const r of facts?.resources ?? []) {
    referencedIds(r.properties, used);
    const dependsOn = r.attributes.DependsOn;
    for (const d of typeof dependsOn === 'string' ? [dependsOn] : asArray(dependsOn)) if (typeof d === 'string') used.add(d);
  }
  if (facts) usedCache.set(facts, used);
  return used;
}

const usedCache = new WeakMap<FileFacts, Set<string>>();

/**
 * Names that record sets use as HealthCheckId but that their own file does not define. Such a file
 * is a fragment (an `AWS::Include` snippet, say) whose references resolve in another template.
 */
function unresolvedRecordRefs(model: WorkspaceModel): Set<string> {
  const out = new Set<string>();
  for (const rec of model.ofType(RECORD_SET)) {
    const id = refTarget(rec.properties.HealthCheckId);
    if (!id || model.byLogicalId(rec.file, id) || model.files.get(rec.file)?.parameters.includes(id)) continue;
    out.add(id);
  }
  return out;
}
