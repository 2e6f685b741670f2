// The Markdown format, for pull-request comments and job summaries: a heading, a findings table
// with links to the rule docs, and the architecture as a Mermaid flowchart.
import { PARSE_ERROR } from '../engine/analyze';
import { toMermaid } from '../engine/mermaid';
import { docsUrl } from '../engine/rule';
import { allRules } from '../engine/rules';
import { countBySeverity, displayPath, type Formatter, plural, type ReportInput, severityPhrase } from './common';
import { summarize } from './summary';

/** Mermaid refuses very large diagrams; the connected resources are drawn first. */
export const MAX_DIAGRAM_NODES = 150;

export const markdownReport: Formatter = (input, options) => {
  const out = ['# Multi-Region Review', ''];
  const total = input.findings.length;
  out.push(total ? `**${plural(total, 'problem')}** (${severityPhrase(countBySeverity(input.findings))}).` : 'No problems found.', '');
  if (total) out.push(...findingsTable(input), '');
  out.push('## Architecture', '', '```mermaid', toMermaid(input.model, { maxNodes: MAX_DIAGRAM_NODES }).trimEnd(), '```', '');
  if (options.summary) out.push(...summarySection(input), '');
  return out.join('\n');
};

/** Ids with a page under docs/rules/: every catalogue rule, and parse errors. */
const DOCUMENTED = new Set([...allRules.map((r) => r.id), PARSE_ERROR]);

function findingsTable(input: ReportInput): string[] {
  const rows = input.findings.map((f) => {
    const rule = DOCUMENTED.has(f.ruleId) ? `[${mdText(f.ruleId)}](${docsUrl(f.ruleId)})` : mdText(f.ruleId);
    const where = `${displayPath(input, f.file)}:${f.range.start.line + 1}`;
    return `| ${f.severity} | ${rule} | ${mdText(where)} | ${mdText(f.message)} |`;
  });
  return ['| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |', ...rows];
}

function summarySection(input: ReportInput): string[] {
  const s = summarize(input);
  return [
    '## Summary',
    '',
    `- Findings: ${severityPhrase(s.counts)}`,
    ...s.byRule.map(([id, n]) => `  - ${mdText(id)}: ${n}`),
    `- Regions: ${s.regions.length ? mdText(s.regions.join(', ')) : 'none known'}`,
    `- Scanned: ${plural(s.filesRead, 'file')} (${plural(s.templates, 'template')}), ${plural(s.resources, 'resource')} in ${s.seconds} s`,
  ];
}

/**
 * Text for a table cell: HTML special characters become entities, Markdown punctuation is
 * backslash-escaped, and line breaks become <br> so one finding stays one row.
 */
export function mdText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/\r\n|[\r\n]/g, '<br>');
}
