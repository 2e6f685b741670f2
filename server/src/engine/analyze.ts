// analyze(workspace, config) -> { findings, model }. The Analyzer keeps each file's facts, so an
// edit re-reads one file and only the cheap cross-file linking and the rules run again.
import { performance } from 'node:perf_hooks';
import picomatch from 'picomatch';
import { type Config, CONFIG_FILE, defaultConfig } from './config';
import { buildModelSteps, runToEnd } from './link';
import type { FileFacts, ParseProblem, Range } from './model';
import { type Finding, type Report, type Rule, type RuleContext, type Severity } from './rule';
import { allRules } from './rules';
import { disposeState, readFileFacts, type SourceState } from './sources';
import { initPython } from './sources/python';
import type { WorkspaceModel } from './model';
import type { Workspace } from './workspace';

export const PARSE_ERROR = 'parse-error';

export interface AnalysisResult {
  findings: Finding[];
  model: WorkspaceModel;
}

export interface AnalyzeOptions {
  now?: Date;
  rules?: Rule[];
  /** Polled between files and rules; when it returns true the work stops early. */
  isCancelled?: () => boolean;
}

interface FileEntry {
  hash: string;
  facts: FileFacts;
  state?: SourceState;
}

export class Analyzer {
  private readonly files = new Map<string, FileEntry>();

  /**
   * Reads (or re-reads) one file. Returns undefined for files that no source understands.
   * `keepState` (default true) keeps the parse state for an incremental re-read of the next
   * version; callers that will not edit the file (the scan of files that are not open) pass false,
   * and only the file's compact facts are kept.
   */
  update(file: string, text: string, config: Config = defaultConfig(), options: { keepState?: boolean } = {}): FileFacts | undefined {
    const keepState = options.keepState ?? true;
    const hash = textHash(text);
    const prev = this.files.get(file);
    if (prev && prev.hash === hash) {
      if (keepState && !prev.state) {
        // Opened in the editor after the scan read it: read it once more for the parse state, so
        // that the first keystroke is incremental too. The facts are the same; keep the old object.
        const again = this.read(file, text, config);
        if (again) prev.state = again.state;
      } else if (!keepState && prev.state) {
        disposeState(prev.state);
        prev.state = undefined;
      }
      return prev.facts;
    }
    const read = this.read(file, text, config, prev?.state);
    if (!read) {
      this.files.delete(file);
      return undefined;
    }
    if (!keepState && read.state) disposeState(read.state);
    this.files.set(file, { hash, facts: read.facts, state: keepState ? read.state : undefined });
    return read.facts;
  }

  private read(file: string, text: string, config: Config, prev?: SourceState): ReturnType<typeof readFileFacts> {
    try {
      return readFileFacts(file, text, config, prev);
    } catch (err) {
      // A reader that fails (in practice: nesting deep enough to overflow the stack of TypeScript's
      // parser or of a tree walk) must not take the review down; the file is reported unread.
      return { facts: unreadable(file, err) };
    }
  }

  remove(file: string): void {
    const state = this.files.get(file)?.state;
    if (state) disposeState(state);
    this.files.delete(file);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  knownFiles(): string[] {
    return [...this.files.keys()];
  }

  /** Links the stored facts into one model and runs the rules. */
  run(config: Config, options: AnalyzeOptions = {}): AnalysisResult {
    return runToEnd(runSteps(this.currentFacts(config), config, options.rules ?? allRules, options));
  }

  /**
   * The same run, over the facts as they are when it starts, handing control back between its steps
   * (linking, then each rule) once `sliceMs` have passed: `pause` resolves when the run may go on.
   * Edits that arrive meanwhile change the analyzer, not this run.
   */
  async runInSlices(config: Config, pause: () => Promise<void>, options: AnalyzeOptions & { sliceMs?: number } = {}): Promise<AnalysisResult> {
    const steps = runSteps(this.currentFacts(config), config, options.rules ?? allRules, options);
    const sliceMs = options.sliceMs ?? 10;
    let sliceStart = performance.now();
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      if (performance.now() - sliceStart >= sliceMs) {
        await pause();
        sliceStart = performance.now();
      }
    }
  }

  /**
   * The findings that follow from one file alone: its parse problems and the rules whose scope is
   * `file`, over a model of that file only. Used for an edited document while the workspace's run is
   * pending (a scan, or a slow run in progress), when cross-file rules would see half a workspace.
   * Every finding it returns is one that the full run reports too (a test checks this over every
   * fixture). The model gets copies of the file's resources: linking writes regions and table links
   * into resources, and a workspace run in progress may be reading the originals.
   */
  runFile(file: string, config: Config, options: AnalyzeOptions = {}): AnalysisResult {
    const entry = this.files.get(file);
    const facts = entry && !isIgnored(file, config) ? [{ ...entry.facts, resources: entry.facts.resources.map((r) => ({ ...r, properties: { ...r.properties } })) }] : [];
    const rules = (options.rules ?? allRules).filter((r) => fromOneFile(r.id));
    return runToEnd(runSteps(facts, config, rules, options));
  }

  private currentFacts(config: Config): FileFacts[] {
    return [...this.files.values()].map((e) => e.facts).filter((f) => !isIgnored(f.file, config));
  }
}

const FILE_SCOPED = new Set(allRules.filter((r) => r.meta.scope === 'file').map((r) => r.id));

/** True for the findings that `runFile` gives too: parse problems, and rules whose scope is `file`. */
export function fromOneFile(ruleId: string): boolean {
  return ruleId === PARSE_ERROR || FILE_SCOPED.has(ruleId);
}

