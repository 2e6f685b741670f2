// The workspace configuration file `multi-region-review.json`, read into one typed object.
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import type { Severity } from './rule';
import { isRegionName } from './values';

export const CONFIG_FILE = 'multi-region-review.json';

export type RuleSetting = Severity | 'off';

export interface Deployment {
  /** Globs, relative to the workspace root, of the templates or stacks this entry deploys. */
  files: string[];
  regions: string[];
}

export interface Config {
  deployments: Deployment[];
  /** Declared objectives in seconds. */
  objectives: { rpoSeconds?: number; rtoSeconds?: number };
  /** ISO date (YYYY-MM-DD) of the last failover test, if declared. */
  lastFailoverTest?: string;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  /** Files above this size are skipped with an information diagnostic. */
  maxFileSizeKb: number;
}

export function defaultConfig(): Config {
  return { deployments: [], objectives: {}, rules: {}, ignore: [], maxFileSizeKb: 5120 };
}

/** Parses the config file. Unknown or malformed entries are reported, never thrown. */
export function parseConfig(text: string): { config: Config; problems: string[] } {
  const config = defaultConfig();
  const problems: string[] = [];
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length) problems.push(`${CONFIG_FILE} is not valid JSON (${errors.length} error(s)).`);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { config, problems };
  const o = raw as Record<string, unknown>;
  for (const d of Array.isArray(o.deployments) ? o.deployments : []) {
    const files = typeof d?.files === 'string' ? [d.files] : Array.isArray(d?.files) ? d.files.filter((f: unknown) => typeof f === 'string') : [];
    const regions = Array.isArray(d?.regions) ? d.regions.filter((r: unknown): r is string => typeof r === 'string') : [];
    const bad = regions.filter((r: string) => !isRegionName(r));
    if (bad.length) problems.push(`deployments: ${bad.join(', ')} is not a region name.`);
    if (files.length && regions.length) config.deployments.push({ files, regions: regions.filter(isRegionName) });
  }
  const obj = (o.objectives ?? {}) as Record<string, unknown>;
  for (const [key, field] of [['rpo', 'rpoSeconds'], ['rto', 'rtoSeconds']] as const) {
    if (obj[key] === undefined) continue;
    const seconds = parseDuration(obj[key]);
    if (seconds === undefined) problems.push(`objectives.${key}: use seconds or a duration such as "15m".`);
    else config.objectives[field] = seconds;
  }
  if (typeof o.lastFailoverTest === 'string') {
    if (Number.isNaN(Date.parse(o.lastFailoverTest))) problems.push('lastFailoverTest: use a date such as "2026-09-30".');
    else config.lastFailoverTest = o.lastFailoverTest;
  }
  if (o.rules && typeof o.rules === 'object') {
    for (const [id, v] of Object.entries(o.rules as Record<string, unknown>)) {
      if (v === 'error' || v === 'warning' || v === 'info' || v === 'off') config.rules[id] = v;
      else problems.push(`rules.${id}: use error, warning, info or off.`);
    }
  }
  if (Array.isArray(o.ignore)) config.ignore = o.ignore.filter((g): g is string => typeof g === 'string');
  if (typeof o.maxFileSizeKb === 'number' && o.maxFileSizeKb > 0) config.maxFileSizeKb = o.maxFileSizeKb;
  return { config, problems };
}

/** Seconds from a number (seconds) or a string such as "90s", "15m", "4h", "1d". */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number' && v >= 0) return v;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$/i.exec(v);
  if (!m) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's').toLowerCase() as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** Merges editor settings (or CLI flags) over the file's rule settings and ignores. */
export function mergeConfig(base: Config, over: { rules?: Record<string, RuleSetting>; ignore?: string[] }): Config {
  return { ...base, rules: { ...base.rules, ...(over.rules ?? {}) }, ignore: [...base.ignore, ...(over.ignore ?? [])] };
}
