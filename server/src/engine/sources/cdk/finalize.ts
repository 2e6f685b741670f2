// Records -> resources. A construct of a stack class instantiated several times in the file is one
// resource (deployed to each instance's region) when every instance builds it the same way, and
// one resource per instance (`Primary/Record`, `Secondary/Record`) when they differ, e.g. in their
// failover role or their own region. Placeholder Refs become final logical ids.
import type { Range, RegionRef, Resource, Value } from '../../model';
import type { ValueObject } from '../../values';
import { REF_MARK, type Rec } from './context';
import { mapStrings } from './paths';

export interface Finalized {
  resources: Resource[];
  /** Ranges of property paths per logical id, keyed by `pathKey(path)` below Properties. */
  ranges: Map<string, Map<string, Range>>;
  parameters: string[];
  /** Replaces placeholder ids in a value with final logical ids. */
  resolve(v: Value): Value;
}

interface Entry {
  recs: Rec[];
  id: string;
}

export function finalize(file: string, recs: Rec[]): Finalized {
  const groups = new Map<string, Rec[]>();
  for (const rec of recs) {
    if (!rec.type) continue;
    const list = groups.get(rec.group);
    if (list) list.push(rec);
    else groups.set(rec.group, [rec]);
  }
  const split = splitGroups(groups, new Map(recs.map((x) => [x.key, x])));
  const entries: Entry[] = [];
  for (const [g, list] of groups) {
    if (split.has(g)) for (const rec of list) entries.push({ recs: [rec], id: [...rec.inst.label, rec.constructId].join('/') });
    else entries.push({ recs: list, id: list[0].constructId });
  }
  uniqueIds(entries);
  const idOf = new Map<string, string>();
  for (const e of entries) for (const rec of e.recs) idOf.set(rec.key, e.id);
  const resolve = (v: Value) => mapStrings(v, (s) => (s.startsWith(REF_MARK) ? idOf.get(s.slice(1)) ?? s.slice(1) : s));
  const resources: Resource[] = [];
  const ranges = new Map<string, Map<string, Range>>();
  const parameters: string[] = [];
  for (const e of entries) {
    const first = e.recs[0];
    if (first.notes.parameter) {
      parameters.push(e.id);
      continue;
    }
    // Records of one group come from the same source, so their ranges agree; an override that only
    // one instance's code applies adds its own.
    let merged = first.ranges;
    for (const rec of e.recs.slice(1)) for (const [k, r] of rec.ranges) if (!merged.has(k)) (merged = merged === first.ranges ? new Map(merged) : merged).set(k, r);
    ranges.set(e.id, merged);
    const { region, cdkClass } = regionOf(e.recs);
    resources.push({
      id: `${file}#${e.id}`,
      file,
      logicalId: e.id,
      type: first.type,
      properties: resolve(first.properties) as ValueObject,
      attributes: {},
      propertiesPath: ['Resources', e.id, 'Properties'],
      range: first.range,
      region: region ?? { kind: 'unknown' },
      source: 'cdk',
      ...(region ? { regionFromSource: region } : {}),
      ...(cdkClass ? { cdkClass } : {}),
    });
  }
  return { resources, ranges, parameters, resolve };
}

/**
 * Groups whose records differ between instances. A Ref compares equal when it names the same
 * group, so a record referring to a split group is split as well (until nothing changes); after
 * the first pass only groups that refer to a newly split group are compared again.
 */
function splitGroups(groups: Map<string, Rec[]>, byKey: Map<string, Rec>): Set<string> {
  const split = new Set<string>();
  // JSON.stringify writes the placeholder mark as the six characters \u0001; record keys follow it.
  const REF = /\\u0001(r\d+)/g;
  const json = new Map<Rec, string>();
  const text = (rec: Rec) => {
    let t = json.get(rec);
    if (t === undefined) json.set(rec, (t = JSON.stringify(rec.properties)));
    return t;
  };
  const canonical = (rec: Rec) =>
    text(rec).replace(REF, (whole, key: string) => {
      const target = byKey.get(key);
      if (!target) return whole;
      return split.has(target.group) ? `${target.inst.key}@${target.group}` : target.group;
    });
  const refersTo = (rec: Rec, changed: Set<string>) => [...text(rec).matchAll(REF)].some((m) => changed.has(byKey.get(m[1])?.group ?? ''));
  let pending = [...groups].filter(([, list]) => list.length > 1);
  let changed: Set<string> | undefined;
  for (let pass = 0; pass < 6 && pending.length; pass++) {
    const now = new Set<string>();
    for (const [g, list] of pending) {
      if (changed && !list.some((rec) => refersTo(rec, changed!))) continue;
      if (new Set(list.map((x) => x.type)).size > 1 || new Set(list.map(canonical)).size > 1) {
        split.add(g);
        now.add(g);
      }
    }
    if (now.size === 0) break;
    pending = pending.filter(([g]) => !split.has(g));
    changed = now;
  }
  return split;
}

/** Makes logical ids unique: qualified by the class (or instance path), then numbered. */
function uniqueIds(entries: Entry[]): void {
  const counts = (): Map<string, number> => {
    const c = new Map<string, number>();
    for (const e of entries) c.set(e.id, (c.get(e.id) ?? 0) + 1);
    return c;
  };
  let c = counts();
  for (const e of entries) {
    if ((c.get(e.id) ?? 0) < 2) continue;
    const inst = e.recs[0].inst;
    const qualifier = e.recs.length > 1 || inst.label.length === 0 ? inst.className : inst.label.join('/');
    if (qualifier && !e.id.startsWith(`${qualifier}/`)) e.id = `${qualifier}/${e.id}`;
  }
  c = counts();
  const seen = new Map<string, number>();
  for (const e of entries) {
    if ((c.get(e.id) ?? 0) < 2) continue;
    const n = (seen.get(e.id) ?? 0) + 1;
    seen.set(e.id, n);
    if (n > 1) e.id = `${e.id}#${n}`;
  }
}

/** The region the records' instances state; undefined (with the class to link) when the file does not say. */
function regionOf(recs: Rec[]): { region?: RegionRef; cdkClass?: string } {
  const known = new Set<string>();
  for (const r of recs) {
    const region = r.inst.region;
    if (region === undefined) return { cdkClass: r.inst.origin };
    if (region.kind === 'known') known.add(region.region);
    else if (region.kind === 'per-deployment') for (const x of region.regions) known.add(x);
  }
  const sorted = [...known].sort();
  if (sorted.length === 0) return { region: { kind: 'unknown' } };
  return { region: sorted.length === 1 ? { kind: 'known', region: sorted[0] } : { kind: 'per-deployment', regions: sorted } };
}
