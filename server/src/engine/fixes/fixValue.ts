// What fixes write into templates, and the interface both template formats implement.
import type { TextEdit } from '../fix';
import type { Path, Value } from '../model';
import type { SourceText } from './text';

/** Source text copied from the template as it is (a name built with `!Sub`, a `!GetAtt`, ...). */
export class Raw {
  constructor(
    /** The exact source text of the value. */
    readonly text: string,
    /** The parsed value, for JSON output. */
    readonly value: Value,
    /** The indentation of the entry it came from, to re-indent its continuation lines elsewhere. */
    readonly column: number,
  ) {}
}

/** What a fix writes: plain values, intrinsics in long form (`{ Ref: X }`, short form in YAML), or copied source. */
export type FixValue = null | boolean | number | string | Raw | FixValue[] | { [key: string]: FixValue };

export type NodeKind = 'map' | 'seq' | 'scalar';

export interface TemplateDoc {
  readonly format: 'yaml' | 'json';
  readonly src: SourceText;
  kind(path: Path): NodeKind | undefined;
  /** The plain value at a path (intrinsics in long form). */
  value(path: Path): Value | undefined;
  keys(path: Path): string[];
  /** Offset where the entry at `path` starts: its key, or the item of a sequence. */
  keyStart(path: Path): number | undefined;
  raw(path: Path): Raw | undefined;
  /** Replaces a scalar value; a string keeps the quotes the old value had. */
  replace(path: Path, value: FixValue): TextEdit | undefined;
  /** Adds entries to a mapping, after the entry `after` when given, else at its end. */
  insertPairs(mapPath: Path, entries: [string, FixValue][], after?: string): TextEdit | undefined;
  /** Adds an item to a sequence after the item at `afterIndex`. */
  insertItem(seqPath: Path, afterIndex: number, value: FixValue): TextEdit | undefined;
}

export function isPlainObject(v: FixValue | undefined): v is { [key: string]: FixValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw) && !isIntrinsic(v);
}

/** `{ Ref: X }` or `{ 'Fn::...': ... }`: one key naming an intrinsic function. */
export function isIntrinsic(v: FixValue | Value | undefined): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Raw) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && isIntrinsicKey(keys[0]);
}

/** `Ref`, `Condition` or `Fn::...`: the key of an intrinsic function in long form. */
export function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}
