// The code section of the benchmark (`--only=code`): a generated CDK app and AWS SDK service in one
// workspace with a CloudFormation global table (bench/generateCode.ts). For each ~1,000-line TS
// file: edit→diagnostics in an Analyzer that holds the whole workspace, its full scan in a fresh
// Analyzer next to the `ts.createSourceFile` floor of the same text, and where an edit's time goes.
import { performance } from 'node:perf_hooks';
import type * as TS from 'typescript';
import { Analyzer, textHash } from '../server/src/engine/analyze';
import type { Config } from '../server/src/engine/config';
import { buildModel } from '../server/src/engine/link';
import type { FileFacts } from '../server/src/engine/model';
import type { Report } from '../server/src/engine/rule';
import { allRules } from '../server/src/engine/rules';
import { readFileFacts } from '../server/src/engine/sources';
import { cdkRegions, looksLikeCdk, readCdk } from '../server/src/engine/sources/cdk';
import { tsApi } from '../server/src/engine/sources/cdk/tsapi';
import { mergeFacts } from '../server/src/engine/sources/codeFacts';
import { readSdkFacts } from '../server/src/engine/sources/sdk';
import { readStateFacts } from '../server/src/engine/sources/state';
import { type EditResult, GcLog, timeEdits, typingEdits } from './edits';
import { jsYamlLoad } from './floors';
import { type GeneratedCodeFile, type GeneratedCodeWorkspace, generateCodeWorkspace, REGIONS } from './generateCode';
import { kb, median, ms, ratio, type Summary, summarize, table } from './stats';

export interface CodeBenchOptions {
  quick: boolean;
  /** Called before each timed series. */
  gc: () => void;
  progress: (message: string) => void;
}

export interface CodeScan {
  n: number;
  engine: Summary;
  /** Process CPU time of the engine scans. */
  engineCpu: Summary;
  /** `ts.createSourceFile` of the same TS text(s), as the engine calls it. */
  floor: Summary;
  floorCpu: Summary;
  /** js-yaml load of the workspace's template (workspace row only); it is not part of `floor`. */
  yamlFloor?: Summary;
}

export interface CodeFileResult {
  name: string;
  file: string;
  kind: 'cdk' | 'sdk';
  lines: number;
  bytes: number;
  /** Resources (CloudFormation-shaped constructs, or Code:: facts) the file yields on its own. */
  resources: number;
  editTarget: string;
  edits: EditResult[];
  scan: CodeScan;
  /** p50 ms per phase of a typing edit. */
  phases: Record<string, number>;
}

export interface CodeResult {
  /** Untimed edits before the 'type, warm' series. */
  settle: number;
  files: CodeFileResult[];
  workspace: {
    files: { file: string; lines: number; bytes: number }[];
    lines: number;
    bytes: number;
    units: { stack: number; service: number };
    resources: Record<string, number>;
    writes: number;
    writesLinked: number;
    findings: Record<string, number>;
    scan: CodeScan;
  };
}

const now = () => performance.now();
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

/** The code workspace deploys nowhere by configuration: the CDK app says where its stacks go. */
function workspaceConfig(base: Config): Config {
  return { ...base, deployments: [] };
}

function createSourceFile(ts: typeof TS, file: string, text: string): TS.SourceFile {
  // As the engine's parseSource: no parent pointers, the latest target, the kind from the extension.
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
}

/** A whole comment line inserted at the start of the edited line, then removed: every later line shifts. */
function* lineEdits(f: GeneratedCodeFile, count: number): Generator<string> {
  const lineStart = f.text.lastIndexOf('\n', f.edit!.pos) + 1;
  const line = f.text.slice(lineStart, f.text.indexOf('\n', lineStart));
  const indent = line.slice(0, line.length - line.trimStart().length);
  for (let i = 0; i < count; i++) {
    if (i % 2 === 1) yield f.text;
    else yield `${f.text.slice(0, lineStart)}${indent}// added line ${i}\n${f.text.slice(lineStart)}`;
  }
}

