// Data store L2 constructs -> the CloudFormation the rules read: DynamoDB TableV2 / Table (global
// tables with the stack's own region as a replica, and the stream CDK adds), S3 buckets with
// replication rules and access logs, secrets with replica regions, KMS keys, Aurora clusters.
import type * as TS from 'typescript';
import type { Value } from '../../model';
import type { Env, Rec } from './context';
import { opaque } from './context';
import { attribute, evaluate, opaqueOf, pseudo } from './evaluate';
import { recOf } from './hatches';
import { resolveName } from './imports';
import { type MapArgs, type Mapper, put } from './mapping';
import { Props, resolveNode } from './props';
import { tsApi } from './tsapi';

const GLOBAL_TABLE = 'AWS::DynamoDB::GlobalTable';

/** The ARN of a construct passed as a value (a key, a bucket), or the value itself. */
export function arnOf(m: MapArgs, node: TS.Expression | undefined, env: Env): Value | undefined {
  const ts = tsApi();
  if (!node) return undefined;
  const at = resolveNode(m.r, node, env);
  const rec = recOf(m.r, at.node, at.env);
  if (rec) return attribute(rec, 'resourceArn');
  // `Bucket.fromBucketName(this, 'Id', 'name')`, `Key.fromKeyArn(this, 'Id', arn)`: imported by name or ARN.
  if (ts.isCallExpression(at.node)) {
    const how = resolveName(at.node.expression, m.r.imports)?.members[0] ?? '';
    const arg = evaluate(m.r, at.node.arguments[2], at.env);
    if (how === 'fromBucketName' && typeof arg === 'string') return `arn:aws:s3:::${arg}`;
    if (/^from\w*Arn$/.test(how) && arg !== undefined) return arg;
    if (how === 'fromBucketAttributes' && arg && typeof arg === 'object' && !Array.isArray(arg)) return arg.bucketArn ?? (typeof arg.bucketName === 'string' ? `arn:aws:s3:::${arg.bucketName}` : opaqueOf(m.r, at.node));
  }
  return evaluate(m.r, at.node, at.env);
}

/** A construct that CDK creates implicitly (an encryption key), recorded next to its owner. */
function implicit(m: MapArgs, suffix: string, type: string, cdkClass: string): Rec {
  const rec = m.r.newRec(m.node, `${m.rec.constructId}${suffix}`, m.rec.inst, cdkClass);
  rec.type = type;
  rec.range = m.rec.range;
  return rec;
}

function tableV2(m: MapArgs): void {
  const { props, rec } = m;
  rec.type = GLOBAL_TABLE;
  put(m, ['TableName'], props.get('tableName'), props.at('tableName'));
  keySchema(m);
  const replicas: Value[] = [{ Region: pseudo('region', rec.inst) }];
  m.r.mark(rec, ['Replicas', 0], m.node);
  const items = props.items('replicas');
  items.forEach((it, i) => {
    replicas.push({ Region: new Props(m.r, it.node, it.env).get('region') ?? opaqueOf(m.r, it.node) });
    m.r.mark(rec, ['Replicas', i + 1], it.node);
  });
  if (props.has('replicas') && items.length === 0) replicas.push(...computedReplicas(props.get('replicas')));
  put(m, ['Replicas'], replicas, props.at('replicas'));
  const mode = props.get('multiRegionConsistency');
  put(m, ['MultiRegionConsistency'], mode, props.at('multiRegionConsistency'));
  put(m, ['GlobalTableWitnesses'], props.has('witnessRegion') ? [{ Region: props.get('witnessRegion') ?? null }] : undefined, props.at('witnessRegion'));
  // CDK turns the stream on for tables with replicas (replication needs it), or as `dynamoStream` says.
  const view = props.get('dynamoStream') ?? (replicas.length > 1 ? 'NEW_AND_OLD_IMAGES' : undefined);
  put(m, ['StreamSpecification'], view === undefined ? undefined : { StreamViewType: view }, props.at('dynamoStream'));
  tableV2Encryption(m, replicas);
}

