// The rule contract: one file a rule, `defineRule({ id, meta, check })`. Rules read the model and
// report model nodes; the engine maps a node (and a path below it) to a source range.
import type { Config } from './config';
import type { Location, Path, Range, Resource, WorkspaceModel } from './model';

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'routing' | 'data' | 'state' | 'posture';

/** The sources whose facts a rule reads: what its docs page and the README list as "Languages". */
export type SourceLanguage = 'cloudformation' | 'cdk-typescript' | 'cdk-python' | 'code-javascript' | 'code-python' | 'config';

export interface RuleMeta {
  category: Category;
  severity: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  /** True when a code action can fix findings (issue 5). */
  fixable?: boolean;
  /** The sources it covers; a meta test checks that the docs page says the same. */
  languages?: readonly SourceLanguage[];
  /**
   * `file`: a finding on a file follows from that file alone (the resource, and what the same file
   * defines; never regions, other files or workspace totals). Such rules also run on an edited
   * document while the workspace is still being scanned (`Analyzer.runFile`).
   */
  scope?: 'file';
}

/** `['cloudformation', 'cdk-typescript', 'cdk-python']` -> "CloudFormation / SAM (YAML, JSON); AWS CDK (TypeScript, Python)". */
export function describeLanguages(languages: readonly SourceLanguage[]): string {
  const has = (l: SourceLanguage) => languages.includes(l);
  const list = (pairs: [SourceLanguage, string][]) => pairs.filter(([l]) => has(l)).map(([, name]) => name).join(', ');
  const parts: string[] = [];
  if (has('cloudformation')) parts.push('CloudFormation / SAM (YAML, JSON)');
  const cdk = list([['cdk-typescript', 'TypeScript'], ['cdk-python', 'Python']]);
  if (cdk) parts.push(`AWS CDK (${cdk})`);
  const code = list([['code-javascript', 'JavaScript / TypeScript with the AWS SDK v3 or v2'], ['code-python', 'Python with boto3']]);
  if (code) parts.push(`application code (${code})`);
  if (has('config')) parts.push('`multi-region-review.json`');
  return parts.join('; ');
}

export interface RelatedInfo {
  resource?: Resource;
  /** Path below the resource's Properties. */
  path?: Path;
  location?: Location;
  message: string;
}

export interface Report {
  /** The node the finding is about; the finding's range is its `path`, or its logical id. */
  resource?: Resource;
  path?: Path;
  /** For findings that are not about a resource (e.g. the config file). */
  location?: Location;
  message: string;
  related?: RelatedInfo[];
  /** Plain data for code actions; never parsed back out of the message. */
  data?: Record<string, unknown>;
}

export interface RuleContext {
  model: WorkspaceModel;
  config: Config;
  /** The analysis clock, injectable for tests. */
  now: Date;
  report(report: Report): void;
}

export interface Rule {
  id: string;
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  resourceId?: string;
  related?: { file: string; range: Range; message: string }[];
  data?: Record<string, unknown>;
  /** Set by checks that are not static rules: `live` for the live Route 53 check. */
  source?: string;
}

export const DOCS_BASE = 'https://github.com/multi-region-review/multi-region-review/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}
