// The cost of a DR tier against one region, from the usual rules of thumb and the configuration:
// - compute: from the capacities the templates state (standby instances ÷ primary instances), or
//   else the rule of thumb (2× for active-active, 1.3× for warm standby, 1× when the other region
//   runs nothing);
// - data: a store with a live replica runs in every region that holds one (Aurora: more reader
//   instances; DynamoDB: replicated write capacity), so the data tier costs up to that many times;
// - the total lies between the two, by how much of the bill is data; active-active as a whole is
//   usually 2 to 2.5 times a single region for two regions;
// - fixed monthly items at list prices: Route 53 health checks $0.50 ($1 for HTTPS), an ALB per
//   extra region about $16 plus capacity units, a Global Accelerator $0.025 an hour, and
//   cross-region transfer about $0.02 per GB replicated.
import { capacityIn } from './drFacts';
import type { DrFacts, DrTier } from './drTier';
import { HEALTH_CHECK } from './route53';
import { asObject, str } from './values';

export interface CostEstimate {
  /** Multiplier of a single region's cost, low end. */
  low: number;
  high: number;
  /** e.g. "about 1.25–2× a single region". */
  text: string;
  /** How the multiplier is derived, one sentence per step. */
  basis: string[];
  /** Fixed monthly items the design adds; `dollars` absent when it depends on volume. */
  monthly: { item: string; dollars?: number }[];
}

export function costEstimate(f: DrFacts, tier: DrTier): CostEstimate {
  const { low, high, basis } = multiplier(f, tier);
  const text = low === high ? `about ${fmt(low)}× a single region` : `about ${fmt(low)}–${fmt(high)}× a single region`;
  return { low, high, text, basis, monthly: monthlyItems(f, tier) };
}

function multiplier(f: DrFacts, tier: DrTier): { low: number; high: number; basis: string[] } {
  const n = Math.max(2, f.regions.length);
  const live = f.stores.filter((s) => s.live).length;
  const data = live ? n : 1;
  const dataLine = live ? `Data: ${live} store${live === 1 ? '' : 's'} with a live replica run in ${n} regions, so the data tier costs up to ${n}× (more reader instances, replicated writes).` : 'Data: no store has a live replica, 1× plus copies.';
  switch (tier) {
    case 'single-region':
      return { low: 1, high: 1, basis: ['Nothing runs or is kept outside one region.'] };
    case 'backup-restore':
      return { low: 1, high: 1, basis: ['Compute: nothing runs in the other region, 1×.', 'Copies add storage in the other region and cross-region transfer (about $0.02 per GB); very low next to running resources.'] };
    case 'pilot-light':
      return { low: 1, high: round(Math.max(1, data)), basis: ['Compute: the other region runs nothing (or is scaled to zero), 1×.', dataLine, 'The total lies between the two, by how much of the bill is data.'] };
    case 'warm-standby': {
      const c = computeFactor(f, 1.3, 'the usual figure for a warm standby');
      return { low: round(Math.min(c.factor, data)), high: round(Math.max(c.factor, data)), basis: [c.line, dataLine, 'The total lies between the two, by how much of the bill is data.'] };
    }
    default: {
      const c = computeFactor(f, n, `every region at full capacity`);
      return { low: round(Math.max(n, c.factor)), high: round(Math.max(n, c.factor) * 1.25), basis: [c.line, dataLine, `Active-active across ${n} regions usually costs ${n}× to ${fmt(n * 1.25)}× a single region: full capacity everywhere plus transfer and operations.`] };
    }
  }
}

/** Compute in every region ÷ compute in the primary, from the capacities the templates state. */
function computeFactor(f: DrFacts, fallback: number, why: string): { factor: number; line: string } {
  const primary = f.primary ? capacityIn(f.compute, f.primary) : 0;
  const others = f.regions.filter((r) => r !== f.primary);
  const caps = others.map((r) => capacityIn(f.compute, r));
  if (primary > 0 && caps.some((c) => c > 0)) {
    const factor = round(1 + caps.reduce((a, b) => a + b, 0) / primary);
    const parts = others.map((r, i) => `${caps[i]} in ${r}`).join(', ');
    return { factor, line: `Compute: ${parts} against ${primary} in ${f.primary} (instances and tasks the templates keep running), ${fmt(factor)}×.` };
  }
  return { factor: fallback, line: `Compute: ${fmt(fallback)}×, ${why} (the templates state no instance counts to compare).` };
}

function monthlyItems(f: DrFacts, tier: DrTier): CostEstimate['monthly'] {
  if (tier === 'single-region') return [];
  const checks = f.model.ofType(HEALTH_CHECK);
  const https = checks.filter((c) => /^HTTPS/.test(str(asObject(c.properties.HealthCheckConfig)?.Type) ?? '')).length;
  const items: CostEstimate['monthly'] = [];
  if (checks.length) items.push({ item: `${checks.length} Route 53 health check${checks.length === 1 ? '' : 's'} (${https} HTTPS at $1, ${checks.length - https} at $0.50)`, dollars: round(https + 0.5 * (checks.length - https)) });
  const albs = f.model.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').filter((lb) => lb.region.kind === 'known' && lb.region.region !== f.primary).length;
  if (albs) items.push({ item: `${albs} load balancer${albs === 1 ? '' : 's'} outside ${f.primary} (about $16 each, plus capacity units)`, dollars: 16 * albs });
  const accelerators = f.model.ofType('AWS::GlobalAccelerator::Accelerator').length;
  if (accelerators) items.push({ item: `${accelerators} Global Accelerator${accelerators === 1 ? '' : 's'} ($0.025 an hour, plus transfer)`, dollars: round(accelerators * 0.025 * 730) });
  if (f.stores.some((s) => s.replication !== 'none')) items.push({ item: 'cross-region replication transfer, about $0.02 per GB' });
  return items;
}

const round = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number) => String(round(x));