/** `partitionKey` / `sortKey: { name, type }` -> KeySchema, so fixes can name the partition key. */
function keySchema(m: MapArgs): void {
  const schema: Value[] = [];
  for (const [prop, keyType] of [['partitionKey', 'HASH'], ['sortKey', 'RANGE']] as const) {
    const key = m.props.get(prop);
    const name = key && typeof key === 'object' && !Array.isArray(key) ? key.name : undefined;
    if (typeof name === 'string') schema.push({ AttributeName: name, KeyType: keyType });
  }
  if (schema.length) put(m, ['KeySchema'], schema, m.props.at('partitionKey'));
}

function computedReplicas(v: Value | undefined): Value[] {
  if (!Array.isArray(v)) return [{ Region: opaque('replicas') }];
  return v.map((x) => ({ Region: x && typeof x === 'object' && !Array.isArray(x) && x.region !== undefined ? x.region : opaque('replica') }));
}

/** `encryption: TableEncryptionV2.customerManagedKey(key, { 'eu-west-1': arn })`: a key per replica. */
function tableV2Encryption(m: MapArgs, replicas: Value[]): void {
  const ts = tsApi();
  const at = m.props.node('encryption');
  if (!at || !ts.isCallExpression(at.node) || resolveName(at.node.expression, m.r.imports)?.members[0] !== 'customerManagedKey') return;
  const [keyArg, arnsArg] = at.node.arguments;
  const arns = evaluate(m.r, arnsArg, at.env);
  put(m, ['SSESpecification'], { SSEEnabled: true, SSEType: 'KMS' }, m.props.at('encryption'));
  replicas.forEach((rep, i) => {
    const region = (rep as { Region?: Value }).Region;
    const key = i === 0 ? arnOf(m, keyArg, at.env) : arns && typeof arns === 'object' && !Array.isArray(arns) && typeof region === 'string' ? arns[region] : undefined;
    if (key !== undefined) put(m, ['Replicas', i, 'SSESpecification', 'KMSMasterKeyId'], key, m.props.at('encryption'));
  });
}

/** `dynamodb.Table`: a global table (2019 version) when it has replicationRegions. */
function table(m: MapArgs): void {
  const { props, rec } = m;
  const regions = props.get('replicationRegions');
  const global = regions !== undefined && !(Array.isArray(regions) && regions.length === 0);
  put(m, ['TableName'], props.get('tableName'), props.at('tableName'));
  keySchema(m);
  if (global) {
    rec.type = GLOBAL_TABLE;
    const others = Array.isArray(regions) ? regions.map((Region) => ({ Region })) : [{ Region: regions }];
    put(m, ['Replicas'], [{ Region: pseudo('region', rec.inst) }, ...others], props.at('replicationRegions'));
  } else rec.type = 'AWS::DynamoDB::Table';
  const view = props.get('stream') ?? (global ? 'NEW_AND_OLD_IMAGES' : undefined);
  put(m, ['StreamSpecification'], view === undefined ? undefined : { StreamViewType: view }, props.at('stream'));
  const enc = props.get('encryption');
  if (enc !== 'CUSTOMER_MANAGED' && !props.has('encryptionKey')) return;
  const key = props.has('encryptionKey') ? arnOf(m, props.entries.get('encryptionKey')!.node, props.entries.get('encryptionKey')!.env) : attribute(implicit(m, 'Key', 'AWS::KMS::Key', 'Key'), 'keyArn');
  const at = props.at('encryptionKey') ?? props.at('encryption');
  if (global) put(m, ['Replicas', 0, 'SSESpecification', 'KMSMasterKeyId'], key, at);
  else put(m, ['SSESpecification'], { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: key ?? null }, at);
}

function bucket(m: MapArgs): void {
  const { props } = m;
  m.rec.type = 'AWS::S3::Bucket';
  put(m, ['BucketName'], props.get('bucketName'), props.at('bucketName'));
  if (props.get('versioned') === true) put(m, ['VersioningConfiguration'], { Status: 'Enabled' }, props.at('versioned'));
  bucketEncryption(m);
  const logs = props.entries.get('serverAccessLogsBucket');
  if (logs) put(m, ['LoggingConfiguration'], { DestinationBucketName: evaluate(m.r, logs.node, logs.env) ?? null, ...(props.has('serverAccessLogsPrefix') ? { LogFilePrefix: props.get('serverAccessLogsPrefix') ?? null } : {}) }, logs.at);
  const lifecycle = props.items('lifecycleRules').map((it) => ({ Id: new Props(m.r, it.node, it.env).get('id') ?? null, Status: 'Enabled' }));
  if (lifecycle.length) put(m, ['LifecycleConfiguration', 'Rules'], lifecycle, props.at('lifecycleRules'));
  replicationRules(m);
}

