// The four read-only Route 53 calls of the live check, with pagination, a deadline per call,
// cancellation and retries with backoff. Nothing here writes to AWS, and nothing is logged.
import {
  GetHealthCheckStatusCommand,
  type GetHealthCheckStatusCommandOutput,
  type HealthCheck,
  type ListHealthChecksCommandOutput,
  type ListHostedZonesByNameCommandOutput,
  type ListResourceRecordSetsCommandOutput,
  ListHealthChecksCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { classify, LiveCheckError } from './errors';
import type { HealthStatus, LiveHealthCheck, LiveOptions, LiveRecord, LiveSnapshot, LiveZone } from './types';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ATTEMPTS = 5;
/** Pages are bounded so that a hostile or broken endpoint cannot keep the check going forever. */
const MAX_PAGES = 1_000;

/** A command the check may send: the type names the four read-only actions and nothing else. */
type ReadCommand = ListHostedZonesByNameCommand | ListResourceRecordSetsCommand | ListHealthChecksCommand | GetHealthCheckStatusCommand;

export class Route53Reader {
  private readonly client: Route53Client;
  private readonly timeoutMs: number;

  constructor(private readonly options: LiveOptions) {
    // The SDK warns on stderr that its releases after January 2027 need Node 22. The bundled SDK is
    // pinned and runs on the editor's Node; the warning would only confuse readers of the output channel.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = new Route53Client({
      region: options.region || 'us-east-1',
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      requestHandler: { connectionTimeout: this.timeoutMs, requestTimeout: this.timeoutMs },
    });
  }

  destroy(): void {
    this.client.destroy();
  }

  /** Lists the hosted zones, and reads those that hold any of `names` (normalized record names). */
  async snapshot(names: string[]): Promise<LiveSnapshot> {
    const zones = await this.listZones();
    const wanted = new Map<string, LiveZone>();
    const zoneless: string[] = [];
    for (const name of [...new Set(names)].sort()) {
      const matches = zonesFor(name, zones);
      if (!matches.length) zoneless.push(name);
      for (const z of matches) wanted.set(z.id, z);
    }
    const records: LiveRecord[] = [];
    for (const zone of [...wanted.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))) records.push(...(await this.listRecords(zone)));
    const checkIds = [...new Set(records.map((r) => r.healthCheckId).filter((id): id is string => !!id))].sort();
    const healthChecks = checkIds.length ? await this.healthChecks(checkIds) : [];
    return { fetchedAt: new Date().toISOString(), zones: [...wanted.values()], records, healthChecks, zonelessNames: zoneless };
  }

  private async listZones(): Promise<LiveZone[]> {
    const zones: LiveZone[] = [];
    let next: { DNSName?: string; HostedZoneId?: string } = {};
    for (let page = 1; page <= MAX_PAGES; page++) {
      this.progress(`Listing hosted zones${page > 1 ? ` (page ${page})` : ''}`);
      const out = await this.send<ListHostedZonesByNameCommandOutput>(new ListHostedZonesByNameCommand(next), 'ListHostedZonesByName');
      for (const z of out.HostedZones ?? []) if (z.Id && z.Name) zones.push({ id: z.Id.replace(/^\/hostedzone\//, ''), name: normalizeName(z.Name), privateZone: !!z.Config?.PrivateZone });
      if (!out.IsTruncated || !out.NextDNSName) return zones;
      next = { DNSName: out.NextDNSName, HostedZoneId: out.NextHostedZoneId };
    }
    return zones;
  }

  private async listRecords(zone: LiveZone): Promise<LiveRecord[]> {
    const records: LiveRecord[] = [];
    let start: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } = {};
    for (let page = 1; page <= MAX_PAGES; page++) {
      this.progress(`Reading records of ${zone.name}${page > 1 ? ` (page ${page})` : ''}`);
      const out = await this.send<ListResourceRecordSetsCommandOutput>(new ListResourceRecordSetsCommand({ HostedZoneId: zone.id, ...start }), 'ListResourceRecordSets');
      for (const r of out.ResourceRecordSets ?? []) records.push(toLiveRecord(zone, r));
      if (!out.IsTruncated || !out.NextRecordName) return records;
      start = { StartRecordName: out.NextRecordName, StartRecordType: out.NextRecordType, StartRecordIdentifier: out.NextRecordIdentifier };
    }
    return records;
  }

  private async healthChecks(ids: string[]): Promise<LiveHealthCheck[]> {
    const configs = new Map<string, HealthCheck>();
    const want = new Set(ids);
    let marker: string | undefined;
    for (let page = 1; page <= MAX_PAGES; page++) {
      this.progress(`Listing health checks${page > 1 ? ` (page ${page})` : ''}`);
      const out = await this.send<ListHealthChecksCommandOutput>(new ListHealthChecksCommand(marker ? { Marker: marker } : {}), 'ListHealthChecks');
      for (const hc of out.HealthChecks ?? []) if (hc.Id && want.has(hc.Id)) configs.set(hc.Id, hc);
      if (!out.IsTruncated || !out.NextMarker || configs.size === want.size) break;
      marker = out.NextMarker;
    }
    const result: LiveHealthCheck[] = [];
    for (const [i, id] of ids.entries()) {
      this.progress(`Health check status ${i + 1}/${ids.length}`);
      const out = await this.send<GetHealthCheckStatusCommandOutput>(new GetHealthCheckStatusCommand({ HealthCheckId: id }), 'GetHealthCheckStatus');
      const obs = out.HealthCheckObservations ?? [];
      const failing = obs
        .filter((o) => !/^success/i.test(o.StatusReport?.Status ?? ''))
        .map((o) => ({ region: o.Region ?? 'unknown', report: (o.StatusReport?.Status ?? 'no report').slice(0, 200) }));
      const cfg = configs.get(id)?.HealthCheckConfig;
      result.push({
        id,
        ...(cfg?.Type ? { type: cfg.Type } : {}),
        ...(cfg ? { target: targetOf(cfg) } : {}),
        ...(cfg?.Inverted ? { inverted: true } : {}),
        ...(cfg?.Disabled ? { disabled: true } : {}),
        status: statusOf(obs.length, obs.length - failing.length),
        failing,
        observations: obs.length,
      });
    }
    return result;
  }

  /**
   * Sends one read-only command under the call's deadline and the user's cancellation. The SDK
   * retries throttling and transient errors with exponential backoff inside the deadline.
   */
  private async send<O>(command: ReadCommand, action: string): Promise<O> {
    const ctx = { action, profile: this.options.profile, endpoint: this.options.endpoint, timeoutMs: this.timeoutMs };
    if (this.options.signal?.aborted) throw new LiveCheckError('cancelled', 'Live Route 53 check cancelled.');
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, this.timeoutMs);
    const onCancel = () => abort.abort();
    this.options.signal?.addEventListener('abort', onCancel, { once: true });
    try {
      // The SDK's `send` cannot follow a union of commands; each call site names its output type.
      return (await this.client.send(command as ListHostedZonesByNameCommand, { abortSignal: abort.signal })) as O;
    } catch (err) {
      if (timedOut) throw classify({ name: 'TimeoutError' }, ctx);
      if (this.options.signal?.aborted) throw new LiveCheckError('cancelled', 'Live Route 53 check cancelled.');
      throw classify(err, ctx);
    } finally {
      clearTimeout(timer);
      this.options.signal?.removeEventListener('abort', onCancel);
    }
  }

  private progress(message: string): void {
    this.options.onProgress?.(message);
  }
}

