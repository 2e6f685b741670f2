// Pathological workspaces on disk (issue 8, part 2): symbolic-link loops, links out of the folder,
// unreadable files and folders, and a 20,000-file workspace. Both disk walks are tested: the CLI's
// (analyze over a DiskWorkspace) and the language server's scan (scanFolder over a Folder, whose
// DocumentWorkspace reads the same disk). The big scan must finish, keep the event loop turning
// (an interval timer's largest gap stays small), and stop promptly when cancelled.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { defaultConfig } from '../../../server/src/engine/config';
import { DiskWorkspace, type Workspace } from '../../../server/src/engine/workspace';
import { Folder } from '../../../server/src/lsp/folder';
import { scanFolder } from '../../../server/src/lsp/scan';
import { PRIMARY_NO_CHECK } from '../../helpers';
import { findingProblems, NOW } from './inputs';

const config = defaultConfig();
const RULE = 'failover-without-health-check';
const IS_ROOT = process.getuid?.() === 0;
const NO_DOCUMENTS = { get: () => undefined };

function write(root: string, file: string, text: string | Buffer): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}

/** Counts every read, and the reads that start after `cancelled` became true. */
function counting(ws: Workspace, isCancelled: () => boolean): Workspace & { reads: number; afterCancel: number } {
  const out = {
    reads: 0,
    afterCancel: 0,
    listFiles: () => ws.listFiles(),
    readFile: (file: string) => {
      out.reads++;
      if (isCancelled()) out.afterCancel++;
      return ws.readFile(file);
    },
  };
  return out;
}

