// One CloudFormation template (YAML or JSON) opened for editing. A fix asks for paths and gets text
// edits back; the YAML and JSON implementations keep the file's indentation, quotes, flow or block
// style and line endings, and touch no line but the ones they add or change.
import type { TextEdit } from '../fix';
import type { Path, Value } from '../model';
import type { Finding } from '../rule';
import { type FixValue, isPlainObject, type TemplateDoc } from './fixValue';
import { JsonDoc } from './jsonDoc';
import { YamlDoc } from './yamlDoc';

export { type FixValue, isIntrinsic, isPlainObject, Raw, type TemplateDoc } from './fixValue';

/** The last few templates opened: fix-all asks every finding of a file for its fixes, and each parse costs. */
const opened: { file: string; text: string; doc: TemplateDoc | undefined }[] = [];

/** Opens a template for editing; undefined when it does not parse cleanly (a fix never edits a broken file). */
export function openTemplate(file: string, text: string): TemplateDoc | undefined {
  const hit = opened.find((o) => o.file === file && o.text === text);
  if (hit) return hit.doc;
  const json = /\.json$/i.test(file) || text.trimStart().startsWith('{');
  const doc = json ? JsonDoc.open(text) : YamlDoc.open(text);
  opened.unshift({ file, text, doc });
  opened.length = Math.min(opened.length, 4);
  return doc;
}

/** Where a finding's resource sits in its template. */
export interface ResourceLocation {
  /** The resource's logical id (for a RecordSetGroup entry, the group's). */
  logicalId: string;
  /** Path of the resource's properties: `Resources.X.Properties`, or `...RecordSets.<i>` for a group entry. */
  properties: Path;
  /** Set for an entry of an `AWS::Route53::RecordSetGroup`. */
  entry?: number;
}

/**
 * Decodes a CloudFormation finding's `resourceId` (`<file>#<LogicalId>`, or `<file>#<Group>.RecordSets[<i>]`
 * for a RecordSetGroup entry, as sources/cloudformation.ts makes them) into paths in the file.
 */
export function resourceLocation(finding: Finding): ResourceLocation | undefined {
  const id = finding.resourceId ?? (typeof finding.data?.resourceId === 'string' ? finding.data.resourceId : undefined);
  const prefix = `${finding.file}#`;
  if (!id?.startsWith(prefix)) return undefined;
  const local = id.slice(prefix.length);
  const entry = /^([^.[\]]+)\.RecordSets\[(\d+)\]$/.exec(local);
  if (entry) return { logicalId: entry[1], properties: ['Resources', entry[1], 'Properties', 'RecordSets', Number(entry[2])], entry: Number(entry[2]) };
  if (!/^[^.[\]#]+$/.test(local)) return undefined;
  return { logicalId: local, properties: ['Resources', local, 'Properties'] };
}

/** True when the entry at `path` starts where the finding does: the diagnostic still describes this text. */
export function pointsAt(doc: TemplateDoc, path: Path, finding: Finding): boolean {
  const at = doc.keyStart(path);
  if (at === undefined) return false;
  const p = doc.src.position(at);
  return p.line === finding.range.start.line && p.character === finding.range.start.character;
}

/**
 * Makes the mapping at `mapPath` hold `desired`: missing keys are added (in one edit per mapping),
 * differing scalars replaced, nested mappings merged. Returns undefined when a value cannot be merged
 * (an intrinsic, a sequence where a mapping is wanted).
 */
export function mergeInto(doc: TemplateDoc, mapPath: Path, desired: { [key: string]: FixValue }, after?: string): TextEdit[] | undefined {
  if (doc.kind(mapPath) !== 'map') return undefined;
  const present = new Set(doc.keys(mapPath));
  const edits: TextEdit[] = [];
  const missing: [string, FixValue][] = [];
  for (const [key, want] of Object.entries(desired)) {
    const path = [...mapPath, key];
    if (!present.has(key)) {
      missing.push([key, want]);
      continue;
    }
    if (isPlainObject(want)) {
      const nested = mergeInto(doc, path, want);
      if (!nested) return undefined;
      edits.push(...nested);
    } else if (doc.kind(path) === 'scalar' || doc.value(path) === null) {
      if (!sameScalar(doc.value(path), want)) {
        const e = doc.replace(path, want);
        if (!e) return undefined;
        edits.push(e);
      }
    } else return undefined;
  }
  if (missing.length) {
    const e = doc.insertPairs(mapPath, missing, after && present.has(after) ? after : undefined);
    if (!e) return undefined;
    edits.push(e);
  }
  return edits;
}

function sameScalar(have: Value | undefined, want: FixValue): boolean {
  if (typeof want === 'boolean' && typeof have === 'string') return have.toLowerCase() === String(want);
  if (typeof want === 'string' && typeof have === 'string') return have.toLowerCase() === want.toLowerCase();
  return have === want;
}
