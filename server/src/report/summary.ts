// The --summary block: counts by severity and by rule, regions, what was scanned, and how long it took.
import { type Severity } from '../engine/rule';
import { countBySeverity, plural, type ReportInput, severityPhrase } from './common';
import { paint } from './ansi';

export interface Summary {
  counts: Record<Severity, number>;
  /** Rule ids with their finding counts, most frequent first. */
  byRule: [string, number][];
  regions: string[];
  filesRead: number;
  templates: number;
  resources: number;
  seconds: string;
}

export function summarize(input: ReportInput): Summary {
  const byRule = new Map<string, number>();
  for (const f of input.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  return {
    counts: countBySeverity(input.findings),
    byRule: [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
    regions: [...input.model.regions],
    filesRead: input.stats.filesRead,
    templates: input.stats.templates,
    resources: input.model.resources.length,
    seconds: (input.stats.elapsedMs / 1000).toFixed(2),
  };
}

/** The summary as plain text lines, for the text format and for stderr next to JSON or SARIF. */
export function textSummary(input: ReportInput, color: boolean): string {
  const s = summarize(input);
  const width = Math.max(0, ...s.byRule.map(([id]) => id.length));
  const rules = s.byRule.length ? s.byRule.map(([id, n]) => `${id.padEnd(width)}  ${n}`) : ['none'];
  const lines = [
    paint('Summary', 'bold', color),
    `  Findings  ${severityPhrase(s.counts)}`,
    ...rules.map((r, i) => `  ${i === 0 ? 'By rule ' : '        '}  ${r}`),
    `  Regions   ${s.regions.length ? s.regions.join(', ') : 'none known'}`,
    `  Scanned   ${plural(s.filesRead, 'file')} (${plural(s.templates, 'template')}), ${plural(s.resources, 'resource')} in ${s.seconds} s`,
  ];
  return lines.join('\n') + '\n';
}
