// The live check's summary for the CLI: what was read and how the workspace's records stand. The
// findings themselves go through the chosen report format like every other finding.
import { describeLive } from '../live/compare';
import type { LiveReport } from '../live';
import { plural } from './common';

export function liveSummary(report: LiveReport): string {
  const s = report.snapshot;
  const c = report.comparison;
  const counts = { 'in-sync': 0, drift: 0, 'missing-live': 0, unhealthy: 0 };
  for (const state of report.states.values()) counts[state]++;
  const lines = [
    `Live Route 53 (${s.fetchedAt}): ${plural(s.zones.length, 'hosted zone')} read (${s.zones.map((z) => `${z.name}${z.privateZone ? ' (private)' : ''}`).join(', ') || 'none'}), ${plural(s.records.length, 'record')}, ${plural(s.healthChecks.length, 'health check')}.`,
    `  ${plural(report.states.size, 'code record')} compared: ${counts['in-sync']} in sync, ${counts.drift} drifted, ${counts['missing-live']} missing live, ${counts.unhealthy} with a failing health check.`,
  ];
  if (c.notComparable.length) lines.push(`  Not comparable (name, type or set identifier known only at deploy time): ${c.notComparable.map((r) => `${r.file}#${r.logicalId}`).join(', ')}.`);
  if (s.zonelessNames.length) lines.push(`  No hosted zone of this account covers: ${s.zonelessNames.join(', ')}.`);
  if (c.unmanaged) lines.push(`  ${plural(c.unmanaged, 'other live record')} in these zones ${c.unmanaged === 1 ? 'is' : 'are'} not defined in the workspace (other applications; not reported).`);
  const extra = c.drifts.filter((d) => d.kind === 'missing-code' && d.live).map((d) => describeLive(d.live!));
  if (extra.length) lines.push(`  Live set members the workspace does not define: ${extra.join(', ')}.`);
  return lines.join('\n') + '\n';
}
