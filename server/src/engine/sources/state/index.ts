// Application state in JS/TS service code: where sessions, uploads, module-level collections, SDK
// regions and per-environment config files live. Each finding of the reader is a `Code::State::*`
// fact; the `state` rules decide which of them break when an instance or a region goes away.
// Build scripts, CLIs, tests and infrastructure code (CDK, Pulumi) run on no serving instance, so
// they are not read.
import type * as TS from 'typescript';
import type { FileFacts, ParseProblem } from '../../model';
import { CodeFactsBuilder } from '../codeFacts';
import { findCommentSuppressions } from '../suppressions';
import { readCollections } from './collections';
import { readConfigFiles } from './configFiles';
import { readLocalFiles } from './files';
import { findHandlers } from './handlers';
import { readSdkRegions } from './regions';
import { scanFile } from './scan';
import { readSessions } from './sessions';

export * from './types';

const TOOLING_DIR = /(^|\/)(scripts?|bin|tools|test|tests|__tests__|__mocks__|mocks?|spec|specs|e2e|cypress|fixtures|\.github|\.husky|migrations|seeds?)\//i;
const TOOLING_FILE = /(\.(test|spec|e2e|stories|d)\.[cm]?[jt]sx?$)|(^|\/)(gulpfile|gruntfile|jakefile|setup-?tests?|jest\.setup|vitest\.setup|\.eslintrc|\.prettierrc)[^/]*$|(^|\/)(jest|vite|vitest|webpack|rollup|babel|eslint|prettier|tailwind|postcss|next|nuxt|svelte|astro|karma|playwright|cypress|tsup|esbuild|metro|craco|commitlint|stylelint|serverless|cdk|sst|drizzle|knexfile)\.config\.[cm]?[jt]s$|\.min\.js$/i;
const INFRA_MODULE = /^(aws-cdk-lib|aws-cdk|@aws-cdk\/|constructs$|cdktf|@cdktf\/|@pulumi\/|sst$|sst\/constructs|serverless$|@serverless\/|jest$|vitest$|mocha$|chai$|@jest\/|node:test$|supertest$|sinon$|aws-sdk-client-mock)/;

/** Reads the state facts of one JS/TS file, or undefined when it has none. */
export function readStateFacts(file: string, sf: TS.SourceFile, text: string): FileFacts | undefined {
  if (isToolingFile(file, text)) return undefined;
  const scan = scanFile(file, sf);
  if ([...scan.importDecls.map((d) => d.module), ...[...scan.imports.values()].map((b) => b.module)].some((m) => INFRA_MODULE.test(m))) return undefined;
  const handlers = findHandlers(scan);
  const builder = new CodeFactsBuilder(file, 'sdk');
  for (const fact of [...readSessions(scan), ...readLocalFiles(scan, handlers), ...readCollections(scan, handlers), ...readSdkRegions(scan), ...readConfigFiles(scan)]) builder.add(fact);
  if (builder.count === 0) return undefined;
  const problems: ParseProblem[] = [];
  const suppressions = findCommentSuppressions(file, text, problems);
  return { file, source: 'sdk', edges: [], regions: [], problems, suppressions, parameters: [], outputRefs: [], ...builder.build() };
}

/** Build scripts, CLIs (a shebang), tests, stories and config files of build and test tools. */
export function isToolingFile(file: string, text: string): boolean {
  return TOOLING_DIR.test(file) || TOOLING_FILE.test(file) || text.startsWith('#!');
}
