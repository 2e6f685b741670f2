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
    const index = indexOf(model);
    const infos = new Map<Resource, TableInfo>();
    const info = (t: Resource) => infos.get(t) ?? infos.set(t, tableInfo(t)).get(t)!;
    links = model.ofType(WRITE_TYPE).map((w) => linkWrite(model, w, index, info));
    linkCache.set(model, links);
  }
  return links;
}

const envUseCache = new WeakMap<WorkspaceModel, EnvUse[]>();

/** Environment variables anywhere in the workspace that name a table, computed once per model. */
export function envUses(model: WorkspaceModel): EnvUse[] {
  let out = envUseCache.get(model);
  if (out) return out;
  out = [];
  for (const c of indexOf(model).computes) {
    for (const [name, v] of envOf(c)) {
      const t = tableFromValue(model, c, v.value);
      if (t) out.push({ compute: c, name, path: v.path, table: tableInfo(t) });
    }
  }
  envUseCache.set(model, out);
  return out;
}

/**
 * Lookups that every write needs, built once per model so that linking stays linear in the
 * workspace's size: tables by literal name, functions by the code they run, and by the
 * environment variables they set.
 */
interface TableIndex {
  computes: Resource[];
  /** Tables whose TableName is a literal, by that name. */
  named: Map<string, Resource[]>;
  /** Tables whose TableName is computed (a pattern may still match). */
  patterned: Resource[];
  /** Functions whose code location names one file, by that file. */
  byCodeFile: Map<string, Resource[]>;
  /** Functions by `code dir + handler module` (JavaScript form and Python's dotted form). */
  byModule: Map<string, Resource[]>;
  byPyModule: Map<string, Resource[]>;
  /** Functions and tasks by the environment variables they set. */
  byEnv: Map<string, Resource[]>;
}

const indexCache = new WeakMap<WorkspaceModel, TableIndex>();

function indexOf(model: WorkspaceModel): TableIndex {
  let index = indexCache.get(model);
  if (index) return index;
  const push = (m: Map<string, Resource[]>, key: string, r: Resource) => {
    const list = m.get(key);
    if (list) list.push(r);
    else m.set(key, [r]);
  };
  index = { computes: [], named: new Map(), patterned: [], byCodeFile: new Map(), byModule: new Map(), byPyModule: new Map(), byEnv: new Map() };
  for (const t of [...model.ofType(GLOBAL_TABLE), ...model.ofType(TABLE)]) {
    if (t.properties.TableName === undefined) continue;
    const own = literalString(t.properties.TableName);
    if (own !== undefined && !own.includes('${')) push(index.named, own, t);
    else index.patterned.push(t);
  }
  for (const type of COMPUTE_TYPES) {
    for (const c of model.ofType(type)) {
      index.computes.push(c);
      for (const name of envOf(c).keys()) push(index.byEnv, name, c);
      const code = codeOf(c);
      if (!code) continue;
      if (code.file) push(index.byCodeFile, code.file, c);
      if (code.module) push(index.byModule, code.module, c);
      if (code.pyModule) push(index.byPyModule, code.pyModule, c);
    }
  }
  // Keep the workspace's order, so that lists (and so messages) do not depend on the type order above.
  const order = new Map(model.resources.map((r, i) => [r, i]));
  const byOrder = (a: Resource, b: Resource) => order.get(a)! - order.get(b)!;
  index.computes.sort(byOrder);
  for (const m of [index.byCodeFile, index.byModule, index.byPyModule, index.byEnv]) for (const list of m.values()) list.sort(byOrder);
  indexCache.set(model, index);
  return index;
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

function linkWrite(model: WorkspaceModel, w: Resource, index: TableIndex, info: (t: Resource) => TableInfo): WriteLink {
  const name = w.properties.TableName;
  let runners = runnersOf(index, w.file);
  let table: Resource | undefined;
  let via: string;
  let wiredBy: WriteLink['wiredBy'] = [];
  const envVar = str(asObject(name)?.EnvVar);
  if (typeof name === 'string') {
    const found = tablesNamed(model, name);
    table = found.length === 1 ? found[0] : undefined;
    via = found.length === 1 ? `table name '${name}'` : found.length ? `unknown: ${found.length} tables may be named '${name}'` : `unknown: no table named '${name}' in the workspace`;
  } else if (envVar) {
    const setters = runners.length ? runners.filter((c) => envOf(c).has(envVar)) : (index.byEnv.get(envVar) ?? []);
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
  const index = indexOf(model);
  const exact = index.named.get(bare) ?? [];
  const patterned = index.patterned.filter((t) => namesMayMatch(bare, patternOf(nameParts(t.properties.TableName))));
  if (!patterned.length) return exact;
  // In the workspace's order, as before the index.
  const all = new Set([...exact, ...patterned]);
  return [...model.ofType(GLOBAL_TABLE), ...model.ofType(TABLE)].filter((t) => all.has(t));
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
 * The code a function runs: its code location (SAM `CodeUri`, a local `Code` path, or CDK asset
 * metadata `aws:asset:path`, relative to the defining file) plus the module of its `Handler`, or an
 * entry file named directly. `module` is the JavaScript form of the handler's module path and
 * `pyModule` Python's (`orders.api.handler` runs orders/api.py); both without an extension.
 */
function codeOf(c: Resource): { file?: string; module?: string; pyModule?: string } | undefined {
  const loc = [c.properties.CodeUri, c.properties.Code, asObject(c.attributes.Metadata)?.['aws:asset:path']].find((v) => typeof v === 'string') as string | undefined;
  if (loc === undefined) return undefined;
  const code = path.posix.normalize(path.posix.join(path.posix.dirname(c.file), loc));
  if (CODE_EXT.test(loc)) return { file: code };
  const handler = str(c.properties.Handler);
  const module = handler?.slice(0, handler.lastIndexOf('.'));
  if (!module) return undefined;
  return { module: path.posix.join(code, module), pyModule: path.posix.join(code, module.replace(/\./g, '/')) };
}

const CODE_EXT = /\.(?:[mc]?[jt]s|tsx|jsx|py)$/;

/** The functions that run this code file. */
function runnersOf(index: TableIndex, file: string): Resource[] {
  const bare = file.replace(CODE_EXT, '');
  const byModule = (file.endsWith('.py') ? index.byPyModule : index.byModule).get(bare) ?? [];
  const byFile = index.byCodeFile.get(file) ?? [];
  if (!byFile.length) return [...byModule];
  if (!byModule.length) return [...byFile];
  const both = new Set([...byFile, ...byModule]);
  return index.computes.filter((c) => both.has(c));
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
