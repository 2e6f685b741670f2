// A Route 53-compatible endpoint for tests: plain HTTP on 127.0.0.1 serving the REST-XML of the four
// read-only calls the live check makes, shaped as in the Route 53 API reference (2013-04-01). It
// records every request, pages its answers, and can be told to throttle, deny or stall a call.
// Anything else (a write, an unknown path) is answered with an error and recorded, so tests can
// assert that the check sent nothing but the read-only calls.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeAction = 'ListHostedZonesByName' | 'ListResourceRecordSets' | 'ListHealthChecks' | 'GetHealthCheckStatus';

export const READ_ONLY_ACTIONS: readonly FakeAction[] = ['ListHostedZonesByName', 'ListResourceRecordSets', 'ListHealthChecks', 'GetHealthCheckStatus'];

export interface FakeRecord {
  Name: string;
  Type: string;
  SetIdentifier?: string;
  Weight?: number;
  Failover?: 'PRIMARY' | 'SECONDARY';
  Region?: string;
  HealthCheckId?: string;
  TTL?: number;
  Values?: string[];
  AliasTarget?: { HostedZoneId: string; DNSName: string; EvaluateTargetHealth: boolean };
}

export interface FakeZone {
  /** Without the `/hostedzone/` prefix. */
  id: string;
  /** With or without the trailing dot. */
  name: string;
  private?: boolean;
  records: FakeRecord[];
}

export interface FakeHealthCheck {
  id: string;
  type?: string;
  fqdn?: string;
  port?: number;
  path?: string;
  /** One per checker region; a status starting "Success" is healthy. */
  observations: { region: string; status: string }[];
}

export interface FakeBehaviour {
  /** Items per page (the fake pages even when the client asks for more). */
  pageSize?: Partial<Record<'zones' | 'records' | 'healthChecks', number>>;
  /** Fail the first N calls of an action with Throttling (HTTP 400). */
  throttle?: Partial<Record<FakeAction, number>>;
  /** Answer these actions with AccessDenied (HTTP 403). */
  deny?: FakeAction[];
  /** Answer with this error code (HTTP 403) instead, e.g. ExpiredToken. */
  failWith?: Partial<Record<FakeAction, string>>;
  /** Hold the answer of an action this long (ms). */
  delayMs?: Partial<Record<FakeAction, number>>;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The read-only action it was, or undefined for anything else. */
  action?: FakeAction;
  /** Whether an Authorization header (SigV4) came with it. */
  signed: boolean;
}

