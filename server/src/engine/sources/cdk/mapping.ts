// What an L2 mapper gets and the helpers every mapper uses.
import type * as TS from 'typescript';
import type { Path, Value } from '../../model';
import type { Env, Rec } from './context';
import { evaluate, scopeInstance } from './evaluate';
import { setPath } from './paths';
import type { Props } from './props';
import type { Reader } from './reader';

export interface MapArgs {
  r: Reader;
  env: Env;
  rec: Rec;
  props: Props;
  /** The `new` (or method call) expression: the range for values that no prop states. */
  node: TS.Expression;
  args: readonly TS.Expression[];
}

export type Mapper = (m: MapArgs) => void;

/** A record for a construct made by `new` or by a method such as `listener.addEndpointGroup('Id', ...)`. */
export function newRecord(r: Reader, node: TS.Expression, args: readonly TS.Expression[], env: Env, cdkClass: string, scope?: TS.Expression, suffix = ''): Rec {
  const inst = scopeInstance(r, scope ?? args[0], env);
  const idArg = scope ? args[0] : args[1];
  const idv = evaluate(r, idArg, env);
  // An id built at deploy time is shown as written, e.g. ${role}-Check for `${role}-Check`.
  const constructId = typeof idv === 'string' ? idv : idArg ? idArg.getText(r.sf).replace(/\s+/g, ' ').replace(/^`(.*)`$/, '$1') : cdkClass;
  return r.newRec(node, constructId + suffix, inst, cdkClass);
}

/** Sets a property of the record being mapped and points its path at `at` (or the `new` expression). */
export function put(m: MapArgs, path: Path, value: Value | undefined, at?: TS.Node): void {
  if (value === undefined) return;
  setPath(m.rec.properties, path, value);
  m.r.mark(m.rec, path, at ?? m.node);
}
