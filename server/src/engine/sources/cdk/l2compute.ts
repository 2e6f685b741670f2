// Compute and edge L2 constructs: Auto Scaling capacities, ALB target groups (stickiness), load
// balancers, Lambda functions (environment), Global Accelerator endpoint groups (region) and
// CloudFront distributions (origin groups).
import type * as TS from 'typescript';
import type { Value } from '../../model';
import type { Env, Rec } from './context';
import { opaque } from './context';
import { seconds } from './builtins';
import { attribute, evaluate, opaqueOf, pseudo } from './evaluate';
import { recOf } from './hatches';
import { resolveName } from './imports';
import { type MapArgs, type Mapper, put } from './mapping';
import { Props, resolveNode } from './props';
import { tsApi } from './tsapi';

function autoScalingGroup(m: MapArgs): void {
  const { props } = m;
  m.rec.type = 'AWS::AutoScaling::AutoScalingGroup';
  const min = props.get('minCapacity');
  const max = props.get('maxCapacity');
  const desired = props.get('desiredCapacity');
  // CDK's defaults: at least one instance, and a maximum no lower than the minimum or the desired count.
  const size = (v: Value | undefined) => (typeof v === 'number' ? String(v) : v);
  const floor = Math.max(typeof min === 'number' ? min : 1, typeof desired === 'number' ? desired : 1);
  put(m, ['MinSize'], size(min ?? 1), props.at('minCapacity'));
  put(m, ['MaxSize'], size(max ?? floor), props.at('maxCapacity'));
  put(m, ['DesiredCapacity'], size(desired), props.at('desiredCapacity'));
}

export function targetGroup(m: MapArgs): void {
  const { props } = m;
  m.rec.type = 'AWS::ElasticLoadBalancingV2::TargetGroup';
  for (const [k, cfn] of [['port', 'Port'], ['protocol', 'Protocol'], ['targetType', 'TargetType'], ['targetGroupName', 'Name']]) put(m, [cfn], props.get(k), props.at(k));
  stickiness(m.r, m.rec, props.get('stickinessCookieDuration'), props.get('stickinessCookieName'), props.at('stickinessCookieDuration'));
}

/** The target group attributes that `stickinessCookieDuration` (or `enableCookieStickiness`) writes. */
export function stickiness(r: MapArgs['r'], rec: Rec, duration: Value | undefined, cookieName: Value | undefined, at: TS.Node | undefined): void {
  if (duration === undefined || at === undefined) return;
  const type = cookieName !== undefined ? 'app_cookie' : 'lb_cookie';
  const secs = seconds(duration);
  const attrs: Value[] = [
    { Key: 'stickiness.enabled', Value: 'true' },
    { Key: 'stickiness.type', Value: type },
    { Key: `stickiness.${type}.duration_seconds`, Value: secs !== undefined ? String(secs) : duration },
  ];
  if (cookieName !== undefined) attrs.push({ Key: 'stickiness.app_cookie.cookie_name', Value: cookieName });
  addAttributes(r, rec, attrs, at);
}

export function addAttributes(r: MapArgs['r'], rec: Rec, attrs: Value[], at: TS.Node): void {
  const list = Array.isArray(rec.properties.TargetGroupAttributes) ? rec.properties.TargetGroupAttributes : [];
  for (const a of attrs) {
    r.mark(rec, ['TargetGroupAttributes', list.length], at);
    list.push(a);
  }
  rec.properties.TargetGroupAttributes = list;
  r.mark(rec, ['TargetGroupAttributes'], at);
}

function loadBalancer(type: string): Mapper {
  return (m) => {
    m.rec.type = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
    put(m, ['Type'], type);
    put(m, ['Name'], m.props.get('loadBalancerName'), m.props.at('loadBalancerName'));
    const facing = m.props.get('internetFacing');
    put(m, ['Scheme'], facing === true ? 'internet-facing' : facing === undefined || facing === false ? 'internal' : facing, m.props.at('internetFacing'));
  };
}

