// The default format, after ESLint's "stylish": findings grouped by file, one aligned line each
// (`line:col  severity  message  rule-id`), then a count line.
import type { Finding, Severity } from '../engine/rule';
import { countBySeverity, displayPath, type Formatter, plural, severityPhrase } from './common';
import { paint, type Style } from './ansi';
import { textSummary } from './summary';

export const textReport: Formatter = (input, options) => {
  const c = options.color;
  const groups = new Map<string, Finding[]>();
  for (const f of input.findings) {
    const file = displayPath(input, f.file);
    const list = groups.get(file);
    if (list) list.push(f);
    else groups.set(file, [f]);
  }
  const out: string[] = [];
  for (const [file, findings] of groups) out.push('', paint(file, 'underline', c), ...fileLines(findings, c));
  const counts = countBySeverity(input.findings);
  const total = input.findings.length;
  if (total) out.push('', paint(`✖ ${plural(total, 'problem')} (${severityPhrase(counts)})`, counts.error ? 'red' : 'yellow', c));
  else out.push(paint('✔ No problems found.', 'green', c));
  let text = out.join('\n').replace(/^\n/, '') + '\n';
  if (options.summary) text += `\n${textSummary(input, c)}`;
  return text;
};

function fileLines(findings: Finding[], color: boolean): string[] {
  const rows = findings.map((f) => ({
    pos: `${f.range.start.line + 1}:${f.range.start.character + 1}`,
    severity: f.severity,
    message: f.message.replace(/\s*[\r\n]+\s*/g, ' '),
    rule: f.ruleId,
  }));
  const posW = Math.max(...rows.map((r) => r.pos.length));
  const sevW = Math.max(...rows.map((r) => r.severity.length));
  // Rule ids line up behind short messages; a long message pushes only its own rule id along.
  const msgW = Math.min(MESSAGE_COLUMN, Math.max(...rows.map((r) => r.message.length)));
  return rows.map((r) => {
    const sev = paint(r.severity, SEVERITY_STYLE[r.severity], color) + ' '.repeat(sevW - r.severity.length);
    return `  ${paint(r.pos.padStart(posW), 'dim', color)}  ${sev}  ${r.message.padEnd(msgW)}  ${paint(r.rule, 'dim', color)}`.trimEnd();
  });
}

const MESSAGE_COLUMN = 80;

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue' };
