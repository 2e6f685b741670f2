import { defineRule } from '../rule';
import { regionsOf } from '../model';
import { envUses, regionOf, tableLabel, writeLinks, writeRelated } from '../tables';

export default defineRule({
  id: 'replica-region-mismatch',
  meta: {
    category: 'data',
    severity: 'warning',
    description: 'Code that writes a global table runs (or points its client) in a region where the table has no replica.',
    languages: ['code-javascript', 'code-python', 'cloudformation', 'cdk-typescript', 'cdk-python'],
  },
  check(ctx) {
    const links = writeLinks(ctx.model);
    for (const l of links) {
      const t = l.table;
      // Multi-Region strong consistency tables are out of scope for the global-table rules (issue 4).
      if (!t?.global || !t.regionsComplete || t.strong !== false) continue;
      const missing = new Map<string, (typeof l.regions)[number]>();
      for (const r of l.regions) if (!t.replicaRegions.includes(r.region) && !missing.has(r.region)) missing.set(r.region, r);
      for (const [region, r] of missing) {
        const where = r.runner ? `${region}, where ${r.runner.logicalId} runs it` : r.client ? `${region}, the region its client is built for` : `${region}, where the workspace configuration deploys it`;
        ctx.report({
          resource: l.write,
          message: `This code writes ${tableLabel(t)} from ${where}, but the table has no replica in ${region}: the call fails with ResourceNotFoundException there. Add a replica in ${region}, or ${r.client ? 'build the client for a replica region' : 'deploy the code only to replica regions'}.`,
          related: [
            ...writeRelated(l),
            ...(r.runner ? [{ resource: r.runner, message: `${r.runner.logicalId} is deployed to ${region}.` }] : r.client ? [{ resource: l.write, path: ['ClientRegion'], message: `The client is built for ${region} here.` }] : []),
          ],
          data: { tableId: t.table.id, region },
        });
      }
    }
    // A function or task wired to a global table by its environment, whose code the workspace does not hold.
    const covered = new Set(links.flatMap((l) => l.runners.map((r) => `${r.id} ${l.table?.table.id}`)));
    for (const u of envUses(ctx.model)) {
      if (!u.table.global || !u.table.regionsComplete || u.table.strong !== false || covered.has(`${u.compute.id} ${u.table.table.id}`)) continue;
      for (const region of regionsOf(regionOf(u.compute))) {
        if (u.table.replicaRegions.includes(region)) continue;
        ctx.report({
          resource: u.compute,
          path: u.path,
          message: `${u.compute.logicalId} is deployed to ${region} and gets ${tableLabel(u.table)} in ${u.name}, but the table has no replica in ${region}: its calls fail with ResourceNotFoundException there. Add a replica in ${region}, or deploy ${u.compute.logicalId} only to replica regions.`,
          related: [{ resource: u.table.table, message: `${u.table.table.logicalId} is defined here.` }],
          data: { tableId: u.table.table.id, region },
        });
      }
    }
  },
});
