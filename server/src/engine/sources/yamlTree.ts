// YAML -> Tree, with CloudFormation's short-form tags turned into their long form.
// The `yaml` package keeps exact positions but is slow (about 3 MB/s), so callers parse a template
// in chunks (see chunks.ts) and cache each chunk's Tree by its text.
import * as YAML from 'yaml';
import type { Path, Value } from '../model';
import { intern, LineIndex, pathKey, type Tree } from './tree';

/** Stops alias bombs: walking more nodes than this in one chunk aborts with an error. */
const NODE_BUDGET = 200_000;
const MAX_DEPTH = 500;

const LONG_FORM: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
};

/** Parses YAML text (one chunk or a whole file). Never throws. */
export function parseYamlTree(text: string, rangeDepth: number = Infinity): Tree {
  const tree: Tree = { value: null, ranges: new Map(), rangeDepth, errors: [] };
  const lines = new LineIndex(text);
  let doc: YAML.Document.Parsed;
  try {
    // The yaml package does not end lines at a lone CR (old Mac files); a LF in its place keeps every
    // offset, and the line index counts both.
    const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
    // Every short-form intrinsic (!Ref, !Sub, ...) is an unknown tag to the yaml package, which
    // records a warning for each: an Error whose stack trace costs more than the parse of the tag.
    // The walker reads the tags itself, so the warnings are dropped unread; no stacks are taken.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      doc = YAML.parseDocument(source, { prettyErrors: false, strict: false, uniqueKeys: true, stringKeys: false });
    } finally {
      Error.stackTraceLimit = limit;
    }
  } catch (err) {
    tree.errors.push({ range: lines.range(0, 0), message: `YAML could not be read: ${String(err)}` });
    return tree;
  }
  // One clear diagnostic per broken block: the first error; later ones are mostly its echoes.
  for (const e of doc.errors.slice(0, 1)) {
    tree.errors.push({ range: lines.range(e.pos[0], Math.max(e.pos[0], e.pos[1])), message: firstLine(e.message) });
  }
  const walker = new Walker(doc, lines, tree);
  try {
    tree.value = walker.walk(doc.contents, [], 0);
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    tree.errors.push({ range: lines.range(0, 0), message: err.message });
    tree.value = null;
  }
  return tree;
}

class BudgetExceeded extends Error {}

class Walker {
  private visited = 0;

  constructor(
    private readonly doc: YAML.Document.Parsed,
    private readonly lines: LineIndex,
    private readonly tree: Tree,
  ) {}

  walk(node: unknown, path: Path, depth: number): Value {
    if (++this.visited > NODE_BUDGET) throw new BudgetExceeded('YAML expands to too many nodes (alias bomb?); the rest of this block is skipped.');
    if (depth > MAX_DEPTH) throw new BudgetExceeded(`YAML nests deeper than ${MAX_DEPTH} levels; the rest of this block is skipped.`);
    if (YAML.isAlias(node)) {
      const target = node.resolve(this.doc);
      return target ? this.walk(target, path, depth + 1) : null;
    }
    if (YAML.isMap(node)) return this.tagged(node, this.map(node, path, depth));
    if (YAML.isSeq(node)) {
      const out: Value[] = [];
      node.items.forEach((item, i) => {
        const itemPath = [...path, i];
        this.record(itemPath, item);
        out.push(this.walk(item, itemPath, depth + 1));
      });
      return this.tagged(node, out);
    }
    if (YAML.isScalar(node)) return this.tagged(node, scalarValue(node.value));
    return null;
  }

  private map(node: YAML.YAMLMap, path: Path, depth: number): { [key: string]: Value } {
    const out: { [key: string]: Value } = {};
    for (const pair of node.items) {
      const key = intern(YAML.isScalar(pair.key) ? String(pair.key.value) : pair.key == null ? '' : String(pair.key));
      if (key === '<<' && pair.value) {
        // Merge keys: copy the merged mapping's entries without overriding explicit ones.
        const merged = this.walk(pair.value, path, depth + 1);
        if (merged && typeof merged === 'object' && !Array.isArray(merged)) {
          for (const [k, v] of Object.entries(merged)) if (!(k in out)) out[k] = v;
        }
        continue;
      }
      const childPath = [...path, key];
      this.recordPair(childPath, pair);
      out[key] = this.walk(pair.value, childPath, depth + 1);
    }
    return out;
  }

  /** Wraps a node carrying a short-form intrinsic tag (!Ref, !GetAtt, ...) into its long form. */
  private tagged(node: YAML.Node, value: Value): Value {
    const tag = node.tag;
    if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return value;
    if (tag === '!GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      return { 'Fn::GetAtt': dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
    }
    return { [LONG_FORM[tag] ?? `Fn::${tag.slice(1)}`]: value };
  }

  /** A key's range runs from the key to the end of a scalar value, or to the end of the key's line. */
  private recordPair(path: Path, pair: YAML.Pair): void {
    if (path.length > this.tree.rangeDepth) return;
    const key = pair.key as YAML.Node | null;
    const value = pair.value as YAML.Node | null;
    const start = key?.range?.[0];
    if (start === undefined) return;
    const end = value?.range?.[1] ?? key?.range?.[1] ?? start;
    const scalar = value && YAML.isScalar(value) && !isBlockScalar(value);
    this.tree.ranges.set(pathKey(path), scalar ? this.lines.range(start, end) : this.lines.firstLine(start, end));
  }

  private record(path: Path, node: unknown): void {
    if (path.length > this.tree.rangeDepth) return;
    const range = (node as YAML.Node | null)?.range;
    if (!range) return;
    const scalar = YAML.isScalar(node) && !isBlockScalar(node);
    this.tree.ranges.set(pathKey(path), scalar ? this.lines.range(range[0], range[1]) : this.lines.firstLine(range[0], range[1]));
  }
}

function isBlockScalar(node: YAML.Scalar): boolean {
  return node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
}

function scalarValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return intern(v);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

function firstLine(message: string): string {
  const nl = message.indexOf(' at line ');
  return (nl === -1 ? message.split('\n')[0] : message.slice(0, nl)).trim();
}
