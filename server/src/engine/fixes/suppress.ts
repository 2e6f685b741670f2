// "Suppress on this line, with a reason", offered for every rule. YAML and code get a comment line
// above the finding's line, with that line's indentation; JSON has no comments, so the resource (or
// the template) gets a `Metadata.MultiRegionReview.Suppress` entry. The reason is a placeholder
// that reads as one (suppressions without a reason are not applied) and that the user replaces.
import type { Fix, FixContext } from '../fix';
import type { Path } from '../model';
import { SUPPRESS_MARKER } from '../sources/suppressions';
import { type FixValue, openTemplate, resourceLocation, type TemplateDoc } from './template';
import { SourceText } from './text';

/** The reason a new suppression carries until the user writes the real one. */
export const PLACEHOLDER_REASON = 'TODO: why this is acceptable';

/** Findings that are not a rule's verdict, so there is nothing to suppress. */
const NOT_RULES = new Set(['parse-error', 'invalid-config', 'internal-error']);
const CODE = /\.(tsx?|[mc]?js)$/i;

export function suppressionFixes(ctx: FixContext): Fix[] {
  const { finding } = ctx;
  if (NOT_RULES.has(finding.ruleId)) return [];
  const text = ctx.text(finding.file);
  if (text === undefined) return [];
  const json = !CODE.test(finding.file) && (/\.json$/i.test(finding.file) || text.trimStart().startsWith('{'));
  return json ? metadataSuppression(ctx, text) : commentSuppression(ctx, text);
}

function commentSuppression(ctx: FixContext, text: string): Fix[] {
  const { finding } = ctx;
  const src = new SourceText(text);
  const line = finding.range.start.line;
  if (line >= src.lines.lineCount) return [];
  const mark = CODE.test(finding.file) ? '//' : '#';
  const comment = `${src.indentOf(line)}${mark} ${SUPPRESS_MARKER} ${finding.ruleId} -- ${PLACEHOLDER_REASON}${src.eol}`;
  const edit = src.insert(src.lineStart(line), comment);
  return [{ title: `Suppress ${finding.ruleId} on this line, with a reason`, changes: [{ file: finding.file, edits: [edit] }], safe: false }];
}

/** JSON: `Metadata.MultiRegionReview.Suppress` on the finding's resource, or on the template. */
function metadataSuppression(ctx: FixContext, text: string): Fix[] {
  const { finding } = ctx;
  const doc = openTemplate(finding.file, text);
  if (!doc || doc.kind(['Resources']) !== 'map') return [];
  const loc = resourceLocation(finding);
  const owner: Path = loc ? ['Resources', loc.logicalId] : [];
  if (loc && doc.kind(owner) !== 'map') return [];
  const entry = { Rule: finding.ruleId, Reason: PLACEHOLDER_REASON };
  const edit = addListItem(doc, owner, ['Metadata', 'MultiRegionReview', 'Suppress'], entry);
  if (!edit) return [];
  const where = loc ? `resource ${loc.logicalId}` : 'this template';
  return [{ title: `Suppress ${finding.ruleId} for ${where} (Metadata), with a reason`, changes: [{ file: finding.file, edits: [edit] }], safe: false }];
}

/** Appends an item to the list at owner+keys, creating the mappings on the way. */
function addListItem(doc: TemplateDoc, owner: Path, keys: string[], item: FixValue) {
  const listPath = [...owner, ...keys];
  const kind = doc.kind(listPath);
  if (kind === 'seq') {
    const n = (doc.value(listPath) as unknown[]).length;
    return n ? doc.insertItem(listPath, n - 1, item) : undefined;
  }
  if (kind !== undefined) return undefined;
  for (let depth = keys.length - 1; depth >= 0; depth--) {
    const at = [...owner, ...keys.slice(0, depth)];
    const k = doc.kind(at);
    if (k === undefined) continue;
    if (k !== 'map') return undefined;
    let value: FixValue = [item];
    for (let i = keys.length - 1; i > depth; i--) value = { [keys[i]]: value };
    return doc.insertPairs(at, [[keys[depth], value]], depth > 0 ? undefined : owner.length ? 'Type' : 'Description');
  }
  return undefined;
}
