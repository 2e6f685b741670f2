// Configuration read from files that differ per region or environment: `config/us-east-1.json`,
// `.env.production`, `config/${process.env.STAGE}.json`, `require('./config/' + region + '.json')`,
// `dotenv.config({ path })`, and the `config` package (which loads `config/<NODE_ENV>.json`).
import type * as TS from 'typescript';
import type { CodeFact } from '../codeFacts';
import { CONFIG_FILE_TYPE } from './types';
import { tsApi } from '../cdk/tsapi';
import { pathPattern } from './paths';
import { factId, follow, moduleOf, property, rangeOf, unwrapAll } from './query';
import type { Frame, Scan } from './scan';


const REGION_IN_PATH = /(^|[^a-z])((?:us|eu|ap|sa|ca|me|af|il|mx)(?:-gov)?-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d)(?![0-9])/;
const ENV_WORDS = new Set(['production', 'prod', 'staging', 'stage', 'stg', 'preprod', 'development', 'dev', 'qa', 'uat', 'sandbox']);
const VARYING = new Set(['stage', 'stg', 'env', 'environment', 'region', 'tier', 'deployment', 'deploy']);
const DATA_EXT = /\.(json5?|ya?ml|env|ini|toml|properties|conf|cfg)$/i;
const CODE_EXT = /\.(c|m)?[jt]s$/i;
const CONFIG_WORD = /(^|[/._-])(config|configs|configuration|settings|appsettings|conf|env)([/._-]|$)/i;
const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);
const READS = new Set(['readFileSync', 'readFile', 'readJson', 'readJsonSync', 'readJSON', 'readJSONSync', 'createReadStream']);

export function readConfigFiles(scan: Scan): CodeFact[] {
  const ts = tsApi();
  const out: CodeFact[] = [];
  for (const { module, node } of scan.importDecls) {
    if (module === 'config') out.push(fact(scan, node, node, 'config package', 'config/${NODE_ENV}.json', 'environment'));
    else check(out, scan, node, node, 'import', module);
  }
  for (const { node, frame } of scan.calls) {
    const callee = unwrapAll(node.expression);
    const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
    if ((isRequire || callee.kind === ts.SyntaxKind.ImportKeyword) && node.arguments.length === 1) {
      const arg = node.arguments[0];
      if ((ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) && arg.text === 'config') out.push(fact(scan, node, arg, 'config package', 'config/${NODE_ENV}.json', 'environment'));
      else checkPath(out, scan, node, arg, isRequire ? 'require' : 'import', frame);
      continue;
    }
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    if (READS.has(method) && FS_MODULES.has(moduleOf(scan, callee)?.module.replace(/^node:/, '') ?? '')) checkPath(out, scan, node, node.arguments[0], `fs.${method}`, frame);
    else if (method === 'config' && moduleOf(scan, callee)?.module === 'dotenv') {
      const options = follow(scan, node.arguments[0], frame);
      const p = options && ts.isObjectLiteralExpression(options) ? property(options, 'path') : undefined;
      if (p) checkPath(out, scan, node, p.value, 'dotenv.config', frame);
    }
  }
  return out;
}

function checkPath(out: CodeFact[], scan: Scan, call: TS.Node, arg: TS.Expression | undefined, api: string, frame: Frame | undefined): void {
  if (!arg) return;
  const pattern = pathPattern(scan, arg, frame);
  if (pattern) check(out, scan, call, arg, api, pattern.text);
}

function check(out: CodeFact[], scan: Scan, call: TS.Node, at: TS.Node, api: string, path: string): void {
  const reason = envSpecific(path);
  if (reason) out.push(fact(scan, call, at, api, path, reason.reason, reason.region));
}

/** Why a path names a region- or environment-specific config file, or undefined when it does not. */
export function envSpecific(path: string): { reason: 'region' | 'environment'; region?: string } | undefined {
  if (/^\/(dev|proc|sys)\//.test(path)) return undefined;
  // Unknown parts become one character, so that the literal parts keep their shape.
  const literal = path.replace(/\$\{[^}]*\}/g, '\u0000');
  const configWord = CONFIG_WORD.test(literal);
  const configLike = DATA_EXT.test(literal) || /(^|\/)\.env(\.|$)/.test(literal) || ((CODE_EXT.test(literal) || !/\.[a-z0-9]+$/i.test(literal)) && configWord);
  if (!configLike) return undefined;
  const stem = (literal.split('/').pop() ?? '').replace(/^\./, '').replace(/\.[a-z0-9]+$/i, '');
  const region = REGION_IN_PATH.exec(literal)?.[2];
  if (region && (configWord || stem === region)) return { reason: 'region', region };
  const envWord = (w: string) => ENV_WORDS.has(w);
  if (envWord(stem.toLowerCase()) || (configWord && words(literal).some(envWord))) return { reason: 'environment' };
  if (!configWord && stem !== '\u0000') return undefined;
  const varying = [...path.matchAll(/\$\{([^}]*)\}/g)].map((m) => words(m[1].replace(/^process\.env\./, ''))).find((ws) => ws.some((w) => VARYING.has(w)));
  if (!varying) return undefined;
  return varying.includes('region') ? { reason: 'region' } : { reason: 'environment' };
}

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
}

function fact(scan: Scan, call: TS.Node, at: TS.Node, api: string, path: string, reason: 'region' | 'environment', region?: string): CodeFact {
  return {
    logicalId: factId(scan.sf, 'ConfigFile', at),
    type: CONFIG_FILE_TYPE,
    range: rangeOf(scan.sf, call),
    properties: { api, path, reason, ...(region ? { region } : {}) },
    propertyRanges: { Path: rangeOf(scan.sf, at) },
  };
}