/** Lower case, no trailing dot, Route 53's octal escapes (`\052` for `*`) decoded. */
export function normalizeName(name: string): string {
  return name
    .replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)))
    .toLowerCase()
    .replace(/\.$/, '');
}

/** The zones with the longest name that is `name` or a parent of it (public and private twins both). */
function zonesFor(name: string, zones: LiveZone[]): LiveZone[] {
  const covering = zones.filter((z) => name === z.name || name.endsWith(`.${z.name}`));
  const longest = Math.max(0, ...covering.map((z) => z.name.length));
  return covering.filter((z) => z.name.length === longest);
}

function toLiveRecord(zone: LiveZone, r: ResourceRecordSet): LiveRecord {
  const rec: LiveRecord = { zoneId: zone.id, zoneName: zone.name, name: normalizeName(r.Name ?? ''), type: String(r.Type ?? '').toUpperCase() };
  if (r.SetIdentifier !== undefined) rec.setIdentifier = r.SetIdentifier;
  if (r.Weight !== undefined) rec.weight = r.Weight;
  if (r.Failover === 'PRIMARY' || r.Failover === 'SECONDARY') rec.failover = r.Failover;
  if (r.Region) rec.region = r.Region;
  if (r.GeoLocation) rec.geoLocation = true;
  if (r.MultiValueAnswer) rec.multiValueAnswer = true;
  if (r.HealthCheckId) rec.healthCheckId = r.HealthCheckId;
  if (r.AliasTarget) rec.aliasTarget = { dnsName: normalizeName(r.AliasTarget.DNSName ?? ''), evaluateTargetHealth: !!r.AliasTarget.EvaluateTargetHealth };
  if (r.TTL !== undefined) rec.ttl = r.TTL;
  if (r.ResourceRecords?.length) rec.values = r.ResourceRecords.map((v) => v.Value ?? '');
  return rec;
}

/** Route 53 calls an endpoint healthy when more than 18% of its checkers do. */
function statusOf(observations: number, healthy: number): HealthStatus {
  if (observations === 0) return 'unknown';
  return healthy / observations > 0.18 ? 'healthy' : 'unhealthy';
}

function targetOf(cfg: NonNullable<HealthCheck['HealthCheckConfig']>): string {
  const host = cfg.FullyQualifiedDomainName ?? cfg.IPAddress ?? '';
  const port = cfg.Port ? `:${cfg.Port}` : '';
  return `${cfg.Type ?? ''} ${host}${port}${cfg.ResourcePath ?? ''}`.trim();
}
