// The JSON format: { findings, model }. Findings carry 1-based positions and paths relative to the
// current folder; the model is kept compact (no properties), and its ids use the same paths.
import type { Resource } from '../engine/model';
import type { Finding } from '../engine/rule';
import { displayPath, type Formatter, oneBased, regionValue, type ReportInput } from './common';

export const jsonReport: Formatter = (input) => JSON.stringify(jsonDocument(input), null, 2) + '\n';

export function jsonDocument(input: ReportInput) {
  const ids = new Map(input.model.resources.map((r) => [r.id, resourceKey(input, r)]));
  const id = (key: string) => ids.get(key) ?? key;
  return {
    findings: input.findings.map((f) => jsonFinding(input, f, id)),
    model: {
      regions: [...input.model.regions],
      resources: input.model.resources.map((r) => ({
        id: id(r.id),
        type: r.type,
        logicalId: r.logicalId,
        file: displayPath(input, r.file),
        region: regionValue(r.region),
        line: r.range.start.line + 1,
      })),
      edges: input.model.edges.map((e) => ({ kind: e.kind, from: id(e.from), to: id(e.to), ...(e.label ? { label: e.label } : {}) })),
    },
  };
}

function jsonFinding(input: ReportInput, f: Finding, id: (key: string) => string) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: displayPath(input, f.file),
    ...oneBased(f.range),
    ...(f.resourceId ? { resourceId: id(f.resourceId) } : {}),
    ...(f.related?.length ? { related: f.related.map((r) => ({ message: r.message, file: displayPath(input, r.file), ...oneBased(r.range) })) } : {}),
    ...(f.data ? { data: f.data } : {}),
    ...(f.source ? { source: f.source } : {}),
  };
}

/** A resource id with its file made relative to the current folder, like every other path. */
function resourceKey(input: ReportInput, r: Resource): string {
  return `${displayPath(input, r.file)}#${r.logicalId}`;
}
