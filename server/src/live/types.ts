// What the live Route 53 check reads and reports. Plain data: the snapshot can be kept, compared
// again after an edit, and printed, without another call to AWS.

/** One record set as Route 53 serves it. Names are normalized: lower case, no trailing dot, `\052` as `*`. */
export interface LiveRecord {
  zoneId: string;
  zoneName: string;
  name: string;
  type: string;
  setIdentifier?: string;
  weight?: number;
  failover?: 'PRIMARY' | 'SECONDARY';
  /** Latency routing region. */
  region?: string;
  geoLocation?: boolean;
  multiValueAnswer?: boolean;
  healthCheckId?: string;
  /** Set on alias records. */
  aliasTarget?: { dnsName: string; evaluateTargetHealth: boolean };
  ttl?: number;
  values?: string[];
}

export type HealthStatus = 'healthy' | 'unhealthy' | 'unknown';

export interface LiveHealthCheck {
  id: string;
  type?: string;
  /** What it probes, for messages: FQDN or IP, port and path. */
  target?: string;
  inverted?: boolean;
  disabled?: boolean;
  status: HealthStatus;
  /** Checker regions that report failure, with their report, e.g. "Failure: HTTP Status Code 503". */
  failing: { region: string; report: string }[];
  /** How many checkers reported. */
  observations: number;
}

export interface LiveZone {
  id: string;
  name: string;
  privateZone: boolean;
}

export interface LiveSnapshot {
  /** ISO time the snapshot was taken. */
  fetchedAt: string;
  zones: LiveZone[];
  records: LiveRecord[];
  /** The health checks that live records use, with their status now. */
  healthChecks: LiveHealthCheck[];
  /** Record names of the workspace for which no hosted zone of the account was found. */
  zonelessNames: string[];
}

export type DriftKind =
  | 'missing-live'
  | 'missing-code'
  | 'policy'
  | 'weight'
  | 'failover-role'
  | 'health-check'
  | 'evaluate-target-health'
  | 'live-failover-without-health-check'
  | 'health-check-failing';

/** How a code record stands against the live account. */
export type LiveState = 'in-sync' | 'drift' | 'missing-live' | 'unhealthy';

/** The finding ids of the live check; each has a docs page under docs/rules/. */
export const LIVE_IDS = ['live-record-missing', 'live-record-drift', 'live-failover-without-health-check', 'live-health-check-failing'] as const;
export type LiveId = (typeof LIVE_IDS)[number];

export const LIVE_SOURCE = 'live';

/** One sentence per live finding id, for SARIF and the docs. */
export const LIVE_DESCRIPTIONS: Record<LiveId, string> = {
  'live-record-missing': 'A Route 53 record of the workspace does not exist in the live account.',
  'live-record-drift': 'A live Route 53 record differs from the workspace: routing policy, weight, failover role, health check or EvaluateTargetHealth, or a live set member the code does not define.',
  'live-failover-without-health-check': 'A live failover record has no health check and does not evaluate target health, so Route 53 never fails over from it.',
  'live-health-check-failing': 'The health check of a live record is failing now.',
};

export function isLiveId(id: string): id is LiveId {
  return (LIVE_IDS as readonly string[]).includes(id);
}

export interface LiveOptions {
  /** A named profile of the shared AWS config; unset: the default credential chain. */
  profile?: string;
  /** Region the client signs for (Route 53 is global; default us-east-1). */
  region?: string;
  /** Endpoint override (a VPC endpoint, or a test server). */
  endpoint?: string;
  /** Per call; default 10 s. */
  timeoutMs?: number;
  /** Attempts per call, throttling included; default 5. */
  maxAttempts?: number;
  signal?: AbortSignal;
  /** Called with a short line before each step ("Listing records of example.com (page 2)"). */
  onProgress?: (message: string) => void;
}
