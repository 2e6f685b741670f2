// A parsed data file (YAML or JSON) reduced to what the engine keeps: plain values, and the range of
// every path. Both parsers produce this shape, so the CloudFormation reader does not care which ran.
import type { Path, Position, Range, Value } from '../model';

export interface Tree {
  value: Value;
  /**
   * Range of each path, keyed by `pathKey(path)`, relative to the parsed text. To keep memory low a
   * first parse records only paths up to `rangeDepth` deep (enough to place every resource); the
   * reader re-parses for all ranges when a finding needs a deeper one (see `completeRanges`).
   */
  ranges: Map<string, Range>;
  /** How deep `ranges` goes; Infinity once complete. */
  rangeDepth: number;
  errors: { range: Range; message: string }[];
}

/** Paths up to this depth get ranges on the first parse: `Resources.X` (or `X.Properties` in a chunk). */
export const SHALLOW_RANGES = 2;

/** Fills in every range of a tree by parsing its text again; cached on the tree. */
export function completeRanges(tree: Tree, text: string, parse: (text: string, depth: number) => Tree): Map<string, Range> {
  if (tree.rangeDepth !== Infinity) {
    tree.ranges = parse(text, Infinity).ranges;
    tree.rangeDepth = Infinity;
  }
  return tree.ranges;
}

const SEP = '\u0001';

export function pathKey(path: Path): string {
  return path.join(SEP);
}

/** Finds the range of the longest prefix of `path` that has one. */
export function lookupRange(ranges: ReadonlyMap<string, Range>, path: Path): Range | undefined {
  for (let n = path.length; n >= 0; n--) {
    const hit = ranges.get(pathKey(path.slice(0, n)));
    if (hit) return hit;
  }
  return undefined;
}

/** Converts character offsets into line/character positions for one text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    // Lines end at \n, \r\n or a lone \r, as an LSP client counts them.
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    // An offset between the \r and \n of a CRLF is at the end of the line's content.
    const inCrlf = clamped > this.starts[lo] && this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13;
    return { line: lo, character: clamped - this.starts[lo] - (inCrlf ? 1 : 0) };
  }

  /** The offset of a position (clamped to the text). */
  offset(p: Position): number {
    return Math.min((this.starts[p.line] ?? this.text.length) + p.character, this.text.length);
  }

  /** One line's text, without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.starts[line] ?? this.text.length, this.lineEnd(line)).replace(/\r$/, '');
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** The range from `start` to the end of its line, or to `end` if that comes first. */
  firstLine(start: number, end: number): Range {
    let stop = start;
    while (stop < end && this.text[stop] !== '\n' && this.text[stop] !== '\r') stop++;
    let trimmed = stop;
    while (trimmed > start && /\s/.test(this.text[trimmed - 1])) trimmed--;
    return this.range(start, trimmed);
  }

  lineEnd(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
  }
}

const indexes = new WeakMap<object, LineIndex>();

/**
 * The line index of a parsed source (a TypeScript SourceFile), built once per source. TypeScript's
 * own line map also ends lines at U+2028 and U+2029, which an LSP client does not; positions taken
 * from here match the client's.
 */
export function lineIndexOf(source: { readonly text: string }): LineIndex {
  let index = indexes.get(source);
  if (!index) indexes.set(source, (index = new LineIndex(source.text)));
  return index;
}

export function shiftRange(range: Range, lines: number): Range {
  if (lines === 0) return range;
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

const interned = new Map<string, string>();
const INTERN_MAX_LENGTH = 64;
const INTERN_MAX_ENTRIES = 100_000;

/**
 * Returns one shared copy of a short string. Templates repeat the same keys and values (`Type`,
 * `Properties`, `AWS::S3::Bucket`, `Enabled`) thousands of times; sharing them keeps the per-file
 * facts of a large workspace small. Bounded, so hostile input cannot grow it without limit.
 */
/**
 * The span an edit changed, found by comparing the old and new text from both ends: the readers use it
 * to re-parse incrementally (TypeScript's updateSourceFile, tree-sitter's tree.edit).
 */
export function changedSpan(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { start, oldEnd: before.length - end, newEnd: after.length - end };
}

export function intern(s: string): string {
  if (s.length > INTERN_MAX_LENGTH) return s;
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size < INTERN_MAX_ENTRIES) interned.set(s, s);
  return s;
}
