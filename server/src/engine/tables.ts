// Table identity: which DynamoDB table each write in application code goes to, and where that code
// runs. A write names its table by a literal, a constant or `process.env.X`; the Lambda functions
// and ECS tasks of the workspace (CloudFormation or CDK) say what X is and which code they run.
// When several tables could match, or none, the answer is "unknown": the rules then stay silent.
import * as path from 'node:path';
import type { Path, Resource, Value, WorkspaceModel } from './model';
import { regionsOf } from './model';
import { WRITE_TYPE } from './sources/sdk/writes';
import { nameParts, namesMayMatch, patternOf } from './stores';
import { asArray, asObject, literalString, refTarget, referencedIds, str } from './values';

export const GLOBAL_TABLE = 'AWS::DynamoDB::GlobalTable';
export const TABLE = 'AWS::DynamoDB::Table';
const COMPUTE_TYPES = ['AWS::Lambda::Function', 'AWS::Serverless::Function', 'AWS::ECS::TaskDefinition'];

export interface TableInfo {
  table: Resource;
  /** Regions that hold a replica, as far as the definition says. */
  replicaRegions: string[];
  /** False when a replica's region is computed at deploy time (then a region check must stay silent). */
  regionsComplete: boolean;
  /** How many replicas the definition lists (the stack's own region included). */
  replicaCount: number;
  /** Two or more replicas: writes in different regions can conflict. */
  global: boolean;
  /** Multi-Region strong consistency; undefined when the mode is computed at deploy time. */
  strong: boolean | undefined;
  partitionKey?: string;
}

export interface WriteLink {
  write: Resource;
  /** The table the write goes to, when exactly one table of the workspace matches. */
  table?: TableInfo;
  /** How the table was found, or why it was not, in words. */
  via: string;
  /** The Lambda functions or ECS tasks that run this code, when the workspace says. */
  runners: Resource[];
  /** Where the write happens: the client's literal region, or the regions its runners are deployed to. */
  regions: { region: string; runner?: Resource; client?: boolean }[];
  /** The environment variables that tie the write to its table (for related information). */
  wiredBy: { compute: Resource; path: Path; name: string }[];
}

/** An environment variable of a function or task that names a table. */
export interface EnvUse {
  compute: Resource;
  name: string;
  /** Path of the variable's value below the compute's Properties. */
  path: Path;
  table: TableInfo;
}

const linkCache = new WeakMap<WorkspaceModel, WriteLink[]>();
const linked = new WeakSet<WorkspaceModel>();

/**
 * Resolves every write's table, records it on the write (`ResolvedTable`: the table's id or null,
 * `TableResolution`: how) and adds a `writes` edge. `buildModel` calls it once per model.
 */
export function linkWrites(model: WorkspaceModel): void {
  if (linked.has(model)) return;
  linked.add(model);
  for (const l of writeLinks(model)) {
    l.write.properties.ResolvedTable = l.table?.table.id ?? null;
    l.write.properties.TableResolution = l.via;
    if (l.table) model.edges.push({ kind: 'writes', from: l.write.id, to: l.table.table.id, label: str(l.write.properties.Operation) });
  }
}

/** Every write of the workspace with its table and regions, computed once per model. */
export function writeLinks(model: WorkspaceModel): WriteLink[] {
  let links = linkCache.get(model);
  if (!links) {
    const computes = model.resources.filter((r) => COMPUTE_TYPES.includes(r.type));
    const infos = new Map<Resource, TableInfo>();
    const info = (t: Resource) => infos.get(t) ?? infos.set(t, tableInfo(t)).get(t)!;
    links = model.ofType(WRITE_TYPE).map((w) => linkWrite(model, w, computes, info));
    linkCache.set(model, links);
  }
  return links;
}

/** Environment variables anywhere in the workspace that name a table. */
export function envUses(model: WorkspaceModel): EnvUse[] {
  const out: EnvUse[] = [];
  for (const c of model.resources.filter((r) => COMPUTE_TYPES.includes(r.type))) {
    for (const [name, v] of envOf(c)) {
      const t = tableFromValue(model, c, v.value);
      if (t) out.push({ compute: c, name, path: v.path, table: tableInfo(t) });
    }
  }
  return out;
}

