// The command line: `multi-region-review [paths…]`. The engine plus the file system; no LSP.
// `main` takes its arguments and its input/output as values, so tests run it in-process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from './engine/rule';
import { CONFIG_FILE } from './engine/config';
import { GameDayError, isoDay, recordGameDay } from './engine/gameDay';
import { buildRunbook } from './engine/runbook';
import { checkLive, LiveCheckError } from './live';
import { type Format, HELP, type LiveArgs, parseArgs, UsageError } from './report/args';
import { type Formatter, type ReportInput, toolVersion } from './report/common';
import { fixFiles, fixSummary } from './report/fix';
import { jsonReport } from './report/json';
import { markdownReport } from './report/markdown';
import { sarifReport } from './report/sarif';
import { liveSummary } from './report/live';
import { scan, type ScanResult } from './report/scan';
import { textSummary } from './report/summary';
import { textReport } from './report/text';

export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether the terminal takes colour (a TTY without NO_COLOR); --no-color and --output turn it off. */
  color: boolean;
}

const FORMATTERS: Record<Format, Formatter> = { text: textReport, json: jsonReport, sarif: sarifReport, markdown: markdownReport };

/** Runs the CLI and returns its exit code: 0 clean, 1 errors or too many warnings, 2 usage error or crash. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const opts = parseArgs(argv);
    if (opts.help || opts.version) {
      io.stdout(opts.help ? HELP : `${toolVersion()}\n`);
      return 0;
    }
    if (opts.fix) {
      // JSON and SARIF stay machine-readable; what was fixed goes to stderr there.
      const say = opts.format === 'json' || opts.format === 'sarif' ? io.stderr : io.stdout;
      say(fixSummary(await fixFiles(opts.paths, io.cwd, opts.config), io.cwd));
    }
    if (opts.recordGameDay) {
      const file = configPath(opts.paths, io.cwd, opts.config);
      const day = opts.recordGameDay === 'today' ? isoDay(new Date()) : opts.recordGameDay;
      try {
        fs.writeFileSync(file, recordGameDay(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined, day));
      } catch (err) {
        if (err instanceof GameDayError) throw new UsageError(`--record-game-day: ${err.message}`);
        throw err;
      }
      io.stderr(`Recorded the game day of ${day} in ${path.relative(io.cwd, file) || file} (lastFailoverTest).\n`);
    }
    const result = await scan(opts.paths, io.cwd, opts.config);
    if (opts.runbook) {
      const name = path.basename(result.root);
      writeOutput(path.resolve(io.cwd, opts.runbook), buildRunbook(result.model, result.config, { name, findings: result.findings }));
      io.stderr(`Wrote the game-day runbook for ${name} to ${opts.runbook}.\n`);
    }
    for (const problem of result.configProblems) io.stderr(`warning: ${problem}\n`);
    if (opts.live) {
      const live = await runLive(result, opts.live, io);
      if (live === undefined) return 2;
      result.findings = sortByFile([...result.findings, ...live]);
    }
    const findings = opts.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
    const input: ReportInput = { findings, model: result.model, root: result.root, cwd: io.cwd, stats: result.stats };
    const color = io.color && !opts.noColor && !opts.output;
    const report = FORMATTERS[opts.format](input, { color, summary: opts.summary });
    if (opts.output) writeOutput(path.resolve(io.cwd, opts.output), report);
    else io.stdout(report);
    // JSON and SARIF stay machine-readable; their summary goes to stderr.
    if (opts.summary && (opts.format === 'json' || opts.format === 'sarif')) io.stderr(textSummary(input, io.color && !opts.noColor));
    return exitCode(result.findings, opts.maxWarnings, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`multi-region-review: ${err.message}\nRun multi-region-review --help for usage.\n`);
      return 2;
    }
    io.stderr(`multi-region-review crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}

/** The live Route 53 check over the scanned model: its findings, or undefined after printing why it failed. */
async function runLive(result: ScanResult, args: LiveArgs, io: CliIo): Promise<Finding[] | undefined> {
  try {
    const report = await checkLive(result.model, result.config, { ...args });
    io.stderr(liveSummary(report));
    return report.findings;
  } catch (err) {
    if (!(err instanceof LiveCheckError)) throw err;
    io.stderr(`multi-region-review: live Route 53 check failed: ${err.message}\n`);
    return undefined;
  }
}

function sortByFile(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** ESLint semantics: any error fails; warnings fail only above --max-warnings (counted before --quiet). */
function exitCode(findings: Finding[], maxWarnings: number | undefined, io: CliIo): number {
  if (findings.some((f) => f.severity === 'error')) return 1;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`multi-region-review found too many warnings (${warnings}; maximum: ${maxWarnings}).\n`);
    return 1;
  }
  return 0;
}

/** The config file the run reads: --config, or multi-region-review.json in the single folder given. */
function configPath(paths: string[], cwd: string, config: string | undefined): string {
  if (config) return path.resolve(cwd, config);
  const dirs = paths.map((p) => path.resolve(cwd, p));
  if (dirs.length !== 1 || !fs.statSync(dirs[0], { throwIfNoEntry: false })?.isDirectory()) throw new UsageError('--record-game-day needs one folder, or --config <file>.');
  return path.join(dirs[0], CONFIG_FILE);
}

function writeOutput(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    color: !!process.stdout.isTTY && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb',
  };
}

/** Entry point for `node dist/cli.js` and for bin/multi-region-review.js. */
export function run(): void {
  // A reader that stops early (`| head`) is not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) run();
