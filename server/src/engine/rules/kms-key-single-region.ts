import type { Path, Resource, Value, WorkspaceModel } from '../model';
import { defineRule } from '../rule';
import { BUCKET, KMS_KEY, replicationRules, resolveKey, sameRegion } from '../stores';
import { asArray, asObject, bool } from '../values';

/** A store property that names a KMS key. */
interface KeyUse {
  store: Resource;
  path: Path;
  value: Value;
  what: string;
}

export default defineRule({
  id: 'kms-key-single-region',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'A customer managed key that encrypts a replicated table, bucket or secret is not a multi-Region key.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
  },
  check(ctx) {
    const { model } = ctx;
    const byKey = new Map<Resource, KeyUse[]>();
    for (const use of keyUses(model)) {
      const key = resolveKey(model, use.store, use.value);
      if (!key || key.type !== KMS_KEY) continue;
      // A computed MultiRegion may be true at deploy time; only false or missing is reported.
      const mr = key.properties.MultiRegion;
      if (mr !== undefined && bool(mr) !== false) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), use]);
    }
    for (const [key, uses] of byKey) {
      const stores = [...new Set(uses.map((u) => `${u.what} ${u.store.logicalId}`))];
      ctx.report({
        resource: key,
        path: key.properties.MultiRegion === undefined ? undefined : ['MultiRegion'],
        message: `KMS key ${key.logicalId} encrypts ${stores.join(', ')} but is a single-region key: it cannot be used outside its region, so every replica is encrypted under an unrelated key with its own policy, and anything the application encrypted with this key (envelope or client-side encryption) cannot be decrypted in another region after a failover. Set MultiRegion: true and add an AWS::KMS::ReplicaKey in each replica region.`,
        related: uses.map((u) => ({ resource: u.store, path: u.path, message: `${u.what} ${u.store.logicalId} uses the key here` })),
        data: { stores: [...new Set(uses.map((u) => u.store.id))] },
      });
    }
  },
});

/** Key references of stores that replicate: global tables, replicated buckets, secrets with replicas. */
function keyUses(model: WorkspaceModel): KeyUse[] {
  const out: KeyUse[] = [];
  const add = (store: Resource, path: Path, value: Value | undefined, what: string) => {
    if (value !== undefined && value !== null) out.push({ store, path, value, what });
  };
  for (const t of model.ofType('AWS::DynamoDB::GlobalTable')) {
    const replicas = asArray(t.properties.Replicas);
    if (replicas.filter((r) => asObject(r)?.Region !== undefined).length < 2) continue;
    replicas.forEach((r, i) => add(t, ['Replicas', i, 'SSESpecification', 'KMSMasterKeyId'], asObject(asObject(r)?.SSESpecification)?.KMSMasterKeyId, 'global table'));
  }
  for (const b of model.ofType(BUCKET)) {
    if (!replicatesAway(model, b)) continue;
    const rules = asArray(asObject(b.properties.BucketEncryption)?.ServerSideEncryptionConfiguration);
    rules.forEach((r, i) => {
      const path = ['BucketEncryption', 'ServerSideEncryptionConfiguration', i, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID'];
      add(b, path, asObject(asObject(r)?.ServerSideEncryptionByDefault)?.KMSMasterKeyID, 'replicated bucket');
    });
  }
  for (const s of model.ofType('AWS::SecretsManager::Secret')) {
    if (asArray(s.properties.ReplicaRegions).length === 0) continue;
    add(s, ['KmsKeyId'], s.properties.KmsKeyId, 'replicated secret');
  }
  return out;
}

/** True when some enabled rule may copy the bucket's objects to another region. */
function replicatesAway(model: WorkspaceModel, b: Resource): boolean {
  return replicationRules(model).some((r) => r.source === b && !(r.target.kind === 'bucket' && sameRegion(b, r.target.bucket)));
}
