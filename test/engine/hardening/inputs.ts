// Shared by the hardening tests: the pool of real inputs (the third-party corpus when present, the
// repository's examples and fixtures, bench-generated templates and code), the mutations that the
// property tests apply to them, and the checks every analysis must pass (nothing thrown, no rule
// failure, every range inside its document).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Analyzer, type AnalysisResult } from '../../../server/src/engine/analyze';
import { type Config, CONFIG_FILE, defaultConfig } from '../../../server/src/engine/config';
import type { Range } from '../../../server/src/engine/model';
import type { Finding } from '../../../server/src/engine/rule';
import { ROOT } from '../../helpers';

export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
/** A fixed clock, so that date-based rules give the same findings in every run. */
export const NOW = new Date('2026-11-28T00:00:00Z');

export interface Input {
  /** A workspace-relative name whose extension picks the reader. */
  file: string;
  text: string;
  origin: 'corpus' | 'examples' | 'fixtures' | 'generated';
}

const DATA = /\.(ya?ml|json|template)$/i;
const CODE = /\.(tsx?|[mc]?js)$/i;
const SKIP_DIRS = new Set(['node_modules', 'cdk.out', '.git', 'dist', 'out']);

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(full, out);
    } else if (e.isFile() && (DATA.test(e.name) || CODE.test(e.name)) && !e.name.endsWith('.expected.json')) out.push(full);
  }
}

function load(dir: string, origin: Input['origin'], maxBytes: number): Input[] {
  const files: string[] = [];
  walk(dir, files);
  const out: Input[] = [];
  for (const full of files) {
    const size = fs.statSync(full).size;
    if (size === 0 || size > maxBytes) continue;
    const rel = path.relative(dir, full).split(path.sep).join('/');
    out.push({ file: `${origin}/${rel}`, text: fs.readFileSync(full, 'utf8'), origin });
  }
  return out;
}

// bench/ is its own TypeScript project that test/ does not reference; its compiled output (written by
// `tsc -b`) is loaded at run time, as test/engine/bench-generator.test.ts does.
interface BenchTemplate {
  text: string;
}
interface BenchCode {
  stack: { file: string; text: string };
  app: { file: string; text: string };
  service: { file: string; text: string };
}

function generated(): Input[] {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const gen = require(path.join(ROOT, 'out', 'bench', 'generate.js')) as { generateTemplate(n: number, o?: { format?: 'yaml' | 'json'; variant?: number }): BenchTemplate };
  const code = require(path.join(ROOT, 'out', 'bench', 'generateCode.js')) as { generateCodeWorkspace(o?: { lines?: number }): BenchCode };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const out: Input[] = [];
  for (const [n, v] of [[12, 0], [30, 1]] as const) {
    out.push({ file: `generated/t${n}.yaml`, text: gen.generateTemplate(n, { format: 'yaml', variant: v }).text, origin: 'generated' });
    out.push({ file: `generated/t${n}.json`, text: gen.generateTemplate(n, { format: 'json', variant: v }).text, origin: 'generated' });
  }
  const ws = code.generateCodeWorkspace({ lines: 200 });
  for (const f of [ws.stack, ws.app, ws.service]) out.push({ file: `generated/${f.file}`, text: f.text, origin: 'generated' });
  return out;
}

/**
 * Every input, in a fixed order (so a seed reproduces a case). Files above `maxBytes` are left out:
 * the property tests keep each case small so that 10,000 of them fit in CI's time.
 */
export function loadPool(maxBytes = 64 * 1024): { data: Input[]; code: Input[]; corpusFound: boolean } {
  const corpusFound = fs.existsSync(CORPUS);
  const all = [
    ...(corpusFound ? load(CORPUS, 'corpus', maxBytes) : []),
    ...load(path.join(ROOT, 'examples'), 'examples', maxBytes),
    ...load(path.join(ROOT, 'test', 'fixtures'), 'fixtures', maxBytes),
    ...generated(),
  ];
  return { data: all.filter((i) => DATA.test(i.file)), code: all.filter((i) => CODE.test(i.file)), corpusFound };
}

/** The document's lines, split the way an LSP client splits them. */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Why a range is not inside the document, or undefined when it is. */
export function rangeProblem(lines: string[], range: Range): string | undefined {
  for (const [name, pos] of [['start', range.start], ['end', range.end]] as const) {
    if (!Number.isInteger(pos.line) || !Number.isInteger(pos.character) || pos.line < 0 || pos.character < 0) return `${name} ${JSON.stringify(pos)} is not a position`;
    if (pos.line >= lines.length) return `${name} line ${pos.line} >= line count ${lines.length}`;
    if (pos.character > lines[pos.line].length) return `${name} ${pos.line}:${pos.character} beyond line length ${lines[pos.line].length}`;
  }
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) return `start ${JSON.stringify(range.start)} after end ${JSON.stringify(range.end)}`;
  return undefined;
}

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * What is wrong with an analysis of `docs`: a rule that failed (`internal-error`), or a finding or
 * related location outside its document. Locations in the absent config file must be at 0:0.
 */
export function findingProblems(findings: Finding[], docs: Record<string, string>): string[] {
  const problems: string[] = [];
  const lines = new Map<string, string[]>();
  const check = (file: string, range: Range, what: string) => {
    const text = docs[file];
    if (text === undefined) {
      if (file !== CONFIG_FILE || JSON.stringify(range) !== JSON.stringify(ORIGIN)) problems.push(`${what}: in ${file}, which is not in the workspace`);
      return;
    }
    let l = lines.get(file);
    if (!l) lines.set(file, (l = linesOf(text)));
    const p = rangeProblem(l, range);
    if (p) problems.push(`${what} in ${file}: ${p}`);
  };
  for (const f of findings) {
    if (f.ruleId === 'internal-error') problems.push(`internal error: ${f.message}`);
    check(f.file, f.range, f.ruleId);
    for (const r of f.related ?? []) check(r.file, r.range, `${f.ruleId} (related)`);
  }
  return problems;
}

/** Analyses one file from scratch, timed. Throws only if the engine throws. */
export function analyzeOne(file: string, text: string, config: Config = defaultConfig()): { result: AnalysisResult; ms: number } {
  const t0 = performance.now();
  const analyzer = new Analyzer();
  analyzer.update(file, text, config);
  const result = analyzer.run(config, { now: NOW });
  return { result, ms: performance.now() - t0 };
}

/** A comparable form of findings: everything but the order-insensitive object identity. */
export function comparable(findings: Finding[]): string[] {
  return findings.map((f) => JSON.stringify(f));
}
