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
    const merged = new Map<string, Range>();
    for (const rec of e.recs) for (const [k, r] of rec.ranges) merged.set(k, r);
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
 * group, so a record referring to a split group is split as well (until nothing changes).
 */
function splitGroups(groups: Map<string, Rec[]>, byKey: Map<string, Rec>): Set<string> {
  const split = new Set<string>();
  const canonical = (rec: Rec) =>
    JSON.stringify(
      mapStrings(rec.properties, (s) => {
        const target = s.startsWith(REF_MARK) ? byKey.get(s.slice(1)) : undefined;
        if (!target) return s;
        return split.has(target.group) ? `${target.inst.key}@${target.group}` : target.group;
      }),
    );
  for (let pass = 0; pass < 6; pass++) {
    let changed = false;
    for (const [g, list] of groups) {
      if (list.length < 2 || split.has(g)) continue;
      if (new Set(list.map(canonical)).size > 1 || new Set(list.map((x) => x.type)).size > 1) {
        split.add(g);
        changed = true;
      }
    }
    if (!changed) break;
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
  const open = recs.find((r) => r.inst.region === undefined);
  if (open) return { cdkClass: open.inst.origin };
  const known = [...new Set(recs.flatMap((r) => (r.inst.region?.kind === 'known' ? [r.inst.region.region] : r.inst.region?.kind === 'per-deployment' ? r.inst.region.regions : [])))].sort();
  if (known.length === 0) return { region: { kind: 'unknown' } };
  return { region: known.length === 1 ? { kind: 'known', region: known[0] } : { kind: 'per-deployment', regions: known } };
}
