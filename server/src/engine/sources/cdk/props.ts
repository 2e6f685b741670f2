// The props object of a construct, seen entry by entry: each entry's expression (followed through
// constants, spreads and `props.x`), the node a finding should point at, and its value.
import type * as TS from 'typescript';
import type { Path, Value } from '../../model';
import type { Cx, Env, Rec } from './context';
import { evaluate } from './evaluate';
import { propName, tsApi, unwrap } from './tsapi';

export interface Entry {
  /** The property assignment (`failover: 'PRIMARY'`), for ranges. */
  at: TS.Node;
  node: TS.Expression;
  env: Env;
}

/** Follows identifiers bound to expressions and `a.b` into object literals, to the expression a value comes from. */
export function resolveNode(cx: Cx, node: TS.Expression, env: Env, depth = 0): { node: TS.Expression; env: Env } {
  const ts = tsApi();
  const n = unwrap(node);
  if (depth > 20) return { node: n, env };
  if (ts.isIdentifier(n)) {
    const b = env.get(n.text);
    if (b?.kind === 'expr') return resolveNode(cx, b.node, b.env, depth + 1);
    if (b?.kind === 'prop' && b.of.kind === 'expr') {
      const hit = entriesOf(cx, b.of.node, b.of.env, depth + 1).get(b.name);
      if (hit) return resolveNode(cx, hit.node, hit.env, depth + 1);
    }
    return { node: n, env };
  }
  if (ts.isPropertyAccessExpression(n)) {
    const owner = unwrap(n.expression);
    if (owner.kind === ts.SyntaxKind.ThisKeyword) {
      const b = env.inst.members.get(n.name.text);
      return b?.kind === 'expr' ? resolveNode(cx, b.node, b.env, depth + 1) : { node: n, env };
    }
    const hit = entriesOf(cx, owner, env, depth + 1).get(n.name.text);
    if (hit) return resolveNode(cx, hit.node, hit.env, depth + 1);
  }
  return { node: n, env };
}

/** The entries of the object literal an expression resolves to; spreads are merged in order. */
export function entriesOf(cx: Cx, node: TS.Expression | undefined, env: Env, depth = 0): Map<string, Entry> {
  const ts = tsApi();
  const out = new Map<string, Entry>();
  if (!node || depth > 20) return out;
  const at = resolveNode(cx, node, env, depth + 1);
  if (!ts.isObjectLiteralExpression(at.node)) return out;
  for (const p of at.node.properties) {
    if (ts.isSpreadAssignment(p)) {
      for (const [k, v] of entriesOf(cx, p.expression, at.env, depth + 1)) out.set(k, v);
      continue;
    }
    const key = propName(p.name);
    if (key === undefined) continue;
    if (ts.isPropertyAssignment(p)) out.set(key, { at: p, node: p.initializer, env: at.env });
    else if (ts.isShorthandPropertyAssignment(p)) {
      const b = at.env.get(key);
      out.set(key, b?.kind === 'expr' ? { at: p, node: b.node, env: b.env } : { at: p, node: p.name, env: at.env });
    }
  }
  return out;
}

/** A construct's props, read by the L2 mappers. */
export class Props {
  readonly entries: Map<string, Entry>;

  constructor(
    private readonly cx: Cx,
    node: TS.Expression | undefined,
    env: Env | undefined,
  ) {
    this.entries = node && env ? entriesOf(cx, node, env) : new Map();
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  at(key: string): TS.Node | undefined {
    return this.entries.get(key)?.at;
  }

  /** The entry's value, keys as written. */
  get(key: string): Value | undefined {
    const e = this.entries.get(key);
    return e ? evaluate(this.cx, e.node, e.env) : undefined;
  }

  /** The entry's value as a string literal, if it is one. */
  str(key: string): string | undefined {
    const v = this.get(key);
    return typeof v === 'string' ? v : undefined;
  }

  /** The props of a nested object literal entry. */
  nested(key: string): Props {
    const e = this.entries.get(key);
    return new Props(this.cx, e?.node, e?.env);
  }

  /** The elements of an array literal entry, each with its node. */
  items(key: string): { node: TS.Expression; env: Env }[] {
    const ts = tsApi();
    const e = this.entries.get(key);
    if (!e) return [];
    const at = resolveNode(this.cx, e.node, e.env);
    return ts.isArrayLiteralExpression(at.node) ? at.node.elements.filter((x) => !ts.isSpreadElement(x) && !ts.isOmittedExpression(x)).map((node) => ({ node, env: at.env })) : [];
  }

  /** The resolved expression of an entry (through constants), for mappers that read call shapes. */
  node(key: string): { node: TS.Expression; env: Env } | undefined {
    const e = this.entries.get(key);
    return e ? resolveNode(this.cx, e.node, e.env) : undefined;
  }

  /** Evaluates an L1-shaped entry with CloudFormation key names, marking ranges under `path`. */
  cfn(key: string, rec: Rec, path: Path): Value | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    const parent = path.length ? String(path[path.length - 1]) : undefined;
    return evaluate(this.cx, e.node, e.env, { cfn: true, path, parent, mark: (p, node) => this.cx.mark(rec, p, node) });
  }
}
