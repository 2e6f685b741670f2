// Quick fixes for unconditional-global-write on boto3 calls: optimistic locking on a `version`
// attribute for update_item / delete_item / put_item, and "create only" for put_item. The edits
// merge into what the call already has: an existing ConditionExpression is combined with AND (or
// with `&` when it is built with Attr), ExpressionAttributeNames / ExpressionAttributeValues get one
// more entry, and update_item also increments the version. Values follow the call's style: native
// Python values on a Table resource, typed values ({'N': ...}) on a client. The version the writer
// expects comes from a parameter `expected_version` of the enclosing function, added when missing.
import type { Fix, FixContext, TextEdit } from '../fix';
import { defineFix } from '../fix';
import type { Range } from '../model';
import { parsePython, type PyTreeNode as N, pythonReady, rangeOfNode } from '../sources/python/parser';

const VERSION = 'version';
const EXPECTED = 'expected_version';

export default defineFix({
  ruleId: 'unconditional-global-write',
  provide(ctx) {
    if (!/\.py$/i.test(ctx.finding.file) || !pythonReady()) return [];
    const text = ctx.text(ctx.finding.file);
    if (text === undefined) return [];
    const tree = parsePython(text);
    try {
      const call = locate(tree.rootNode, ctx.finding.range);
      if (!call) return [];
      const method = call.childForFieldName('function')?.childForFieldName('attribute')?.text;
      const typed = ctx.finding.data?.sdk === 'boto3-client';
      const fixes: Fix[] = [];
      const file = ctx.finding.file;
      const versioned = (title: string, preferred: boolean) => {
        const edits = versionedEdits(text, call, method ?? '', typed);
        if (edits) fixes.push({ title, changes: [{ file, edits }], safe: false, ...(preferred ? { preferred } : {}) });
      };
      if (method === 'update_item') versioned(`Update only if the item's version is unchanged (optimistic locking)${note(call)}`, true);
      else if (method === 'delete_item') versioned(`Delete only if the item's version is unchanged (optimistic locking)${note(call)}`, true);
      else if (method === 'put_item') {
        const key = typeof ctx.finding.data?.partitionKey === 'string' ? ctx.finding.data.partitionKey : firstItemKey(call);
        if (key) {
          const edits = conditionEdits(text, call, `attribute_not_exists(#pk)`, `Attr(${py(key)}).not_exists()`, [['#pk', key]], [], typed);
          if (edits) fixes.push({ title: `Create only: fail if an item with this ${key} exists`, changes: [{ file, edits }], safe: false });
        }
        versioned(`Replace only if the item's version is unchanged (optimistic locking)${note(call)}`, false);
      }
      return fixes;
    } finally {
      tree.delete();
    }
  },
});

function note(call: N): string {
  return enclosingDef(call) && !hasParam(enclosingDef(call)!, EXPECTED) ? ` (adds an ${EXPECTED} parameter)` : '';
}

/** The call whose method name starts where the finding does. */
function locate(root: N, range: Range): N | undefined {
  const at = root.descendantForPosition({ row: range.start.line, column: range.start.character });
  for (let n: N | null = at; n; n = n.parent) if (n.type === 'call') return n;
  return undefined;
}

function versionedEdits(text: string, call: N, method: string, typed: boolean): TextEdit[] | undefined {
  const def = enclosingDef(call);
  if (!def) return undefined;
  const value = typed ? `{'N': str(${EXPECTED})}` : EXPECTED;
  const values: [string, string][] = [[':expected_version', value]];
  if (method === 'update_item') values.push([':version_step', typed ? `{'N': '1'}` : '1']);
  const edits = conditionEdits(text, call, `#version = :expected_version`, `Attr('${VERSION}').eq(${EXPECTED})`, [['#version', VERSION]], values, typed);
  if (!edits) return undefined;
  const kw = kwargs(call);
  if (method === 'update_item') {
    const u = kw.get('UpdateExpression');
    const lit = u ? stringLiteral(u) : undefined;
    if (!u || lit === undefined) return undefined;
    const set = /^\s*SET\s/i.exec(lit);
    const next = set ? `${lit.slice(0, set[0].length)}#version = #version + :version_step, ${lit.slice(set[0].length)}` : `SET #version = #version + :version_step ${lit}`;
    edits.push({ range: rangeOfNode(u), newText: quoteLike(u, next) });
  }
  if (method === 'put_item') {
    const item = kw.get('Item');
    if (item?.type !== 'dictionary') return undefined;
    edits.push(dictEntry(item, `'${VERSION}'`, typed ? `{'N': str(${EXPECTED} + 1)}` : `${EXPECTED} + 1`));
  }
  if (!hasParam(def, EXPECTED)) edits.push(addParam(def));
  return edits;
}

