// The workspace model: plain data that every source (CloudFormation, CDK, SDK) produces and every
// rule reads. Nothing here knows about YAML, TypeScript or LSP.

/** Zero-based line and UTF-16 character, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  /** Workspace-relative path with forward slashes. */
  file: string;
  range: Range;
}

/** A path into a file's data tree, e.g. ['Resources', 'Api', 'Properties', 'TTL']. */
export type Path = ReadonlyArray<string | number>;

/**
 * Where a resource runs. `known`: one region. `per-deployment`: the same file is deployed to each
 * of these regions. `unknown`: nothing says; rules must not guess.
 */
export type RegionRef =
  | { kind: 'known'; region: string }
  | { kind: 'per-deployment'; regions: string[] }
  | { kind: 'unknown' };

export type SourceKind = 'cloudformation' | 'cdk' | 'sdk';

/** A JSON-like value; CloudFormation intrinsics appear in their long form, e.g. { Ref: 'X' }. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export interface Resource {
  /** Unique across the workspace: `${file}#${logicalId}`. */
  id: string;
  file: string;
  /** The logical id; for an entry of a RecordSetGroup, `Group.RecordSets[2]`. */
  logicalId: string;
  type: string;
  /** The resource's `Properties`, or {} when absent or not a mapping. */
  properties: { [key: string]: Value };
  /** The resource's own Metadata, Condition and the like, for rules that need them. */
  attributes: { [key: string]: Value };
  /** Path of the `Properties` mapping inside the file (findings with a path start here). */
  propertiesPath: Path;
  /** Range of the logical id (the key), used when a finding names no property. */
  range: Range;
  region: RegionRef;
  source: SourceKind;
  /**
   * The region the source itself states for this resource (CDK: the `env.region` of the stack that
   * creates it, when the file instantiates that stack). The linker prefers it to the file's region.
   */
  regionFromSource?: RegionRef;
  /**
   * CDK: the class (stack or construct) of this file whose constructor creates the resource, when
   * the file does not instantiate it; its region comes from instantiations in other files.
   */
  cdkClass?: string;
}

export type EdgeKind = 'replicates-to' | 'routes-to' | 'health-checked-by' | 'writes';

export interface Edge {
  kind: EdgeKind;
  /** A resource id. */
  from: string;
  /** A resource id, or `region:<name>` for a replica region that has no resource of its own. */
  to: string;
  /** A short label such as the routing policy or the lag class. */
  label?: string;
}

/** A problem that the parser found in a file: a YAML syntax error, an oversized file, ... */
export interface ParseProblem {
  file: string;
  range: Range;
  message: string;
  severity: 'error' | 'warning' | 'info';
}

/** A suppression comment or Metadata entry found in a file. */
export interface Suppression {
  file: string;
  ruleId: string;
  /** Zero-based lines it covers; undefined means the whole resource or file (see `resourceId`). */
  lines?: number[];
  /** When set, the suppression covers every finding on this resource. */
  resourceId?: string;
  reason: string;
}

/** What one file contributes to the workspace model. Kept per file so an edit re-parses one file. */
export interface FileFacts {
  file: string;
  source: SourceKind;
  resources: Resource[];
  edges: Edge[];
  /** Regions that this file itself names (replica regions, endpoint groups, latency records). */
  regions: string[];
  problems: ParseProblem[];
  suppressions: Suppression[];
  /** Names of the template's Parameters (a Ref to one of these is a deploy-time value). */
  parameters: string[];
  /** Logical ids referenced from the template's Outputs (exported or shown to other stacks). */
  outputRefs: string[];
  /** Regions this file says it is deployed to (template Metadata), before the config file is applied. */
  declaredRegions?: string[];
  /** Maps a path in the file to its range. Returns the range of the longest known prefix. */
  rangeOf(path: Path): Range;
  /** CDK: what the file says about its classes, for linking regions across files. */
  cdk?: CdkFileFacts;
}

/** What a CDK file contributes to cross-file region linking. */
export interface CdkFileFacts {
  /** Classes declared here that create resources without this file instantiating them. */
  classes: string[];
  /** Instantiations of classes that this file imports from other files of the workspace. */
  uses: CdkClassUse[];
  /** A test file (it imports aws-cdk-lib/assertions): its instantiations deploy nothing. */
  test: boolean;
}

/** `new OtherStack(scope, 'Id', props)` where OtherStack comes from another workspace file. */
export interface CdkClassUse {
  /** The class's exported name in the other file. */
  className: string;
  /** Workspace-relative path of the imported file, without its extension. */
  module: string;
  /** The region that the use states (its `env.region`) or inherits from the stack it is in. */
  region?: RegionRef;
  /** When the use sits in a class of this file that is not instantiated here: that class's name. */
  inClass?: string;
}

export interface WorkspaceModel {
  regions: string[];
  resources: Resource[];
  edges: Edge[];
  /** Looks up a resource by id. */
  resource(id: string): Resource | undefined;
  /** Resources of one type. */
  ofType(type: string): Resource[];
  /** Resolves a `Ref`/`Fn::GetAtt` target by logical id within the same file. */
  byLogicalId(file: string, logicalId: string): Resource | undefined;
  files: ReadonlyMap<string, FileFacts>;
}

export const regionKey = (region: string): string => `region:${region}`;

export function regionsOf(ref: RegionRef): string[] {
  switch (ref.kind) {
    case 'known':
      return [ref.region];
    case 'per-deployment':
      return ref.regions;
    default:
      return [];
  }
}

export function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
