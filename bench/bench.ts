// `npm run bench`: edit→diagnostics latency, full-scan time against the parse floor, the corpus,
// cold start, memory, and a generated CDK app + AWS SDK service (code.ts) against the
// `ts.createSourceFile` floor. Prints tables and writes the same figures to out/bench-results/latest.json.
//
//   node --expose-gc dist/bench.js [--quick] [--only=edits,scan,phases,corpus,cold,rss,code,python]
//                                  [--sizes=10,100,1000,5000] [--corpus=DIR] [--out=FILE]
//
// Percentiles are nearest-rank over the samples named in each table (n). Every timed series runs
// after untimed warm-up iterations of the same work.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseTree } from 'jsonc-parser';
import { Analyzer, textHash } from '../server/src/engine/analyze';
import { type Config, defaultConfig } from '../server/src/engine/config';
import { buildModel } from '../server/src/engine/link';
import type { Report } from '../server/src/engine/rule';
import { allRules } from '../server/src/engine/rules';
import { splitTemplate } from '../server/src/engine/sources/chunks';
import { type CfnState, looksLikeTemplate, readCloudFormation } from '../server/src/engine/sources/cloudformation';
import { parseJsonTree } from '../server/src/engine/sources/jsonTree';
import { parseYamlTree } from '../server/src/engine/sources/yamlTree';
import { DiskWorkspace } from '../server/src/engine/workspace';
import { type CodeResult, codeTargets, printCodeBench, runCodeBench } from './code';
import { printPythonBench, pythonTargets, type PythonResult, runPythonBench } from './python';
import { type LoadResult, loadTargets, runLoadBench } from './load';
import { type EditResult, timeEdits, typingEdits } from './edits';
import { jsYamlLoad, yamlParseDocument } from './floors';
import { type GeneratedTemplate, generateTemplate, type TemplateFormat } from './generate';
import { kb, mb, median, ms, ratio, type Summary, summarize, table } from './stats';

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const QUICK = flag('quick');
const ROOT = findRoot(__dirname);
const SECTIONS = new Set((option('only') ?? 'edits,scan,phases,corpus,cold,rss,code,python').split(','));
const SIZES = (option('sizes') ?? (QUICK ? '10,100,1000' : '10,100,1000,5000')).split(',').map(Number);
const CORPUS = path.resolve(option('corpus') ?? path.join(ROOT, '..', 'shared', 'corpus'));
const OUT = path.resolve(option('out') ?? path.join(ROOT, 'out', 'bench-results', 'latest.json'));

const TYPING_EDITS = QUICK ? 40 : 120;
const LINE_EDITS = QUICK ? 40 : 100;
const EDIT_WARMUP = QUICK ? 10 : 20;
const PHASE_SAMPLES = QUICK ? 10 : 30;
const COLD_RUNS = QUICK ? 10 : 15;
const RSS_FILES = 1000;
const RSS_RESOURCES_PER_FILE = 20;

const TARGETS = { edit100: 15, edit1000: 40, coldStart: 250, rss: 120 };

const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const now = () => performance.now();

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name === 'multi-region-review') return dir;
    } catch {
      // keep walking up
    }
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

// ---------------------------------------------------------------- edit simulation

/** Inserts a whole property line before the edited property, then removes it: every edit shifts all later lines. */
function* lineEdits(gen: GeneratedTemplate, count: number): Generator<string> {
  const { lineStart, indent } = gen.edit;
  for (let i = 0; i < count; i++) {
    if (i % 2 === 1) {
      yield gen.text;
      continue;
    }
    const line = gen.format === 'json' ? `${indent}"BenchNote${i}": "added line ${i}",\n` : `${indent}BenchNote${i}: added line ${i}\n`;
    yield gen.text.slice(0, lineStart) + line + gen.text.slice(lineStart);
  }
}

// ---------------------------------------------------------------- generated templates

interface ScanResult {
  n: number;
  engine: Summary;
  jsYaml: Summary;
  yaml: Summary;
  jsonParse?: Summary;
  jsonc?: Summary;
}

interface CaseResult {
  name: string;
  format: TemplateFormat;
  resources: number;
  bytes: number;
  lines: number;
  findings: number;
  editTarget: string;
  edits: EditResult[];
  scan?: ScanResult;
  phases?: Record<string, number>;
}