/** A run in steps: it yields after linking and after each rule. */
function* runSteps(facts: FileFacts[], config: Config, rules: readonly Rule[], options: AnalyzeOptions): Generator<void, AnalysisResult> {
  const model = yield* buildModelSteps(facts, config);
  yield;
  const findings: Finding[] = facts.flatMap((f) => f.problems.map((p) => problemFinding(p)));
  const now = options.now ?? new Date();
  for (const rule of rules) {
    if (options.isCancelled?.()) break;
    const setting = config.rules[rule.id];
    if (setting === 'off') continue;
    const severity: Severity = setting ?? rule.meta.severity;
    const ctx: RuleContext = { model, config, now, report: (r) => findings.push(toFinding(rule.id, severity, r, model)) };
    try {
      rule.check(ctx);
    } catch (err) {
      // A rule bug must not take the whole analysis down; say which rule failed.
      findings.push({ ruleId: 'internal-error', severity: 'info', message: `Rule ${rule.id} failed: ${String(err)}`, file: CONFIG_FILE, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    }
    yield;
  }
  return { findings: sortFindings(applySuppressions(findings, facts)), model };
}

/** One-shot analysis over a Workspace (disk for the CLI, memory for tests). */
export async function analyze(workspace: Workspace, config: Config = defaultConfig(), options: AnalyzeOptions & { analyzer?: Analyzer } = {}): Promise<AnalysisResult> {
  const analyzer = options.analyzer ?? new Analyzer();
  const listed = await workspace.listFiles();
  // The Python parser loads asynchronously, once; `update` is synchronous.
  if (listed.some((f) => f.endsWith('.py'))) await initPython();
  const seen = new Set<string>();
  for (const file of listed) {
    if (options.isCancelled?.()) break;
    if (isIgnored(file, config)) continue;
    const text = await workspace.readFile(file);
    if (text === undefined) continue;
    seen.add(file);
    // A one-shot analysis never re-reads a file: keep facts only, unless the caller keeps the analyzer.
    analyzer.update(file, text, config, { keepState: options.analyzer !== undefined });
  }
  for (const file of analyzer.knownFiles()) if (!seen.has(file)) analyzer.remove(file);
  return analyzer.run(config, options);
}

const matchers = new Map<string, (path: string) => boolean>();

export function isIgnored(file: string, config: Config): boolean {
  if (config.ignore.length === 0) return false;
  const key = config.ignore.join('\n');
  let m = matchers.get(key);
  if (!m) {
    m = picomatch(config.ignore, { dot: true });
    matchers.set(key, m);
  }
  return m(file);
}

/** A rule's report as a finding with its file and range (also used by the live check). */
export function toFinding(ruleId: string, severity: Severity, r: Report, model: WorkspaceModel): Finding {
  const rangeIn = (file: string, path: readonly (string | number)[]): Range => model.files.get(file)?.rangeOf(path) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  let file: string;
  let range: Range;
  if (r.resource) {
    file = r.resource.file;
    range = r.path && r.path.length ? rangeIn(file, [...r.resource.propertiesPath, ...r.path]) : r.resource.range;
  } else if (r.location) {
    ({ file, range } = r.location);
  } else {
    file = CONFIG_FILE;
    range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  }
  const related = r.related?.map((rel) => {
    if (rel.location) return { ...rel.location, message: rel.message };
    const res = rel.resource!;
    return { file: res.file, range: rel.path?.length ? rangeIn(res.file, [...res.propertiesPath, ...rel.path]) : res.range, message: rel.message };
  });
  return { ruleId, severity, message: r.message, file, range, resourceId: r.resource?.id, ...(related?.length ? { related } : {}), ...(r.data ? { data: r.data } : {}) };
}

function unreadable(file: string, err: unknown): FileFacts {
  const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const why = err instanceof RangeError && /call stack/i.test(err.message) ? 'it nests too deeply to read' : `reading it failed (${String(err)})`;
  const problem: ParseProblem = { file, range, severity: 'warning', message: `Not analysed: ${why}.` };
  return { file, source: /\.(ya?ml|json|template|cfn)$/i.test(file) ? 'cloudformation' : 'cdk', resources: [], edges: [], regions: [], suppressions: [], parameters: [], outputRefs: [], problems: [problem], rangeOf: () => range };
}

function problemFinding(p: ParseProblem): Finding {
  return { ruleId: PARSE_ERROR, severity: p.severity, message: p.message, file: p.file, range: p.range };
}

/** Drops the findings that a suppression comment or Metadata entry covers. */
export function applySuppressions(findings: Finding[], facts: FileFacts[]): Finding[] {
  const byFile = new Map(facts.map((f) => [f.file, f]));
  return findings.filter((f) => {
    const sups = byFile.get(f.file)?.suppressions;
    if (!sups?.length) return true;
    const resource = f.resourceId ? byFile.get(f.file)?.resources.find((r) => r.id === f.resourceId) : undefined;
    return !sups.some((s) => {
      if (s.ruleId !== f.ruleId) return false;
      if (s.resourceId) return s.resourceId === `${f.file}#*` || s.resourceId === f.resourceId;
      return !!s.lines && (s.lines.includes(f.range.start.line) || (!!resource && s.lines.includes(resource.range.start.line)));
    });
  });
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

/** FNV-1a over the text plus its length: enough to tell whether a file changed. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.length}:${(h >>> 0).toString(36)}`;
}
