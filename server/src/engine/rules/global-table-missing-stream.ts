import { defineRule } from '../rule';
import { asArray, asObject, str } from '../values';

export default defineRule({
  id: 'global-table-missing-stream',
  meta: {
    category: 'data',
    severity: 'error',
    description: 'A global table in the default multi-Region eventual consistency mode has no StreamSpecification.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
    scope: 'file',
    fixable: true,
  },
  check(ctx) {
    for (const table of ctx.model.ofType('AWS::DynamoDB::GlobalTable')) {
      const p = table.properties;
      // Only the default mode (MREC) needs a stream; a computed mode could be STRONG, so it is skipped.
      const mode = p.MultiRegionConsistency === undefined ? 'EVENTUAL' : str(p.MultiRegionConsistency)?.toUpperCase();
      if (mode !== 'EVENTUAL') continue;
      // Replicas chosen by Fn::If may be removed at deploy time, so only plain entries count.
      const replicas = asArray(p.Replicas).filter((r) => asObject(r)?.Region !== undefined);
      if (replicas.length < 2) continue;
      const stream = p.StreamSpecification;
      if (stream !== undefined && stream !== null) {
        const spec = asObject(stream);
        if (!spec || spec['Fn::If'] !== undefined || spec.StreamViewType !== undefined) continue;
        ctx.report({
          resource: table,
          path: ['StreamSpecification'],
          message: `Global table ${table.logicalId} has a StreamSpecification without StreamViewType; replication between its ${replicas.length} replicas needs a stream, so CloudFormation rejects it. Set StreamViewType: NEW_AND_OLD_IMAGES.`,
          data: { suggestedViewType: 'NEW_AND_OLD_IMAGES' },
        });
        continue;
      }
      ctx.report({
        resource: table,
        path: ['Replicas'],
        message: `Global table ${table.logicalId} has ${replicas.length} replicas in multi-Region eventual consistency mode but no StreamSpecification: replication runs on the table's stream, so CloudFormation rejects the template. Add StreamSpecification with StreamViewType: NEW_AND_OLD_IMAGES.`,
        data: { suggestedViewType: 'NEW_AND_OLD_IMAGES' },
      });
    }
  },
});
