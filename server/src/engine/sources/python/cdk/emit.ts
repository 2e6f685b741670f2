// The TypeScript text that a CDK Python file is turned into, written chunk by chunk, with a map back
// to the Python source. Each chunk that stands for a Python node starts on that node's line, so
// the TypeScript keeps the Python line numbers and a position maps back by its chunk.
import type { Position, Range } from '../../../model';
import type { PyNode } from './syntax';
import type { LineIndex } from '../../tree';

interface Chunk {
  ts: number;
  tsEnd: number;
  py: number;
  pyEnd: number;
}

/** A statement's translation, position-free: chunk offsets relative to its start. */
export interface Segment {
  text: string;
  chunks: Chunk[];
  lines: number;
}

export class Emitter {
  private readonly parts: string[] = [];
  private length = 0;
  private line = 0;
  private readonly chunks: Chunk[] = [];

  /** Text with no Python counterpart (`new `, `{ `, `: `). */
  raw(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.line++;
  }

  /** Moves to the line of `node` (never back), so the next chunk starts where the Python does. */
  at(node: PyNode): void {
    const row = node.startPosition.row;
    if (row > this.line) this.raw('\n'.repeat(row - this.line));
  }

  /** Text that stands for `node` (a name converted, a literal re-quoted). */
  chunk(node: PyNode, text: string): void {
    this.at(node);
    const start = this.length;
    this.raw(text.replace(/\n/g, ' '));
    this.chunks.push({ ts: start, tsEnd: this.length, py: node.startIndex, pyEnd: node.endIndex });
  }

  /** Wraps what `body` writes as standing for `node` as a whole (a call, a keyword argument). */
  span(node: PyNode, body: () => void): void {
    this.at(node);
    const start = this.length;
    body();
    this.chunks.push({ ts: start, tsEnd: this.length, py: node.startIndex, pyEnd: node.endIndex });
  }

  /** What `body` writes for `node`, kept so that the same statement can be written again unchanged. */
  record(node: PyNode, body: () => void): Segment {
    this.at(node);
    const start = this.length;
    const first = this.parts.length;
    const chunkStart = this.chunks.length;
    const line = this.line;
    body();
    const chunks = this.chunks.slice(chunkStart).map((c) => ({ ts: c.ts - start, tsEnd: c.tsEnd - start, py: c.py - node.startIndex, pyEnd: c.pyEnd - node.startIndex }));
    return { text: this.parts.slice(first).join(''), chunks, lines: this.line - line };
  }

  /** Writes a recorded segment again for `node` (same text, same context), shifted to where it now is. */
  replay(node: PyNode, seg: Segment): void {
    this.at(node);
    const start = this.length;
    this.parts.push(seg.text);
    this.length += seg.text.length;
    this.line += seg.lines;
    for (const c of seg.chunks) this.chunks.push({ ts: c.ts + start, tsEnd: c.tsEnd + start, py: c.py + node.startIndex, pyEnd: c.pyEnd + node.startIndex });
  }

  text(): string {
    return this.parts.join('');
  }

  /** Maps TypeScript offsets back to Python ones. */
  mapper(): (offset: number) => number {
    // The innermost chunk that holds an offset decides; chunks are sorted by start, longest first.
    const sorted = [...this.chunks].sort((a, b) => a.ts - b.ts || b.tsEnd - a.tsEnd);
    return (offset) => {
      let best: Chunk | undefined;
      let lo = 0;
      let hi = sorted.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid].ts <= offset) lo = mid + 1;
        else hi = mid - 1;
      }
      for (let i = hi; i >= 0 && i >= hi - 64; i--) {
        const c = sorted[i];
        if (c.ts <= offset && offset <= c.tsEnd && (!best || c.tsEnd - c.ts < best.tsEnd - best.ts)) best = c;
      }
      if (!best) {
        const prev = sorted[hi];
        return prev ? prev.pyEnd : 0;
      }
      if (offset === best.tsEnd) return best.pyEnd;
      return Math.min(best.py + (offset - best.ts), best.pyEnd);
    };
  }
}

/** Maps a range in the TypeScript text to the Python text; it stays on one Python line. */
export function rangeMapper(ts: LineIndex, py: LineIndex, map: (offset: number) => number): (r: Range) => Range {
  // The end of a line's code, without trailing blanks or a comment.
  const codeEnd = (line: number): Position => ({ line, character: py.lineText(line).replace(/\s*#.*$/, '').trimEnd().length });
  return (r) => {
    const start = py.position(map(ts.offset(r.start)));
    let end = py.position(map(ts.offset(r.end)));
    if (end.line !== start.line || end.character < start.character) end = codeEnd(start.line);
    if (end.character < start.character) end = start;
    return { start, end };
  };
}