/** Runs `work` while an interval timer ticks every 5 ms; returns the largest gap between ticks. */
async function maxGapDuring<T>(work: () => Promise<T>): Promise<{ result: T; maxGapMs: number; ms: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  try {
    const result = await work();
    return { result, maxGapMs: Math.max(maxGapMs, performance.now() - last), ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

describe('pathological workspaces on disk', () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-links-'));
    write(root, 'app/primary.yaml', PRIMARY_NO_CHECK);
    write(root, 'other/secondary.yaml', PRIMARY_NO_CHECK);
    fs.mkdirSync(path.join(root, 'loops'));
    fs.symlinkSync('..', path.join(root, 'loops', 'up')); // loops/up -> the root itself
    fs.symlinkSync(path.join(root, 'loops', 'b'), path.join(root, 'loops', 'a')); // a -> b -> a
    fs.symlinkSync(path.join(root, 'loops', 'a'), path.join(root, 'loops', 'b'));
    fs.symlinkSync(path.join(root, 'app'), path.join(root, 'app-again')); // a second path to real files
    fs.symlinkSync(path.join(root, 'missing.yaml'), path.join(root, 'dangling.yaml'));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('pathological: symlink loops (a -> ., a -> b -> a) and a dangling link', async () => {
    const ws = new DiskWorkspace(root);
    const files = await ws.listFiles();
    assert.deepEqual(files, ['app/primary.yaml', 'other/secondary.yaml'], 'each real file once; no link followed');
    const { findings } = await analyze(ws, config, { now: NOW });
    assert.equal(findings.filter((f) => f.ruleId === RULE).length, 2);
  });

  test('pathological: a symlink to a folder outside the workspace', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-outside-'));
    try {
      write(outside, 'secret.yaml', PRIMARY_NO_CHECK);
      fs.symlinkSync(outside, path.join(root, 'escape'));
      fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'escape.yaml'));
      const files = await new DiskWorkspace(root).listFiles();
      assert.ok(!files.some((f) => f.startsWith('escape')), `nothing outside the folder is listed: ${files.join(', ')}`);
    } finally {
      fs.rmSync(path.join(root, 'escape'), { force: true });
      fs.rmSync(path.join(root, 'escape.yaml'), { force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('pathological: unreadable files and folders in the scan', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-unreadable-'));
    try {
      write(dir, 'ok.yaml', PRIMARY_NO_CHECK);
      write(dir, 'locked/inside.yaml', PRIMARY_NO_CHECK);
      write(dir, 'locked.yaml', PRIMARY_NO_CHECK);
      write(dir, 'vanishes.yaml', PRIMARY_NO_CHECK);
      fs.mkdirSync(path.join(dir, 'folder.yaml')); // a folder named like a template
      if (process.platform !== 'win32') execFifo(path.join(dir, 'pipe.yaml')); // a FIFO: reading it would block forever
      fs.chmodSync(path.join(dir, 'locked'), 0o000);
      fs.chmodSync(path.join(dir, 'locked.yaml'), 0o000);
      const disk = new DiskWorkspace(dir);
      // chmod 000 stops no one running as root (as the tests do in CI); the read error is then made
      // for real another way: a file listed by the walk and deleted before it is read (ENOENT).
      const ws: Workspace = {
        listFiles: async () => {
          const files = await disk.listFiles();
          fs.rmSync(path.join(dir, 'vanishes.yaml'));
          return files;
        },
        readFile: (f) => disk.readFile(f),
      };
      const listed = await disk.listFiles();
      assert.ok(!listed.includes('pipe.yaml') && !listed.includes('folder.yaml'), 'neither the FIFO nor the folder is listed as a file');
      const { findings } = await analyze(ws, config, { now: NOW });
      const flagged = findings.filter((f) => f.ruleId === RULE).map((f) => f.file).sort();
      assert.ok(flagged.includes('ok.yaml'));
      assert.ok(!flagged.includes('vanishes.yaml'), 'the file that could not be read is skipped');
      if (IS_ROOT) {
        console.log('running as root: chmod 000 does not stop reads; the unreadable case is the deleted file');
        assert.deepEqual(flagged, ['locked.yaml', 'locked/inside.yaml', 'ok.yaml']);
      } else {
        assert.deepEqual(flagged, ['ok.yaml'], 'unreadable file and folder are skipped');
      }
    } finally {
      fs.chmodSync(path.join(dir, 'locked'), 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('pathological: 10 MB and 60 MB templates on disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-big-'));
    try {
      const head = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: ";
      write(dir, 'ten.yaml', head + 'x'.repeat(10 * 1024 * 1024) + '\n');
      write(dir, 'sixty.yaml', head + 'x'.repeat(60 * 1024 * 1024) + '\n');
      write(dir, 'ok.yaml', PRIMARY_NO_CHECK);
      const ws = counting(new DiskWorkspace(dir), () => false);
      const t0 = performance.now();
      const { findings } = await analyze(ws, config, { now: NOW });
      const ms = performance.now() - t0;
      const ten = findings.filter((f) => f.file === 'ten.yaml');
      assert.equal(ten.length, 1);
      assert.equal(ten[0].severity, 'info');
      assert.match(ten[0].message, /10\.0 MB is above multiRegionReview\.maxFileSizeKb \(5120 KB\)/);
      // Above the disk reader's own 50 MB cap the file is not even loaded (so, today, it gets no diagnostic).
      assert.deepEqual(findings.filter((f) => f.file === 'sixty.yaml'), []);
      assert.ok(findings.some((f) => f.file === 'ok.yaml' && f.ruleId === RULE), 'the other files are reviewed');
      assert.ok(ms < 10_000, `${ms.toFixed(0)} ms`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a workspace of 20,000 files', () => {
  const TEMPLATES = 60;
  const TOTAL = 20_000;
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-20k-'));
    // 200 folders of 100 files: templates, small unrelated JSON/YAML/TS (read and dismissed), and text files (never read).
    for (let i = 0; i < TOTAL; i++) {
      const dir = path.join(root, `pkg${Math.floor(i / 100)}`);
      if (i % 100 === 0) fs.mkdirSync(dir);
      const kind = i % 4;
      const name = i < TEMPLATES ? `stack${i}.yaml` : kind === 0 ? `data${i}.json` : kind === 1 ? `conf${i}.yaml` : kind === 2 ? `util${i}.ts` : `notes${i}.md`;
      const text = i < TEMPLATES ? PRIMARY_NO_CHECK : kind === 0 ? `{"name": "p${i}", "version": "1.0.${i}"}\n` : kind === 1 ? `key${i}: value\nlist: [1, 2]\n` : kind === 2 ? `export const n${i} = ${i};\n` : `# notes ${i}\n`;
      fs.writeFileSync(path.join(dir, name), text);
    }
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('pathological: 20,000 files, the CLI walk completes and stays responsive', { timeout: 300_000 }, async () => {
    const ws = counting(new DiskWorkspace(root), () => false);
    const { result, maxGapMs, ms } = await maxGapDuring(() => analyze(ws, config, { now: NOW }));
    assert.equal(ws.reads, TOTAL - TOTAL / 4 + Math.ceil(TEMPLATES / 4), 'every candidate file read once');
    assert.equal(result.findings.filter((f) => f.ruleId === RULE).length, TEMPLATES);
    const docs = Object.fromEntries([...new Set(result.findings.map((f) => f.file))].map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
    assert.deepEqual(findingProblems(result.findings, docs), []);
    console.log(`CLI walk: ${ws.reads} files read in ${ms.toFixed(0)} ms, largest event-loop gap ${maxGapMs.toFixed(0)} ms`);
    assert.ok(maxGapMs < 500, `largest gap ${maxGapMs.toFixed(0)} ms`);
  });

  test('pathological: 20,000 files, the CLI walk stops promptly when cancelled', { timeout: 300_000 }, async () => {
    let cancelled = false;
    const ws = counting(new DiskWorkspace(root), () => cancelled);
    const inner = ws.readFile;
    ws.readFile = (f) => {
      if (ws.reads === 500) cancelled = true;
      return inner(f);
    };
    await analyze(ws, config, { now: NOW, isCancelled: () => cancelled });
    assert.ok(cancelled);
    assert.ok(ws.afterCancel <= 1, `${ws.afterCancel} files read after the cancel`);
    assert.ok(ws.reads <= 501, `${ws.reads} files read in all`);
  });

  test('pathological: 20,000 files, the server scan completes, yields and reports progress', { timeout: 300_000 }, async () => {
    const folder = new Folder(`file://${root}`, root, true, NO_DOCUMENTS);
    const progress: number[] = [];
    const { result, maxGapMs, ms } = await maxGapDuring(() => scanFolder(folder, config, { isCancelled: () => false, owns: () => true, onProgress: (done) => progress.push(done) }));
    assert.equal(result, true);
    const candidates = TOTAL - TOTAL / 4 + Math.ceil(TEMPLATES / 4);
    assert.equal(progress.length, candidates, 'progress after every file');
    assert.equal(progress.at(-1), candidates);
    const findings = folder.analyzer.run(config, { now: NOW }).findings;
    assert.equal(findings.filter((f) => f.ruleId === RULE).length, TEMPLATES);
    console.log(`server scan: ${candidates} files in ${ms.toFixed(0)} ms, largest event-loop gap ${maxGapMs.toFixed(0)} ms`);
    assert.ok(maxGapMs < 500, `largest gap ${maxGapMs.toFixed(0)} ms`);
  });

  test('pathological: 20,000 files, the server scan stops promptly when cancelled', { timeout: 300_000 }, async () => {
    const folder = new Folder(`file://${root}`, root, true, NO_DOCUMENTS);
    // The folder walk before the reads is not cancellable; say how long it takes.
    const { result: listed, maxGapMs, ms } = await maxGapDuring(() => folder.workspace.listFiles());
    console.log(`folder walk alone: ${listed.length} candidates in ${ms.toFixed(0)} ms, largest event-loop gap ${maxGapMs.toFixed(0)} ms`);
    assert.ok(maxGapMs < 500);
    let cancelled = false;
    let doneAtCancel = -1;
    let progressAfterCancel = 0;
    const finished = await scanFolder(folder, config, {
      isCancelled: () => cancelled,
      owns: () => true,
      onProgress: (done) => {
        if (cancelled) progressAfterCancel++;
        if (done === 500) {
          cancelled = true;
          doneAtCancel = done;
        }
      },
    });
    assert.equal(finished, false, 'the scan says it was cancelled');
    assert.equal(doneAtCancel, 500);
    assert.equal(progressAfterCancel, 0, 'no file is read after the cancel');
    assert.ok(folder.knownFiles().length <= 500, `${folder.knownFiles().length} files known`);
  });
});

/** Makes a FIFO with mkfifo(1). */
function execFifo(file: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('node:child_process') as typeof import('node:child_process')).execFileSync('mkfifo', [file]);
}
