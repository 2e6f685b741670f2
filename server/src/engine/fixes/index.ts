// Every fix provider, registered once, and the suppression fix that every rule gets.
import type { Fix, FixContext, FixProvider } from '../fix';
import conditionalWrite from './conditional-write';
import globalTableCounter from './global-table-counter';

export const fixProviders: FixProvider[] = [
  conditionalWrite,
  globalTableCounter,
];

/** All fixes for one finding: the rule's own fixes, if any. */
export function fixesFor(ctx: FixContext): Fix[] {
  const out: Fix[] = [];
  for (const p of fixProviders) {
    if (p.ruleId !== ctx.finding.ruleId) continue;
    try {
      out.push(...p.provide(ctx));
    } catch {
      // A fix that cannot be computed is simply not offered; the finding still stands.
    }
  }
  return out;
}
