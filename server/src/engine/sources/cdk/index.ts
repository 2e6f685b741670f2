import type * as TS from 'typescript';
// AWS CDK v2 apps (TypeScript / JavaScript) read statically -> FileFacts in CloudFormation shape,
// so every rule works on CDK code. Nothing is synthesized or executed: the file is parsed (the
// TypeScript parser, loaded on the first CDK file) and run symbolically (see walk.ts).
import type { FileFacts, ParseProblem, Path, Range, Resource, Value } from '../../model';
import { zeroRange } from '../../model';
import { asArray, asObject, isRegionName, referencedIds } from '../../values';
import { findCommentSuppressions } from '../suppressions';
import { lookupRange } from '../tree';
import { finalize } from './finalize';
import { readImports } from './imports';
import { Reader } from './reader';
import { parseSource } from './tsapi';

export { cdkRegions } from './regions';

const CODE_EXT = /\.(tsx?|[mc]?js)$/i;
const CDK_IMPORT = /(?:from\s*|require\(\s*)['"](?:aws-cdk-lib|@aws-cdk\/|constructs['"])/;
/** `tsc` output next to its source (CDK's project template compiles in place): the .ts is read instead. */
const COMPILED = /Object\.defineProperty\(exports,\s*["']__esModule["']/;
const TEST_FILE = /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[mc]?[jt]sx?$/i;

/** Cheap test: a TypeScript/JavaScript file (not a declaration file, not compiler output) that imports the CDK. */
/** tsc's CommonJS output: the compiled twin of a .ts file, which is read instead. */
export function isCompiledJs(file: string, text: string): boolean {
  return /js$/i.test(file) && COMPILED.test(text);
}

export function looksLikeCdk(file: string, text: string): boolean {
  if (!CODE_EXT.test(file) || /\.d\.[mc]?ts$/i.test(file) || !CDK_IMPORT.test(text)) return false;
  return !(/js$/i.test(file) && COMPILED.test(text));
}

export function readCdk(file: string, text: string, parsed?: TS.SourceFile): { facts: FileFacts } {
  const sf = parsed ?? parseSource(file, text);
  const imports = readImports(sf, file);
  const reader = new Reader(file, text, sf, imports);
  const problems: ParseProblem[] = [];
  try {
    reader.run();
  } catch (err) {
    // Whatever was read before the failure still counts; say that the rest was not.
    problems.push({ file, range: zeroRange(), severity: 'info', message: `The CDK reader stopped early in this file (${String(err)}); findings may be incomplete.` });
  }
  const done = finalize(file, reader.recs);
  const byId = new Map(done.resources.map((r) => [r.logicalId, r]));
  const rangeOf = (path: Path): Range => {
    const res = path[0] === 'Resources' ? byId.get(String(path[1])) : undefined;
    if (!res) return zeroRange();
    if (path.length <= 3) return res.range;
    return lookupRange(done.ranges.get(res.logicalId) ?? new Map(), path.slice(3)) ?? res.range;
  };
  const outputs = done.resolve(reader.outputs);
  const stackRegions = reader.instances.flatMap((i) => (i.region?.kind === 'known' ? [i.region.region] : []));
  const facts: FileFacts = {
    file,
    source: 'cdk',
    resources: done.resources,
    edges: [],
    regions: [...new Set([...stackRegions, ...namedRegions(done.resources)])].sort(),
    problems,
    suppressions: findCommentSuppressions(file, text, problems),
    parameters: done.parameters,
    outputRefs: [...referencedIds(outputs)],
    rangeOf,
    cdk: { classes: [...new Set(done.resources.flatMap((r) => (r.cdkClass ? [r.cdkClass] : [])))], uses: reader.uses, test: imports.test || TEST_FILE.test(file) },
  };
  return { facts };
}

/** Regions the code itself names: replicas, endpoint groups, latency records, secret replicas. */
function namedRegions(resources: Resource[]): string[] {
  const found: string[] = [];
  const add = (v: Value | undefined) => {
    if (typeof v === 'string' && isRegionName(v)) found.push(v);
  };
  for (const r of resources) {
    const p = r.properties;
    if (r.type === 'AWS::DynamoDB::GlobalTable') asArray(p.Replicas).forEach((rep) => add(asObject(rep)?.Region));
    if (r.type === 'AWS::GlobalAccelerator::EndpointGroup') add(p.EndpointGroupRegion);
    if (r.type === 'AWS::Route53::RecordSet') add(p.Region);
    if (r.type === 'AWS::SecretsManager::Secret') asArray(p.ReplicaRegions).forEach((rep) => add(asObject(rep)?.Region));
  }
  return found;
}
