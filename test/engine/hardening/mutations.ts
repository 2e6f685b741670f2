// The mutations that the property tests apply to real inputs, as fast-check arbitraries. Each is a
// plain description (so a failing case prints readably) plus `applyMutation`, which performs it.
// Positions are fractions of the text's length, so one description fits any input.
import fc from 'fast-check';

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'splice'; at: number; from: number; start: number; length: number }
  | { kind: 'bytes'; at: number; bytes: number[]; replace: boolean }
  | { kind: 'char'; at: number; char: string }
  | { kind: 'line-ends'; to: '\r' | '\r\n' }
  | { kind: 'tabs' }
  | { kind: 'nest'; at: number; depth: number; style: 'json-array' | 'json-object' | 'yaml-flow' | 'yaml-block' }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'tag'; at: number; tag: string }
  | { kind: 'anchor'; at: number; text: string };

const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

/** Odd characters: NUL, BOM, CR alone, tab, replacement char, lone surrogates, line/paragraph separators, RTL and zero-width marks. */
const ODD_CHARS = ['\u0000', '\uFEFF', '\r', '\t', '\uFFFD', '\uD800', '\uDC00', '\u2028', '\u2029', '\u202E', '\u200B', '\u0085', '\u000B', '\u000C', '"', "'", '{', '[', ':', '- ', '#', '`', '${', '\\'];

const TAGS = ['!Ref ', '!GetAtt ', '!Sub ', '!If ', '!Join ', '!Select ', '!Split ', '!FindInMap ', '!GetAZs ', '!Base64 ', '!ImportValue ', '!Condition ', '!Equals ', '!And ', '!Or ', '!Not ', '!Cidr ', '!Transform ', '!Foo ', '!!str ', '!!binary ', '!<tag:yaml.org,2002:map> ', '! '];

const ANCHORS = ['&a ', '*a', '<<: *a', '&a\n', '? ', '--- ', '...\n', '%YAML 1.2\n---\n', '|\n', '>-\n'];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: frac }),
  fc.record({ kind: fc.constant('delete' as const), at: frac, length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: frac, from: fc.nat(), start: frac, length: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('bytes' as const), at: frac, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }), replace: fc.boolean() }),
  fc.record({ kind: fc.constant('char' as const), at: frac, char: fc.constantFrom(...ODD_CHARS) }),
  fc.record({ kind: fc.constant('line-ends' as const), to: fc.constantFrom('\r' as const, '\r\n' as const) }),
  fc.record({ kind: fc.constant('tabs' as const) }),
  fc.record({ kind: fc.constant('nest' as const), at: frac, depth: fc.integer({ min: 1, max: 400 }), style: fc.constantFrom('json-array' as const, 'json-object' as const, 'yaml-flow' as const, 'yaml-block' as const) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: frac }),
  fc.record({ kind: fc.constant('tag' as const), at: frac, tag: fc.constantFrom(...TAGS) }),
  fc.record({ kind: fc.constant('anchor' as const), at: frac, text: fc.constantFrom(...ANCHORS) }),
);

const pos = (text: string, at: number) => Math.floor(at * (text.length + 1));

/** The start of the line holding offset `i`. */
function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

function nesting(depth: number, style: Extract<Mutation, { kind: 'nest' }>['style'], indent: string): string {
  switch (style) {
    case 'json-array':
      return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    case 'json-object':
      return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    case 'yaml-flow':
      return `Nest: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
    case 'yaml-block':
      return Array.from({ length: depth }, (_, i) => `${indent}${' '.repeat(2 * i)}a${i}:`).join('\n') + ' 1\n';
  }
}

/** Applies one mutation; `others` are the pool's texts, for splices. */
export function applyMutation(text: string, m: Mutation, others: readonly string[]): string {
  const i = pos(text, 'at' in m ? m.at : 0);
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, i);
    case 'delete':
      return text.slice(0, i) + text.slice(i + m.length);
    case 'splice': {
      const other = others[m.from % others.length];
      const s = pos(other, m.start);
      return text.slice(0, i) + other.slice(s, s + m.length) + text.slice(i);
    }
    case 'bytes': {
      // At the byte level, so an insertion can split a multi-byte character; decoding turns invalid
      // UTF-8 into replacement characters, as reading such a file from disk does.
      const buf = Buffer.from(text, 'utf8');
      const b = Math.floor(m.at * (buf.length + 1));
      const ins = Buffer.from(m.bytes);
      const rest = m.replace ? buf.subarray(Math.min(buf.length, b + ins.length)) : buf.subarray(b);
      return Buffer.concat([buf.subarray(0, b), ins, rest]).toString('utf8');
    }
    case 'char':
      return text.slice(0, i) + m.char + text.slice(i);
    case 'line-ends':
      return text.replace(/\r\n|\r|\n/g, m.to);
    case 'tabs':
      return text.replace(/^( {2})+/gm, (s) => '\t'.repeat(s.length / 2));
    case 'nest': {
      const ls = lineStart(text, i);
      const indent = /^[ \t]*/.exec(text.slice(ls))![0];
      const nest = nesting(m.depth, m.style, indent);
      return m.style.startsWith('json') ? text.slice(0, i) + nest + text.slice(i) : text.slice(0, ls) + indent + nest + text.slice(ls);
    }
    case 'duplicate-line': {
      const ls = lineStart(text, i);
      const end = text.indexOf('\n', ls);
      const line = text.slice(ls, end < 0 ? text.length : end + 1);
      return text.slice(0, ls) + line + (line.endsWith('\n') ? '' : '\n') + text.slice(ls);
    }
    case 'tag': {
      // After the next `: ` (a mapping value), else right here.
      const colon = text.indexOf(': ', i);
      const at = colon >= 0 && colon - i < 200 ? colon + 2 : i;
      return text.slice(0, at) + m.tag + text.slice(at);
    }
    case 'anchor': {
      const colon = text.indexOf(': ', i);
      const at = colon >= 0 && colon - i < 200 ? colon + 2 : i;
      return text.slice(0, at) + m.text + text.slice(at);
    }
  }
}

export function applyAll(text: string, ms: readonly Mutation[], others: readonly string[]): string {
  return ms.reduce((t, m) => applyMutation(t, m, others), text);
}
