// The DR summary: which disaster-recovery tier the workspace implements, the evidence for it, RPO
// and RTO estimates worked out from the configuration with the weakest link that sets each one, the
// cost against a single region, what the next tier up needs, and how all that compares with the
// objectives declared in multi-region-review.json. Pure functions over plain data.
//
// The tier is that of the weakest path: a workspace that serves one name active-active but fails
// another over from a PRIMARY is, as a whole, a warm standby. The tiers' usual ranges and the cost
// figures are the published rules of thumb (active-active about 2 to 2.5 times a single region,
// warm standby about 1.3 times the compute); `drCost.ts` says how each multiplier is derived.
import type { Config } from './config';
import { costEstimate, type CostEstimate } from './drCost';
import { backupCopies, capacityIn, type ComputeFact, computeFacts, type EntryFact, entryFacts, type Part, sortParts, type StoreFact, storeFacts } from './drFacts';
import type { Path, Range, Resource, WorkspaceModel } from './model';
import { evidenceOf, locate, missingFor } from './drEvidence';
import { failoverRole } from './route53';
import type { Finding } from './rule';
import { servedRegion } from './topology';

export type DrTier = 'single-region' | 'backup-restore' | 'pilot-light' | 'warm-standby' | 'active-active';

export const TIERS: readonly DrTier[] = ['single-region', 'backup-restore', 'pilot-light', 'warm-standby', 'active-active'];

export const TIER_NAMES: Record<DrTier, string> = {
  'single-region': 'Single region',
  'backup-restore': 'Backup and restore',
  'pilot-light': 'Pilot light',
  'warm-standby': 'Warm standby',
  'active-active': 'Multi-site active-active',
};

/** What each tier usually achieves. */
export const TIER_RANGES: Record<DrTier, { rpo: string; rto: string; cost: string }> = {
  'single-region': { rpo: 'whatever was not copied out of the region', rto: 'until the region recovers', cost: 'the baseline' },
  'backup-restore': { rpo: 'hours to days', rto: 'hours to days', cost: 'very low' },
  'pilot-light': { rpo: 'minutes to hours', rto: 'minutes to hours', cost: 'low to moderate' },
  'warm-standby': { rpo: 'seconds to minutes', rto: 'minutes', cost: 'moderate to high' },
  'active-active': { rpo: 'near zero', rto: 'near zero', cost: 'high: double or more' },
};

/** A failover test older than this many days does not count. */
export const FAILOVER_TEST_MAX_DAYS = 90;

/** A place in the workspace. `resourceId` and `path` let a rule report the same spot. */
export interface Located {
  file: string;
  range: Range;
  resourceId?: string;
  path?: Path;
}

export interface Evidence extends Located {
  message: string;
  /** Rules with findings on the same resource. */
  ruleIds?: string[];
}

/** Something the next tier needs; located when it is about a resource of the workspace. */
export interface MissingItem extends Partial<Located> {
  message: string;
}

export interface EstimatePart extends Partial<Located> {
  seconds: number | null;
  atLeast: boolean;
  /** e.g. "about 6 min 30 s", "unbounded". */
  text: string;
  explanation: string;
}

export interface Estimate {
  /** Seconds; null when nothing bounds it. */
  seconds: number | null;
  /** True when the figure is a floor: some step takes longer than the configuration shows. */
  atLeast: boolean;
  text: string;
  /** How the figure is computed. */
  method: string;
  /** Every contribution, worst first. */
  parts: EstimatePart[];
  /** The contribution that sets the figure. */
  weakest?: EstimatePart;
}

export interface ObjectiveCheck {
  objectiveSeconds: number;
  status: 'met' | 'unmet' | 'unknown';
  text: string;
  /** The parts above the objective, worst first. */
  over: EstimatePart[];
}

export interface FailoverTestCheck {
  date: string;
  ageDays: number;
  overdue: boolean;
  text: string;
}

