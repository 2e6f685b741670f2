// Route 53 L2 constructs -> AWS::Route53::RecordSet / HealthCheck / HostedZone, as CDK synthesizes
// them: the record name completed with the zone's name, a 30-minute TTL on non-alias records,
// alias targets from `RecordTarget.fromAlias(new targets.X(...))`.
import type * as TS from 'typescript';
import type { Value } from '../../model';
import type { Env } from './context';
import { opaque } from './context';
import { seconds } from './builtins';
import { attribute, evaluate, joinParts, opaqueOf } from './evaluate';
import { recOf } from './hatches';
import { resolveName } from './imports';
import { type MapArgs, type Mapper, put } from './mapping';
import { entriesOf, Props, resolveNode } from './props';
import { tsApi } from './tsapi';

const RECORD_SET = 'AWS::Route53::RecordSet';
const CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2';
/** CDK's TTL for non-alias records that set none. */
const DEFAULT_TTL = 1800;

const TYPES: Record<string, string> = { ARecord: 'A', AaaaRecord: 'AAAA', CnameRecord: 'CNAME', TxtRecord: 'TXT', MxRecord: 'MX', CaaRecord: 'CAA', CaaAmazonRecord: 'CAA', NsRecord: 'NS', SrvRecord: 'SRV', DsRecord: 'DS', HttpsRecord: 'HTTPS', SvcbRecord: 'SVCB', RecordSet: '' };

/** Props copied as they are: CDK name -> CloudFormation name. */
const PLAIN: [string, string][] = [
  ['failover', 'Failover'],
  ['weight', 'Weight'],
  ['region', 'Region'],
  ['setIdentifier', 'SetIdentifier'],
  ['multiValueAnswer', 'MultiValueAnswer'],
  ['comment', 'Comment'],
];

function record(fixedType: string): Mapper {
  return (m) => {
    const { props } = m;
    m.rec.type = RECORD_SET;
    const zone = zoneOf(m);
    put(m, ['HostedZoneId'], zone.id, props.at('zone'));
    put(m, ['Name'], fullName(props.get('recordName'), zone.name), props.at('recordName') ?? props.at('zone'));
    put(m, ['Type'], fixedType || props.get('recordType'), props.at('recordType'));
    const target = targetOf(m);
    if (target.alias) put(m, ['AliasTarget'], target.alias, props.at('target'));
    else {
      put(m, ['ResourceRecords'], target.records, target.at);
      const ttl = props.get('ttl');
      put(m, ['TTL'], ttl === undefined ? DEFAULT_TTL : seconds(ttl) ?? ttl, props.at('ttl'));
    }
    for (const [key, cfn] of PLAIN) put(m, [cfn], props.get(key), props.at(key));
    put(m, ['GeoLocation'], geoLocation(m), props.at('geoLocation'));
    put(m, ['HealthCheckId'], props.get('healthCheck'), props.at('healthCheck'));
  };
}

/** The zone's name and id: from a HostedZone construct, `fromLookup` / `fromHostedZoneAttributes`, or unknown. */
function zoneOf(m: MapArgs): { name: Value; id: Value } {
  const ts = tsApi();
  const at = m.props.node('zone');
  if (!at) return { name: opaque('zone'), id: opaque('zone') };
  const rec = recOf(m.r, at.node, at.env);
  if (rec) return { name: rec.properties.Name ?? opaque(`${at.node.getText(m.r.sf)}.zoneName`), id: attribute(rec, 'ref') };
  if (ts.isCallExpression(at.node)) {
    const fn = resolveName(at.node.expression, m.r.imports)?.members[0];
    const args = at.node.arguments;
    if (fn === 'fromHostedZoneId') return { name: opaque(`${at.node.getText(m.r.sf)}.zoneName`), id: evaluate(m.r, args[2], at.env) ?? opaque('zone') };
    const attrs = new Props(m.r, args[2], at.env);
    const name = attrs.get('zoneName') ?? attrs.get('domainName');
    return { name: name ?? opaqueOf(m.r, at.node), id: attrs.get('hostedZoneId') ?? opaqueOf(m.r, at.node) };
  }
  return { name: opaque(`${at.node.getText(m.r.sf)}.zoneName`), id: opaque(`${at.node.getText(m.r.sf)}.hostedZoneId`) };
}

/** CDK completes a record name with the zone's name unless it already ends with it. */
function fullName(recordName: Value | undefined, zoneName: Value): Value {
  const zone = typeof zoneName === 'string' ? zoneName.replace(/\.$/, '') : zoneName;
  if (recordName === undefined) return zone;
  if (typeof recordName !== 'string') return joinParts([recordName, '.', zone]);
  if (recordName.endsWith('.')) return recordName.slice(0, -1);
  if (typeof zone !== 'string') return joinParts([recordName, '.', zone]);
  return recordName === zone || recordName.endsWith(`.${zone}`) ? recordName : `${recordName}.${zone}`;
}

interface Target {
  alias?: Value;
  records?: Value;
  at?: TS.Node;
}