export function tableInfo(table: Resource): TableInfo {
  const p = table.properties;
  const home = regionOf(table);
  const regions = new Set<string>(home.kind === 'known' ? [home.region] : []);
  // A GlobalTable lists its own region among its replicas; a Table with replicas adds it.
  let complete = table.type === GLOBAL_TABLE || home.kind === 'known';
  let count = 0;
  const replicas = table.type === GLOBAL_TABLE ? asArray(p.Replicas) : [...asArray(p.ReplicationRegions), ...asArray(p.Replicas)];
  for (const rep of replicas) {
    const v = typeof rep === 'string' ? rep : asObject(rep)?.Region;
    if (v === undefined) continue;
    count++;
    const literal = literalString(v);
    if (literal !== undefined && !literal.includes('${')) regions.add(literal);
    // `Region: !Ref AWS::Region` is the table's own region, already counted when known.
    else if (!(refTarget(v) === 'AWS::Region' || asObject(v)?.['Fn::Sub'] === '${AWS::Region}') || home.kind !== 'known') complete = false;
  }
  // A Table with replication regions also lives in its own region; a GlobalTable lists that region.
  const replicaCount = table.type === GLOBAL_TABLE ? count : count > 0 ? count + 1 : 0;
  const mode = p.MultiRegionConsistency;
  const strong = mode === undefined ? false : typeof mode === 'string' ? mode.toUpperCase() === 'STRONG' : undefined;
  const hash = asArray(p.KeySchema).map(asObject).find((k) => str(k?.KeyType) === 'HASH');
  return { table, replicaRegions: [...regions].sort(), regionsComplete: complete, replicaCount, global: replicaCount >= 2, strong, partitionKey: str(hash?.AttributeName) };
}

/** A resource's regions: where the linker placed it, else what its source states. */
export function regionOf(r: Resource): Resource['region'] {
  return r.region.kind === 'unknown' && r.regionFromSource ? r.regionFromSource : r.region;
}

function linkWrite(model: WorkspaceModel, w: Resource, computes: Resource[], info: (t: Resource) => TableInfo): WriteLink {
  const name = w.properties.TableName;
  let runners = computes.filter((c) => runsFile(c, w.file));
  let table: Resource | undefined;
  let via: string;
  let wiredBy: WriteLink['wiredBy'] = [];
  const envVar = str(asObject(name)?.EnvVar);
  if (typeof name === 'string') {
    const found = tablesNamed(model, name);
    table = found.length === 1 ? found[0] : undefined;
    via = found.length === 1 ? `table name '${name}'` : found.length ? `unknown: ${found.length} tables may be named '${name}'` : `unknown: no table named '${name}' in the workspace`;
  } else if (envVar) {
    const setters = (runners.length ? runners : computes).filter((c) => envOf(c).has(envVar));
    if (!runners.length) runners = setters;
    const targets = new Set(setters.map((c) => tableFromValue(model, c, envOf(c).get(envVar)!.value)));
    table = targets.size === 1 ? [...targets][0] : undefined;
    if (table) wiredBy = setters.map((c) => ({ compute: c, path: envOf(c).get(envVar)!.path, name: envVar }));
    via = table
      ? `${envVar} set by ${setters.map((s) => s.logicalId).join(', ')}`
      : setters.length === 0
        ? `unknown: no function or task sets ${envVar}`
        : `unknown: ${envVar} does not name exactly one table of the workspace`;
  } else {
    via = `unknown: the table name is computed (${str(asObject(name)?.Unknown) ?? '?'})`;
  }
  const clientRegion = str(w.properties.ClientRegion);
  const regions = clientRegion
    ? [{ region: clientRegion, client: true }]
    : runners.length
      ? runners.flatMap((r) => regionsOf(regionOf(r)).map((region) => ({ region, runner: r })))
      : regionsOf(w.region).map((region) => ({ region }));
  return { write: w, table: table ? info(table) : undefined, via, runners, regions, wiredBy };
}

/** Tables whose name could be `name` (a table name or ARN). */
function tablesNamed(model: WorkspaceModel, name: string): Resource[] {
  const bare = /^arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/([^/]+)/.exec(name)?.[1] ?? name;
  return [...model.ofType(GLOBAL_TABLE), ...model.ofType(TABLE)].filter((t) => {
    if (t.properties.TableName === undefined) return false;
    const own = literalString(t.properties.TableName);
    return own !== undefined && !own.includes('${') ? own === bare : namesMayMatch(bare, patternOf(nameParts(t.properties.TableName)));
  });
}

