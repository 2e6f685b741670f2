// The load section of the benchmark (`--only=load`): a generated 5,000-file mixed workspace
// (CloudFormation YAML and JSON, CDK and SDK TypeScript, boto3 Python, unrelated files) is opened by
// the real language server (dist/server.js over stdio, started as the extension starts it). While
// the server scans it, and for 100 edits after, a 1,000-resource template is edited every 50 ms.
// Each edit is timed from didChange to its first answer (the server's summary after the run that
// published the file's diagnostics: a one-file run when the workspace's run would keep it waiting),
// and, after the scan, to the end of the next whole-workspace run. The server's RSS is sampled from
// /proc throughout; once it is idle it is compared with a server on an empty folder.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateTemplate } from './generate';
import { type Summary, summarize } from './stats';

export interface LoadResult {
  files: number;
  scanMs: number;
  rssEmptyMb: number;
  rssAfterScanMb: number;
  rssPeakMb: number;
  /** (RSS once idle after the scan and the edits - RSS of a server on an empty folder) per 1,000 files. */
  rssPer1000Mb: number;
  /** Edit -> the edited file's first answer, for edits sent while the scan runs. */
  duringScan: Summary;
  /** Edit -> first answer after the scan (the file's own findings when workspace runs are slow). */
  afterScan: Summary;
  /** Edit -> the end of the next whole-workspace run, after the scan. */
  afterScanFull: Summary;
}

const KINDS = 10;

/** Writes the workspace; returns the big template's path and text. */
export function generateLoadWorkspace(dir: string, files: number): { big: string; text: string; valueEnd: number } {
  const put = (rel: string, text: string) => {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  };
  put('multi-region-review.json', JSON.stringify({ deployments: [{ files: 'templates/**', regions: ['us-east-1', 'eu-west-1'] }] }, null, 2));
  for (let i = 0; i < files; i++) {
    const k = i % KINDS;
    const d = `d${Math.floor(i / 250)}`;
    if (k <= 3) put(`templates/${d}/t${i}.yaml`, generateTemplate(10 + (i % 40), { variant: i }).text);
    else if (k === 4) put(`templates/${d}/t${i}.json`, generateTemplate(5 + (i % 20), { format: 'json', variant: i }).text);
    else if (k === 5) put(`cdk/${d}/stack${i}.ts`, cdkStack(i));
    else if (k === 6) put(`src/${d}/handler${i}.ts`, sdkHandler(i));
    else if (k === 7) put(`py/${d}/handler${i}.py`, pyHandler(i));
    else if (k === 8) put(`docs/${d}/note${i}.md`, `# Note ${i}\n\nNothing to analyse here.\n`);
    else put(`data/${d}/data${i}.json`, JSON.stringify({ id: i, values: [1, 2, 3] }));
  }
  const gen = generateTemplate(1000, { variant: 99_999 });
  const big = path.join(dir, 'edit', 'big.yaml');
  put('edit/big.yaml', gen.text);
  return { big, text: gen.text, valueEnd: gen.edit.valueEnd };
}

function cdkStack(i: number): string {
  return `import { App, Stack } from 'aws-cdk-lib';\nimport * as dynamodb from 'aws-cdk-lib/aws-dynamodb';\n\nconst app = new App();\nconst stack = new Stack(app, 'Stack${i}', { env: { region: 'us-east-1' } });\nnew dynamodb.TableV2(stack, 'Table${i}', {\n  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },\n  replicas: [{ region: 'eu-west-1' }],\n});\n`;
}

function sdkHandler(i: number): string {
  return `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';\n\nconst doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n\nexport async function handler(event: { id: string }) {\n  await doc.send(new PutCommand({ TableName: process.env.TABLE_${i}, Item: { pk: event.id, n: ${i} } }));\n}\n`;
}

function pyHandler(i: number): string {
  return `import os\n\nimport boto3\n\ntable = boto3.resource('dynamodb').Table(os.environ['TABLE_${i}'])\n\n\ndef handler(event, context):\n    table.put_item(Item={'pk': event['id'], 'n': ${i}})\n`;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

interface Server {
  proc: ChildProcess;
  conn: MessageConnection;
  summaries: { scanning: boolean; ran: boolean; at: number }[];
  /** When the scan's progress ended (the server has read every file), as this process saw it. */
  scanEndedAt?: number;
  onPublish: (uri: string, version: number | undefined) => void;
  /** A run of the rules finished and its diagnostics were sent; `fullStart`: when a whole-workspace run started. */
  onRun: (at: number, fullStart: number | undefined) => void;
}

async function startServer(serverJs: string, root: string, onPublish: Server['onPublish']): Promise<Server> {
  // As the extension starts it (client/src/languageClient.ts).
  const proc = spawn(process.execPath, ['--expose-gc', serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const server: Server = { proc, conn, summaries: [], onPublish, onRun: () => undefined };
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => server.onPublish(p.uri, p.version));
  // The server publishes only diagnostics that changed, but it sends a summary after every run.
  // An edit is answered first by a run over the edited file alone (`scope: 'file'`) when the
  // workspace's run would keep it waiting (during the scan, or when that run is slow); the
  // workspace's run follows.
  conn.onNotification('multiRegionReview/summary', (s: { scanning: boolean; lastRun?: { trigger: string; scope?: string; runMs: number; publishMs: number } }) => {
    const at = performance.now();
    const file = s.lastRun?.scope === 'file';
    const ran = !!s.lastRun && (!s.scanning || file);
    server.summaries.push({ scanning: s.scanning, ran, at });
    // A workspace run answers the edits made before it started (it reads the facts as they were then).
    if (ran) server.onRun(at, file ? undefined : at - s.lastRun!.runMs - s.lastRun!.publishMs);
  });
  conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
    if (p.value?.kind === 'end' && server.scanEndedAt === undefined) server.scanEndedAt = performance.now();
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ debounceMs: 0 })));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  const uri = pathToFileURL(root).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'load' }], capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true } } });
  await conn.sendNotification('initialized', {});
  return server;
}

