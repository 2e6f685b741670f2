// Moving positions read from one version of a text to the next, for facts that are reused after an
// edit instead of being read again. Lines are counted at \n, as tree-sitter counts them.
import type { Position, Range } from '../../model';
import { pointAt, type Span } from './parser';

/** Thrown when a position falls inside the edited span: whatever holds it must be read again. */
export class InsideEdit extends Error {
  constructor() {
    super('position inside the edit');
  }
}

export class PositionShift {
  private readonly startPos: Position;
  private readonly oldEndPos: Position;
  private readonly newEndPos: Position;

  /** `span` is where `before` and `after` differ (see changedSpan). */
  constructor(before: string, after: string, span: Span) {
    const at = (t: string, o: number): Position => {
      const { row, column } = pointAt(t, o);
      return { line: row, character: column };
    };
    this.startPos = at(before, span.start);
    this.oldEndPos = at(before, span.oldEnd);
    this.newEndPos = at(after, span.newEnd);
  }

  range(r: Range): Range {
    return { start: this.from(r.start), end: this.to(r.end) };
  }

  /** As `range`, with a position inside the edit put at the edit's end instead of throwing. */
  rangeOrClamp(r: Range): Range {
    const clamp = (f: (p: Position) => Position, p: Position) => {
      try {
        return f.call(this, p);
      } catch (err) {
        if (err instanceof InsideEdit) return this.newEndPos;
        throw err;
      }
    };
    return { start: clamp(this.from, r.start), end: clamp(this.to, r.end) };
  }

  /** A range's start: before the edit it stays; at or after the edit's end it moves. */
  from(p: Position): Position {
    if (before(p, this.startPos)) return p;
    if (!before(p, this.oldEndPos)) return this.moved(p);
    throw new InsideEdit();
  }

  /** A range's end: up to the edit's start it stays (text inserted there comes after it); after the edit's end it moves. */
  to(p: Position): Position {
    if (!before(this.startPos, p)) return p;
    if (!before(p, this.oldEndPos)) return this.moved(p);
    throw new InsideEdit();
  }

  private moved(p: Position): Position {
    if (p.line === this.oldEndPos.line) return { line: this.newEndPos.line, character: p.character - this.oldEndPos.character + this.newEndPos.character };
    return { line: p.line - this.oldEndPos.line + this.newEndPos.line, character: p.character };
  }
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
