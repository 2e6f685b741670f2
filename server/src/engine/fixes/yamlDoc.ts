// A YAML template opened for editing with the `yaml` package, which keeps every node's offsets.
// New entries copy the indentation of their siblings and the flow or block style of their mapping;
// intrinsics are written in CloudFormation's short form (`!Ref X`).
import * as YAML from 'yaml';
import type { TextEdit } from '../fix';
import type { Path, Value } from '../model';
import { type FixValue, isIntrinsic, isIntrinsicKey, isPlainObject, type NodeKind, Raw, type TemplateDoc } from './fixValue';
import { SourceText } from './text';

type Entry = { node: YAML.Node | null; pair?: YAML.Pair<YAML.Node, YAML.Node | null> };

export class YamlDoc implements TemplateDoc {
  readonly format = 'yaml' as const;

  private constructor(
    private readonly doc: YAML.Document.Parsed,
    readonly src: SourceText,
  ) {}

  static open(text: string): YamlDoc | undefined {
    let doc: YAML.Document.Parsed;
    try {
      doc = YAML.parseDocument(text, { prettyErrors: false, strict: false, uniqueKeys: true, stringKeys: false });
    } catch {
      return undefined;
    }
    return doc.errors.length ? undefined : new YamlDoc(doc, new SourceText(text));
  }

  kind(path: Path): NodeKind | undefined {
    const node = this.find(path)?.node;
    if (YAML.isScalar(node) || node === null) return 'scalar';
    if (!node) return undefined;
    if (customTag(node) || (YAML.isMap(node) && node.items.length === 1 && isIntrinsicKey(keyText(node.items[0].key)))) return 'scalar';
    return YAML.isMap(node) ? 'map' : YAML.isSeq(node) ? 'seq' : undefined;
  }

  value(path: Path): Value | undefined {
    const hit = this.find(path);
    return hit ? toValue(hit.node, this.doc, 0) : undefined;
  }

  keys(path: Path): string[] {
    const node = this.find(path)?.node;
    return YAML.isMap(node) ? node.items.map((p) => keyText(p.key)) : [];
  }

  keyStart(path: Path): number | undefined {
    const hit = this.find(path);
    if (!hit) return undefined;
    return hit.pair ? (hit.pair.key as YAML.Node).range?.[0] : hit.node?.range?.[0];
  }

  raw(path: Path): Raw | undefined {
    const hit = this.find(path);
    const range = hit?.node?.range;
    if (!hit || !range) return undefined;
    const start = hit.pair ? this.valueStart(hit.pair) : range[0];
    const at = hit.pair ? (hit.pair.key as YAML.Node).range![0] : start;
    const value = toValue(hit.node, this.doc, 0);
    const indent = this.src.columnIndent(at).length;
    // A block mapping or sequence starts on the line below its key: keep its lines whole.
    if (YAML.isCollection(hit.node) && !hit.node.flow && !customTag(hit.node)) {
      const from = this.src.lineStart(this.src.position(range[0]).line);
      return new Raw(`\n${this.src.text.slice(from, range[1]).trimEnd()}`.replace(/\r\n/g, '\n'), value, indent);
    }
    return new Raw(this.src.text.slice(start, range[1]).trimEnd().replace(/\r\n/g, '\n'), value, indent);
  }

  replace(path: Path, value: FixValue): TextEdit | undefined {
    const hit = this.find(path);
    const node = hit?.node;
    if (!hit || !node?.range || YAML.isCollection(node)) return undefined;
    const start = hit.pair ? this.valueStart(hit.pair) : node.range[0];
    const quote = YAML.isScalar(node) && node.type === 'QUOTE_DOUBLE' ? '"' : YAML.isScalar(node) && node.type === 'QUOTE_SINGLE' ? "'" : undefined;
    const text = typeof value === 'string' && quote ? quoted(value, quote) : this.inline(value, 0);
    return this.src.edit(start, node.range[1], text);
  }

