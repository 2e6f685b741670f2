import type { Resource } from '../model';
import type { RelatedInfo } from '../rule';
import { defineRule } from '../rule';
import { describeRecord, type FailoverRole, failoverRole, isComputedFailover, mayHaveSameName, mayHaveSameType, RECORD_SET, recordKey } from '../route53';
import { literalString, str } from '../values';

const OTHER: Record<FailoverRole, FailoverRole> = { PRIMARY: 'SECONDARY', SECONDARY: 'PRIMARY' };

export default defineRule({
  id: 'failover-unpaired',
  meta: {
    category: 'routing',
    severity: 'warning',
    description: 'A failover record has no partner (PRIMARY without SECONDARY, or the reverse) for the same name and type anywhere in the workspace.',
    languages: ['cloudformation', 'cdk-typescript', 'cdk-python'],
    fixable: true,
  },
  check(ctx) {
    const records = ctx.model.ofType(RECORD_SET);
    const roles = rolesByKey(records);
    // Records that may be anything's partner once deployed: a computed role, or a computed name.
    const fuzzy = records.filter((r) => isComputedFailover(r.properties) || (failoverRole(r.properties) && !hasLiteralName(r)));
    for (const rec of records) {
      const p = rec.properties;
      const role = failoverRole(p);
      const key = recordKey(p);
      if (!role || !key || roles.get(key)?.has(OTHER[role])) continue;
      if (hasPossiblePartner(rec, role, hasLiteralName(rec) ? fuzzy : records)) continue;
      const missing = OTHER[role];
      ctx.report({
        resource: rec,
        path: ['Failover'],
        message: `${role} failover record ${describeRecord(p)} has no ${missing} record with the same name and type anywhere in the workspace: ${role === 'PRIMARY' ? 'when the primary fails, Route 53 has nothing to fail over to' : 'the failover pair is incomplete, so traffic does not move between the two as designed'}. Add the ${missing} record (it may live in another region's template).`,
        related: otherTypes(rec, missing, records),
        data: { missing },
      });
    }
  },
});

/** The literal roles present for each exact name+type; most pairs are settled here. */
function rolesByKey(records: Resource[]): Map<string, Set<FailoverRole>> {
  const roles = new Map<string, Set<FailoverRole>>();
  for (const rec of records) {
    const key = recordKey(rec.properties);
    const role = failoverRole(rec.properties);
    if (!key || !role) continue;
    const set = roles.get(key) ?? new Set<FailoverRole>();
    set.add(role);
    roles.set(key, set);
  }
  return roles;
}

/** A record elsewhere that could turn out to be the partner once parameters and conditions resolve. */
function hasPossiblePartner(rec: Resource, role: FailoverRole, candidates: Resource[]): boolean {
  return candidates.some((other) => {
    if (other === rec) return false;
    const otherRole = failoverRole(other.properties);
    const roleFits = otherRole === OTHER[role] || (!otherRole && isComputedFailover(other.properties));
    return roleFits && mayHaveSameType(rec.properties, other.properties) && mayHaveSameName(rec.properties, other.properties);
  });
}

/** The missing role under the same name but another type: the usual slip (an A paired with an AAAA). */
function otherTypes(rec: Resource, missing: FailoverRole, records: Resource[]): RelatedInfo[] {
  return records
    .filter((o) => o !== rec && failoverRole(o.properties) === missing && hasLiteralName(o) && hasLiteralName(rec) && mayHaveSameName(rec.properties, o.properties))
    .map((o) => ({ resource: o, path: ['Type'], message: `A ${missing} record for this name exists with type ${str(o.properties.Type) ?? '(computed)'}.` }));
}

function hasLiteralName(rec: Resource): boolean {
  return literalString(rec.properties.Name) !== undefined;
}
