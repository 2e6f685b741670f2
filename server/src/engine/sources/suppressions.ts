// Suppressions: a comment naming rule ids and a reason, or a MultiRegionReview Metadata entry.
//   # multi-region-review-ignore failover-ttl-too-high -- the record is internal only
// A comment alone on its line covers the next line; a trailing comment covers its own line.
import type { ParseProblem, Suppression } from '../model';
import type { ValueObject } from '../values';
import { asArray, asObject, str } from '../values';

export const SUPPRESS_MARKER = 'multi-region-review-ignore';
const COMMENT = /(#|\/\/|\/\*)\s*multi-region-review-ignore\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?:--\s*(.*?))?\s*(?:\*\/)?\s*$/;

export function findCommentSuppressions(file: string, text: string, problems: ParseProblem[]): Suppression[] {
  if (!text.includes(SUPPRESS_MARKER)) return [];
  const out: Suppression[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    if (!line.includes(SUPPRESS_MARKER)) return;
    const m = COMMENT.exec(line);
    const col = line.indexOf(SUPPRESS_MARKER);
    const range = { start: { line: i, character: col }, end: { line: i, character: line.trimEnd().length } };
    if (!m) {
      problems.push({ file, range, severity: 'warning', message: `A ${SUPPRESS_MARKER} comment must name rule ids, e.g. '# ${SUPPRESS_MARKER} sticky-sessions -- why'.` });
      return;
    }
    const reason = (m[3] ?? '').trim();
    if (!reason) {
      problems.push({ file, range, severity: 'warning', message: `Suppression of ${m[2]} needs a reason after '--'; it is not applied without one.` });
      return;
    }
    const standalone = line.slice(0, m.index).trim() === '';
    const target = standalone ? nextCodeLine(lines, i) : i;
    for (const ruleId of m[2].split(',').map((s) => s.trim())) out.push({ file, ruleId, lines: [target], reason });
  });
  return out;
}

function nextCodeLine(lines: string[], from: number): number {
  for (let j = from + 1; j < lines.length; j++) {
    const t = lines[j].trim();
    if (t !== '' && !t.startsWith('#') && !t.startsWith('//')) return j;
  }
  return from + 1;
}

/** `Metadata: { MultiRegionReview: { Suppress: [{ Rule: id, Reason: text }] } }` at template or resource level. */
export function metadataSuppressions(file: string, meta: ValueObject | undefined, resourceId: string | undefined): Suppression[] {
  const out: Suppression[] = [];
  for (const entry of asArray(meta?.Suppress)) {
    const e = asObject(entry);
    const ruleId = str(e?.Rule);
    const reason = str(e?.Reason);
    if (ruleId && reason) out.push({ file, ruleId, reason, resourceId: resourceId ?? `${file}#*` });
  }
  return out;
}
