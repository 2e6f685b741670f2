// Facts read from application code (SDK calls, session stores, file writes, module state) are
// resources too, with a `Code::` type, so that rules read one model whatever the source. This
// builder gives each code fact a path `['Code', logicalId, ...]` and keeps the range of each path.
import type { FileFacts, Path, Range, Resource, SourceKind, Value } from '../model';
import { zeroRange } from '../model';
import { lookupRange, pathKey } from './tree';

export interface CodeFact {
  /** Unique within the file, e.g. `PutItem@12:4`. */
  logicalId: string;
  /** `Code::<Area>::<What>`, e.g. `Code::DynamoDB::Write`. */
  type: string;
  properties: { [key: string]: Value };
  /** The whole fact, e.g. the call expression's first line. */
  range: Range;
  /** Ranges of properties, keyed by their path below the fact, e.g. { 'TableName': r, 'Key': r }. */
  propertyRanges?: Record<string, Range>;
}

export class CodeFactsBuilder {
  private readonly resources: Resource[] = [];
  private readonly ranges = new Map<string, Range>();

  constructor(
    private readonly file: string,
    private readonly source: SourceKind,
  ) {}

  add(fact: CodeFact): Resource {
    const base: Path = ['Code', fact.logicalId];
    this.ranges.set(pathKey(base), fact.range);
    for (const [key, range] of Object.entries(fact.propertyRanges ?? {})) this.ranges.set(pathKey([...base, ...key.split('.')]), range);
    const resource: Resource = {
      id: `${this.file}#${fact.logicalId}`,
      file: this.file,
      logicalId: fact.logicalId,
      type: fact.type,
      properties: fact.properties,
      attributes: {},
      propertiesPath: base,
      range: fact.range,
      region: { kind: 'unknown' },
      source: this.source,
    };
    this.resources.push(resource);
    return resource;
  }

  get count(): number {
    return this.resources.length;
  }

  /** The parts of FileFacts that code facts supply. */
  build(): Pick<FileFacts, 'resources' | 'rangeOf'> {
    const ranges = this.ranges;
    return { resources: this.resources, rangeOf: (path: Path) => lookupRange(ranges, path) ?? zeroRange() };
  }
}

/** Joins the facts that several readers took from one file (CDK constructs, SDK calls, state). */
export function mergeFacts(file: string, parts: FileFacts[]): FileFacts {
  if (parts.length === 1) return parts[0];
  const isZero = (r: Range) => r.start.line === 0 && r.start.character === 0 && r.end.line === 0 && r.end.character === 0;
  return {
    file,
    source: parts[0]?.source ?? 'sdk',
    resources: parts.flatMap((p) => p.resources),
    edges: parts.flatMap((p) => p.edges),
    regions: [...new Set(parts.flatMap((p) => p.regions))].sort(),
    // Each reader scans the file's comments; keep one copy of what several of them found.
    problems: uniqueBy(parts.flatMap((p) => p.problems)),
    suppressions: uniqueBy(parts.flatMap((p) => p.suppressions)),
    cdk: parts.find((p) => p.cdk)?.cdk,
    parameters: parts.flatMap((p) => p.parameters),
    outputRefs: parts.flatMap((p) => p.outputRefs),
    declaredRegions: parts.find((p) => p.declaredRegions)?.declaredRegions,
    rangeOf: (path) => {
      for (const p of parts) {
        const r = p.rangeOf(path);
        if (!isZero(r)) return r;
      }
      return zeroRange();
    },
  };
}

function uniqueBy<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
