// Recording a completed game day: sets `lastFailoverTest` in multi-region-review.json, keeping the
// rest of the file (comments, order, indentation) as it is. The date feeds failover-test-overdue.
import { applyEdits, modify } from 'jsonc-parser';

export class GameDayError extends Error {}

/** Today's date (UTC) as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The config text with `lastFailoverTest` set to `date`; a new file when there is none. */
export function recordGameDay(configText: string | undefined, date: string, now: Date = new Date()): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || isoDay(new Date(`${date}T00:00:00Z`)) !== date) {
    throw new GameDayError(`"${date}" is not a date: use YYYY-MM-DD, e.g. ${isoDay(now)}.`);
  }
  if (date > isoDay(now)) throw new GameDayError(`${date} is in the future: record a game day once it has happened.`);
  const text = configText && configText.trim() ? configText : '{\n}\n';
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const edits = modify(text, ['lastFailoverTest'], date, { formattingOptions: { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' } });
  return applyEdits(text, edits);
}
