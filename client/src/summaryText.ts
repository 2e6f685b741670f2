// How the status bar puts a summary into words. Plain functions, no `vscode` import.
import type { Summary } from '../../server/src/protocol';

export interface StatusText {
  text: string;
  /** Markdown. */
  tooltip: string;
}

export function statusText(summary: Summary | undefined): StatusText {
  if (!summary) return { text: '$(globe) MRR', tooltip: '**Multi-Region Review** is starting.' };
  const icon = summary.scanning ? '$(sync~spin)' : '$(globe)';
  const parts = [count(summary.errors, 'error'), count(summary.warnings, 'warning')].filter((p) => p !== '');
  const counts = parts.length ? parts.join(' ') : summary.scanning ? '' : '$(check)';
  return { text: `${icon} MRR${counts ? ` ${counts}` : ''}`, tooltip: tooltip(summary) };
}

function tooltip(s: Summary): string {
  const lines = [
    `**Multi-Region Review**${s.scanning ? ' (scanning…)' : ''}`,
    '',
    `| | |`,
    `|---|---:|`,
    `| Errors | ${s.errors} |`,
    `| Warnings | ${s.warnings} |`,
    `| Info | ${s.infos} |`,
    `| Templates | ${s.files} |`,
    `| Resources | ${s.resources} |`,
    `| Regions | ${s.regions} |`,
  ];
  const run = s.lastRun;
  if (run) lines.push('', `Last analysis: ${(run.updateMs + run.runMs + run.publishMs).toFixed(1)} ms (${run.trigger}${run.file ? `: ${run.file}` : ''})`);
  lines.push('', 'Click to open the Problems panel.');
  return lines.join('\n');
}

function count(n: number, noun: string): string {
  if (n === 0) return '';
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
