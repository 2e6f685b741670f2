// failover-unpaired: insert the missing SECONDARY (or PRIMARY) record right after the existing one,
// with the same name, type and hosted zone (copied as written, `!Sub` and all), `SetIdentifier:
// secondary`, and TODO values where only the user knows the answer (the standby endpoint). A
// RecordSetGroup entry gets a sibling entry; a RecordSet resource gets a sibling resource. Never
// safe: the values must be filled in. CDK code gets no fix.
import { defineFix } from '../fix';
import { asObject } from '../values';
import { fileFix, type TemplateTarget, templateTarget } from './common';
import { freshLogicalId } from './failover-without-health-check';
import { type FixValue, pointsAt } from './template';

type Role = 'PRIMARY' | 'SECONDARY';

export default defineFix({
  ruleId: 'failover-unpaired',
  provide(ctx) {
    const missing = ctx.finding.data?.missing;
    if (missing !== 'PRIMARY' && missing !== 'SECONDARY') return [];
    const target = templateTarget(ctx);
    if (!target || !pointsAt(target.doc, [...target.loc.properties, 'Failover'], ctx.finding)) return [];
    const { doc, loc } = target;
    const record = skeleton(target, missing);
    const title = `Add the missing ${missing} record (with TODO values to fill in)`;
    if (loc.entry !== undefined) {
      return fileFix(title, ctx.finding.file, [doc.insertItem(loc.properties.slice(0, -1), loc.entry, record)], false, true);
    }
    const id = freshLogicalId(target, partnerId(loc.logicalId, missing));
    const resource: FixValue = { Type: 'AWS::Route53::RecordSet', Properties: record };
    return fileFix(title, ctx.finding.file, [doc.insertPairs(['Resources'], [[id, resource]], loc.logicalId)], false, true);
  },
});

function skeleton({ doc, loc }: TemplateTarget, role: Role): { [key: string]: FixValue } {
  const props = asObject(doc.value(loc.properties)) ?? {};
  const copy = (key: string) => (props[key] !== undefined ? doc.raw([...loc.properties, key]) : undefined);
  const out: { [key: string]: FixValue } = {};
  for (const key of ['HostedZoneId', 'HostedZoneName', 'Name', 'Type']) {
    const raw = copy(key);
    if (raw) out[key] = raw;
  }
  out.SetIdentifier = role.toLowerCase();
  out.Failover = role;
  if (props.AliasTarget !== undefined) {
    out.AliasTarget = { DNSName: `TODO: DNS name of the ${role.toLowerCase()} endpoint`, HostedZoneId: 'TODO: hosted zone id of that endpoint', EvaluateTargetHealth: true };
  } else {
    const ttl = copy('TTL');
    if (ttl) out.TTL = ttl;
    out.ResourceRecords = [`TODO: the ${role.toLowerCase()} endpoint`];
  }
  return out;
}

/** `PrimaryRecord` -> `SecondaryRecord`; otherwise the id plus the role (`ApiRecordSecondary`). */
function partnerId(id: string, missing: Role): string {
  const [from, to] = missing === 'SECONDARY' ? ['Primary', 'Secondary'] : ['Secondary', 'Primary'];
  if (id.includes(from)) return id.replace(from, to);
  return `${id}${to}`;
}