function bucketEncryption(m: MapArgs): void {
  const { props } = m;
  const enc = props.get('encryption');
  const keyEntry = props.entries.get('encryptionKey');
  const at = keyEntry?.at ?? props.at('encryption');
  let rule: Value | undefined;
  if (keyEntry || enc === 'KMS' || enc === 'DSSE') {
    const key = keyEntry ? arnOf(m, keyEntry.node, keyEntry.env) : attribute(implicit(m, 'Key', 'AWS::KMS::Key', 'Key'), 'keyArn');
    rule = { SSEAlgorithm: enc === 'DSSE' ? 'aws:kms:dsse' : 'aws:kms', KMSMasterKeyID: key ?? null };
  } else if (enc === 'KMS_MANAGED' || enc === 'DSSE_MANAGED') rule = { SSEAlgorithm: enc === 'DSSE_MANAGED' ? 'aws:kms:dsse' : 'aws:kms' };
  else if (enc === 'S3_MANAGED') rule = { SSEAlgorithm: 'AES256' };
  if (rule) put(m, ['BucketEncryption', 'ServerSideEncryptionConfiguration'], [{ ServerSideEncryptionByDefault: rule }], at);
}

/** `replicationRules` as CDK renders them: V2 rules with a Filter and an explicit DeleteMarkerReplication. */
function replicationRules(m: MapArgs): void {
  const items = m.props.items('replicationRules');
  if (!items.length) return;
  const rules = items.map((it, i) => {
    const p = new Props(m.r, it.node, it.env);
    const base = ['ReplicationConfiguration', 'Rules', i];
    m.r.mark(m.rec, base, it.node);
    const dest = p.entries.get('destination');
    const rtc = minutes(p.get('replicationTimeControl'));
    const metrics = minutes(p.get('metrics'));
    const filter = p.nested('filter');
    const tags = filter.get('tags');
    const destination: { [k: string]: Value } = { Bucket: dest ? arnOf(m, dest.node, dest.env) ?? null : null };
    if (p.has('storageClass')) destination.StorageClass = p.get('storageClass') ?? null;
    if (p.has('kmsKey')) destination.EncryptionConfiguration = { ReplicaKmsKeyID: arnOf(m, p.entries.get('kmsKey')!.node, p.entries.get('kmsKey')!.env) ?? null };
    if (rtc !== undefined) destination.ReplicationTime = { Status: 'Enabled', Time: { Minutes: rtc } };
    if (metrics !== undefined) destination.Metrics = { Status: 'Enabled', EventThreshold: { Minutes: metrics } };
    if (dest) m.r.mark(m.rec, [...base, 'Destination'], dest.at);
    const prefix = filter.get('prefix');
    for (const [key, cfn] of [['deleteMarkerReplication', 'DeleteMarkerReplication'], ['filter', 'Filter']]) {
      const at = p.at(key);
      if (at) m.r.mark(m.rec, [...base, cfn], at);
    }
    const rule: { [k: string]: Value } = {
      Status: 'Enabled',
      Destination: destination,
      Filter: Array.isArray(tags) && tags.length ? { And: { ...(prefix !== undefined ? { Prefix: prefix } : {}), TagFilters: tags.map(tagFilter) } } : prefix !== undefined ? { Prefix: prefix } : {},
      DeleteMarkerReplication: { Status: p.get('deleteMarkerReplication') === true ? 'Enabled' : 'Disabled' },
    };
    if (p.has('id')) rule.Id = p.get('id') ?? null;
    if (p.has('priority')) rule.Priority = p.get('priority') ?? null;
    return rule;
  });
  put(m, ['ReplicationConfiguration'], { Role: opaque('replication role'), Rules: rules }, m.props.at('replicationRules'));
}

function tagFilter(t: Value): Value {
  return t && typeof t === 'object' && !Array.isArray(t) ? { Key: t.key ?? null, Value: t.value ?? null } : t;
}

/** `ReplicationTimeValue.FIFTEEN_MINUTES` -> 15. */
function minutes(v: Value | undefined): number | undefined {
  if (v === undefined) return undefined;
  return v === 'FIFTEEN_MINUTES' ? 15 : typeof v === 'number' ? v : 15;
}