async function stopServer(s: Server): Promise<void> {
  try {
    await s.conn.sendRequest('shutdown');
    await s.conn.sendNotification('exit');
  } catch {
    s.proc.kill();
  }
  s.conn.dispose();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('load bench: timed out');
    await sleep(20);
  }
}

export async function runLoadBench(root: string, options: { files?: number; progress?: (s: string) => void } = {}): Promise<LoadResult> {
  const files = options.files ?? 5000;
  const serverJs = path.join(root, 'dist', 'server.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-load-'));
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-load-empty-'));
  try {
    options.progress?.(`load: generating ${files} files`);
    const { big, text, valueEnd } = generateLoadWorkspace(dir, files);

    // Baseline: a server on an empty folder, after its (empty) scan.
    const base = await startServer(serverJs, empty, () => undefined);
    await until(() => base.summaries.some((s) => !s.scanning), 30_000);
    await sleep(500);
    const rssEmptyMb = rssMb(base.proc.pid!);
    await stopServer(base);

    options.progress?.('load: scanning with edits');
    const bigUri = pathToFileURL(big).href;
    // Edit version -> when it was sent; answered first, then by a whole-workspace run.
    const sent = new Map<number, number>();
    const sentFull = new Map<number, number>();
    const latencies: { ms: number; during: boolean }[] = [];
    const fullAfter: number[] = [];
    let scanEnd = Infinity;
    const server = await startServer(serverJs, dir, () => undefined);
    // An edit is answered by the first run that finishes after the server has it: every edit sent
    // before that run's summary is counted as done then (edits in one debounce window share a run).
    server.onRun = (now, fullStart) => {
      for (const [v, at] of sent) if (at < now - 1) {
        latencies.push({ ms: now - at, during: at < (server.scanEndedAt ?? Infinity) });
        sent.delete(v);
      }
      if (fullStart !== undefined) for (const [v, at] of sentFull) if (at < fullStart) {
        fullAfter.push(now - at);
        sentFull.delete(v);
      }
    };
    const t0 = performance.now();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.proc.pid!))), 100);
    await until(() => server.summaries.some((s) => s.scanning), 30_000);
    await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'yaml', version: 1, text } });
    let version = 1;
    let current = text;
    let afterEdits = 0;
    while (afterEdits < 100) {
      if (server.scanEndedAt !== undefined && scanEnd === Infinity) scanEnd = server.scanEndedAt;
      const pos = valueEnd + (version % 20);
      current = current.slice(0, pos) + 'x' + current.slice(pos);
      version++;
      const at = performance.now();
      sent.set(version, at);
      if (server.scanEndedAt !== undefined) sentFull.set(version, at);
      await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri: bigUri, version }, contentChanges: [{ text: current }] });
      if (scanEnd !== Infinity) afterEdits++;
      await sleep(50);
      if (performance.now() - t0 > 600_000) throw new Error('load bench: the scan took over 10 minutes');
    }
    await until(() => sent.size === 0 && sentFull.size === 0, 30_000);
    // Idle: the server collects garbage 2 s after its last run (the peak is sampled throughout).
    await sleep(3_000);
    clearInterval(sampler);
    const rssAfterScanMb = rssMb(server.proc.pid!);
    await stopServer(server);
    const during = latencies.filter((l) => l.during).map((l) => l.ms);
    const afterScan = latencies.filter((l) => !l.during).map((l) => l.ms);
    return {
      files,
      scanMs: scanEnd - t0,
      rssEmptyMb,
      rssAfterScanMb,
      rssPeakMb: Math.max(peak, rssAfterScanMb),
      rssPer1000Mb: ((rssAfterScanMb - rssEmptyMb) * 1000) / files,
      duringScan: summarize(during.length ? during : [0]),
      afterScan: summarize(afterScan),
      afterScanFull: summarize(fullAfter),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(empty, { recursive: true, force: true });
  }
}

export function loadTargets(r: LoadResult): { target: string; limitMs?: number; limitMb?: number; value: number; pass: boolean }[] {
  return [
    { target: `RSS per 1,000 files, ${r.files}-file mixed workspace (growth over an empty server)`, limitMb: 120, value: r.rssPer1000Mb, pass: r.rssPer1000Mb <= 120 },
    { target: `edit→diagnostics p95 while the ${r.files}-file scan runs`, limitMs: 50, value: r.duringScan.p95, pass: r.duringScan.p95 <= 50 },
  ];
}
