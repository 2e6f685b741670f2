// A JSON template opened for editing with jsonc-parser's tree, which keeps every node's offsets.
// New properties go after a sibling with that sibling's indentation; an object written on one line
// stays on one line.
import { findNodeAtLocation, getNodeValue, type Node, parseTree, type ParseError } from 'jsonc-parser';
import type { TextEdit } from '../fix';
import type { Path, Value } from '../model';
import { type FixValue, isIntrinsic, isIntrinsicKey, type NodeKind, Raw, type TemplateDoc } from './fixValue';
import { SourceText } from './text';

export class JsonDoc implements TemplateDoc {
  readonly format = 'json' as const;

  private constructor(
    private readonly root: Node,
    readonly src: SourceText,
  ) {}

  static open(text: string): JsonDoc | undefined {
    const errors: ParseError[] = [];
    let root: Node | undefined;
    try {
      root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    } catch {
      return undefined;
    }
    return root && !errors.length ? new JsonDoc(root, new SourceText(text)) : undefined;
  }

  kind(path: Path): NodeKind | undefined {
    const node = this.find(path);
    if (!node) return undefined;
    const props = node.children ?? [];
    if (node.type === 'object') return props.length === 1 && isIntrinsicKey(String(props[0].children?.[0]?.value)) ? 'scalar' : 'map';
    return node.type === 'array' ? 'seq' : 'scalar';
  }

  value(path: Path): Value | undefined {
    const node = this.find(path);
    return node ? (getNodeValue(node) as Value) : undefined;
  }

  keys(path: Path): string[] {
    const node = this.find(path);
    return node?.type === 'object' ? (node.children ?? []).map((p) => String(p.children?.[0]?.value)) : [];
  }

  keyStart(path: Path): number | undefined {
    const node = this.find(path);
    if (!node) return undefined;
    return node.parent?.type === 'property' ? node.parent.offset : node.offset;
  }

  raw(path: Path): Raw | undefined {
    const node = this.find(path);
    if (!node) return undefined;
    const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
    return new Raw(this.src.text.slice(node.offset, node.offset + node.length), getNodeValue(node) as Value, this.src.columnIndent(at).length);
  }

  replace(path: Path, value: FixValue): TextEdit | undefined {
    const node = this.find(path);
    if (!node || node.type === 'object' || node.type === 'array') return undefined;
    return this.src.edit(node.offset, node.offset + node.length, compact(value));
  }

  insertPairs(mapPath: Path, entries: [string, FixValue][], after?: string): TextEdit | undefined {
    const obj = this.find(mapPath);
    if (obj?.type !== 'object') return undefined;
    const props = obj.children ?? [];
    if (!props.length) return this.src.edit(obj.offset, obj.offset + obj.length, compact(Object.fromEntries(entries)));
    const anchor = (after !== undefined && props.find((p) => p.children?.[0]?.value === after)) || props[props.length - 1];
    return this.append(obj, anchor, entries.map(([k, v]) => (indent) => `${JSON.stringify(k)}: ${indent === undefined ? compact(v) : this.pretty(v, indent)}`));
  }

  insertItem(seqPath: Path, afterIndex: number, value: FixValue): TextEdit | undefined {
    const arr = this.find(seqPath);
    const item = arr?.type === 'array' ? arr.children?.[afterIndex] : undefined;
    if (!arr || !item) return undefined;
    // Items written one per line stay that way: a new item copies whether its neighbour spans lines.
    const oneLine = this.src.position(item.offset).line === this.src.position(item.offset + item.length).line;
    return this.append(arr, item, [(indent) => (indent === undefined || oneLine ? compact(value) : this.pretty(value, indent))]);
  }

  /** Inserts after `anchor`, on its line when the container is written on one line, else on new lines. */
  private append(container: Node, anchor: Node, texts: ((indent?: string) => string)[]): TextEdit {
    const end = anchor.offset + anchor.length;
    const oneLine = this.src.position(container.offset).line === this.src.position(container.offset + container.length).line;
    if (oneLine) return this.src.insert(end, texts.map((t) => `, ${t()}`).join(''));
    const indent = this.src.columnIndent(anchor.offset);
    return this.src.insert(end, texts.map((t) => `,${this.src.eol}${indent}${t(indent)}`).join(''));
  }

  /** Multi-line JSON at an indentation; short intrinsics, and short objects or arrays of scalars, stay on one line. */
  private pretty(value: FixValue, indent: string): string {
    const v = value instanceof Raw ? (value.value as FixValue) : value;
    if (v === null || typeof v !== 'object') return compact(v);
    const short = compact(v);
    const leaf = Object.values(v).every((x) => x === null || typeof x !== 'object' || x instanceof Raw);
    if ((isIntrinsic(v) || leaf) && short.length <= 80) return short;
    const inner = indent + this.src.unit;
    const eol = this.src.eol;
    if (Array.isArray(v)) return v.length ? `[${v.map((x) => `${eol}${inner}${this.pretty(x, inner)}`).join(',')}${eol}${indent}]` : '[]';
    const entries = Object.entries(v);
    return entries.length ? `{${entries.map(([k, x]) => `${eol}${inner}${JSON.stringify(k)}: ${this.pretty(x, inner)}`).join(',')}${eol}${indent}}` : '{}';
  }

  private find(path: Path): Node | undefined {
    return findNodeAtLocation(this.root, path as (string | number)[]);
  }
}

/** One-line JSON in the `{ "a": 1, "b": [1, 2] }` style. */
export function compact(value: FixValue): string {
  if (value instanceof Raw) return compact(value.value as FixValue);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(compact).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${compact(v)}`).join(', ')} }` : '{}';
}
