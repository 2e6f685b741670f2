// The DR summary's evidence (every claim located in the source) and what the next tier up needs.
import { capacityIn, type EntryFact } from './drFacts';
import type { DrFacts, DrTier, Evidence, Located, MissingItem } from './drTier';
import type { Path, Resource, WorkspaceModel } from './model';
import { failoverRole } from './route53';
import type { Finding } from './rule';
import { servedRegion } from './topology';

export function locate(model: WorkspaceModel, r: Resource, path?: Path): Located {
  const range = path?.length ? (model.files.get(r.file)?.rangeOf([...r.propertiesPath, ...path]) ?? r.range) : r.range;
  return { file: r.file, range, resourceId: r.id, ...(path?.length ? { path } : {}) };
}

/** At most this many evidence items of one sort; the rest are counted in one more item. */
const EVIDENCE_PER_SORT = 8;

export function evidenceOf(f: DrFacts, findings: readonly Finding[]): Evidence[] {
  const rules = new Map<string, Set<string>>();
  for (const x of findings) if (x.resourceId) rules.set(x.resourceId, (rules.get(x.resourceId) ?? new Set()).add(x.ruleId));
  const item = (r: Resource, message: string, path?: Path): Evidence => {
    const ids = rules.get(r.id);
    return { ...locate(f.model, r, path), message, ...(ids ? { ruleIds: [...ids].sort() } : {}) };
  };
  const primaryCap = f.primary ? capacityIn(f.compute, f.primary) : 0;
  const compute = f.compute.map((c) => {
    const where = c.regions.length > 1 ? `deployed to each of ${c.regions.join(', ')}` : c.regions.length ? `in ${c.regions[0]}` : 'region not known';
    const share = c.capacity !== undefined && primaryCap > 0 && c.regions.length === 1 && c.regions[0] !== f.primary ? `, ${Math.round((100 * c.capacity) / primaryCap)} % of ${f.primary}'s ${primaryCap}` : '';
    return item(c.resource, `Compute ${where}: ${c.what}${share}.`);
  });
  const stores = f.stores.map((s) => item(s.resource, s.explanation, s.path));
  const entries = f.entries.map((e) => item(e.resource, entryMessage(f, e)));
  const copies = f.copies.map((p) => item(p, `${p.logicalId} copies backups to another region (AWS Backup copy action).`));
  return [...capped(entries), ...capped(stores), ...capped(copies), ...capped(compute)];
}

function entryMessage(f: DrFacts, e: EntryFact): string {
  if (e.policy === 'accelerator') return `Global Accelerator sends traffic to endpoint groups in ${e.regions.join(', ') || 'regions not known'}.`;
  if (e.policy === 'failover') {
    const role = (want: string) => e.records.filter((r) => failoverRole(r.properties) === want).map((r) => servedRegion(f.model, r)?.name ?? 'region not known');
    const p = role('PRIMARY');
    const s = role('SECONDARY');
    return `${e.name}: failover routing, PRIMARY ${p.join(', ') || 'not set'}, SECONDARY ${s.join(', ') || 'missing'}: one region serves at a time.`;
  }
  return `${e.name}: ${e.policy} routing to ${e.regions.join(', ') || 'regions not known'}${e.regions.length >= 2 ? ': every region serves at once' : ''}.`;
}

function capped(items: Evidence[]): Evidence[] {
  if (items.length <= EVIDENCE_PER_SORT) return items;
  const rest = items.slice(EVIDENCE_PER_SORT);
  return [...items.slice(0, EVIDENCE_PER_SORT), { ...rest[0], message: `… and ${rest.length} more like these, the first one here.` }];
}

export function missingFor(f: DrFacts, tier: DrTier): MissingItem[] {
  const at = (r: Resource, message: string): MissingItem => ({ ...locate(f.model, r), message });
  const others = f.regions.filter((r) => r !== f.primary);
  const dr = others.join(', ') || 'a second region';
  switch (tier) {
    case 'single-region':
      return f.stores.length ? f.stores.map((s) => at(s.resource, `Copy ${s.resource.logicalId} to ${dr}: S3 replication for buckets, an AWS Backup copy action for tables and databases.`)) : [{ message: `Deploy to ${dr} and copy the data there.` }];
    case 'backup-restore':
      return f.stores.filter((s) => !s.live && !s.resource.type.startsWith('AWS::S3::')).map((s) => at(s.resource, `Keep a live replica of ${s.resource.logicalId} in ${dr}: a global table replica, an Aurora global secondary or a read replica.`));
    case 'pilot-light':
      return [
        ...others.flatMap((region) => {
          const zero = f.compute.filter((c) => c.regions.includes(region) && c.zero);
          return zero.length ? zero.map((c) => at(c.resource, `Run ${c.resource.logicalId} in ${region} at reduced capacity instead of zero.`)) : [{ message: `Deploy the application's compute to ${region} and keep it running at reduced capacity.` }];
        }),
        ...(f.entries.length ? [] : [{ message: `Add Route 53 failover records with health checks (or Global Accelerator) so traffic moves to ${dr} without a manual change.` }]),
      ];
    case 'warm-standby':
      return warmToActive(f, at);
    default:
      return [];
  }
}

function warmToActive(f: DrFacts, at: (r: Resource, message: string) => MissingItem): MissingItem[] {
  const primaryCap = f.primary ? capacityIn(f.compute, f.primary) : 0;
  return [
    ...f.entries.filter((e) => e.policy === 'failover').map((e) => at(e.resource, `Serve ${e.name} from every region: latency or weighted records (or Global Accelerator endpoint groups) in place of failover.`)),
    ...f.entries.filter((e) => e.policy !== 'failover' && e.seconds === null).map((e) => at(e.resource, `Health-check every record of ${e.name}, so a failed region drops out of the answers.`)),
    ...f.stores.filter((s) => s.live && !s.multiWriter).map((s) => at(s.resource, `${s.resource.logicalId} takes writes in one region only: move writes that every region makes to multi-writer data such as DynamoDB global tables (with conditional writes), or accept a promotion on failover.`)),
    ...f.compute
      .filter((c) => c.regions.length === 1 && c.regions[0] !== f.primary && c.capacity !== undefined && primaryCap > 0 && c.capacity < primaryCap)
      .map((c) => at(c.resource, `Run ${c.resource.logicalId} at full capacity (${c.capacity} now, ${primaryCap} in ${f.primary}).`)),
  ];
}