const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export class Route53Fake {
  readonly requests: SeenRequest[] = [];
  private server?: http.Server;
  private readonly calls = new Map<FakeAction, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    public zones: FakeZone[],
    public healthChecks: FakeHealthCheck[],
    public behaviour: FakeBehaviour = {},
  ) {}

  /** Starts listening on 127.0.0.1 (on `port`, or any free one) and returns the endpoint URL. */
  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** The actions seen, in order ('other' for anything that is not one of the four). */
  actions(): string[] {
    return this.requests.map((r) => r.action ?? `other ${r.method} ${r.path}`);
  }

  reset(): void {
    this.requests.length = 0;
    this.calls.clear();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams.entries());
    const path = decodeURIComponent(url.pathname);
    const action = req.method === 'GET' ? actionOf(path) : undefined;
    this.requests.push({ method: req.method ?? '', path, query, ...(action ? { action } : {}), signed: typeof req.headers.authorization === 'string' });
    req.resume();
    if (!action) return send(res, 400, errorXml('Sender', 'InvalidAction', `The fake serves only ${READ_ONLY_ACTIONS.join(', ')}`));
    const n = (this.calls.get(action) ?? 0) + 1;
    this.calls.set(action, n);
    const answer = () => {
      if ((this.behaviour.throttle?.[action] ?? 0) >= n) return send(res, 400, errorXml('Sender', 'Throttling', 'Rate exceeded'));
      if (this.behaviour.deny?.includes(action)) return send(res, 403, errorXml('Sender', 'AccessDenied', `User: arn:aws:iam::123456789012:user/test is not authorized to perform: route53:${action}`));
      const code = this.behaviour.failWith?.[action];
      if (code) return send(res, 403, errorXml('Sender', code, 'The security token included in the request is expired'));
      try {
        send(res, 200, this.body(action, path, query));
      } catch (err) {
        send(res, 400, errorXml('Sender', 'NoSuchHostedZone', String(err instanceof Error ? err.message : err)));
      }
    };
    const delay = this.behaviour.delayMs?.[action];
    if (!delay) return answer();
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!res.destroyed) answer();
    }, delay);
    this.timers.add(t);
  }

  private body(action: FakeAction, path: string, q: Record<string, string>): string {
    switch (action) {
      case 'ListHostedZonesByName':
        return this.listZones(q);
      case 'ListResourceRecordSets':
        return this.listRecords(path.split('/')[3], q);
      case 'ListHealthChecks':
        return this.listHealthChecks(q);
      case 'GetHealthCheckStatus':
        return this.status(path.split('/')[3]);
    }
  }

  private listZones(q: Record<string, string>): string {
    const sorted = [...this.zones].sort((a, b) => reversed(a.name).localeCompare(reversed(b.name)) || a.id.localeCompare(b.id));
    let start = 0;
    if (q.dnsname) {
      start = sorted.findIndex((z) => reversed(z.name) >= reversed(q.dnsname) && (!q.hostedzoneid || z.id >= q.hostedzoneid));
      if (start < 0) start = sorted.length;
    }
    const size = Math.min(Number(q.maxitems) || 100, this.behaviour.pageSize?.zones ?? 100);
    const page = sorted.slice(start, start + size);
    const next = sorted[start + size];
    const zones = page.map((z) => `<HostedZone><Id>/hostedzone/${x(z.id)}</Id><Name>${x(dot(z.name))}</Name><CallerReference>fake-${x(z.id)}</CallerReference><Config><Comment>test zone</Comment><PrivateZone>${!!z.private}</PrivateZone></Config><ResourceRecordSetCount>${z.records.length}</ResourceRecordSetCount></HostedZone>`).join('');
    const more = next ? `<NextDNSName>${x(dot(next.name))}</NextDNSName><NextHostedZoneId>${x(next.id)}</NextHostedZoneId>` : '';
    return `<ListHostedZonesByNameResponse xmlns="${NS}"><HostedZones>${zones}</HostedZones>${q.dnsname ? `<DNSName>${x(q.dnsname)}</DNSName>` : ''}<IsTruncated>${!!next}</IsTruncated>${more}<MaxItems>${size}</MaxItems></ListHostedZonesByNameResponse>`;
  }

  private listRecords(zoneId: string, q: Record<string, string>): string {
    const zone = this.zones.find((z) => z.id === zoneId);
    if (!zone) throw new Error(`No hosted zone found with ID: ${zoneId}`);
    const recs = zone.records;
    let start = 0;
    if (q.name) {
      start = recs.findIndex((r) => dot(r.Name).toLowerCase() === dot(q.name).toLowerCase() && (!q.type || r.Type === q.type) && (!q.identifier || r.SetIdentifier === q.identifier));
      if (start < 0) start = recs.length;
    }
    const size = Math.min(Number(q.maxitems) || 300, this.behaviour.pageSize?.records ?? 300);
    const page = recs.slice(start, start + size);
    const next = recs[start + size];
    const more = next ? `<NextRecordName>${x(wire(next.Name))}</NextRecordName><NextRecordType>${x(next.Type)}</NextRecordType>${next.SetIdentifier !== undefined ? `<NextRecordIdentifier>${x(next.SetIdentifier)}</NextRecordIdentifier>` : ''}` : '';
    return `<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>${page.map(recordXml).join('')}</ResourceRecordSets><IsTruncated>${!!next}</IsTruncated>${more}<MaxItems>${size}</MaxItems></ListResourceRecordSetsResponse>`;
  }

  private listHealthChecks(q: Record<string, string>): string {
    let start = q.marker ? this.healthChecks.findIndex((h) => h.id === q.marker) : 0;
    if (start < 0) start = this.healthChecks.length;
    const size = Math.min(Number(q.maxitems) || 100, this.behaviour.pageSize?.healthChecks ?? 100);
    const page = this.healthChecks.slice(start, start + size);
    const next = this.healthChecks[start + size];
    const items = page
      .map(
        (h) =>
          `<HealthCheck><Id>${x(h.id)}</Id><CallerReference>fake-${x(h.id)}</CallerReference><HealthCheckConfig>${h.port ? `<Port>${h.port}</Port>` : ''}<Type>${x(h.type ?? 'HTTPS')}</Type>${h.path ? `<ResourcePath>${x(h.path)}</ResourcePath>` : ''}${h.fqdn ? `<FullyQualifiedDomainName>${x(h.fqdn)}</FullyQualifiedDomainName>` : ''}<RequestInterval>30</RequestInterval><FailureThreshold>3</FailureThreshold><Inverted>false</Inverted><Disabled>false</Disabled></HealthCheckConfig><HealthCheckVersion>1</HealthCheckVersion></HealthCheck>`,
      )
      .join('');
    return `<ListHealthChecksResponse xmlns="${NS}"><HealthChecks>${items}</HealthChecks>${q.marker ? `<Marker>${x(q.marker)}</Marker>` : ''}<IsTruncated>${!!next}</IsTruncated>${next ? `<NextMarker>${x(next.id)}</NextMarker>` : ''}<MaxItems>${size}</MaxItems></ListHealthChecksResponse>`;
  }

  private status(id: string): string {
    const h = this.healthChecks.find((c) => c.id === id);
    if (!h) throw new Error(`A health check with id ${id} does not exist.`);
    const obs = h.observations.map((o) => `<HealthCheckObservation><Region>${x(o.region)}</Region><IPAddress>192.0.2.10</IPAddress><StatusReport><Status>${x(o.status)}</Status><CheckedTime>2026-11-28T07:00:00Z</CheckedTime></StatusReport></HealthCheckObservation>`).join('');
    return `<GetHealthCheckStatusResponse xmlns="${NS}"><HealthCheckObservations>${obs}</HealthCheckObservations></GetHealthCheckStatusResponse>`;
  }
}

