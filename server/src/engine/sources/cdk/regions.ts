// Regions of CDK resources across files. A stack class in `lib/app-stack.ts` gets its regions from
// the `new AppStack(app, 'Id', { env })` calls in `bin/app.ts`; a construct class from the stacks
// that create it. Test files (they import the CDK assertions) deploy nothing and are left out.
import type { FileFacts, RegionRef } from '../../model';
import { regionsOf } from '../../model';
import { stripExtension } from './imports';

/** The region of every CDK resource whose file, or whose instantiations elsewhere, say one. */
export function cdkRegions(facts: readonly FileFacts[]): Map<string, RegionRef> {
  const out = new Map<string, RegionRef>();
  const cdkFiles = facts.filter((f) => f.cdk);
  if (cdkFiles.length === 0) return out;
  const usesOf = new Map<string, { region?: RegionRef; inClass?: string; from: string }[]>();
  for (const f of cdkFiles) {
    if (f.cdk!.test) continue;
    for (const u of f.cdk!.uses) {
      const key = `${u.module}#${u.className}`;
      usesOf.set(key, [...(usesOf.get(key) ?? []), { region: u.region, inClass: u.inClass, from: f.file }]);
    }
  }
  const memo = new Map<string, RegionRef>();
  const classRegion = (file: string, cls: string, depth: number): RegionRef => {
    const module = stripExtension(file);
    const key = `${module}#${cls}`;
    const hit = memo.get(key);
    if (hit) return hit;
    memo.set(key, { kind: 'unknown' });
    const uses = [...(usesOf.get(key) ?? []), ...(module.endsWith('/index') ? usesOf.get(`${module.slice(0, -6)}#${cls}`) ?? [] : [])];
    const known = new Set<string>();
    for (const u of uses) {
      const ref = u.region ?? (u.inClass && depth < 8 ? classRegion(u.from, u.inClass, depth + 1) : { kind: 'unknown' as const });
      for (const r of regionsOf(ref)) known.add(r);
    }
    const sorted = [...known].sort();
    const result: RegionRef = sorted.length === 0 ? { kind: 'unknown' } : sorted.length === 1 ? { kind: 'known', region: sorted[0] } : { kind: 'per-deployment', regions: sorted };
    memo.set(key, result);
    return result;
  };
  for (const f of cdkFiles) {
    for (const r of f.resources) {
      if (r.regionFromSource) out.set(r.id, r.regionFromSource);
      else if (r.cdkClass) out.set(r.id, classRegion(f.file, r.cdkClass, 0));
    }
  }
  return out;
}