function loaded(ws: GeneratedCodeWorkspace, config: Config): Analyzer {
  const analyzer = new Analyzer();
  for (const f of ws.files) analyzer.update(f.file, f.text, config);
  analyzer.run(config);
  return analyzer;
}

/** Full scans in fresh Analyzers (update of each file, then run) interleaved with the parse floor of the same texts. */
function scan(files: GeneratedCodeFile[], config: Config, reps: number, warm: number, gc: () => void): CodeScan {
  const ts = tsApi();
  const code = files.filter((f) => /\.ts$/.test(f.file));
  const yaml = files.filter((f) => /\.ya?ml$/.test(f.file));
  const s = { engine: [] as number[], engineCpu: [] as number[], floor: [] as number[], floorCpu: [] as number[], yaml: [] as number[] };
  gc();
  for (let i = 0; i < warm + reps; i++) {
    const record = i >= warm;
    let c = process.cpuUsage();
    let t = now();
    const analyzer = new Analyzer();
    for (const f of files) analyzer.update(f.file, f.text, config);
    analyzer.run(config);
    if (record) {
      s.engine.push(now() - t);
      s.engineCpu.push(cpuMs(process.cpuUsage(c)));
    }
    c = process.cpuUsage();
    t = now();
    for (const f of code) createSourceFile(ts, f.file, f.text);
    if (record) {
      s.floor.push(now() - t);
      s.floorCpu.push(cpuMs(process.cpuUsage(c)));
    }
    if (yaml.length) {
      t = now();
      for (const f of yaml) jsYamlLoad(f.text);
      if (record) s.yaml.push(now() - t);
    }
  }
  return {
    n: reps,
    engine: summarize(s.engine),
    engineCpu: summarize(s.engineCpu),
    floor: summarize(s.floor),
    floorCpu: summarize(s.floorCpu),
    ...(yaml.length ? { yamlFloor: summarize(s.yaml) } : {}),
  };
}

/**
 * Each phase of a typing edit timed on its own with the engine's building blocks: the parse, each
 * reader, the merge, then the link (with the CDK region pass alone) and every rule over the facts
 * of the whole workspace. The Analyzer's own update() and run() are timed alongside.
 */
function phases(ws: GeneratedCodeWorkspace, f: GeneratedCodeFile, config: Config, warm: number, samples: number, gc: () => void): Record<string, number> {
  const ts = tsApi();
  const series: Record<string, number[]> = {};
  const add = (k: string, v: number) => (series[k] ??= []).push(v);
  const analyzer = loaded(ws, config);
  const others = ws.files.filter((o) => o.file !== f.file).map((o) => readFileFacts(o.file, o.text, config)?.facts).filter((x): x is FileFacts => !!x);
  const texts = [...typingEdits(f.text, f.edit!.pos, warm), ...typingEdits(f.text, f.edit!.pos, samples)];
  gc();
  texts.forEach((text, i) => {
    const record = i >= warm;
    const rec = (k: string, t0: number) => record && add(k, now() - t0);
    let t = now();
    textHash(text);
    rec('update: textHash', t);
    t = now();
    const cdk = looksLikeCdk(f.file, text);
    rec('update: looksLikeCdk', t);
    t = now();
    const sf = createSourceFile(ts, f.file, text);
    rec('update: parse (ts.createSourceFile)', t);
    const parts: FileFacts[] = [];
    if (cdk) {
      t = now();
      parts.push(readCdk(f.file, text, sf).facts);
      rec('update: CDK reader', t);
    }
    t = now();
    const sdk = readSdkFacts(f.file, sf);
    rec('update: SDK reader', t);
    if (sdk) parts.push(sdk);
    t = now();
    const state = readStateFacts(f.file, sf, text);
    rec('update: state reader', t);
    if (state) parts.push(state);
    t = now();
    const facts = parts.length ? mergeFacts(f.file, parts) : undefined;
    rec('update: merge facts', t);
    const all = facts ? [...others, facts] : others;
    t = now();
    cdkRegions(all);
    rec('run: link: CDK regions across files', t);
    t = now();
    const model = buildModel(all, config);
    rec('run: buildModel (link, writes → tables)', t);
    const reports: Report[] = [];
    for (const rule of allRules) {
      t = now();
      rule.check({ model, config, now: new Date(), report: (r) => reports.push(r) });
      rec(`run: rule ${rule.id}`, t);
    }
    t = now();
    analyzer.update(f.file, text, config);
    rec('update (Analyzer, total)', t);
    t = now();
    analyzer.run(config);
    rec('run (Analyzer, total)', t);
  });
  const p50: Record<string, number> = {};
  for (const [k, v] of Object.entries(series)) p50[k] = median(v);
  const readers = ['update: textHash', 'update: looksLikeCdk', 'update: parse (ts.createSourceFile)', 'update: CDK reader', 'update: SDK reader', 'update: state reader', 'update: merge facts'];
  p50['update: ≈ rest (difference of medians)'] = Math.max(0, p50['update (Analyzer, total)'] - readers.reduce((a, k) => a + (p50[k] ?? 0), 0));
  const rules = Object.entries(p50).filter(([k]) => k.startsWith('run: rule '));
  p50['run: all rules'] = rules.reduce((a, [, v]) => a + v, 0);
  p50['run: ≈ findings, suppressions, sort'] = Math.max(0, p50['run (Analyzer, total)'] - p50['run: buildModel (link, writes → tables)'] - p50['run: all rules']);
  return p50;
}