function lambdaFunction(m: MapArgs): void {
  const { props } = m;
  m.rec.type = 'AWS::Lambda::Function';
  for (const [k, cfn] of [['functionName', 'FunctionName'], ['handler', 'Handler']]) put(m, [cfn], props.get(k), props.at(k));
  put(m, ['Runtime'], runtime(props.get('runtime')), props.at('runtime'));
  const env = props.nested('environment');
  for (const [name, e] of env.entries) put(m, ['Environment', 'Variables', name], evaluate(m.r, e.node, e.env) ?? null, e.at);
  if (!env.entries.size && props.has('environment')) put(m, ['Environment', 'Variables'], props.get('environment'), props.at('environment'));
}

/** `Runtime.NODEJS_20_X` -> 'nodejs20.x', `PYTHON_3_12` -> 'python3.12', `PROVIDED_AL2023` -> 'provided.al2023'. */
function runtime(v: Value | undefined): Value | undefined {
  if (typeof v !== 'string' || !/^[A-Z0-9_]+$/.test(v)) return v;
  const [name, ...rest] = v.toLowerCase().split('_');
  return name === 'provided' ? ['provided', ...rest].join('.') : name + rest.join('.');
}

function accelerator(m: MapArgs): void {
  m.rec.type = 'AWS::GlobalAccelerator::Accelerator';
  put(m, ['Name'], m.props.get('acceleratorName'), m.props.at('acceleratorName'));
  put(m, ['Enabled'], m.props.get('enabled'), m.props.at('enabled'));
}

/** A Global Accelerator listener; `owner` is the accelerator when made by `accelerator.addListener`. */
export function listener(m: MapArgs, owner?: Rec): void {
  m.rec.type = 'AWS::GlobalAccelerator::Listener';
  const acc = m.props.entries.get('accelerator');
  put(m, ['AcceleratorArn'], owner ? attribute(owner, 'acceleratorArn') : acc ? evaluate(m.r, acc.node, acc.env) : undefined, acc?.at);
  put(m, ['PortRanges'], m.props.cfn('portRanges', m.rec, ['PortRanges']), m.props.at('portRanges'));
  put(m, ['Protocol'], m.props.get('protocol'), m.props.at('protocol'));
}

/** An endpoint group; its region is the one given, else the first endpoint's stack region, else the stack's own. */
export function endpointGroup(m: MapArgs, owner?: Rec): void {
  const { props } = m;
  m.rec.type = 'AWS::GlobalAccelerator::EndpointGroup';
  const lst = props.entries.get('listener');
  put(m, ['ListenerArn'], owner ? attribute(owner, 'listenerArn') : lst ? evaluate(m.r, lst.node, lst.env) : undefined, lst?.at);
  const endpoints = props.items('endpoints').map((it) => endpointTarget(m, it.node, it.env));
  put(m, ['EndpointGroupRegion'], props.get('region') ?? endpoints.find((e) => e.region)?.region ?? pseudo('region', m.rec.inst), props.at('region'));
  if (endpoints.length) put(m, ['EndpointConfigurations'], endpoints.map((e) => ({ EndpointId: e.id })), props.at('endpoints'));
  put(m, ['TrafficDialPercentage'], props.get('trafficDialPercentage'), props.at('trafficDialPercentage'));
}

/** `new ga_endpoints.ApplicationLoadBalancerEndpoint(alb)`: the endpoint's ARN and, when known, its region. */
function endpointTarget(m: MapArgs, node: TS.Expression, env: Env): { id: Value; region?: string } {
  const ts = tsApi();
  const at = resolveNode(m.r, node, env);
  if (!ts.isNewExpression(at.node) || !at.node.arguments?.length) return { id: opaqueOf(m.r, at.node) };
  const target = resolveNode(m.r, at.node.arguments[0], at.env);
  const rec = recOf(m.r, target.node, target.env);
  if (!rec) return { id: evaluate(m.r, target.node, target.env) ?? opaque('endpoint') };
  return { id: attribute(rec, 'resourceArn'), region: rec.inst.region?.kind === 'known' ? rec.inst.region.region : undefined };
}