function actionOf(path: string): FakeAction | undefined {
  if (path === '/2013-04-01/hostedzonesbyname') return 'ListHostedZonesByName';
  if (/^\/2013-04-01\/hostedzone\/[^/]+\/rrset$/.test(path)) return 'ListResourceRecordSets';
  if (path === '/2013-04-01/healthcheck') return 'ListHealthChecks';
  if (/^\/2013-04-01\/healthcheck\/[^/]+\/status$/.test(path)) return 'GetHealthCheckStatus';
  return undefined;
}

function recordXml(r: FakeRecord): string {
  const parts = [`<Name>${x(wire(r.Name))}</Name>`, `<Type>${x(r.Type)}</Type>`];
  if (r.SetIdentifier !== undefined) parts.push(`<SetIdentifier>${x(r.SetIdentifier)}</SetIdentifier>`);
  if (r.Weight !== undefined) parts.push(`<Weight>${r.Weight}</Weight>`);
  if (r.Region) parts.push(`<Region>${x(r.Region)}</Region>`);
  if (r.Failover) parts.push(`<Failover>${r.Failover}</Failover>`);
  if (r.TTL !== undefined) parts.push(`<TTL>${r.TTL}</TTL>`);
  if (r.Values?.length) parts.push(`<ResourceRecords>${r.Values.map((v) => `<ResourceRecord><Value>${x(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords>`);
  if (r.AliasTarget) parts.push(`<AliasTarget><HostedZoneId>${x(r.AliasTarget.HostedZoneId)}</HostedZoneId><DNSName>${x(dot(r.AliasTarget.DNSName))}</DNSName><EvaluateTargetHealth>${r.AliasTarget.EvaluateTargetHealth}</EvaluateTargetHealth></AliasTarget>`);
  if (r.HealthCheckId) parts.push(`<HealthCheckId>${x(r.HealthCheckId)}</HealthCheckId>`);
  return `<ResourceRecordSet>${parts.join('')}</ResourceRecordSet>`;
}

function errorXml(type: string, code: string, message: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${x(code)}</Code><Message>${x(message)}</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`;
}

function send(res: http.ServerResponse, status: number, body: string): void {
  if (res.destroyed) return;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml), 'x-amzn-requestid': '00000000-0000-4000-8000-000000000000' });
  res.end(xml);
}

function x(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function dot(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** As Route 53 writes names: trailing dot, `*` as `\052`. */
function wire(name: string): string {
  return dot(name).replace(/\*/g, '\\052');
}

function reversed(name: string): string {
  return dot(name).toLowerCase().replace(/\.$/, '').split('.').reverse().join('.');
}
