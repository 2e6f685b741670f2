// DynamoDB expression strings, read just far enough for the data rules: which attributes an
// UpdateExpression increments (read-modify-write that last-writer-wins can lose), and whether a
// ConditionExpression checks a version (optimistic locking).

/** Unknown pieces of an expression built at run time are written as this marker. */
export const HOLE = '\u0000';

/**
 * Attributes that an UpdateExpression increments: every `ADD path value` action, and
 * `SET a = a + :n` / `SET a = if_not_exists(a, :zero) + :n` / `SET a = :n + a` (also with `-`).
 */
export function incrementedAttributes(expr: string): string[] {
  const out: string[] = [];
  for (const { keyword, body } of clauses(expr)) {
    for (const action of splitTop(body, ',')) {
      if (keyword === 'ADD') {
        const path = action.trim().split(/\s+/)[0];
        if (path) out.push(path);
      } else if (keyword === 'SET') {
        const eq = action.indexOf('=');
        if (eq === -1) continue;
        const path = action.slice(0, eq).trim();
        const operands = splitTop(action.slice(eq + 1), '+', '-').map((o) => o.trim());
        if (operands.length > 1 && operands.some((o) => o === path || new RegExp(`^if_not_exists\\(\\s*${escape(path)}\\s*,`).test(o))) out.push(path);
      }
    }
  }
  return out;
}

/**
 * True when a ConditionExpression compares an attribute with a value the caller read before:
 * `#version = :expected`, `updatedAt < :now`, or `attribute_not_exists(v) OR v = :v`. A condition
 * on existence alone (`attribute_exists(pk)`) does not order two concurrent increments.
 */
export function checksVersion(condition: string, names: Record<string, string>): boolean {
  const compare = /([#\w.[\]]+)\s*(=|<>|<=|>=|<|>)\s*(:\w+)|(:\w+)\s*(=|<>|<=|>=|<|>)\s*([#\w.[\]]+)/g;
  for (const m of condition.matchAll(compare)) {
    const op = m[2] ?? m[5];
    const path = m[1] ?? m[6];
    if (op === '<>') continue;
    const name = path.split('.').map((p) => names[p] ?? p).join('.');
    if (op === '=' || /version|revision|etag|updated|modified|timestamp|seq/i.test(name)) return true;
  }
  return false;
}

/** `SET a = :a REMOVE b ADD c :c` -> [{ SET, 'a = :a' }, { REMOVE, 'b' }, { ADD, 'c :c' }]. */
function clauses(expr: string): { keyword: string; body: string }[] {
  const re = /\b(SET|REMOVE|ADD|DELETE)\b/gi;
  const marks = [...expr.matchAll(re)].filter((m) => depthAt(expr, m.index!) === 0);
  return marks.map((m, i) => ({ keyword: m[1].toUpperCase(), body: expr.slice(m.index! + m[0].length, i + 1 < marks.length ? marks[i + 1].index : expr.length) }));
}

function depthAt(text: string, index: number): number {
  let d = 0;
  for (let i = 0; i < index; i++) d += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
  return d;
}

/** Splits at the separators that are outside parentheses. */
function splitTop(text: string, ...seps: string[]): string[] {
  const out: string[] = [];
  let d = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') d++;
    else if (c === ')') d--;
    else if (d === 0 && seps.includes(c)) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