function scanReps(size: number): { reps: number; warm: number } {
  if (size <= 10) return { reps: QUICK ? 10 : 30, warm: 5 };
  if (size <= 100) return { reps: QUICK ? 5 : 15, warm: 3 };
  if (size <= 1000) return { reps: QUICK ? 3 : 7, warm: 1 };
  return { reps: QUICK ? 2 : 3, warm: 1 };
}

function fullScan(gen: GeneratedTemplate, file: string, config: Config): ScanResult {
  const { reps, warm } = scanReps(gen.resourceCount);
  const series: Record<'engine' | 'jsYaml' | 'yaml' | 'jsonParse' | 'jsonc', number[]> = { engine: [], jsYaml: [], yaml: [], jsonParse: [], jsonc: [] };
  const timeIt = (key: keyof typeof series, fn: () => unknown, record: boolean) => {
    const t0 = now();
    fn();
    if (record) series[key].push(now() - t0);
  };
  gc();
  for (let i = 0; i < warm + reps; i++) {
    const record = i >= warm;
    timeIt(
      'engine',
      () => {
        const analyzer = new Analyzer();
        analyzer.update(file, gen.text, config);
        return analyzer.run(config);
      },
      record,
    );
    timeIt('jsYaml', () => jsYamlLoad(gen.text), record);
    timeIt('yaml', () => yamlParseDocument(gen.text), record);
    if (gen.format === 'json') {
      timeIt('jsonParse', () => JSON.parse(gen.text), record);
      timeIt('jsonc', () => parseTree(gen.text, [], { allowTrailingComma: true }), record);
    }
  }
  return {
    n: reps,
    engine: summarize(series.engine),
    jsYaml: summarize(series.jsYaml),
    yaml: summarize(series.yaml),
    ...(gen.format === 'json' ? { jsonParse: summarize(series.jsonParse), jsonc: summarize(series.jsonc) } : {}),
  };
}

/** Times each phase of an edit separately (same typing edits), using the engine's own building blocks. */
function phaseBreakdown(gen: GeneratedTemplate, file: string, config: Config): Record<string, number> {
  const series: Record<string, number[]> = {};
  const add = (k: string, v: number) => (series[k] ??= []).push(v);
  const analyzer = new Analyzer();
  analyzer.update(file, gen.text, config);
  analyzer.run(config);
  let prev: CfnState | undefined = readCloudFormation(file, gen.text).state;
  const editLine = gen.text.slice(0, gen.edit.valueEnd).split('\n').length - 1;
  const texts = [...typingEdits(gen.text, gen.edit.valueEnd, EDIT_WARMUP), ...typingEdits(gen.text, gen.edit.valueEnd, PHASE_SAMPLES)];
  gc();
  texts.forEach((text, i) => {
    const record = i >= EDIT_WARMUP;
    const rec = (k: string, t0: number) => record && add(k, now() - t0);
    let t = now();
    textHash(text);
    rec('update: textHash', t);
    t = now();
    looksLikeTemplate(file, text);
    rec('update: looksLikeTemplate', t);
    if (gen.format === 'yaml') {
      t = now();
      const chunks = splitTemplate(text) ?? [];
      rec('update: splitTemplate (whole text)', t);
      const chunk = [...chunks].reverse().find((c) => c.startLine <= editLine && c.section === 'Resources');
      t = now();
      if (chunk) parseYamlTree(chunk.text);
      rec('update: parse edited chunk (yaml)', t);
    } else {
      t = now();
      parseJsonTree(text);
      rec('update: parse whole file (jsonc)', t);
    }
    t = now();
    const read = readCloudFormation(file, text, prev);
    prev = read.state;
    rec('update: readCloudFormation total', t);
    t = now();
    const model = buildModel([read.facts], config);
    rec('run: buildModel', t);
    const reports: Report[] = [];
    for (const rule of allRules) {
      t = now();
      rule.check({ model, config, now: new Date(), report: (r) => reports.push(r) });
      rec(`run: rule ${rule.id}`, t);
    }
    t = now();
    analyzer.update(file, text, config);
    rec('update (Analyzer, total)', t);
    t = now();
    analyzer.run(config);
    rec('run (Analyzer, total)', t);
  });
  const p50: Record<string, number> = {};
  for (const [k, v] of Object.entries(series)) p50[k] = median(v);
  const parse = p50['update: parse edited chunk (yaml)'] ?? p50['update: parse whole file (jsonc)'] ?? 0;
  const split = p50['update: splitTemplate (whole text)'] ?? 0;
  p50['update: ≈ rest of readCloudFormation'] = Math.max(0, p50['update: readCloudFormation total'] - split - parse);
  const rules = Object.entries(p50).filter(([k]) => k.startsWith('run: rule '));
  p50['run: all rules'] = rules.reduce((a, [, v]) => a + v, 0);
  p50['run: ≈ findings, suppressions, sort'] = Math.max(0, p50['run (Analyzer, total)'] - p50['run: buildModel'] - p50['run: all rules']);
  return p50;
}