function secret(m: MapArgs): void {
  const { props } = m;
  m.rec.type = 'AWS::SecretsManager::Secret';
  put(m, ['Name'], props.get('secretName'), props.at('secretName'));
  const key = props.entries.get('encryptionKey');
  if (key) put(m, ['KmsKeyId'], arnOf(m, key.node, key.env), key.at);
  const items = props.items('replicaRegions');
  const replicas = items.map((it, i) => {
    const p = new Props(m.r, it.node, it.env);
    const k = p.entries.get('encryptionKey');
    m.r.mark(m.rec, ['ReplicaRegions', i], it.node);
    return { Region: p.get('region') ?? null, ...(k ? { KmsKeyId: arnOf(m, k.node, k.env) ?? null } : {}) };
  });
  if (items.length) put(m, ['ReplicaRegions'], replicas, props.at('replicaRegions'));
  else if (props.has('replicaRegions')) put(m, ['ReplicaRegions'], props.get('replicaRegions'), props.at('replicaRegions'));
}

function key(m: MapArgs): void {
  const { props } = m;
  m.rec.type = 'AWS::KMS::Key';
  for (const [k, cfn] of [['multiRegion', 'MultiRegion'], ['enableKeyRotation', 'EnableKeyRotation'], ['description', 'Description'], ['keySpec', 'KeySpec'], ['keyUsage', 'KeyUsage']]) put(m, [cfn], props.get(k), props.at(k));
  const alias = props.get('alias');
  if (alias === undefined) return;
  const a = implicit(m, 'Alias', 'AWS::KMS::Alias', 'Alias');
  a.properties = { AliasName: typeof alias === 'string' && !alias.startsWith('alias/') ? `alias/${alias}` : alias, TargetKeyId: attribute(m.rec, 'keyArn') };
}

function alias(m: MapArgs): void {
  const { props } = m;
  m.rec.type = 'AWS::KMS::Alias';
  put(m, ['AliasName'], props.get('aliasName'), props.at('aliasName'));
  const target = props.entries.get('targetKey');
  if (target) put(m, ['TargetKeyId'], arnOf(m, target.node, target.env), target.at);
}

/** `DatabaseClusterEngine.auroraPostgres(...)` -> 'aurora-postgresql'. */
function engineOf(m: MapArgs): Value | undefined {
  const ts = tsApi();
  const at = m.props.node('engine');
  if (!at) return undefined;
  const r = resolveName(ts.isCallExpression(at.node) ? at.node.expression : at.node, m.r.imports);
  const name = r?.members[0]?.toLowerCase().replace(/_/g, '');
  if (name === 'aurorapostgres' || name === 'aurorapostgresql') return 'aurora-postgresql';
  if (name === 'auroramysql') return 'aurora-mysql';
  if (name === 'aurora') return 'aurora';
  return opaqueOf(m.r, at.node);
}

function databaseCluster(m: MapArgs): void {
  const { props } = m;
  m.rec.type = 'AWS::RDS::DBCluster';
  put(m, ['Engine'], engineOf(m), props.at('engine'));
  put(m, ['DBClusterIdentifier'], props.get('clusterIdentifier'), props.at('clusterIdentifier'));
  put(m, ['DatabaseName'], props.get('defaultDatabaseName'), props.at('defaultDatabaseName'));
  put(m, ['SnapshotIdentifier'], props.get('snapshotIdentifier'), props.at('snapshotIdentifier'));
  const key = props.entries.get('storageEncryptionKey');
  put(m, ['StorageEncrypted'], props.get('storageEncrypted') ?? (key ? true : undefined), props.at('storageEncrypted'));
  if (key) put(m, ['KmsKeyId'], arnOf(m, key.node, key.env), key.at);
}

export const dataMappers: Record<string, Mapper> = {
  'aws-dynamodb.TableV2': tableV2,
  'aws-dynamodb.Table': table,
  'aws-s3.Bucket': bucket,
  'aws-secretsmanager.Secret': secret,
  'aws-kms.Key': key,
  'aws-kms.Alias': alias,
  'aws-rds.DatabaseCluster': databaseCluster,
  'aws-rds.DatabaseClusterFromSnapshot': databaseCluster,
  'aws-rds.ServerlessCluster': databaseCluster,
};