export interface DrSummary {
  tier: DrTier;
  tierName: string;
  /** One sentence: why this tier, from the evidence. */
  reason: string;
  regions: string[];
  primaryRegion?: string;
  evidence: Evidence[];
  rpo: Estimate;
  rto: Estimate;
  /** The tier's usual RPO, RTO and cost, to read the estimates against. */
  typical: { rpo: string; rto: string; cost: string };
  cost: CostEstimate;
  /** Absent at the top tier. */
  nextTier?: { tier: DrTier; tierName: string; missing: MissingItem[] };
  objectives: { rpo?: ObjectiveCheck; rto?: ObjectiveCheck; lastFailoverTest?: FailoverTestCheck };
}

/** What the summary is computed from, gathered once. */
export interface DrFacts {
  model: WorkspaceModel;
  regions: string[];
  primary?: string;
  stores: StoreFact[];
  entries: EntryFact[];
  compute: ComputeFact[];
  copies: Resource[];
}

export function drSummary(model: WorkspaceModel, config: Config, findings: readonly Finding[], now: Date): DrSummary {
  const f = gatherFacts(model);
  const { tier, reason } = inferTier(f);
  const rpo = rpoEstimate(f);
  const rto = rtoEstimate(f, tier);
  const next = TIERS[TIERS.indexOf(tier) + 1];
  return {
    tier,
    tierName: TIER_NAMES[tier],
    reason,
    regions: f.regions,
    ...(f.primary ? { primaryRegion: f.primary } : {}),
    evidence: evidenceOf(f, findings),
    rpo,
    rto,
    typical: TIER_RANGES[tier],
    cost: costEstimate(f, tier),
    ...(next ? { nextTier: { tier: next, tierName: TIER_NAMES[next], missing: missingFor(f, tier) } } : {}),
    objectives: {
      ...(config.objectives.rpoSeconds !== undefined ? { rpo: compare('RPO', config.objectives.rpoSeconds, rpo) } : {}),
      ...(config.objectives.rtoSeconds !== undefined ? { rto: compare('RTO', config.objectives.rtoSeconds, rto) } : {}),
      ...(config.lastFailoverTest ? { lastFailoverTest: failoverTest(config.lastFailoverTest, now) } : {}),
    },
  };
}

export function gatherFacts(model: WorkspaceModel): DrFacts {
  const entries = entryFacts(model);
  const compute = computeFacts(model);
  return { model, regions: [...model.regions], primary: primaryRegion(model, entries, compute), stores: storeFacts(model), entries, compute, copies: backupCopies(model) };
}

/** Where PRIMARY records point, else the region with the most running compute, else the first. */
function primaryRegion(model: WorkspaceModel, entries: EntryFact[], compute: ComputeFact[]): string | undefined {
  const votes = new Map<string, number>();
  for (const e of entries.filter((x) => x.policy === 'failover')) {
    for (const r of e.records.filter((x) => failoverRole(x.properties) === 'PRIMARY')) {
      const region = servedRegion(model, r)?.name;
      if (region) votes.set(region, (votes.get(region) ?? 0) + 1);
    }
  }
  if (!votes.size) for (const region of model.regions) votes.set(region, capacityIn(compute, region) / 1000);
  const best = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return best?.[0] ?? model.regions[0];
}

/** Compute that keeps running in a region (scaled above zero, or on demand). */
function runsIn(f: DrFacts, region: string): ComputeFact[] {
  return f.compute.filter((c) => c.regions.includes(region) && !c.zero);
}