/**
 * Adds the condition: a new ConditionExpression, or the existing one combined with it. Names and
 * values are merged into ExpressionAttributeNames / ExpressionAttributeValues (created when absent).
 */
function conditionEdits(text: string, call: N, expr: string, attrExpr: string, names: [string, string][], values: [string, string][], typed: boolean): TextEdit[] | undefined {
  const kw = kwargs(call);
  const edits: TextEdit[] = [];
  const added: string[] = [];
  const existing = kw.get('ConditionExpression');
  if (existing) {
    if (stringLiteral(existing) !== undefined) edits.push({ range: rangeOfNode(existing), newText: quoteLike(existing, `(${stringLiteral(existing)}) AND ${expr}`) });
    else if (existing.type === 'call' || existing.type === 'binary_operator') {
      // Built with boto3.dynamodb.conditions: combine objects; the names and values are not needed.
      if (typed) return undefined;
      edits.push({ range: rangeOfNode(existing), newText: `(${existing.text}) & ${attrExpr}` });
      return importAttr(text, edits);
    } else edits.push({ range: rangeOfNode(existing), newText: `'(' + ${existing.text} + ') AND ${expr}'` });
  } else added.push(`ConditionExpression='${expr}'`);
  for (const [key, entries] of [['ExpressionAttributeNames', names.map(([k, v]) => [py(k), py(v)])], ['ExpressionAttributeValues', values.map(([k, v]) => [py(k), v])]] as const) {
    if (!entries.length) continue;
    const node = kw.get(key);
    if (node?.type === 'dictionary') for (const [k, v] of entries) edits.push(dictEntry(node, k, v));
    else if (node) return undefined;
    else added.push(`${key}={${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`);
  }
  if (added.length) edits.push(appendArgs(call, added));
  return edits;
}

function importAttr(text: string, edits: TextEdit[]): TextEdit[] {
  if (/^\s*from\s+boto3\.dynamodb\.conditions\s+import\s+[^\n]*\bAttr\b/m.test(text)) return edits;
  return [...edits, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'from boto3.dynamodb.conditions import Attr\n' }];
}

function kwargs(call: N): Map<string, N> {
  const out = new Map<string, N>();
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a?.type !== 'keyword_argument') continue;
    const name = a.childForFieldName('name')?.text;
    const value = a.childForFieldName('value');
    if (name && value) out.set(name, value);
  }
  return out;
}

/** New keyword arguments after the last one, on their own lines when the call spans several. */
function appendArgs(call: N, args: string[]): TextEdit {
  const list = call.childForFieldName('arguments')!;
  const items = list.namedChildren.filter((c): c is N => !!c && c.type !== 'comment');
  const last = items[items.length - 1];
  const close = list.endPosition;
  if (!last) return { range: { start: { line: close.row, character: close.column - 1 }, end: { line: close.row, character: close.column - 1 } }, newText: args.join(', ') };
  const trailingComma = list.text.slice(last.endIndex - list.startIndex).trimStart().startsWith(',');
  const multiline = last.startPosition.row !== list.startPosition.row || close.row !== last.endPosition.row;
  const at = { line: last.endPosition.row, character: last.endPosition.column + (trailingComma ? 1 : 0) };
  if (multiline) {
    const indent = ' '.repeat(last.startPosition.column);
    return { range: { start: at, end: at }, newText: `${trailingComma ? '' : ','}${args.map((a) => `\n${indent}${a}`).join(',')}${trailingComma ? ',' : ''}` };
  }
  return { range: { start: at, end: at }, newText: `${trailingComma ? ' ' : ', '}${args.join(', ')}${trailingComma ? ',' : ''}` };
}