  insertPairs(mapPath: Path, entries: [string, FixValue][], after?: string): TextEdit | undefined {
    const map = this.find(mapPath)?.node;
    if (!YAML.isMap(map) || !map.range || customTag(map)) return undefined;
    const items = map.items as YAML.Pair<YAML.Node, YAML.Node | null>[];
    if (map.flow) {
      const texts = entries.map(([k, v]) => `${keyOut(k)}: ${this.inline(v, 0)}`);
      if (!items.length) return this.src.edit(map.range[0], map.range[1], `{ ${texts.join(', ')} }`);
      return this.appendFlow(pairEnd(items[items.length - 1]), items[items.length - 1].key.range![0], map.range[0], texts);
    }
    const anchor = (after !== undefined && items.find((p) => keyText(p.key) === after)) || items[items.length - 1];
    const indent = this.src.columnIndent(items[0].key.range![0]);
    const lines = entries.flatMap(([k, v]) => this.block(k, v, indent));
    const separated = items.length > 1 && /\n[ \t]*\r?\n/.test(this.src.text.slice(this.contentEnd(pairEnd(items[0])), items[1].key.range![0]));
    return this.appendLines(pairEnd(anchor), separated ? ['', ...lines] : lines);
  }

  insertItem(seqPath: Path, afterIndex: number, value: FixValue): TextEdit | undefined {
    const seq = this.find(seqPath)?.node;
    if (!YAML.isSeq(seq) || customTag(seq)) return undefined;
    const item = seq.items[afterIndex] as YAML.Node | undefined;
    if (!item?.range || !seq.range) return undefined;
    if (seq.flow) return this.appendFlow(item.range[1], item.range[0], seq.range[0], [this.inline(value, 0)]);
    const dash = this.src.text.lastIndexOf('-', item.range[0]);
    const dashIndent = this.src.columnIndent(dash);
    const itemIndent = YAML.isMap(item) && !item.flow ? this.src.columnIndent(item.range[0]) : `${dashIndent}  `;
    let lines: string[];
    if (isPlainObject(value) && Object.keys(value).length) {
      lines = Object.entries(value).flatMap(([k, v]) => this.block(k, v, itemIndent));
      lines[0] = `${dashIndent}-${' '.repeat(itemIndent.length - dashIndent.length - 1)}${lines[0].slice(itemIndent.length)}`;
    } else lines = [`${dashIndent}- ${this.inline(value, dashIndent.length)}`];
    return this.appendLines(item.range[1], lines);
  }

  /** Block-style lines for one entry at the given indentation. */
  private block(key: string, value: FixValue, indent: string): string[] {
    const head = `${indent}${keyOut(key)}:`;
    if (isPlainObject(value) && Object.keys(value).length) {
      return [head, ...Object.entries(value).flatMap(([k, v]) => this.block(k, v, indent + this.src.unit))];
    }
    if (Array.isArray(value) && value.length && value.some((v) => isPlainObject(v))) {
      const child = indent + this.src.unit;
      return [
        head,
        ...value.flatMap((item) => {
          if (!isPlainObject(item)) return [`${child}- ${this.inline(item, child.length)}`];
          const lines = Object.entries(item).flatMap(([k, v]) => this.block(k, v, `${child}  `));
          lines[0] = `${child}- ${lines[0].slice(child.length + 2)}`;
          return lines;
        }),
      ];
    }
    const text = this.inline(value, indent.length);
    return (text.startsWith('\n') ? head + text : `${head} ${text}`).split('\n');
  }

  /** Flow-style text; copied source keeps its lines, shifted to the new entry's indentation. */
  private inline(value: FixValue, column: number): string {
    if (value instanceof Raw) {
      const shift = column - value.column;
      if (!value.text.includes('\n') || shift === 0) return value.text;
      return value.text.replace(/\n([ \t]*)/g, (_m, lead: string) => `\n${shift > 0 ? lead + ' '.repeat(shift) : lead.slice(Math.min(-shift, lead.length))}`);
    }
    if (value === null) return 'null';
    if (typeof value === 'string') return plainOrQuoted(value, this.src.quote);
    if (typeof value !== 'object') return String(value);
    if (Array.isArray(value)) return `[${value.map((v) => this.inline(v, column)).join(', ')}]`;
    if (isIntrinsic(value)) {
      const [name, arg] = Object.entries(value)[0];
      const tag = name === 'Ref' || name === 'Condition' ? name : name.slice(4);
      if (tag === 'GetAtt' && Array.isArray(arg) && arg.every((a) => typeof a === 'string')) return `!GetAtt ${arg.join('.')}`;
      return `!${tag} ${this.inline(arg, column)}`;
    }
    const entries = Object.entries(value);
    return entries.length ? `{ ${entries.map(([k, v]) => `${keyOut(k)}: ${this.inline(v, column)}`).join(', ')} }` : '{}';
  }

