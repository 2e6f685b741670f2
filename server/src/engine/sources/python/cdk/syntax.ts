// The parts of a tree-sitter Python node that the CDK reader uses, so that it depends on the shape
// of the tree and not on the parser package.

export interface PyNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: { row: number; column: number };
  readonly namedChildren: (PyNode | null)[];
  readonly children: (PyNode | null)[];
  childForFieldName(name: string): PyNode | null;
}

export function named(n: PyNode | null | undefined): PyNode[] {
  return n ? (n.namedChildren.filter((c) => c !== null && c.type !== 'comment') as PyNode[]) : [];
}

export function field(n: PyNode, name: string): PyNode | undefined {
  return n.childForFieldName(name) ?? undefined;
}

/** `health_check_id` -> `healthCheckId`; names in capitals (enum members) and aws_* modules stay. */
export function camel(name: string): string {
  if (!name.includes('_') || /^[A-Z0-9_]+$/.test(name) || name.startsWith('aws_') || name.startsWith('_')) return name;
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A snake_case dictionary key that CDK's Python binding would have converted. */
export function isSnake(key: string): boolean {
  return /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(key);
}

const RESERVED = new Set(['new', 'function', 'var', 'let', 'const', 'default', 'delete', 'this', 'switch', 'case', 'typeof', 'instanceof', 'void', 'enum', 'export', 'extends', 'super', 'catch', 'throw', 'do', 'debugger', 'arguments', 'eval', 'null', 'undefined', 'true', 'false', 'interface', 'package', 'private', 'protected', 'public', 'static', 'implements', 'yield', 'await', 'in', 'of', 'process']);

/** A Python identifier as a TypeScript one. */
export function ident(name: string): string {
  return RESERVED.has(name) ? `${name}_` : name;
}

/** A Python string literal's value (escapes decoded for the common cases); undefined for f-strings. */
export function stringValue(n: PyNode): string | undefined {
  if (n.type === 'concatenated_string') {
    const parts = named(n).map(stringValue);
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (n.type !== 'string') return undefined;
  const start = n.children[0]?.text ?? '';
  if (/f/i.test(start)) return undefined;
  const raw = /r/i.test(start);
  let out = '';
  for (const c of named(n)) {
    if (c.type === 'string_content') out += raw ? c.text : unescape(c.text);
    else if (c.type === 'escape_sequence') out += raw ? c.text : unescape(c.text);
    else if (c.type === 'interpolation') return undefined;
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/gs, (_, e: string) => {
    if (e[0] === 'x' || e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[e] ?? (e === '\n' ? '' : e);
  });
}
