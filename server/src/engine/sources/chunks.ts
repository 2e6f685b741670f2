// Splits a block-style YAML template into independently parseable chunks: one per top-level key,
// and one per resource under `Resources`. An edit then re-parses only the chunk it touched.
// Anything this line scanner cannot vouch for (anchors and aliases, several documents, flow style at
// the top, odd indentation) makes it return undefined, and the caller parses the whole file.

export interface Chunk {
  /** 'Resources' for a resource chunk, otherwise the top-level key (or '' for a whole-file chunk). */
  section: string;
  /** First line of the chunk in the file (zero-based). */
  startLine: number;
  text: string;
}

const TOP_KEY = /^(?:"[^"]*"|'[^']*'|[^\s#\-?:'"][^:#]*?)\s*:(?:\s|$)/;
const RESOURCES_KEY = /^(?:Resources|"Resources"|'Resources')\s*:\s*(?:#.*)?$/;
const ALIAS_OR_ANCHOR = /(?:^|[\s,[{])[&*][^\s,\]}]/m;

/** A carriage return that does not start a CRLF: a line end this line scanner does not count. */
export const LONE_CR = /\r(?!\n)/;

export function splitTemplate(text: string): Chunk[] | undefined {
  if (ALIAS_OR_ANCHOR.test(text) || LONE_CR.test(text)) return undefined;
  // CRLF: drop the carriage returns; positions stay the same since they end each line.
  const lines = text.includes('\r') ? text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) : text.split('\n');
  const tops: { key: string; start: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    // Content indented before any top-level key: the whole document is indented; parse it whole.
    if (line[0] === ' ') {
      if (tops.length === 0) return undefined;
      continue;
    }
    if (line.startsWith('---') || line.startsWith('...') || line[0] === '%' || line[0] === '\t') return undefined;
    if (line[0] === '{' || line[0] === '[') return undefined;
    const m = TOP_KEY.exec(line);
    if (!m) return undefined;
    tops.push({ key: line.slice(0, line.indexOf(':')).trim().replace(/^["']|["']$/g, ''), start: i });
  }
  const chunks: Chunk[] = [];
  for (let t = 0; t < tops.length; t++) {
    const start = tops[t].start;
    const end = t + 1 < tops.length ? tops[t + 1].start : lines.length;
    if (RESOURCES_KEY.test(lines[start].trimEnd())) {
      const children = splitChildren(lines, start + 1, end);
      if (!children) return undefined;
      chunks.push({ section: 'Resources:header', startLine: start, text: lines[start] });
      chunks.push(...children);
    } else {
      chunks.push({ section: tops[t].key, startLine: start, text: ownCopy(lines.slice(start, end).join('\n')) });
    }
  }
  return chunks;
}

function splitChildren(lines: string[], from: number, to: number): Chunk[] | undefined {
  let indent = -1;
  const starts: number[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i];
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    const lead = line.length - body.length;
    if (line.slice(0, lead).includes('\t')) return undefined;
    if (indent === -1) indent = lead;
    if (lead < indent) return undefined;
    if (lead === indent) {
      if (body.startsWith('- ') || body === '-') return undefined;
      starts.push(i);
    }
  }
  return starts.map((s, k) => ({
    section: 'Resources',
    startLine: s,
    text: ownCopy(lines.slice(s, k + 1 < starts.length ? starts[k + 1] : to).join('\n')),
  }));
}

/**
 * A one-line chunk would be a slice of the whole file's text and keep all of it alive in the
 * parse cache; copy such short strings so the cache holds only what it needs.
 */
function ownCopy(text: string): string {
  return text.includes('\n') ? text : Buffer.from(text, 'utf8').toString('utf8');
}