export async function runCodeBench(baseConfig: Config, opts: CodeBenchOptions): Promise<CodeResult> {
  const config = workspaceConfig(baseConfig);
  const typing = opts.quick ? 40 : 120;
  const newlines = opts.quick ? 20 : 100;
  const warm = opts.quick ? 10 : 20;
  const settle = opts.quick ? 100 : 400;
  const phaseSamples = opts.quick ? 10 : 30;
  const fileReps = opts.quick ? 5 : 15;
  const wsReps = opts.quick ? 3 : 10;
  const ws = generateCodeWorkspace();
  const totalBytes = ws.files.reduce((a, f) => a + Buffer.byteLength(f.text), 0);
  opts.progress(`code workspace: ${ws.files.length} files, ${ws.files.reduce((a, f) => a + f.lines, 0)} lines, ${kb(totalBytes)}`);

  // What the workspace holds, so the figures below are known to measure real work.
  const analyzer = loaded(ws, config);
  const result = analyzer.run(config);
  const resources: Record<string, number> = {};
  for (const r of result.model.resources) resources[r.type] = (resources[r.type] ?? 0) + 1;
  const writes = result.model.ofType('Code::DynamoDB::Write');
  const findings: Record<string, number> = {};
  for (const f of result.findings) findings[f.ruleId] = (findings[f.ruleId] ?? 0) + 1;
  if (!resources['AWS::DynamoDB::GlobalTable'] || writes.length === 0) throw new Error(`code bench: the readers found no tables or no writes (${JSON.stringify(resources)})`);

  const gcLog = new GcLog();
  const files: CodeFileResult[] = [];
  try {
    for (const [name, f, kind] of [
      ['cdk-stack', ws.stack, 'cdk'],
      ['sdk-service', ws.service, 'sdk'],
    ] as const) {
      opts.progress(`${name}: ${f.file}, ${f.lines} lines, ${kb(Buffer.byteLength(f.text))}`);
      // Edits in an Analyzer that holds the whole workspace, as the language server does.
      const a = loaded(ws, config);
      const edits: EditResult[] = [];
      const series = async (texts: Iterable<string>, edit: EditResult['edit']) => {
        opts.gc();
        const spans: [number, number][] = [];
        const e = timeEdits(a, f.file, texts, config, edit, spans);
        e.gc = await gcLog.share(spans);
        edits.push(e);
      };
      timeEdits(a, f.file, typingEdits(f.text, f.edit!.pos, warm), config, 'type');
      await series(typingEdits(f.text, f.edit!.pos, typing), 'type');
      timeEdits(a, f.file, lineEdits(f, warm), config, 'newline');
      await series(lineEdits(f, newlines), 'newline');
      // The same typing once the process has done many more edits: what is left is not warm-up.
      for (let i = 0; i < settle; i += typing) timeEdits(a, f.file, typingEdits(f.text, f.edit!.pos, typing), config, 'type');
      await series(typingEdits(f.text, f.edit!.pos, typing), 'type, warm');
      files.push({
        name,
        file: f.file,
        kind,
        lines: f.lines,
        bytes: Buffer.byteLength(f.text),
        resources: readFileFacts(f.file, f.text, config)?.facts.resources.length ?? 0,
        editTarget: `${f.edit!.what}, line ${f.edit!.line + 1}`,
        edits,
        scan: scan([f], config, fileReps, 3, opts.gc),
        phases: phases(ws, f, config, warm, phaseSamples, opts.gc),
      });
    }
  } finally {
    gcLog.close();
  }
  opts.progress('code workspace: full scan');
  return {
    settle,
    files,
    workspace: {
      files: ws.files.map((f) => ({ file: f.file, lines: f.lines, bytes: Buffer.byteLength(f.text) })),
      lines: ws.files.reduce((a, f) => a + f.lines, 0),
      bytes: totalBytes,
      units: ws.units,
      resources,
      writes: writes.length,
      writesLinked: writes.filter((w) => w.properties.ResolvedTable).length,
      findings,
      scan: scan(ws.files, config, wsReps, 2, opts.gc),
    },
  };
}