/** `target: RecordTarget.fromAlias(new targets.LoadBalancerTarget(alb))`, `fromIpAddresses(...)`, or CNAME's `domainName`. */
function targetOf(m: MapArgs): Target {
  const ts = tsApi();
  const { props } = m;
  if (props.has('domainName')) return { records: [props.get('domainName') ?? null], at: props.at('domainName') };
  if (props.has('values')) return { records: props.get('values'), at: props.at('values') };
  const at = props.node('target');
  if (!at) return {};
  const how = ts.isCallExpression(at.node) ? resolveName(at.node.expression, m.r.imports) : undefined;
  if (ts.isCallExpression(at.node) && how?.name === 'RecordTarget' && how.members.length === 1) {
    const args = at.node.arguments;
    if (how.members[0] === 'fromAlias') return { alias: aliasTarget(m, args[0], at.env) };
    const values = args.map((a) => evaluate(m.r, a, at.env) ?? null);
    return { records: values.length === 1 && Array.isArray(values[0]) ? values[0] : values, at: props.at('target') };
  }
  // A target built elsewhere may be an alias: say nothing definite about it.
  return { alias: opaqueOf(m.r, at.node) };
}

/** The AliasTarget of an alias target class, with `evaluateTargetHealth` from its props when given. */
function aliasTarget(m: MapArgs, node: TS.Expression | undefined, env: Env): Value {
  const ts = tsApi();
  if (!node) return opaque('alias target');
  const at = resolveNode(m.r, node, env);
  if (!ts.isNewExpression(at.node)) return opaqueOf(m.r, at.node);
  const cls = resolveName(at.node.expression, m.r.imports)?.name ?? '';
  const args = at.node.arguments ?? [];
  const first = args[0] && resolveNode(m.r, args[0], at.env);
  const rec = first && recOf(m.r, first.node, first.env);
  const cloudFront = cls === 'CloudFrontTarget';
  const out: { [key: string]: Value } = {
    DNSName: rec ? attribute(rec, cloudFront ? 'distributionDomainName' : 'loadBalancerDnsName') : first ? evaluate(m.r, first.node, first.env) ?? opaque(cls) : opaque(cls),
    HostedZoneId: cloudFront ? CLOUDFRONT_ZONE : opaque(`${cls} hosted zone`),
  };
  for (const a of args) {
    const entry = entriesOf(m.r, a, at.env).get('evaluateTargetHealth');
    if (!entry) continue;
    out.EvaluateTargetHealth = evaluate(m.r, entry.node, entry.env) ?? null;
    m.r.mark(m.rec, ['AliasTarget', 'EvaluateTargetHealth'], entry.at);
  }
  return out;
}

/** `GeoLocation.country('US')`, `.continent(Continent.EUROPE)`, `.subdivision('WA', 'US')`, `.default()`. */
function geoLocation(m: MapArgs): Value | undefined {
  const ts = tsApi();
  const at = m.props.node('geoLocation');
  if (!at) return undefined;
  if (!ts.isCallExpression(at.node)) return opaqueOf(m.r, at.node);
  const how = resolveName(at.node.expression, m.r.imports)?.members[0];
  const arg = (i: number) => evaluate(m.r, (at.node as TS.CallExpression).arguments[i], at.env);
  switch (how) {
    case 'country':
      return { CountryCode: arg(0) ?? null };
    case 'continent':
      return { ContinentCode: arg(0) ?? null };
    case 'subdivision':
      return { CountryCode: arg(1) ?? 'US', SubdivisionCode: arg(0) ?? null };
    case 'default':
      return { CountryCode: '*' };
    default:
      return opaqueOf(m.r, at.node);
  }
}

const CHECK_PLAIN: [string, string][] = [
  ['type', 'Type'],
  ['fqdn', 'FullyQualifiedDomainName'],
  ['port', 'Port'],
  ['resourcePath', 'ResourcePath'],
  ['ipAddress', 'IPAddress'],
  ['searchString', 'SearchString'],
  ['inverted', 'Inverted'],
  ['enableSNI', 'EnableSNI'],
  ['measureLatency', 'MeasureLatency'],
  ['regions', 'Regions'],
  ['healthThreshold', 'HealthThreshold'],
  ['failureThreshold', 'FailureThreshold'],
  ['insufficientDataHealthStatus', 'InsufficientDataHealthStatus'],
  ['routingControl', 'RoutingControlArn'],
  ['childHealthChecks', 'ChildHealthChecks'],
];

function healthCheck(m: MapArgs): void {
  const { props } = m;
  m.rec.type = 'AWS::Route53::HealthCheck';
  for (const [key, cfn] of CHECK_PLAIN) put(m, ['HealthCheckConfig', cfn], props.get(key), props.at(key));
  const interval = props.get('requestInterval');
  put(m, ['HealthCheckConfig', 'RequestInterval'], interval === undefined ? undefined : seconds(interval) ?? interval, props.at('requestInterval'));
  const alarm = props.nested('alarmIdentifier');
  if (props.has('alarmIdentifier')) put(m, ['HealthCheckConfig', 'AlarmIdentifier'], { Name: alarm.get('name') ?? null, Region: alarm.get('region') ?? null }, props.at('alarmIdentifier'));
  if (!props.has('type')) put(m, ['HealthCheckConfig', 'Type'], opaque('type'));
}

function hostedZone(m: MapArgs): void {
  m.rec.type = 'AWS::Route53::HostedZone';
  put(m, ['Name'], m.props.get('zoneName'), m.props.at('zoneName'));
}

export const route53Mappers: Record<string, Mapper> = {
  ...Object.fromEntries(Object.entries(TYPES).map(([cls, type]) => [`aws-route53.${cls}`, record(type)])),
  'aws-route53.HealthCheck': healthCheck,
  'aws-route53.HostedZone': hostedZone,
  'aws-route53.PublicHostedZone': hostedZone,
  'aws-route53.PrivateHostedZone': hostedZone,
};
