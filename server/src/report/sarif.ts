// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. Locations are relative to
// %SRCROOT% (the current folder); columns count UTF-16 code units, as the engine's ranges do.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { PARSE_ERROR } from '../engine/analyze';
import type { Range } from '../engine/model';
import { docsUrl, type Finding, type Severity } from '../engine/rule';
import { allRules } from '../engine/rules';
import { isLiveId, LIVE_DESCRIPTIONS } from '../live/types';
import { displayPath, type Formatter, INFORMATION_URI, type ReportInput, TOOL_NAME, toolVersion } from './common';

export const SRCROOT = '%SRCROOT%';

export const sarifReport: Formatter = (input) => JSON.stringify(sarifLog(input), null, 2) + '\n';

export function sarifLog(input: ReportInput): Sarif.Log {
  const rules = ruleDescriptors(input.findings);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const version = toolVersion();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version, semanticVersion: version, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(input.cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results: input.findings.map((f) => result(input, f, index.get(f.ruleId)!)),
      },
    ],
  };
}

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** Every catalogue rule, then any other id that occurs (parse errors, rule failures). */
function ruleDescriptors(findings: Finding[]): Sarif.ReportingDescriptor[] {
  const rules: Sarif.ReportingDescriptor[] = allRules.map((r) => ({
    id: r.id,
    shortDescription: { text: r.meta.description },
    helpUri: docsUrl(r.id),
    defaultConfiguration: { level: LEVEL[r.meta.severity] },
    properties: { category: r.meta.category },
  }));
  const known = new Set(rules.map((r) => r.id));
  for (const f of findings) {
    if (known.has(f.ruleId)) continue;
    known.add(f.ruleId);
    if (isLiveId(f.ruleId)) rules.push({ id: f.ruleId, shortDescription: { text: LIVE_DESCRIPTIONS[f.ruleId] }, helpUri: docsUrl(f.ruleId), defaultConfiguration: { level: LEVEL[f.severity] }, properties: { category: 'live' } });
    else if (f.ruleId === PARSE_ERROR) rules.push({ id: f.ruleId, shortDescription: { text: 'A file could not be read completely (a syntax error, or skipped).' }, helpUri: docsUrl(f.ruleId), defaultConfiguration: { level: 'error' } });
    else rules.push({ id: f.ruleId, shortDescription: { text: 'The analysis did not complete normally.' }, defaultConfiguration: { level: LEVEL[f.severity] } });
  }
  return rules;
}

function result(input: ReportInput, f: Finding, ruleIndex: number): Sarif.Result {
  const resource = f.resourceId ? input.model.resource(f.resourceId) : undefined;
  const location: Sarif.Location = { physicalLocation: physical(input, f.file, f.range) };
  if (resource) location.logicalLocations = [{ name: resource.logicalId, fullyQualifiedName: `${displayPath(input, resource.file)}#${resource.logicalId}` }];
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location],
    ...(f.related?.length ? { relatedLocations: f.related.map((r, i) => ({ id: i, physicalLocation: physical(input, r.file, r.range), message: { text: r.message } })) } : {}),
  };
}

function physical(input: ReportInput, file: string, range: Range): Sarif.PhysicalLocation {
  return { artifactLocation: artifact(input, file), region: region(range) };
}

/** Relative to %SRCROOT% when the file is under the current folder, else an absolute file URI. */
function artifact(input: ReportInput, file: string): Sarif.ArtifactLocation {
  const shown = displayPath(input, file);
  if (shown.startsWith('../') || path.isAbsolute(shown)) return { uri: pathToFileURL(path.resolve(input.root, file)).href };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(range: Range): Sarif.Region {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}
