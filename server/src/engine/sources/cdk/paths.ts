// Small helpers for building CloudFormation-shaped values by path.
import type { Path, Value } from '../../model';
import type { ValueObject } from '../../values';

function isPlain(v: Value | undefined): v is ValueObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Sets a value at a path, creating objects (or arrays, for numeric keys) on the way; objects merge like CDK overrides. */
export function setPath(root: ValueObject, path: Path, value: Value): void {
  if (path.length === 0) {
    if (isPlain(value)) Object.assign(root, value);
    return;
  }
  let node: ValueObject | Value[] = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const cur: Value | undefined = (node as Record<string | number, Value>)[key];
    if (cur === null || typeof cur !== 'object') {
      const fresh: ValueObject | Value[] = typeof path[i + 1] === 'number' ? [] : {};
      (node as Record<string | number, Value>)[key] = fresh;
      node = fresh;
    } else node = cur;
  }
  const last = path[path.length - 1];
  const prev = (node as Record<string | number, Value>)[last];
  (node as Record<string | number, Value>)[last] = isPlain(prev) && isPlain(value) && !isIntrinsic(value) ? { ...prev, ...value } : value;
}

export function deletePath(root: ValueObject, path: Path): void {
  let node: Value | undefined = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string | number, Value>)[path[i]];
  }
  if (node === null || typeof node !== 'object') return;
  const last = path[path.length - 1];
  if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
  else delete (node as Record<string | number, Value>)[last];
}

/** `Properties.A.0.B` style override paths (without the `Properties.` part) -> ['A', 0, 'B']. */
export function overridePath(text: string): Path {
  return text.split('.').filter((p) => p !== '').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function isIntrinsic(v: ValueObject): boolean {
  return Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'));
}

/** A copy with every string passed through `f`. */
export function mapStrings(v: Value, f: (s: string) => string): Value {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (isPlain(v)) {
    const out: ValueObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = mapStrings(x, f);
    return out;
  }
  return v;
}