function inferTier(f: DrFacts): { tier: DrTier; reason: string } {
  const live = f.stores.filter((s) => s.live);
  const copies = f.stores.filter((s) => !s.live && s.replication !== 'none').length + f.copies.length;
  if (f.stores.length && !live.length) {
    if (copies) return { tier: 'backup-restore', reason: 'Only object copies or backups leave the region; no database has a live replica elsewhere.' };
    return { tier: 'single-region', reason: 'No stateful store has a copy outside its region.' };
  }
  if (f.regions.length < 2) return { tier: 'single-region', reason: 'The workspace deploys to one region.' };
  const standby = f.regions.filter((r) => r !== f.primary);
  const warm = standby.filter((r) => runsIn(f, r).length);
  const data = live.length ? `data replicates live (${names(live.map((s) => s.resource.logicalId))})` : 'no store holds state';
  if (!warm.length) return { tier: f.stores.length ? 'pilot-light' : 'single-region', reason: `${cap(data)}, but no compute runs outside ${f.primary ?? 'the primary region'}.` };
  const serving = f.entries.filter((e) => e.policy !== 'failover' && e.regions.length >= 2);
  const failover = f.entries.filter((e) => e.policy === 'failover');
  const singleWriter = live.filter((s) => !s.multiWriter);
  if (serving.length && !failover.length && !singleWriter.length) return { tier: 'active-active', reason: `${cap(data)} with every region writing, and ${names(serving.map((e) => e.name))} send${serving.length === 1 ? 's' : ''} traffic to ${serving[0].regions.join(' and ')} at once.` };
  const held = [...(failover.length ? [`failover routing sends ${names(failover.map((e) => e.name))} to one region at a time`] : []), ...(singleWriter.length ? [`${names(singleWriter.map((s) => s.resource.logicalId))} write${singleWriter.length === 1 ? 's' : ''} in one region only`] : []), ...(!serving.length && !failover.length ? ['no routing in the workspace sends traffic to more than one region'] : [])];
  const partial = serving.length ? ` (${names(serving.map((e) => e.name))} already serve${serving.length === 1 ? 's' : ''} from ${serving[0].regions.join(' and ')})` : '';
  return { tier: 'warm-standby', reason: `${cap(data)} and compute runs in ${[f.primary, ...warm].join(' and ')}, but ${held.join(', and ')}${partial}.` };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "a, b and c", or "a, b, c and 4 more". */
function names(list: string[], max = 3): string {
  const shown = list.length > max ? [...list.slice(0, max), `${list.length - max} more`] : list;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : (shown[0] ?? '');
}

function rpoEstimate(f: DrFacts): Estimate {
  const parts = f.stores.map((s) => toPart(f, s, s.replication === 'sub-second' ? 'under 1 s' : undefined));
  const method =
    'RPO is the largest replication lag among the stateful stores: DynamoDB global tables and ElastiCache Global Datastore under 1 s, Aurora global typically under 1 s, S3 with Replication Time Control 15 min, S3 without it unbounded, backups only hours to days, and no copy at all unbounded. Caches outside a Global Datastore and buckets without replication are not counted (elasticache-not-global and s3-bucket-not-replicated report those that hold application data).';
  if (!parts.length) return { seconds: 0, atLeast: false, text: '0 s', method: `${method} This workspace has no stateful store.`, parts: [] };
  return estimate(parts, method);
}

function rtoEstimate(f: DrFacts, tier: DrTier): Estimate {
  const method =
    'RTO is the slowest step back to service, as the steps run side by side: for each DNS entry point, health-check detection (RequestInterval × FailureThreshold) plus the record TTL (alias records have none); Global Accelerator moves traffic once its endpoint checks fail, with no DNS caching; an Aurora global secondary is promoted in under a minute; compute scaled to zero must start first.';
  if (tier === 'single-region') return estimate([{ seconds: null, atLeast: false, text: 'unbounded', explanation: 'There is no second region to move to: service returns when the region does.' }], method);
  if (tier === 'backup-restore') return estimate([{ seconds: 3600, atLeast: true, text: 'at least 1 h', explanation: 'Infrastructure must be launched in another region and the data restored from copies: hours to days.' }], method);
  const parts: EstimatePart[] = f.entries.map((e) => toPart(f, e));
  if (!f.entries.length) parts.push({ seconds: 0, atLeast: true, text: 'not known', explanation: 'No Route 53 failover, multi-region routing or Global Accelerator in the workspace: how traffic reaches the other region, and how fast, is not known here.' });
  for (const s of f.stores.filter((x) => x.live && x.promotionSeconds > 0)) parts.push(toPart(f, { ...s, seconds: s.promotionSeconds, atLeast: false, explanation: `${s.resource.logicalId}: a secondary is promoted to take writes in under a minute (${s.promotionSeconds} s).` }, 'under 1 min'));
  for (const region of f.regions.filter((r) => r !== f.primary && !runsIn(f, r).length)) {
    const asleep = f.compute.filter((c) => c.regions.includes(region) && c.zero);
    for (const c of asleep) {
      const grace = Number(c.resource.properties.HealthCheckGracePeriod ?? 0) || 0;
      parts.push(toPart(f, { resource: c.resource, seconds: grace, atLeast: true, explanation: `${c.resource.logicalId} in ${region} is scaled to zero: instances must launch and pass health checks${grace ? ` (grace period ${grace} s)` : ''} before they serve, minutes at best.` }));
    }
    if (!asleep.length) parts.push({ seconds: 0, atLeast: true, text: 'not known', explanation: `No compute is defined in ${region}: it must be deployed before it can serve.` });
  }
  return estimate(parts, method);
}

function estimate(parts: EstimatePart[], method: string): Estimate {
  const sorted = sortParts(parts as (EstimatePart & Part)[]);
  const worst = sorted[0];
  const atLeast = worst.seconds !== null && sorted.some((p) => p.atLeast);
  const seconds = worst.seconds;
  const text = seconds === null ? 'unbounded' : atLeast ? `at least ${formatDuration(seconds)}` : worst.text;
  return { seconds, atLeast, text, method, parts: sorted, weakest: worst };
}

/** A fact as a located estimate part. */
function toPart(f: DrFacts, p: Part, text?: string): EstimatePart {
  const where = p.resource ? locate(f.model, p.resource, p.path) : {};
  return { ...where, seconds: p.seconds, atLeast: p.atLeast, text: text ?? formatEstimate(p.seconds, p.atLeast), explanation: cap(p.explanation) };
}

function compare(label: 'RPO' | 'RTO', objective: number, est: Estimate): ObjectiveCheck {
  const over = est.parts.filter((p) => p.seconds === null || p.seconds > objective);
  const status = est.seconds === null || est.seconds > objective ? 'unmet' : est.atLeast ? 'unknown' : 'met';
  const goal = `${label} objective of ${formatDuration(objective)}`;
  const text =
    status === 'met'
      ? `Meets the ${goal}: the estimate is ${est.text}.`
      : status === 'unknown'
        ? `May meet the ${goal}: the estimate is ${est.text}, and the rest is not in the configuration.`
        : `Cannot meet the ${goal}: the estimate is ${est.text}${weakestName(est)}.`;
  return { objectiveSeconds: objective, status, text, over };
}

function weakestName(est: Estimate): string {
  const id = est.weakest?.resourceId;
  return id ? `, set by ${id.slice(id.indexOf('#') + 1)} (${est.weakest!.file})` : '';
}

function failoverTest(date: string, now: Date): FailoverTestCheck {
  const ageDays = Math.floor((now.getTime() - Date.parse(date)) / 86_400_000);
  const overdue = ageDays > FAILOVER_TEST_MAX_DAYS;
  const text = overdue ? `The last failover test (${date}) was ${ageDays} days ago, more than ${FAILOVER_TEST_MAX_DAYS}.` : `The last failover test (${date}) was ${ageDays} day${ageDays === 1 ? '' : 's'} ago, within ${FAILOVER_TEST_MAX_DAYS}.`;
  return { date, ageDays, overdue, text };
}

/** "45 s", "6 min 30 s", "2 h", "3 days". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 120) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  if (s < 172_800) return s % 3600 ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min` : `${s / 3600} h`;
  return `${Math.round(s / 86_400)} days`;
}

function formatEstimate(seconds: number | null, atLeast: boolean): string {
  if (seconds === null) return 'unbounded';
  return atLeast ? `at least ${formatDuration(seconds)}` : seconds === 0 ? '0 s' : `about ${formatDuration(seconds)}`;
}
