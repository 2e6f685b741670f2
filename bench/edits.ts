// Edit simulation shared by the template and code sections: single-character typing, and the
// timing of each edit as one update() + run() of an Analyzer.
import { performance, PerformanceObserver } from 'node:perf_hooks';
import type { Analyzer } from '../server/src/engine/analyze';
import type { Config } from '../server/src/engine/config';
import { percentile, type Summary, summarize } from './stats';

/** Types `count / 2` characters at `pos`, then deletes them one by one: single-character edits. */
export function* typingEdits(base: string, pos: number, count: number): Generator<string> {
  // No quote, backslash or newline: typed inside a YAML value or a TS string literal, it stays inside.
  const alphabet = 'replica-west-2-failover-';
  const inserts = Math.ceil(count / 2);
  let text = base;
  let typed = 0;
  for (let i = 0; i < count; i++) {
    if (i < inserts) {
      // The same string concatenation a TextDocument does for an incremental change.
      text = text.slice(0, pos + typed) + alphabet[i % alphabet.length] + text.slice(pos + typed);
      typed++;
    } else {
      text = text.slice(0, pos + typed - 1) + text.slice(pos + typed);
      typed--;
    }
    yield text;
  }
}

export interface EditResult {
  /** 'type, warm': the same typing after many more untimed edits (JIT-compiled code, settled heap). */
  edit: 'type' | 'newline' | 'type, warm';
  total: Summary;
  /** Process CPU time (user + system, all threads) per edit: unlike wall time, not inflated by other processes. */
  cpu: Summary;
  update: Summary;
  run: Summary;
  findings: number;
  /** Garbage-collection pauses that started during the edits (code section only). */
  gc?: GcShare;
}

/** `spans`, when given, receives each edit's [start, end] on the performance timeline. */
export function timeEdits(analyzer: Analyzer, file: string, texts: Iterable<string>, config: Config, edit: EditResult['edit'], spans?: [number, number][]): EditResult {
  const total: number[] = [];
  const cpu: number[] = [];
  const update: number[] = [];
  const run: number[] = [];
  let findings = 0;
  for (const text of texts) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    analyzer.update(file, text, config);
    const t1 = performance.now();
    const result = analyzer.run(config);
    const t2 = performance.now();
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1000);
    total.push(t2 - t0);
    update.push(t1 - t0);
    run.push(t2 - t1);
    spans?.push([t0, t2]);
    findings = result.findings.length;
  }
  return { edit, total: summarize(total), cpu: summarize(cpu), update: summarize(update), run: summarize(run), findings };
}

export interface GcShare {
  /** Edits during which at least one GC pause started. */
  edits: number;
  /** Sum of those pauses, ms. */
  ms: number;
  /** GC pause time as a share of all edit time (0..1). */
  share: number;
  /** p95 wall time over the edits without a GC pause. */
  p95WithoutGc: number;
  /** Pauses by kind: minor (scavenge), major (mark-compact), incremental, weak callbacks. */
  kinds: Record<string, number>;
}

const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

/** Records V8 garbage-collection pauses (perf_hooks 'gc' entries) to attribute them to timed edits. */
export class GcLog {
  private readonly entries: { start: number; duration: number; kind: string }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.entries.push({ start: e.startTime, duration: e.duration, kind: GC_KINDS[((e as { detail?: { kind?: number } }).detail)?.kind ?? 0] ?? 'other' });
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Waits for the entries still queued (they arrive asynchronously), then attributes pauses to spans. */
  async share(spans: readonly [number, number][]): Promise<GcShare> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    let edits = 0;
    let total = 0;
    let gcMs = 0;
    const kinds: Record<string, number> = {};
    const clean: number[] = [];
    let j = 0;
    const sorted = [...this.entries].sort((a, b) => a.start - b.start);
    for (const [t0, t1] of spans) {
      total += t1 - t0;
      while (j < sorted.length && sorted[j].start < t0) j++;
      let inside = 0;
      for (let k = j; k < sorted.length && sorted[k].start < t1; k++) {
        inside += sorted[k].duration;
        kinds[sorted[k].kind] = (kinds[sorted[k].kind] ?? 0) + 1;
      }
      if (inside > 0) {
        edits++;
        gcMs += inside;
      } else clean.push(t1 - t0);
    }
    return { edits, ms: gcMs, share: total > 0 ? gcMs / total : 0, p95WithoutGc: percentile(clean, 0.95), kinds };
  }

  close(): void {
    this.observer.disconnect();
  }
}
