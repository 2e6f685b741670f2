// Every rule, registered once. A meta-test checks that each file in this folder is listed here.
import type { Rule } from '../rule';
import failoverWithoutHealthCheck from './failover-without-health-check';
import aliasWithoutTargetHealth from './alias-without-target-health';
import failoverUnpaired from './failover-unpaired';
import geolocationWithoutDefault from './geolocation-without-default';
import failoverTtlTooHigh from './failover-ttl-too-high';
import healthCheckUnused from './health-check-unused';
import globalTableMissingStream from './global-table-missing-stream';
import s3BucketNotReplicated from './s3-bucket-not-replicated';
import s3ReplicationWithoutRtc from './s3-replication-without-rtc';
import s3ReplicationWithoutDeleteMarkers from './s3-replication-without-delete-markers';
import auroraGlobalWithoutSecondary from './aurora-global-without-secondary';
import auroraSecondaryWithoutWriteForwarding from './aurora-secondary-without-write-forwarding';
import elasticacheNotGlobal from './elasticache-not-global';
import secretNotReplicated from './secret-not-replicated';
import kmsKeySingleRegion from './kms-key-single-region';
import stickySessions from './sticky-sessions';
import unconditionalGlobalWrite from './unconditional-global-write';
import globalTableCounter from './global-table-counter';
import globalTableBatchWrite from './global-table-batch-write';
import replicaRegionMismatch from './replica-region-mismatch';
import inMemorySession from './in-memory-session';
import localFileStorage from './local-file-storage';
import processLocalState from './process-local-state';
import hardcodedRegion from './hardcoded-region';
import environmentConfigFile from './environment-config-file';
import drObjectiveUnmet from './dr-objective-unmet';
import failoverTestOverdue from './failover-test-overdue';

export const allRules: Rule[] = [
  failoverWithoutHealthCheck,
  aliasWithoutTargetHealth,
  failoverUnpaired,
  geolocationWithoutDefault,
  failoverTtlTooHigh,
  healthCheckUnused,
  globalTableMissingStream,
  s3BucketNotReplicated,
  s3ReplicationWithoutRtc,
  s3ReplicationWithoutDeleteMarkers,
  auroraGlobalWithoutSecondary,
  auroraSecondaryWithoutWriteForwarding,
  elasticacheNotGlobal,
  secretNotReplicated,
  kmsKeySingleRegion,
  stickySessions,
  unconditionalGlobalWrite,
  globalTableCounter,
  globalTableBatchWrite,
  replicaRegionMismatch,
  inMemorySession,
  localFileStorage,
  processLocalState,
  hardcodedRegion,
  environmentConfigFile,
  drObjectiveUnmet,
  failoverTestOverdue,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
