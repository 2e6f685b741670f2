// JSON -> Tree with jsonc-parser, which is fast enough to re-parse a whole template per edit.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Path, Value } from '../model';
import { intern, LineIndex, pathKey, type Tree } from './tree';

const MAX_DEPTH = 500;

/** Parses JSON text. Never throws. */
export function parseJsonTree(text: string, rangeDepth: number = Infinity): Tree {
  const lines = new LineIndex(text);
  const tree: Tree = { value: null, ranges: new Map(), rangeDepth, errors: [] };
  const errors: ParseError[] = [];
  if (maxBracketDepth(text) > MAX_DEPTH) {
    tree.errors.push({ range: lines.range(0, 0), message: `JSON nests deeper than ${MAX_DEPTH} levels; the file is skipped.` });
    return tree;
  }
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (err) {
    tree.errors.push({ range: lines.range(0, 0), message: `JSON could not be read: ${String(err)}` });
    return tree;
  }
  for (const e of errors.slice(0, 1)) {
    tree.errors.push({ range: lines.range(e.offset, e.offset + e.length), message: `JSON: ${printParseErrorCode(e.error)}` });
  }
  if (root) {
    const walk = (node: Node, path: Path, depth: number): Value => {
      if (depth > MAX_DEPTH) {
        if (tree.errors.length < 21) tree.errors.push({ range: lines.range(node.offset, node.offset), message: `JSON nests deeper than ${MAX_DEPTH} levels; the rest is skipped.` });
        return null;
      }
      switch (node.type) {
        case 'object': {
          const out: { [key: string]: Value } = {};
          for (const prop of node.children ?? []) {
            const [k, v] = prop.children ?? [];
            if (!k || typeof k.value !== 'string') continue;
            const key = intern(k.value);
            const childPath = [...path, key];
            const end = v ? v.offset + v.length : k.offset + k.length;
            const scalar = v && v.type !== 'object' && v.type !== 'array';
            if (childPath.length <= rangeDepth) tree.ranges.set(pathKey(childPath), scalar ? lines.range(k.offset, end) : lines.firstLine(k.offset, end));
            out[key] = v ? walk(v, childPath, depth + 1) : null;
          }
          return out;
        }
        case 'array':
          return (node.children ?? []).map((child, i) => {
            const childPath = [...path, i];
            const scalar = child.type !== 'object' && child.type !== 'array';
            const end = child.offset + child.length;
            if (childPath.length <= rangeDepth) tree.ranges.set(pathKey(childPath), scalar ? lines.range(child.offset, end) : lines.firstLine(child.offset, end));
            return walk(child, childPath, depth + 1);
          });
        case 'string':
          return intern(node.value as string);
        case 'number':
        case 'boolean':
          return node.value as Value;
        default:
          return null;
      }
    };
    tree.value = walk(root, [], 0);
  }
  return tree;
}

/** The deepest nesting of brackets outside strings; a cheap guard before a recursive parser runs. */
export function maxBracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}
