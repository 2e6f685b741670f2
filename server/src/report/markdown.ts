// The Markdown format, for pull-request comments, job summaries and docs: a heading, a findings
// table with links to the rule docs, the DR summary (tier, evidence, RPO and RTO with how they were
// worked out, cost, next tier, objectives), and the architecture as a Mermaid flowchart. Every
// piece of workspace text goes through mdText (tables, lists) or the Mermaid escaper (diagram).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PARSE_ERROR } from '../engine/analyze';
import { type Config, CONFIG_FILE, defaultConfig, parseConfig } from '../engine/config';
import { type DrSummary, drSummary, type Estimate, type EstimatePart, formatDuration, type ObjectiveCheck } from '../engine/drTier';
import { topologyToMermaid } from '../engine/mermaid';
import type { Range } from '../engine/model';
import { docsUrl } from '../engine/rule';
import { allRules } from '../engine/rules';
import { buildTopology } from '../engine/topology';
import { countBySeverity, displayPath, type Formatter, plural, type ReportInput, severityPhrase } from './common';
import { summarize } from './summary';

/** Mermaid refuses very large diagrams; the connected resources are drawn first. */
export const MAX_DIAGRAM_NODES = 150;

/** Supporting resources (security groups, IAM, subnet groups, …) are left out of the report's diagram. */
const HIDDEN_KINDS = ['other'];

/** The report's input; `config` is read from the workspace root when the caller does not pass it. */
export type MarkdownInput = ReportInput & { config?: Config; now?: Date };

export const markdownReport: Formatter = (input: MarkdownInput, options) => {
  const out = ['# Multi-Region Review', ''];
  const total = input.findings.length;
  out.push(total ? `**${plural(total, 'problem')}** (${severityPhrase(countBySeverity(input.findings))}).` : 'No problems found.', '');
  if (total) out.push(...findingsTable(input), '');
  const summary = drSummary(input.model, input.config ?? configAt(input.root), input.findings, input.now ?? new Date());
  out.push(...drSection(input, summary));
  out.push(...architecture(input));
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

function drSection(input: ReportInput, s: DrSummary): string[] {
  const link = (file: string | undefined, range: Range | undefined) => (file && range ? sourceLink(input, file, range) : '');
  const out = ['## Disaster recovery', '', `**Tier: ${s.tierName}.** ${mdText(s.reason)}`, ''];
  out.push(`Regions: ${s.regions.length ? mdText(s.regions.join(', ')) : 'none known'}${s.primaryRegion ? ` (primary ${mdText(s.primaryRegion)})` : ''}. Usual for this tier: RPO ${s.typical.rpo}, RTO ${s.typical.rto}, cost ${s.typical.cost}.`, '');
  out.push(...objectivesTable(s), '');
  out.push('### Evidence', '', ...s.evidence.map((e) => `- ${linked(link(e.file, e.range), mdText(e.message))}${e.ruleIds ? ` Findings here: ${e.ruleIds.map((id) => `\`${id}\``).join(', ')}.` : ''}`), '');
  out.push(...estimateSection('RPO', s.rpo, link), ...estimateSection('RTO', s.rto, link));
  out.push(`### Cost: ${mdText(s.cost.text)}`, '', ...s.cost.basis.map((b) => `- ${mdText(b)}`));
  for (const m of s.cost.monthly) out.push(`- Adds ${mdText(m.item)}${m.dollars !== undefined ? `: about $${m.dollars} a month` : ''}.`);
  out.push('');
  if (s.nextTier) {
    out.push(`### Next tier: ${s.nextTier.tierName}`, '');
    out.push(...(s.nextTier.missing.length ? s.nextTier.missing.map((m) => `- ${linked(link(m.file, m.range), mdText(m.message))}`) : ['- Nothing specific found in the workspace.']), '');
  } else out.push('### Next tier', '', 'This is the top tier.', '');
  return out;
}

const linked = (link: string, text: string) => (link ? `${link} ${text}` : text);

function objectivesTable(s: DrSummary): string[] {
  const row = (label: string, est: Estimate, check: ObjectiveCheck | undefined) => `| ${label} | ${mdText(est.text)} | ${check ? formatDuration(check.objectiveSeconds) : 'not declared'} | ${check ? `${STATUS[check.status]}: ${mdText(check.text)}` : '-'} |`;
  const test = s.objectives.lastFailoverTest;
  return [
    '| | Estimate | Objective | Verdict |',
    '| --- | --- | --- | --- |',
    row('RPO', s.rpo, s.objectives.rpo),
    row('RTO', s.rto, s.objectives.rto),
    `| Last failover test | ${test ? `${mdText(test.date)} (${test.ageDays} days ago)` : 'not declared'} | every 90 days | ${test ? `${test.overdue ? STATUS.unmet : STATUS.met}: ${mdText(test.text)}` : '-'} |`,
  ];
}

const STATUS: Record<ObjectiveCheck['status'], string> = { met: 'met', unmet: '**not met**', unknown: 'cannot tell' };

function estimateSection(label: string, est: Estimate, link: (file?: string, range?: Range) => string): string[] {
  const out = [`### ${label}: ${mdText(est.text)}`, '', mdText(est.method), ''];
  if (est.weakest) out.push(`Weakest link: ${linked(link(est.weakest.file, est.weakest.range), mdText(est.weakest.explanation))}`, '');
  if (est.parts.length > 1) out.push('| Contribution | How it was computed | Source |', '| --- | --- | --- |', ...est.parts.map((p) => partRow(p, link)), '');
  return out;
}

function partRow(p: EstimatePart, link: (file?: string, range?: Range) => string): string {
  return `| ${mdText(p.text)} | ${mdText(p.explanation)} | ${link(p.file, p.range) || '-'} |`;
}

/** `[path:line](path#Lline)`, relative to the folder the report is printed from. */
function sourceLink(input: ReportInput, file: string, range: Range): string {
  const shown = displayPath(input, file);
  const line = range.start.line + 1;
  return `[${mdText(`${shown}:${line}`)}](${encodeURI(shown).replace(/[()#?]/g, (c) => encodeURIComponent(c))}#L${line})`;
}

function architecture(input: MarkdownInput): string[] {
  const topology = buildTopology(input.model, input.findings);
  const hidden = topology.nodes.filter((n) => HIDDEN_KINDS.includes(n.kind)).length;
  const mermaid = topologyToMermaid(topology, { maxNodes: MAX_DIAGRAM_NODES, hiddenKinds: HIDDEN_KINDS }).trimEnd();
  const note = hidden ? `${plural(hidden, 'supporting resource')} (security groups, IAM, subnet groups and the like) ${hidden === 1 ? 'is' : 'are'} left out. ` : '';
  return ['## Architecture', '', `${note}Solid arrows route traffic, dotted arrows replicate (labelled with their lag), thick arrows are writes from code; red and amber borders mark errors and warnings.`, '', '```mermaid', mermaid, '```', ''];
}

/** The workspace's own configuration file, for callers that pass none. */
function configAt(root: string): Config {
  try {
    return parseConfig(fs.readFileSync(path.join(root, CONFIG_FILE), 'utf8')).config;
  } catch {
    return defaultConfig();
  }
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