/** The table an environment value names: `!Ref Table`, `!GetAtt Table.Arn`, `!Sub ${Table}`, or a table name. */
function tableFromValue(model: WorkspaceModel, from: Resource, v: Value): Resource | undefined {
  const isTable = (r: Resource | undefined) => (r && (r.type === GLOBAL_TABLE || r.type === TABLE) ? r : undefined);
  const target = refTarget(v);
  if (target) return isTable(model.byLogicalId(from.file, target));
  const literal = literalString(v);
  if (literal !== undefined) {
    const found = tablesNamed(model, literal);
    return found.length === 1 ? found[0] : undefined;
  }
  if (asObject(v)?.['Fn::Sub'] !== undefined) {
    const tables = [...referencedIds(v)].map((id) => isTable(model.byLogicalId(from.file, id))).filter((t) => t);
    return tables.length === 1 ? tables[0] : undefined;
  }
  return undefined;
}

const envCache = new WeakMap<Resource, Map<string, { value: Value; path: Path }>>();

/** A function's `Environment.Variables`, or a task's container `Environment` entries. */
function envOf(c: Resource): Map<string, { value: Value; path: Path }> {
  let env = envCache.get(c);
  if (env) return env;
  env = new Map();
  const vars = asObject(asObject(c.properties.Environment)?.Variables);
  for (const [k, v] of Object.entries(vars ?? {})) env.set(k, { value: v, path: ['Environment', 'Variables', k] });
  asArray(c.properties.ContainerDefinitions).forEach((def, i) => {
    asArray(asObject(def)?.Environment).forEach((e, j) => {
      const name = str(asObject(e)?.Name);
      const value = asObject(e)?.Value;
      if (name && value !== undefined) env!.set(name, { value, path: ['ContainerDefinitions', i, 'Environment', j, 'Value'] });
    });
  });
  envCache.set(c, env);
  return env;
}

/**
 * True when a function runs this code file: its code location (SAM `CodeUri`, a local `Code`
 * path, or CDK asset metadata `aws:asset:path`, relative to the defining file) plus the module of
 * its `Handler`, or an entry file named directly.
 */
function runsFile(c: Resource, file: string): boolean {
  const loc = [c.properties.CodeUri, c.properties.Code, asObject(c.attributes.Metadata)?.['aws:asset:path']].find((v) => typeof v === 'string') as string | undefined;
  if (loc === undefined) return false;
  const dir = path.posix.dirname(c.file);
  const code = path.posix.normalize(path.posix.join(dir, loc));
  const bare = file.replace(/\.(?:[mc]?[jt]s|tsx|jsx|py)$/, '');
  if (/\.(?:[mc]?[jt]s|tsx|jsx|py)$/.test(loc)) return code === file;
  const handler = str(c.properties.Handler);
  let module = handler?.slice(0, handler.lastIndexOf('.'));
  // Python handlers name a dotted module path: `orders.api.handler` runs orders/api.py.
  if (module && file.endsWith('.py')) module = module.replace(/\./g, '/');
  return !!module && path.posix.join(code, module) === bare;
}

/** How messages name a table: `global table Orders (replicas us-east-1, eu-west-1)`. */
export function tableLabel(t: TableInfo): string {
  const name = literalString(t.table.properties.TableName);
  const id = name && name !== t.table.logicalId ? `${t.table.logicalId} ('${name}')` : t.table.logicalId;
  if (t.regionsComplete) return `global table ${id} (replicas in ${t.replicaRegions.join(', ')})`;
  return `global table ${id} (${t.replicaCount} replicas${t.replicaRegions.length ? `, including ${t.replicaRegions.join(', ')}` : ''})`;
}

/** Related information for a write: the table's definition, then the environment that wires it. */
export function writeRelated(l: WriteLink): { resource: Resource; path?: Path; message: string }[] {
  if (!l.table) return [];
  const t = l.table.table;
  return [
    { resource: t, message: `${t.logicalId} is defined here with ${l.table.replicaCount} replicas.` },
    ...l.wiredBy.slice(0, 3).map((w) => ({ resource: w.compute, path: w.path, message: `${w.compute.logicalId} passes the table name in ${w.name}.` })),
  ];
}