// ---------------------------------------------------------------- report

export function printCodeBench(r: CodeResult, print: (s?: string) => void): void {
  const w = r.workspace;
  print();
  print(`5. Code: a generated CDK app and AWS SDK service in one workspace (${w.files.length} files, ${w.lines} lines, ${kb(w.bytes)}):`);
  print(`   ${w.files.map((f) => `${f.file} (${f.lines} lines)`).join(', ')}`);
  print(`   bin/app.ts deploys the stack class to ${REGIONS.join(' and ')}; ${w.units.stack} domains in the stack, ${w.units.service} in the service.`);
  print(`   model: ${Object.entries(w.resources).map(([t, n]) => `${n} ${t.replace(/^AWS::|^Code::/, '')}`).join(', ')}`);
  print(`   ${w.writes} DynamoDB writes, ${w.writesLinked} linked to their table; findings: ${Object.entries(w.findings).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);

  print();
  print('5a. Edit → diagnostics in one Analyzer holding the whole workspace: update() + run() per edit, ms');
  print(`    type: ${r.files[0]?.edits[0]?.total.n ?? 0} single-character edits (half inserts, then as many deletes) inside a string literal in the middle of the file`);
  print(`    newline: ${r.files[0]?.edits[1]?.total.n ?? 0} edits alternately inserting and removing a whole comment line there (all later lines shift)`);
  print(`    type, warm: the typing series again after ${r.settle} more untimed edits of the same file`);
  const rows = r.files.flatMap((f) =>
    f.edits.map((e) => [
      f.name,
      f.lines,
      e.edit,
      e.total.n,
      ms(e.total.p50),
      ms(e.total.p95),
      ms(e.total.max),
      ms(e.cpu.p50),
      ms(e.cpu.p95),
      ms(e.update.p50),
      ms(e.update.p95),
      ms(e.run.p50),
      ms(e.run.p95),
      e.gc ? `${e.gc.edits}` : '-',
      e.gc ? `${(e.gc.share * 100).toFixed(0)}%` : '-',
      e.gc ? ms(e.gc.p95WithoutGc) : '-',
      e.findings,
    ]),
  );
  print(table(['file', 'lines', 'edit', 'n', 'p50', 'p95', 'max', 'cpu p50', 'cpu p95', 'update p50', 'update p95', 'run p50', 'run p95', 'gc edits', 'gc time', 'p95 w/o gc', 'findings'], rows));
  print('    gc edits: edits during which a V8 GC pause started; gc time: those pauses as a share of all edit time;');
  print('    p95 w/o gc: p95 over the other edits. cpu > wall when GC and compiler threads work beside the main thread.');
  print(`    edited: ${r.files.map((f) => `${f.name} ${f.editTarget}`).join('; ')}`);

  print();
  print('5b. Full scan (fresh Analyzer: update + run) next to the ts.createSourceFile floor of the same TS text in the same run, ms (p50 unless named)');
  const scanRows = [...r.files.map((f) => ({ name: f.name, lines: f.lines, bytes: f.bytes, s: f.scan })), { name: 'whole workspace', lines: w.lines, bytes: w.bytes, s: w.scan }].map(({ name, lines, bytes, s }) => [
    name,
    lines,
    kb(bytes),
    s.n,
    ms(s.engine.p50),
    ms(s.engine.p95),
    ms(s.engineCpu.p50),
    ms(s.floor.p50),
    ms(s.floorCpu.p50),
    ratio(s.engine.p50, s.floor.p50),
    ratio(s.engineCpu.p50, s.floorCpu.p50),
  ]);
  print(table(['scan', 'lines', 'size', 'n', 'engine p50', 'engine p95', 'engine cpu', 'createSourceFile', 'floor cpu', 'engine/floor', 'cpu engine/floor'], scanRows));
  if (w.scan.yamlFloor) print(`    whole workspace: the floor parses the ${w.files.filter((f) => f.file.endsWith('.ts')).length} TS files; js-yaml load of the template (not in the floor) takes ${ms(w.scan.yamlFloor.p50)} ms`);

  print();
  print('5c. Where a typing edit\'s time goes, each phase timed on its own, p50 ms (≈ rows are differences of medians)');
  const keys = new Set<string>();
  for (const f of r.files) for (const k of Object.keys(f.phases)) keys.add(k);
  const heavy = [...keys]
    .filter((k) => k.startsWith('run: rule '))
    .map((k) => ({ k, worst: Math.max(...r.files.map((f) => f.phases[k] ?? 0)) }))
    .sort((a, b) => b.worst - a.worst)
    .slice(0, 5)
    .map((x) => x.k);
  const order = [
    'update (Analyzer, total)',
    'update: textHash',
    'update: looksLikeCdk',
    'update: parse (ts.createSourceFile)',
    'update: CDK reader',
    'update: SDK reader',
    'update: state reader',
    'update: merge facts',
    'update: ≈ rest (difference of medians)',
    'run (Analyzer, total)',
    'run: buildModel (link, writes → tables)',
    'run: link: CDK regions across files',
    'run: all rules',
    ...heavy,
    'run: ≈ findings, suppressions, sort',
  ];
  const label = (k: string) => k.replace('run: rule ', 'run:   rule ').replace('run: link: ', 'run:   of which ');
  print(table(['phase', ...r.files.map((f) => f.name)], order.filter((k) => keys.has(k)).map((k) => [label(k), ...r.files.map((f) => (f.phases[k] === undefined ? '-' : ms(f.phases[k])))])));
}

export interface CodeTargetRow {
  target: string;
  limitMs: number;
  value: number;
  pass: boolean;
}

export const CODE_EDIT_TARGET_MS = 20;

export function codeTargets(r: CodeResult): CodeTargetRow[] {
  return r.files.flatMap((f) =>
    f.edits.filter((e) => e.edit !== 'type, warm').map((e) => ({ target: `edit→diagnostics p95, ${f.name} (${f.lines}-line TS), ${e.edit}`, limitMs: CODE_EDIT_TARGET_MS, value: e.total.p95, pass: e.total.p95 <= CODE_EDIT_TARGET_MS })),
  );
}