function generatedCase(size: number, format: TemplateFormat, config: Config): CaseResult {
  const gen = generateTemplate(size, { format });
  const file = `templates/app-${size}.${format}`;
  const name = `${format}-${size}`;
  const result: CaseResult = {
    name,
    format,
    resources: gen.resourceCount,
    bytes: Buffer.byteLength(gen.text),
    lines: gen.text.split('\n').length,
    findings: 0,
    editTarget: `${gen.edit.logicalId}.${gen.edit.key} (resource ${gen.edit.resourceIndex + 1} of ${gen.resourceCount})`,
    edits: [],
  };
  progress(`${name}: ${kb(result.bytes)}, ${result.lines} lines`);
  if (SECTIONS.has('edits')) {
    const analyzer = new Analyzer();
    analyzer.update(file, gen.text, config);
    result.findings = analyzer.run(config).findings.length;
    timeEdits(analyzer, file, typingEdits(gen.text, gen.edit.valueEnd, EDIT_WARMUP), config, 'type');
    gc();
    result.edits.push(timeEdits(analyzer, file, typingEdits(gen.text, gen.edit.valueEnd, TYPING_EDITS), config, 'type'));
    timeEdits(analyzer, file, lineEdits(gen, EDIT_WARMUP), config, 'newline');
    gc();
    result.edits.push(timeEdits(analyzer, file, lineEdits(gen, LINE_EDITS), config, 'newline'));
  }
  if (SECTIONS.has('scan')) result.scan = fullScan(gen, file, config);
  if (SECTIONS.has('phases') && size >= 100) result.phases = phaseBreakdown(gen, file, config);
  return result;
}

// ---------------------------------------------------------------- corpus

interface CorpusResult {
  dir: string;
  skipped?: string;
  files?: number;
  bytes?: number;
  templates?: number;
  resources?: number;
  findings?: number;
  parseErrors?: number;
  n?: number;
  engine?: Summary;
  jsYaml?: Summary;
  jsYamlFailures?: number;
  yaml?: Summary;
  slowest?: { file: string; bytes: number; ms: number }[];
}

async function corpus(config: Config): Promise<CorpusResult> {
  if (!fs.existsSync(CORPUS)) return { dir: CORPUS, skipped: 'folder not found' };
  const ws = new DiskWorkspace(CORPUS);
  const docs: [string, string][] = [];
  for (const file of await ws.listFiles()) {
    const text = await ws.readFile(file);
    if (text !== undefined) docs.push([file, text]);
  }
  const bytes = docs.reduce((a, [, t]) => a + Buffer.byteLength(t), 0);
  progress(`corpus: ${docs.length} files, ${kb(bytes)}`);
  const reps = QUICK ? 1 : 3;
  const engine: number[] = [];
  const js: number[] = [];
  const ym: number[] = [];
  let jsYamlFailures = 0;
  let last: { templates: number; resources: number; findings: number; parseErrors: number } | undefined;
  gc();
  for (let i = 0; i < reps + 1; i++) {
    const record = i > 0;
    let t = now();
    const analyzer = new Analyzer();
    for (const [file, text] of docs) analyzer.update(file, text, config);
    const result = analyzer.run(config);
    if (record) engine.push(now() - t);
    last = { templates: analyzer.knownFiles().length, resources: result.model.resources.length, findings: result.findings.length, parseErrors: result.findings.filter((f) => f.ruleId === 'parse-error').length };
    t = now();
    let failures = 0;
    for (const [, text] of docs) {
      try {
        jsYamlLoad(text);
      } catch {
        failures++;
      }
    }
    if (record) js.push(now() - t);
    jsYamlFailures = failures;
    t = now();
    for (const [, text] of docs) yamlParseDocument(text);
    if (record) ym.push(now() - t);
  }
  // One more pass timing each file on its own, to name the slowest.
  const perFile: { file: string; bytes: number; ms: number }[] = [];
  const analyzer = new Analyzer();
  for (const [file, text] of docs) {
    const t = now();
    analyzer.update(file, text, config);
    perFile.push({ file, bytes: Buffer.byteLength(text), ms: now() - t });
  }
  perFile.sort((a, b) => b.ms - a.ms);
  return { dir: CORPUS, files: docs.length, bytes, ...last, n: reps, engine: summarize(engine), jsYaml: summarize(js), jsYamlFailures, yaml: summarize(ym), slowest: perFile.slice(0, 5) };
}

