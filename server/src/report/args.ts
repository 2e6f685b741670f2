// Command-line options: parsed once into a typed object, or a usage error that the CLI prints
// before exiting with code 2.
import { parseArgs as parseNodeArgs } from 'node:util';

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  paths: string[];
  format: Format;
  /** ESLint semantics: more warnings than this fails the run. Undefined (or -1) means no limit. */
  maxWarnings?: number;
  config?: string;
  summary: boolean;
  quiet: boolean;
  output?: string;
  /** Apply the safe fixes to the files, then report what is left. */
  fix: boolean;
  noColor: boolean;
  help: boolean;
  version: boolean;
  /** Write the failover game-day runbook (Markdown) to this file. */
  runbook?: string;
  /** Set lastFailoverTest in the config file to this date (YYYY-MM-DD, or `today`), then review. */
  recordGameDay?: string;
  /** Compare with the live Route 53 configuration of the signed-in AWS account (read-only). */
  live?: LiveArgs;
}

export interface LiveArgs {
  profile?: string;
  region?: string;
  endpoint?: string;
  timeoutMs?: number;
}

/** A mistake in how the CLI was called (exit code 2, no stack trace). */
export class UsageError extends Error {}

export const HELP = `Usage: multi-region-review [options] [paths...]

Reviews the multi-region architecture of AWS CloudFormation and SAM templates.
Paths are folders or files (default: the current folder). A single folder is the workspace
root; several paths share their common parent folder as the root.

Options:
  -f, --format <name>     text (default), json, sarif or markdown
      --max-warnings <n>  exit with code 1 when there are more than n warnings
  -c, --config <file>     configuration file (default: multi-region-review.json in the root)
      --summary           after the findings, print counts, regions, files and time
  -q, --quiet             report errors only
  -o, --output <file>     write the report to a file instead of standard output
      --fix               apply the safe fixes to the files first (as ESLint does), then
                          report what is left; files that do not parse are never written
      --no-color          never colour the output (NO_COLOR is honoured too)
      --runbook <file>    write a failover game-day runbook (Markdown) for the workspace
      --record-game-day <date>  record a completed game day (YYYY-MM-DD or today): sets
                          lastFailoverTest in multi-region-review.json
      --live              also compare the Route 53 records with the live configuration
                          of the AWS account (read-only calls; default credential chain)
      --live-profile <p>  AWS profile for --live (default: the default credential chain)
      --live-region <r>   region the Route 53 client signs for (default: us-east-1)
      --live-endpoint <u> Route 53 endpoint override (a VPC endpoint, or a test server)
      --live-timeout-ms <n>  deadline per Route 53 call, in ms (default: 10000)
  -h, --help              show this help
  -v, --version           show the version

Exit codes: 0 no errors, 1 errors found or too many warnings, 2 usage error, crash or a
failed live check (no credentials, access denied, timeout...).
`;

export function parseArgs(argv: string[]): CliOptions {
  let parsed: ReturnType<typeof parseWith>;
  try {
    parsed = parseWith(argv);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  const format = (v.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`Unknown format "${v.format}". Use one of: ${FORMATS.join(', ')}.`);
  return {
    paths: parsed.positionals.length ? parsed.positionals : ['.'],
    format,
    maxWarnings: v['max-warnings'] === undefined ? undefined : maxWarnings(v['max-warnings']),
    config: v.config,
    summary: !!v.summary,
    quiet: !!v.quiet,
    output: v.output,
    fix: !!v.fix,
    noColor: !!v['no-color'],
    help: !!v.help,
    version: !!v.version,
    ...(v.runbook ? { runbook: v.runbook } : {}),
    ...(v['record-game-day'] ? { recordGameDay: v['record-game-day'] } : {}),
    ...(v.live || v['live-profile'] || v['live-region'] || v['live-endpoint'] || v['live-timeout-ms'] ? { live: liveArgs(v) } : {}),
  };
}

function liveArgs(v: ReturnType<typeof parseWith>['values']): LiveArgs {
  if (!v.live) throw new UsageError('--live-profile, --live-region, --live-endpoint and --live-timeout-ms need --live.');
  const t = v['live-timeout-ms'];
  if (t !== undefined && (!/^\d+$/.test(t) || Number(t) < 100 || Number(t) > 600_000)) throw new UsageError(`--live-timeout-ms needs a number of milliseconds from 100 to 600000, not "${t}".`);
  return {
    ...(v['live-profile'] ? { profile: v['live-profile'] } : {}),
    ...(v['live-region'] ? { region: v['live-region'] } : {}),
    ...(v['live-endpoint'] ? { endpoint: v['live-endpoint'] } : {}),
    ...(t !== undefined ? { timeoutMs: Number(t) } : {}),
  };
}

function parseWith(argv: string[]) {
  return parseNodeArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      'max-warnings': { type: 'string' },
      config: { type: 'string', short: 'c' },
      summary: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      output: { type: 'string', short: 'o' },
      fix: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      runbook: { type: 'string' },
      'record-game-day': { type: 'string' },
      live: { type: 'boolean' },
      'live-profile': { type: 'string' },
      'live-region': { type: 'string' },
      'live-endpoint': { type: 'string' },
      'live-timeout-ms': { type: 'string' },
    },
  });
}

function maxWarnings(text: string): number | undefined {
  if (!/^-?\d+$/.test(text.trim()) || Number(text) < -1) throw new UsageError(`--max-warnings needs a whole number of 0 or more (or -1 for no limit), not "${text}".`);
  const n = Number(text);
  return n === -1 ? undefined : n;
}
