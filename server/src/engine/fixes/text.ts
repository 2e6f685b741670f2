// Text helpers shared by the fix providers: a file's line ending and indentation, offsets and
// positions, and edits. Fixes write what the file already uses, so a fixed file looks hand-edited.
import type { Position, Range } from '../model';
import type { TextEdit } from '../fix';
import { LineIndex } from '../sources/tree';

/** One file's text with what edits need to match its style. */
export class SourceText {
  readonly lines: LineIndex;
  /** The file's line ending: CRLF when its first line ends with one. */
  readonly eol: string;
  /** One level of indentation: the smallest indentation in the file (two spaces when none). */
  readonly unit: string;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    const nl = text.indexOf('\n');
    this.eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
    this.unit = indentUnit(text);
  }

  position(offset: number): Position {
    return this.lines.position(offset);
  }

  offset(p: Position): number {
    const start = this.lineStart(p.line);
    return Math.min(start + p.character, this.lineEnd(p.line));
  }

  lineStart(line: number): number {
    return line <= 0 ? 0 : this.lines.lineEnd(line - 1) + 1;
  }

  /** Offset of the line's end, before its `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const end = this.lines.lineEnd(line);
    return end > 0 && this.text[end - 1] === '\r' && end < this.text.length ? end - 1 : end;
  }

  /** The leading whitespace of a line. */
  indentOf(line: number): string {
    const start = this.lineStart(line);
    let i = start;
    while (i < this.text.length && (this.text[i] === ' ' || this.text[i] === '\t')) i++;
    return this.text.slice(start, i);
  }

  /** The whitespace that puts text at the offset's column: the line's own indentation if the offset starts its content. */
  columnIndent(offset: number): string {
    const line = this.position(offset).line;
    const before = this.text.slice(this.lineStart(line), offset);
    return /^[ \t]*$/.test(before) ? before : ' '.repeat(before.length);
  }

  /** The end of the line that holds the offset (before the line break). */
  endOfLineAt(offset: number): number {
    return this.lineEnd(this.position(offset).line);
  }

  edit(start: number, end: number, newText: string): TextEdit {
    return { range: { start: this.position(start), end: this.position(end) }, newText };
  }

  insert(at: number, newText: string): TextEdit {
    return this.edit(at, at, newText);
  }

  /** Lines joined with the file's line ending. */
  join(lines: string[]): string {
    return lines.join(this.eol);
  }

  /** The preferred quote for new strings: the one the file uses more. */
  get quote(): "'" | '"' {
    const single = (this.text.match(/'/g) ?? []).length;
    const double = (this.text.match(/"/g) ?? []).length;
    return double > single ? '"' : "'";
  }
}

export function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

export function sameRange(a: Range, b: Range): boolean {
  return samePosition(a.start, b.start) && samePosition(a.end, b.end);
}

function indentUnit(text: string): string {
  let min = Infinity;
  let tabs = 0;
  let spaces = 0;
  const head = text.length > 100_000 ? text.slice(0, 100_000) : text;
  for (const m of head.matchAll(/^([ \t]+)\S/gm)) {
    const lead = m[1];
    if (lead[0] === '\t') tabs++;
    else {
      spaces++;
      if (lead.length < min) min = lead.length;
    }
  }
  if (tabs > spaces) return '\t';
  return ' '.repeat(Number.isFinite(min) && min <= 8 ? min : 2);
}

/** Applies edits (non-overlapping, any order) to a text. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const src = new SourceText(text);
  const sorted = edits
    .map((e, i) => ({ start: src.offset(e.range.start), end: src.offset(e.range.end), text: e.newText, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error('overlapping edits');
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}