// ---------------------------------------------------------------- cold start

interface ColdStartResult {
  runs: number;
  bundle: string;
  bundleBytes: number;
  baseline: Summary;
  process: Summary;
  coldStart: number;
  inside: { boot: number; load: number; analyze: number };
  resources: number;
}

async function coldStart(): Promise<ColdStartResult> {
  const outDir = path.join(ROOT, 'out', 'bench-dist');
  fs.mkdirSync(outDir, { recursive: true });
  const bundle = path.join(outDir, 'coldstart.js');
  // esbuild is loaded at run time so that it is not bundled into dist/bench.js.
  const esbuild = createRequire(path.join(ROOT, 'package.json'))('esbuild') as typeof import('esbuild');
  // The options of esbuild.mjs; mainFields picks jsonc-parser's ESM build (its UMD build cannot be bundled).
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench', 'coldstart.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    mainFields: ['module', 'main'],
    // As in esbuild.mjs: TypeScript is its own file, required on the first code file only.
    external: ['typescript'],
    logLevel: 'warning',
  });
  const template = path.join(outDir, 'coldstart-template.yaml');
  fs.writeFileSync(template, generateTemplate(10).text);
  const spawnTimed = (args: string[]) => {
    const t0 = now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const wall = now() - t0;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
    return { wall, stdout: r.stdout };
  };
  const baseline: number[] = [];
  const cold: number[] = [];
  const inside: { boot: number; load: number; analyze: number; resources: number }[] = [];
  for (let i = 0; i < COLD_RUNS + 2; i++) {
    const b = spawnTimed(['-e', '']);
    const c = spawnTimed([bundle, template]);
    if (i < 2) continue; // warm the OS file cache
    baseline.push(b.wall);
    cold.push(c.wall);
    inside.push(JSON.parse(c.stdout.trim().split('\n').pop()!));
  }
  return {
    runs: COLD_RUNS,
    bundle: path.relative(ROOT, bundle),
    bundleBytes: fs.statSync(bundle).size,
    baseline: summarize(baseline),
    process: summarize(cold),
    coldStart: median(cold) - median(baseline),
    inside: { boot: median(inside.map((x) => x.boot)), load: median(inside.map((x) => x.load)), analyze: median(inside.map((x) => x.analyze)) },
    resources: inside[0]?.resources ?? 0,
  };
}

// ---------------------------------------------------------------- memory (child process)

interface MemoryResult {
  files: number;
  resourcesPerFile: number;
  resources: number;
  textBytes: number;
  /** update() of every file, then the one run(). */
  updateMs: number;
  runMs: number;
  scanMs: number;
  findings: number;
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  rssDelta: number;
  heapDelta: number;
}