/** One more `key: value` entry at the end of a dict literal. */
function dictEntry(dict: N, key: string, value: string): TextEdit {
  const pairs = dict.namedChildren.filter((c): c is N => !!c && c.type !== 'comment');
  const last = pairs[pairs.length - 1];
  if (!last) {
    const p = dict.startPosition;
    return { range: { start: { line: p.row, character: p.column + 1 }, end: { line: p.row, character: p.column + 1 } }, newText: `${key}: ${value}` };
  }
  const trailingComma = dict.text.slice(last.endIndex - dict.startIndex).trimStart().startsWith(',');
  const at = { line: last.endPosition.row, character: last.endPosition.column + (trailingComma ? 1 : 0) };
  const multiline = last.startPosition.row !== dict.startPosition.row;
  if (multiline) return { range: { start: at, end: at }, newText: `${trailingComma ? '' : ','}\n${' '.repeat(last.startPosition.column)}${key}: ${value}${trailingComma ? ',' : ''}` };
  return { range: { start: at, end: at }, newText: `${trailingComma ? ' ' : ', '}${key}: ${value}` };
}

function enclosingDef(n: N): N | undefined {
  for (let p: N | null = n.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

function hasParam(def: N, name: string): boolean {
  return (def.childForFieldName('parameters')?.namedChildren ?? []).some((p) => p?.text === name || p?.childForFieldName('name')?.text === name || p?.namedChildren[0]?.text === name);
}

/** `expected_version` as the last parameter before any `*args` / `**kwargs` / defaults. */
function addParam(def: N): TextEdit {
  const params = def.childForFieldName('parameters')!;
  const list = params.namedChildren.filter((c): c is N => !!c && c.type !== 'comment');
  const firstOptional = list.find((p) => p.type === 'default_parameter' || p.type === 'typed_default_parameter' || p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' || p.type === 'keyword_separator');
  if (firstOptional) {
    const p = firstOptional.startPosition;
    return { range: { start: { line: p.row, character: p.column }, end: { line: p.row, character: p.column } }, newText: `${EXPECTED}, ` };
  }
  const last = list[list.length - 1];
  if (!last) {
    const p = params.startPosition;
    return { range: { start: { line: p.row, character: p.column + 1 }, end: { line: p.row, character: p.column + 1 } }, newText: EXPECTED };
  }
  const e = last.endPosition;
  return { range: { start: { line: e.row, character: e.column }, end: { line: e.row, character: e.column } }, newText: `, ${EXPECTED}` };
}

/** The value of a plain string literal (no f-string, no prefix other than r/u), else undefined. */
function stringLiteral(n: N): string | undefined {
  if (n.type !== 'string') return undefined;
  const parts = n.namedChildren.filter((c): c is N => !!c && c.type !== 'string_start' && c.type !== 'string_end');
  if (parts.some((c) => c.type !== 'string_content')) return undefined;
  const start = n.namedChildren[0]?.text ?? '';
  if (/[fFbB]/.test(start)) return undefined;
  return parts.map((c) => c.text).join('');
}

/** Text as a literal with the same quotes as `like`. */
function quoteLike(like: N, text: string): string {
  const start = like.namedChildren[0]?.text ?? "'";
  const q = start.replace(/^[rRuU]+/, '');
  return `${q}${text}${q}`;
}

function py(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function firstItemKey(call: N): string | undefined {
  const item = kwargs(call).get('Item');
  const first = item?.type === 'dictionary' ? item.namedChildren.find((c) => c?.type === 'pair') : undefined;
  const key = first?.childForFieldName('key');
  return key ? stringLiteral(key) : undefined;
}