/** CloudFront origins: the domain a CloudFront origin class points at. */
function originDomain(m: MapArgs, node: TS.Expression, env: Env): { domain: Value; group?: [TS.Expression, TS.Expression, Env, Value | undefined] } {
  const ts = tsApi();
  const at = resolveNode(m.r, node, env);
  const n = at.node;
  const call = ts.isNewExpression(n) || ts.isCallExpression(n) ? n : undefined;
  const cls = call ? resolveName(call.expression, m.r.imports) : undefined;
  if (!call || !cls) return { domain: opaqueOf(m.r, n) };
  const args = call.arguments ?? [];
  if (cls.name === 'OriginGroup') {
    const p = new Props(m.r, args[0], at.env);
    const primary = p.entries.get('primaryOrigin');
    const fallback = p.entries.get('fallbackOrigin');
    if (primary && fallback) return { domain: null, group: [primary.node, fallback.node, primary.env, p.get('fallbackStatusCodes')] };
  }
  const first = args[0] && resolveNode(m.r, args[0], at.env);
  const rec = first && recOf(m.r, first.node, first.env);
  if (rec) return { domain: attribute(rec, rec.type === 'AWS::S3::Bucket' ? 'bucketRegionalDomainName' : 'loadBalancerDnsName') };
  return { domain: first ? evaluate(m.r, first.node, first.env) ?? opaque(cls.name) : opaque(cls.name) };
}

function distribution(m: MapArgs): void {
  const { props, rec } = m;
  rec.type = 'AWS::CloudFront::Distribution';
  const config: { [k: string]: Value } = { Enabled: props.get('enabled') ?? true };
  if (props.has('domainNames')) config.Aliases = props.get('domainNames') ?? null;
  const origins: Value[] = [];
  const groups: Value[] = [];
  const addOrigin = (domain: Value) => {
    const id = `${rec.constructId}Origin${origins.length + 1}`;
    origins.push({ Id: id, DomainName: domain });
    return id;
  };
  const behaviors = [props.nested('defaultBehavior'), ...[...props.nested('additionalBehaviors').entries.values()].map((e) => new Props(m.r, e.node, e.env))];
  behaviors.forEach((b, i) => {
    const o = b.entries.get('origin');
    if (!o) return;
    const { domain, group } = originDomain(m, o.node, o.env);
    if (!group) {
      addOrigin(domain);
      return;
    }
    const members = [group[0], group[1]].map((g) => ({ OriginId: addOrigin(originDomain(m, g, group[2]).domain) }));
    const codes = Array.isArray(group[3]) ? group[3] : [500, 502, 503, 504];
    groups.push({ Id: `${rec.constructId}OriginGroup${groups.length + 1}`, FailoverCriteria: { StatusCodes: { Items: codes, Quantity: codes.length } }, Members: { Items: members, Quantity: 2 } });
    m.r.mark(rec, ['DistributionConfig', 'OriginGroups', 'Items', groups.length - 1], o.at);
    if (i === 0 || groups.length === 1) m.r.mark(rec, ['DistributionConfig', 'OriginGroups'], o.at);
  });
  if (origins.length) config.Origins = origins;
  if (groups.length) config.OriginGroups = { Items: groups, Quantity: groups.length };
  put(m, ['DistributionConfig'], config);
}

export const computeMappers: Record<string, Mapper> = {
  'aws-autoscaling.AutoScalingGroup': autoScalingGroup,
  'aws-elasticloadbalancingv2.ApplicationTargetGroup': targetGroup,
  'aws-elasticloadbalancingv2.ApplicationLoadBalancer': loadBalancer('application'),
  'aws-elasticloadbalancingv2.NetworkLoadBalancer': loadBalancer('network'),
  'aws-lambda.Function': lambdaFunction,
  'aws-lambda.DockerImageFunction': lambdaFunction,
  'aws-lambda-nodejs.NodejsFunction': lambdaFunction,
  'aws-lambda-python.PythonFunction': lambdaFunction,
  'aws-globalaccelerator.Accelerator': accelerator,
  'aws-globalaccelerator.Listener': (m) => listener(m),
  'aws-globalaccelerator.EndpointGroup': (m) => endpointGroup(m),
  'aws-cloudfront.Distribution': distribution,
};
