// failover-without-health-check: add an `AWS::Route53::HealthCheck` (HTTPS on /health, every 10 s,
// 3 failures) after the record's resource and reference it with `HealthCheckId: !Ref`. For an alias
// record, `EvaluateTargetHealth: true` is the simpler, preferred fix (not for CloudFront aliases).
// The health check probes the record's address when it has a literal one, else its name.
import { defineFix, type Fix, type FixContext } from '../fix';
import type { Value } from '../model';
import { asObject, literalString, str } from '../values';
import { openCode } from './code';
import { fileFix, HEALTH_CHECK_TITLE, PLACEHOLDER_FQDN, type TemplateTarget, templateTarget } from './common';
import { cdkHealthCheckFix } from './healthCheckCdk';
import { evaluateTargetHealthFix } from './targetHealth';
import { type FixValue, pointsAt } from './template';

export default defineFix({
  ruleId: 'failover-without-health-check',
  provide(ctx) {
    const alias = ctx.finding.data?.alias === true;
    const evaluate = alias && ctx.finding.data?.cloudFront !== true ? evaluateTargetHealthFix(ctx, ['Failover'], true) : [];
    const check = openCode(ctx) ? cdkHealthCheckFix(ctx, !evaluate.length) : templateHealthCheck(ctx, !evaluate.length);
    return [...evaluate, ...check];
  },
});

function templateHealthCheck(ctx: FixContext, preferred: boolean): Fix[] {
  const target = templateTarget(ctx);
  if (!target || !pointsAt(target.doc, [...target.loc.properties, 'Failover'], ctx.finding)) return [];
  const { doc, loc } = target;
  const id = freshLogicalId(target, `${baseName(target)}HealthCheck`);
  const resource: FixValue = { Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: healthCheckConfig(target) } };
  // The reference goes first: both edits may insert at the end of the same line.
  const edits = [doc.insertPairs(loc.properties, [['HealthCheckId', { Ref: id }]], 'Failover'), doc.insertPairs(['Resources'], [[id, resource]], loc.logicalId)];
  return fileFix(HEALTH_CHECK_TITLE, ctx.finding.file, edits, false, preferred);
}

/** HTTPS to the record's literal IP (with its name as the Host header), its CNAME target, its alias target, or its name. */
function healthCheckConfig({ doc, loc }: TemplateTarget): { [key: string]: FixValue } {
  const p = asObject(doc.value(loc.properties)) ?? {};
  const type = str(p.Type)?.toUpperCase();
  const name = literalString(p.Name)?.replace(/\.$/, '');
  const first: Value | undefined = Array.isArray(p.ResourceRecords) ? p.ResourceRecords[0] : undefined;
  const cfg: { [key: string]: FixValue } = { Type: 'HTTPS' };
  const dnsName = asObject(p.AliasTarget)?.DNSName;
  if ((type === 'A' || type === 'AAAA') && typeof first === 'string' && isIp(first)) {
    cfg.IPAddress = first;
    cfg.FullyQualifiedDomainName = name ?? PLACEHOLDER_FQDN;
  } else if (type === 'CNAME' && typeof first === 'string') cfg.FullyQualifiedDomainName = first.replace(/\.$/, '');
  else if (typeof dnsName === 'string') cfg.FullyQualifiedDomainName = dnsName.replace(/\.$/, '');
  else if (dnsName !== undefined) cfg.FullyQualifiedDomainName = doc.raw([...loc.properties, 'AliasTarget', 'DNSName']) ?? PLACEHOLDER_FQDN;
  else cfg.FullyQualifiedDomainName = name ?? PLACEHOLDER_FQDN;
  return { ...cfg, ResourcePath: '/health', RequestInterval: 10, FailureThreshold: 3 };
}

/** `PrimaryRecord`, or for a RecordSetGroup entry the group plus the entry's set identifier. */
function baseName({ doc, loc }: TemplateTarget): string {
  if (loc.entry === undefined) return loc.logicalId;
  const setId = str(asObject(doc.value(loc.properties))?.SetIdentifier)?.replace(/[^A-Za-z0-9]/g, '');
  return `${loc.logicalId}${setId ? setId[0].toUpperCase() + setId.slice(1) : `Entry${loc.entry}`}`;
}

export function freshLogicalId({ doc }: Pick<TemplateTarget, 'doc'>, base: string): string {
  const taken = new Set(doc.keys(['Resources']));
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}${i}`;
  return id;
}

function isIp(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^[0-9a-f:]+$/i.test(s));
}