  /** Inserts `, a, b` after the last item of a flow collection (on new lines if its items are on their own lines). */
  private appendFlow(end: number, lastStart: number, open: number, texts: string[]): TextEdit {
    const multiLine = this.src.position(lastStart).line !== this.src.position(open).line;
    const sep = multiLine ? `,${this.src.eol}${this.src.columnIndent(lastStart)}` : ', ';
    return this.src.insert(end, sep + texts.join(sep));
  }

  /** Inserts whole lines after the line where a node's content ends. */
  private appendLines(end: number, lines: string[]): TextEdit {
    return this.src.insert(this.src.endOfLineAt(this.contentEnd(end) - 1), this.src.eol + this.src.join(lines));
  }

  /** A node's range may run on over the line break and blank lines after it; this is where its text ends. */
  private contentEnd(end: number): number {
    let e = end;
    while (e > 0 && /\s/.test(this.src.text[e - 1])) e--;
    return e;
  }

  /** Where a pair's value starts, including its tag (the node's range leaves the tag out). */
  private valueStart(pair: YAML.Pair<YAML.Node, YAML.Node | null>): number {
    const node = pair.value!;
    const start = node.range![0];
    if (!node.tag) return start;
    const bang = this.src.text.lastIndexOf('!', start);
    return bang > pair.key.range![1] ? bang : start;
  }

  private find(path: Path): Entry | undefined {
    let node: YAML.Node | null = this.doc.contents as YAML.Node | null;
    let pair: Entry['pair'];
    for (const seg of path) {
      // An edit through an alias would change every place that uses the anchor.
      if (YAML.isAlias(node)) return undefined;
      if (YAML.isMap(node) && typeof seg === 'string') {
        pair = (node.items as NonNullable<Entry['pair']>[]).find((p) => keyText(p.key) === seg);
        if (!pair) return undefined;
        node = pair.value;
      } else if (YAML.isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        pair = undefined;
        node = node.items[seg] as YAML.Node;
      } else return undefined;
    }
    return YAML.isAlias(node) ? undefined : { node, pair };
  }
}

function pairEnd(pair: YAML.Pair<YAML.Node, YAML.Node | null>): number {
  return pair.value?.range?.[1] ?? pair.key.range![1];
}

function customTag(node: YAML.Node | null): boolean {
  return !!node?.tag && node.tag.startsWith('!') && !node.tag.startsWith('!!');
}

function keyText(key: unknown): string {
  return YAML.isScalar(key) ? String(key.value) : String(key);
}

function keyOut(key: string): string {
  return /^[A-Za-z_][\w:.-]*$/.test(key) ? key : quoted(key, "'");
}

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const PLAIN = /^[A-Za-z0-9_/][\w./@+():-]*(?: [\w./@+():-]+)*$/;

export function plainOrQuoted(s: string, quote: "'" | '"'): string {
  const numeric = s.trim() !== '' && !Number.isNaN(Number(s));
  return PLAIN.test(s) && !/:( |$)/.test(s) && !RESERVED.test(s) && !numeric && !/^0[xo]/i.test(s) ? s : quoted(s, quote);
}

function quoted(s: string, quote: "'" | '"'): string {
  return quote === "'" ? `'${s.replace(/'/g, "''")}'` : JSON.stringify(s);
}

/** A node as plain data, with short-form tags turned into long-form intrinsics (as the engine reads them). */
function toValue(node: unknown, doc: YAML.Document.Parsed, depth: number): Value {
  if (depth > 100) return null;
  if (YAML.isAlias(node)) return toValue(node.resolve(doc), doc, depth + 1);
  let value: Value = null;
  if (YAML.isMap(node)) {
    const out: { [k: string]: Value } = {};
    for (const p of node.items) out[keyText(p.key)] = toValue(p.value, doc, depth + 1);
    value = out;
  } else if (YAML.isSeq(node)) value = node.items.map((i) => toValue(i, doc, depth + 1));
  else if (YAML.isScalar(node)) {
    const v = node.value;
    value = v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' ? v : String(v);
  }
  const tag = (node as YAML.Node | null)?.tag;
  if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return value;
  if (tag === '!GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [tag === '!Ref' || tag === '!Condition' ? tag.slice(1) : `Fn::${tag.slice(1)}`]: value };
}