/** In a fresh process: 1,000 generated files analysed by one Analyzer, memory after gc minus before. */
function memoryChild(): void {
  const files = Number(option('rss-files') ?? RSS_FILES);
  const per = Number(option('rss-per-file') ?? RSS_RESOURCES_PER_FILE);
  // Half the stacks are primaries in us-east-1, half secondaries in us-west-2, so cross-file rules pair them.
  const config: Config = {
    ...defaultConfig(),
    deployments: [
      { files: ['**/primary.yaml'], regions: ['us-east-1'] },
      { files: ['**/secondary.yaml'], regions: ['us-west-2'] },
    ],
  };
  // Warm the code paths first so that compiled code is part of the baseline, not of the delta.
  const warm = new Analyzer();
  warm.update('warm.yaml', generateTemplate(per, { variant: -1 }).text, config);
  warm.run(config);
  gc();
  gc();
  const before = process.memoryUsage();
  const analyzer = new Analyzer();
  let textBytes = 0;
  let updateMs = 0;
  for (let i = 0; i < files; i++) {
    // Texts are generated one at a time and dropped: only what the Analyzer keeps is measured.
    const text = generateTemplate(per, { variant: i >> 1 }).text;
    textBytes += text.length;
    const t = now();
    analyzer.update(`stacks/app-${String(i >> 1).padStart(3, '0')}/${i % 2 ? 'secondary' : 'primary'}.yaml`, text, config);
    updateMs += now() - t;
  }
  const t = now();
  const result = analyzer.run(config);
  const runMs = now() - t;
  gc();
  gc();
  const after = process.memoryUsage();
  const out: MemoryResult = {
    files,
    resourcesPerFile: per,
    resources: result.model.resources.length,
    textBytes,
    updateMs,
    runMs,
    scanMs: updateMs + runMs,
    findings: result.findings.length,
    before,
    after,
    rssDelta: after.rss - before.rss,
    heapDelta: after.heapUsed - before.heapUsed,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function memory(): MemoryResult {
  const r = spawnSync(process.execPath, ['--expose-gc', process.argv[1], '--rss-child'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

// ---------------------------------------------------------------- report

function progress(message: string): void {
  process.stderr.write(`  … ${message}\n`);
}

function gitCommit(): string | undefined {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  return `${r.stdout.trim()}${dirty ? '+dirty' : ''}`;
}

interface TargetRow {
  target: string;
  limitMs?: number;
  limitMb?: number;
  value: number;
  pass: boolean;
}

/** The generated templates deploy to two regions, as a multi-region-review.json would say. */
function benchConfig(): Config {
  return { ...defaultConfig(), deployments: [{ files: ['templates/**'], regions: ['us-east-1', 'us-west-2'] }] };
}

async function main(): Promise<void> {
  if (flag('rss-child')) return memoryChild();
  const started = now();
  if (!(globalThis as { gc?: unknown }).gc) process.stderr.write('note: run with node --expose-gc for steadier figures (npm run bench does).\n');
  const config = benchConfig();
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.arch()}`,
    quick: QUICK,
    sections: [...SECTIONS],
    sizes: SIZES,
    rules: allRules.length,
    commit: gitCommit(),
    loadAverageAtStart: os.loadavg()[0],
  };
  const out: Record<string, unknown> = { meta };
  const print = (s = '') => process.stdout.write(`${s}\n`);
  print(`Multi-Region Review benchmark — ${meta.date.slice(0, 16).replace('T', ' ')} UTC, node ${meta.node}, ${meta.cores} × ${meta.cpu}`);
  print(`commit ${meta.commit ?? '?'}, ${meta.rules} rules registered${QUICK ? ', QUICK mode (fewer samples, no 5,000-resource case)' : ''}`);
  print('Percentiles are nearest-rank over n samples; each series follows untimed warm-up runs of the same work.');
  print(`Generated templates are analysed with a config deploying templates/** to us-east-1 and us-west-2; the corpus and the code workspace with the default config.`);
  if (meta.loadAverageAtStart > meta.cores * 0.5) print(`WARNING: load average ${meta.loadAverageAtStart.toFixed(1)} on ${meta.cores} cores: other processes compete, figures will be noisy.`);

  const cases: CaseResult[] = [];
  if (SECTIONS.has('edits') || SECTIONS.has('scan') || SECTIONS.has('phases')) {
    for (const size of SIZES) cases.push(generatedCase(size, 'yaml', config));
    if (SIZES.includes(1000)) cases.push(generatedCase(1000, 'json', config));
  }
  out.generated = cases;

  if (SECTIONS.has('edits')) {
    print();
    print(`1a. Edit → diagnostics, one file in one Analyzer: update() + run() per edit, ms`);
    print(`    type: ${TYPING_EDITS} single-character edits (${TYPING_EDITS / 2} inserts, then as many deletes) at the end of a property value in the middle resource`);
    print(`    newline: ${LINE_EDITS} edits alternately inserting and removing a whole property line there (all later lines shift)`);
    const rows = cases.flatMap((c) =>
      c.edits.map((e) => [c.name, c.resources, kb(c.bytes), e.edit, e.total.n, ms(e.total.p50), ms(e.total.p95), ms(e.total.max), ms(e.cpu.p50), ms(e.cpu.p95), ms(e.update.p50), ms(e.update.p95), ms(e.run.p50), ms(e.run.p95), e.findings]),
    );
    print(table(['case', 'resources', 'size', 'edit', 'n', 'p50', 'p95', 'max', 'cpu p50', 'cpu p95', 'update p50', 'update p95', 'run p50', 'run p95', 'findings'], rows));
    print('    p50/p95/max: wall time of update() + run(). cpu: process CPU time over the same span (all threads, GC helpers included);');
    print('    when wall ≫ cpu, the process was waiting for a core (other processes), not working.');
    print(`    edited: ${cases.map((c) => `${c.name} ${c.editTarget}`).join('; ')}`);
  }

  if (SECTIONS.has('scan')) {
    print();
    print('1b. Full scan (fresh Analyzer: update + run) next to the parse floor of the same text in the same run, ms (p50)');
    const rows = cases
      .filter((c) => c.scan)
      .map((c) => {
        const s = c.scan!;
        return [c.name, c.resources, kb(c.bytes), s.n, ms(s.engine.p50), ms(s.engine.p95), ms(s.jsYaml.p50), ms(s.yaml.p50), s.jsonc ? ms(s.jsonc.p50) : '-', s.jsonParse ? ms(s.jsonParse.p50) : '-', ratio(s.engine.p50, s.jsYaml.p50), ratio(s.engine.p50, s.yaml.p50)];
      });
    print(table(['case', 'resources', 'size', 'n', 'engine p50', 'engine p95', 'js-yaml load', 'yaml parseDocument', 'jsonc parseTree', 'JSON.parse', 'engine/js-yaml', 'engine/yaml'], rows));
  }

  if (SECTIONS.has('phases')) {
    const withPhases = cases.filter((c) => c.phases);
    if (withPhases.length) {
      print();
      print(`1c. Where an edit's time goes: each phase timed on its own over ${PHASE_SAMPLES} typing edits, p50 ms (≈ rows are differences of medians)`);
      const keys = new Set<string>();
      for (const c of withPhases) for (const k of Object.keys(c.phases!)) keys.add(k);
      const ruleKeys = [...keys].filter((k) => k.startsWith('run: rule '));
      const heavy = ruleKeys
        .map((k) => ({ k, worst: Math.max(...withPhases.map((c) => c.phases![k] ?? 0)) }))
        .sort((a, b) => b.worst - a.worst)
        .slice(0, 5)
        .map((x) => x.k);
      const order = [
        'update (Analyzer, total)',
        'update: textHash',
        'update: looksLikeTemplate',
        'update: readCloudFormation total',
        'update: splitTemplate (whole text)',
        'update: parse edited chunk (yaml)',
        'update: parse whole file (jsonc)',
        'update: ≈ rest of readCloudFormation',
        'run (Analyzer, total)',
        'run: buildModel',
        'run: all rules',
        ...heavy.map((k) => k.replace('run: rule ', 'run:   rule ')),
        'run: ≈ findings, suppressions, sort',
      ];
      const rows = order
        .filter((k) => keys.has(k.replace('run:   rule ', 'run: rule ')))
        .map((k) => [k, ...withPhases.map((c) => ms(c.phases![k.replace('run:   rule ', 'run: rule ')]))]);
      print(table(['phase', ...withPhases.map((c) => c.name)], rows));
    }
  }

  if (SECTIONS.has('corpus')) {
    const c = await corpus(defaultConfig());
    out.corpus = c;
    print();
    if (c.skipped) {
      print(`2. Corpus ${c.dir}: SKIPPED (${c.skipped})`);
    } else {
      print(`2. Corpus ${path.relative(ROOT, c.dir)}: ${c.files} files, ${kb(c.bytes!)}, read into memory first (disk not timed); n = ${c.n} scans`);
      print(`   ${c.templates} read as templates, ${c.resources} resources, ${c.findings} findings (${c.parseErrors} parse diagnostics); js-yaml rejects ${c.jsYamlFailures} files`);
      const perS = (t: number) => `${Math.round((c.files! * 1000) / t)}/s`;
      print(
        table(
          ['what', 'p50 ms', 'max ms', 'files/s', 'vs js-yaml'],
          [
            ['engine full scan (update all + run)', ms(c.engine!.p50), ms(c.engine!.max), perS(c.engine!.p50), ratio(c.engine!.p50, c.jsYaml!.p50)],
            ['js-yaml load, every file', ms(c.jsYaml!.p50), ms(c.jsYaml!.max), perS(c.jsYaml!.p50), '1.0×'],
            ['yaml parseDocument, every file', ms(c.yaml!.p50), ms(c.yaml!.max), perS(c.yaml!.p50), ratio(c.yaml!.p50, c.jsYaml!.p50)],
          ],
        ),
      );
      print(`   slowest files (update alone): ${c.slowest!.map((s) => `${s.file} ${kb(s.bytes)} ${ms(s.ms)} ms`).join('; ')}`);
    }
  }

  let cold: ColdStartResult | undefined;
  if (SECTIONS.has('cold')) {
    progress('cold start');
    cold = await coldStart();
    out.coldStart = cold;
    print();
    print(`3. Cold start: fresh \`node ${cold.bundle}\` (${kb(cold.bundleBytes)}) that loads the engine and analyses a ${cold.resources}-resource template, minus \`node -e ''\`; n = ${cold.runs} runs each, ms`);
    print(
      table(
        ['what', 'p50', 'p95', 'min'],
        [
          ["node -e ''", ms(cold.baseline.p50), ms(cold.baseline.p95), ms(cold.baseline.min)],
          ['node coldstart.js', ms(cold.process.p50), ms(cold.process.p95), ms(cold.process.min)],
          ['cold start (difference of p50s)', ms(cold.coldStart), '', ''],
          ['  inside: process start → bundle runs', ms(cold.inside.boot), '', ''],
          ['  inside: load engine modules', ms(cold.inside.load), '', ''],
          ['  inside: first update + run', ms(cold.inside.analyze), '', ''],
        ],
      ),
    );
  }

  let memo: MemoryResult | undefined;
  if (SECTIONS.has('rss')) {
    progress('memory (child process)');
    memo = memory();
    out.memory = memo;
    print();
    print(`4. Memory: ${memo.files} generated templates × ${memo.resourcesPerFile} resources (${memo.resources} resources, ${kb(memo.textBytes)} of text) in one Analyzer, fresh process, after gc(), MB`);
    print(
      table(
        ['what', 'before', 'after', 'after − before'],
        [
          ['RSS', mb(memo.before.rss), mb(memo.after.rss), mb(memo.rssDelta)],
          ['heap used', mb(memo.before.heapUsed), mb(memo.after.heapUsed), mb(memo.heapDelta)],
          ['external', mb(memo.before.external), mb(memo.after.external), mb(memo.after.external - memo.before.external)],
        ],
      ),
    );
    print(`   scan of those files: ${ms(memo.scanMs)} ms (${Math.round((memo.files * 1000) / memo.scanMs)} files/s): update() of all ${ms(memo.updateMs)} ms, one run() ${ms(memo.runMs)} ms; ${memo.findings} findings`);
    print('   (stacks/app-NNN/primary.yaml deploy to us-east-1 and secondary.yaml to us-west-2, so cross-file rules pair them)');
  }

  let code: CodeResult | undefined;
  if (SECTIONS.has('code')) {
    code = await runCodeBench(defaultConfig(), { quick: QUICK, gc, progress });
    out.code = code;
    printCodeBench(code, print);
  }

  let python: PythonResult | undefined;
  if (SECTIONS.has('python')) {
    python = await runPythonBench(defaultConfig(), ROOT, { quick: QUICK, gc, progress });
    out.python = python;
    printPythonBench(python, print);
  }

  // Opt-in (`--only=load`): it generates 5,000 files and drives the real server for a minute or more.
  let load: LoadResult | undefined;
  if (SECTIONS.has('load')) {
    progress('load (5,000-file workspace through the server)');
    load = await runLoadBench(ROOT, { files: QUICK ? 1000 : 5000, progress });
    out.load = load;
    print();
    print(`Load: ${load.files}-file mixed workspace opened by dist/server.js; a 1,000-resource template edited every 50 ms during and after the scan`);
    print(table(['what', 'value'], [
      ['scan', `${(load.scanMs / 1000).toFixed(1)} s (${Math.round(load.files / (load.scanMs / 1000))} files/s)`],
      ['RSS: empty-folder server / idle after the scan / peak', `${load.rssEmptyMb.toFixed(0)} / ${load.rssAfterScanMb.toFixed(0)} / ${load.rssPeakMb.toFixed(0)} MB`],
      ['RSS growth per 1,000 files', `${load.rssPer1000Mb.toFixed(1)} MB`],
      [`edit→first answer during the scan (n=${load.duringScan.n})`, `p50 ${ms(load.duringScan.p50)} ms, p95 ${ms(load.duringScan.p95)} ms, max ${ms(load.duringScan.max)} ms`],
      [`edit→first answer after the scan (n=${load.afterScan.n})`, `p50 ${ms(load.afterScan.p50)} ms, p95 ${ms(load.afterScan.p95)} ms`],
      [`edit→next whole-workspace run after the scan (n=${load.afterScanFull.n})`, `p50 ${ms(load.afterScanFull.p50)} ms, p95 ${ms(load.afterScanFull.p95)} ms`],
    ]));
  }

  // Targets
  const targets: TargetRow[] = [];
  if (load) targets.push(...loadTargets(load));
  const edit = (name: string, kind: string) => cases.find((c) => c.name === name)?.edits.find((e) => e.edit === kind);
  for (const [name, limit] of [
    ['yaml-100', TARGETS.edit100],
    ['yaml-1000', TARGETS.edit1000],
    ['json-1000', TARGETS.edit1000],
  ] as const) {
    for (const kind of ['type', 'newline']) {
      const e = edit(name, kind);
      if (e) targets.push({ target: `edit→diagnostics p95, ${name}, ${kind}`, limitMs: limit, value: e.total.p95, pass: e.total.p95 <= limit });
    }
  }
  if (code) targets.push(...codeTargets(code));
  if (python) targets.push(...pythonTargets(python));
  if (cold) targets.push({ target: 'cold start (engine + 10-resource analysis)', limitMs: TARGETS.coldStart, value: cold.coldStart, pass: cold.coldStart <= TARGETS.coldStart });
  if (memo) {
    targets.push({ target: `RSS growth, ${memo.files} files`, limitMb: TARGETS.rss, value: memo.rssDelta / 1024 / 1024, pass: memo.rssDelta / 1024 / 1024 <= TARGETS.rss });
    targets.push({ target: `RSS of the whole process, ${memo.files} files (for reference)`, limitMb: TARGETS.rss, value: memo.after.rss / 1024 / 1024, pass: memo.after.rss / 1024 / 1024 <= TARGETS.rss });
  }
  out.targets = targets;
  print();
  print('Targets');
  print(
    table(
      ['target', 'limit', 'measured', 'status'],
      targets.map((t) => [t.target, t.limitMs !== undefined ? `${t.limitMs} ms` : `${t.limitMb} MB`, t.limitMs !== undefined ? `${ms(t.value)} ms` : `${t.value.toFixed(1)} MB`, t.pass ? 'PASS' : 'MISS']),
    ),
  );
  const elapsed = (now() - started) / 1000;
  out.elapsedSeconds = elapsed;
  out.loadAverageAtEnd = os.loadavg()[0];
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);
  print();
  print(`Done in ${elapsed.toFixed(0)} s (load average ${meta.loadAverageAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end); figures written to ${path.relative(process.cwd(), OUT) || OUT}`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
