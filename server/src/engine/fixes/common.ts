// What most fix providers start with: the finding's template opened for editing and the place of its
// resource, or the finding's code file; and a Fix built from the edits of one file.
import type { Fix, FixContext, TextEdit } from '../fix';
import { openTemplate, type ResourceLocation, resourceLocation, type TemplateDoc } from './template';

/** TypeScript and JavaScript: CDK apps and SDK code. */
export const CODE_FILE = /\.(tsx?|[mc]?js)$/i;

export interface TemplateTarget {
  doc: TemplateDoc;
  loc: ResourceLocation;
}

/** The finding's template and resource; undefined for code files, unreadable or broken files, or findings without a resource. */
export function templateTarget(ctx: FixContext): TemplateTarget | undefined {
  const { finding } = ctx;
  if (CODE_FILE.test(finding.file)) return undefined;
  const text = ctx.text(finding.file);
  const loc = resourceLocation(finding);
  const doc = text === undefined || !loc ? undefined : openTemplate(finding.file, text);
  return doc && loc && doc.kind(loc.properties) === 'map' ? { doc, loc } : undefined;
}

/** A fix whose edits all go to one file; none when there is no edit to make. */
export function fileFix(title: string, file: string, edits: (TextEdit | undefined)[] | undefined, safe: boolean, preferred = false): Fix[] {
  if (!edits?.length || edits.some((e) => !e)) return [];
  return [{ title, changes: [{ file, edits: edits as TextEdit[] }], safe, ...(preferred ? { preferred } : {}) }];
}

/** failover-without-health-check's fix title, in templates and CDK code alike. */
export const HEALTH_CHECK_TITLE = 'Add an HTTPS health check on /health and reference it';
/** The health check's target when the record names none: obviously a placeholder. */
export const PLACEHOLDER_FQDN = 'TODO-primary-endpoint.example.com';
