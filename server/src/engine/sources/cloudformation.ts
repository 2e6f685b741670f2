// CloudFormation and SAM templates (YAML or JSON) -> FileFacts.
import type { FileFacts, ParseProblem, Path, Range, Resource, Suppression, Value } from '../model';
import { zeroRange } from '../model';
import { splitTemplate } from './chunks';
import { splitJsonTemplate } from './jsonChunks';
import { parseJsonTree } from './jsonTree';
import { findCommentSuppressions, metadataSuppressions } from './suppressions';
import { completeRanges, lookupRange, SHALLOW_RANGES, shiftRange, type Tree } from './tree';
import { parseYamlTree } from './yamlTree';
import { asObject, isRegionName, referencedIds, str } from '../values';

/** What the reader keeps between two versions of one file: parsed chunks by their text. */
export interface CfnState {
  trees: Map<string, Tree>;
}

interface Segment {
  tree: Tree;
  /** The text the tree was parsed from, to parse again when deeper ranges are needed. */
  text: string;
  parse: (text: string, depth: number) => Tree;
  startLine: number;
  /** Prepended to the tree's paths to get paths from the file's root. */
  prefix: Path;
}

const TEMPLATE_EXT = /\.(ya?ml|json|template|cfn)$/i;

/** Cheap test that a YAML/JSON file is a CloudFormation or SAM template. */
export function looksLikeTemplate(file: string, text: string): boolean {
  if (!TEMPLATE_EXT.test(file)) return false;
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (/AWSTemplateFormatVersion/.test(head)) return true;
  return /["']?Resources["']?\s*:/.test(head) && /AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/.test(head);
}

export function readCloudFormation(file: string, text: string, prev?: CfnState): { facts: FileFacts; state: CfnState } {
  const state: CfnState = { trees: new Map() };
  const segments = parseSegments(file, text, prev, state);
  const bySection = new Map<string, Segment>();
  const byResource = new Map<string, Segment>();
  const root: { [key: string]: Value } = {};
  const resourcesRoot: { [key: string]: Value } = {};
  for (const seg of segments) {
    const value = asObject(seg.tree.value);
    if (!value) continue;
    if (seg.prefix.length === 0) {
      Object.assign(root, value);
      for (const k of Object.keys(value)) bySection.set(k, seg);
      const res = asObject(value.Resources);
      if (res) for (const id of Object.keys(res)) resourcesRoot[id] = res[id];
    } else {
      for (const [id, def] of Object.entries(value)) {
        resourcesRoot[id] = def;
        byResource.set(id, seg);
      }
    }
  }
  const whole = segments.length === 1 && segments[0].prefix.length === 0 ? segments[0] : undefined;
  const rangeOf = (path: Path): Range => {
    const seg = whole ?? (path[0] === 'Resources' && path.length > 1 ? byResource.get(String(path[1])) ?? bySection.get('Resources') : bySection.get(String(path[0])));
    if (!seg) return zeroRange();
    const local = seg.prefix.length ? path.slice(seg.prefix.length) : path;
    const ranges = local.length > seg.tree.rangeDepth ? completeRanges(seg.tree, seg.text, seg.parse) : seg.tree.ranges;
    const hit = lookupRange(ranges, local);
    return hit ? shiftRange(hit, seg.startLine) : zeroRange();
  };
  const problems: ParseProblem[] = [];
  for (const seg of segments) {
    for (const e of seg.tree.errors) problems.push({ file, range: shiftRange(e.range, seg.startLine), message: e.message, severity: 'error' });
  }
  const resources = applySamGlobals(collectResources(file, resourcesRoot, rangeOf), asObject(asObject(root.Globals)?.Function));
  const templateMeta = asObject(asObject(root.Metadata)?.MultiRegionReview);
  const suppressions: Suppression[] = [
    ...findCommentSuppressions(file, text, problems),
    ...metadataSuppressions(file, templateMeta, undefined),
    ...resources.flatMap((r) => metadataSuppressions(file, asObject(asObject(r.attributes.Metadata)?.MultiRegionReview), r.id)),
  ];
  const declared = Array.isArray(templateMeta?.Regions) ? templateMeta.Regions.filter((r): r is string => typeof r === 'string' && isRegionName(r)) : undefined;
  const facts: FileFacts = {
    file,
    source: 'cloudformation',
    resources,
    edges: [],
    regions: namedRegions(resources),
    problems,
    suppressions,
    parameters: Object.keys(asObject(root.Parameters) ?? {}),
    outputRefs: [...referencedIds(root.Outputs)],
    declaredRegions: declared && declared.length ? declared : undefined,
    rangeOf,
  };
  return { facts, state };
}

function parseSegments(file: string, text: string, prev: CfnState | undefined, state: CfnState): Segment[] {
  const isJson = /\.json$/i.test(file) || text.trimStart().startsWith('{');
  const parse = isJson ? parseJsonTree : parseYamlTree;
  const chunks = isJson ? splitJsonTemplate(text) : splitTemplate(text);
  if (!chunks) return [{ tree: parse(text, SHALLOW_RANGES), text, parse, startLine: 0, prefix: [] }];
  const segments: Segment[] = [];
  for (const chunk of chunks) {
    if (chunk.section === 'Resources:header') {
      const header: Tree = { value: { Resources: {} }, ranges: new Map([['Resources', { start: { line: 0, character: 0 }, end: { line: 0, character: 9 } }]]), rangeDepth: Infinity, errors: [] };
      segments.push({ tree: header, text: chunk.text, parse: parseYamlTree, startLine: chunk.startLine, prefix: [] });
      continue;
    }
    let tree = prev?.trees.get(chunk.text) ?? state.trees.get(chunk.text);
    if (!tree) tree = parse(chunk.text, SHALLOW_RANGES);
    state.trees.set(chunk.text, tree);
    segments.push({ tree, text: chunk.text, parse, startLine: chunk.startLine, prefix: chunk.section === 'Resources' ? ['Resources'] : [] });
  }
  return segments;
}

function collectResources(file: string, all: { [key: string]: Value }, rangeOf: (p: Path) => Range): Resource[] {
  const out: Resource[] = [];
  for (const [logicalId, raw] of Object.entries(all)) {
    // Fn::ForEach expands at deploy time; its body is a template fragment, not a resource.
    if (logicalId.startsWith('Fn::ForEach')) continue;
    const def = asObject(raw);
    const type = str(def?.Type);
    if (!def || !type) continue;
    const { Type: _t, Properties, ...attributes } = def;
    const properties = asObject(Properties) ?? {};
    const base: Path = ['Resources', logicalId];
    out.push(makeResource(file, logicalId, type, properties, attributes, [...base, 'Properties'], rangeOf(base)));
    if (type === 'AWS::Route53::RecordSetGroup' && Array.isArray(properties.RecordSets)) {
      properties.RecordSets.forEach((entry, i) => {
        const rec = asObject(entry);
        if (!rec) return;
        const merged: { [k: string]: Value } = { ...rec };
        for (const k of ['HostedZoneId', 'HostedZoneName']) if (merged[k] === undefined && properties[k] !== undefined) merged[k] = properties[k];
        const path: Path = [...base, 'Properties', 'RecordSets', i];
        out.push(makeResource(file, `${logicalId}.RecordSets[${i}]`, 'AWS::Route53::RecordSet', merged, attributes, path, rangeOf(path)));
      });
    }
  }
  return out;
}

function makeResource(file: string, logicalId: string, type: string, properties: { [k: string]: Value }, attributes: { [k: string]: Value }, propertiesPath: Path, range: Range): Resource {
  return { id: `${file}#${logicalId}`, file, logicalId, type, properties, attributes, propertiesPath, range, region: { kind: 'unknown' }, source: 'cloudformation' };
}

/** Regions the template itself names: replicas, endpoint groups, latency records. */
function namedRegions(resources: Resource[]): string[] {
  const found = new Set<string>();
  const add = (v: Value | undefined) => {
    if (typeof v === 'string' && isRegionName(v)) found.add(v);
  };
  for (const r of resources) {
    const p = r.properties;
    if (r.type === 'AWS::DynamoDB::GlobalTable' && Array.isArray(p.Replicas)) p.Replicas.forEach((rep) => add(asObject(rep)?.Region));
    if (r.type === 'AWS::GlobalAccelerator::EndpointGroup') add(p.EndpointGroupRegion);
    if (r.type === 'AWS::Route53::RecordSet') add(p.Region);
    if (r.type === 'AWS::SecretsManager::Secret' && Array.isArray(p.ReplicaRegions)) p.ReplicaRegions.forEach((rep) => add(asObject(rep)?.Region));
  }
  return [...found].sort();
}

/**
 * SAM's `Globals.Function` section supplies properties (Environment, CodeUri, Handler...) to every
 * AWS::Serverless::Function that does not set them; environment variables merge, the function's own
 * winning. The merged object is new, so the parsed chunk stays as it was.
 */
function applySamGlobals(resources: Resource[], globals: { [key: string]: Value } | undefined): Resource[] {
  if (!globals) return resources;
  for (const r of resources) {
    if (r.type !== 'AWS::Serverless::Function') continue;
    const merged: { [key: string]: Value } = { ...globals, ...r.properties };
    const globalVars = asObject(asObject(globals.Environment)?.Variables);
    const ownVars = asObject(asObject(r.properties.Environment)?.Variables);
    if (globalVars && ownVars) merged.Environment = { ...asObject(r.properties.Environment), Variables: { ...globalVars, ...ownVars } };
    r.properties = merged;
  }
  return resources;
}
