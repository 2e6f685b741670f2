import type { Resource, WorkspaceModel } from '../model';
import { defineRule } from '../rule';
import { clusterRole, DB_CLUSTER, membershipOf } from '../stores';
import { asObject, bool, str } from '../values';

export default defineRule({
  id: 'aurora-secondary-without-write-forwarding',
  meta: {
    category: 'data',
    severity: 'info',
    description: 'A secondary cluster of an Aurora global database does not enable write forwarding.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
  },
  check(ctx) {
    const { model } = ctx;
    for (const c of model.ofType(DB_CLUSTER)) {
      const m = membershipOf(model, c);
      if (m.kind === 'none' || clusterRole(model, c, m) !== 'secondary') continue;
      const wf = c.properties.EnableGlobalWriteForwarding;
      if (wf !== undefined && bool(wf) !== false) continue;
      if (customResourceEnablesForwarding(model, c.file)) continue;
      const global = m.kind === 'member' ? `global cluster ${m.global.logicalId}` : m.kind === 'external' ? `global cluster ${m.name}` : 'a global cluster';
      ctx.report({
        resource: c,
        path: wf === undefined ? ['GlobalClusterIdentifier'] : ['EnableGlobalWriteForwarding'],
        message: `DB cluster ${c.logicalId} joins ${global} as a secondary without EnableGlobalWriteForwarding: true, so applications in its region must find and connect to the primary region's writer for every write. With write forwarding they can use the local endpoint and the same code in every region.`,
        related: m.kind === 'member' ? [{ resource: m.global, message: `Global cluster ${m.global.logicalId}` }] : undefined,
      });
    }
  },
});

const FORWARDING = /write[\s_-]?forwarding/i;

/** A custom resource in the template (or the inline function behind it) that turns forwarding on. */
function customResourceEnablesForwarding(model: WorkspaceModel, file: string): boolean {
  const inTemplate = model.files.get(file)?.resources ?? [];
  return inTemplate.some((r) => {
    if (!r.type.startsWith('Custom::') && r.type !== 'AWS::CloudFormation::CustomResource') return false;
    if (FORWARDING.test(JSON.stringify(r.properties))) return true;
    const fn = lambdaBehind(model, r);
    return !!fn && FORWARDING.test(JSON.stringify(asObject(fn.properties.Code)?.ZipFile ?? fn.properties.InlineCode ?? ''));
  });
}

function lambdaBehind(model: WorkspaceModel, custom: Resource): Resource | undefined {
  const token = asObject(custom.properties.ServiceToken);
  const ga = token?.['Fn::GetAtt'];
  const id = Array.isArray(ga) ? str(ga[0]) : str(ga)?.split('.')[0];
  return id ? model.byLogicalId(custom.file, id) : undefined;
}
