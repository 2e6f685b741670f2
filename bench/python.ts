// The Python section of the benchmark (`--only=python`): a generated ~1,000-line Python file, half a
// CDK Python stack (global tables, failover records and health checks, functions wired to tables)
// and half boto3 handlers. Per keystroke: typing inside a string literal and adding/removing a line,
// each one update() + run() of an Analyzer, p50/p95; next to the floor of a full tree-sitter parse.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Analyzer } from '../server/src/engine/analyze';
import type { Config } from '../server/src/engine/config';
import { buildModel } from '../server/src/engine/link';
import { initPython } from '../server/src/engine/sources/python';
import { type PyNode, readCdkPython } from '../server/src/engine/sources/python/cdk';
import { type EditResult, GcLog, timeEdits, typingEdits } from './edits';
import { ms, type Summary, summarize, table } from './stats';

export const PYTHON_FILE = 'infra/app.py';

export interface GeneratedPython {
  file: string;
  text: string;
  lines: number;
  /** Offset inside a string literal of the stack half, where typing happens. */
  edit: { pos: number; line: number };
  /** Constructs the stack half creates: what the reader must find. */
  constructs: number;
}

export interface PythonBenchOptions {
  quick: boolean;
  gc: () => void;
  progress: (message: string) => void;
}

export interface PythonResult {
  lines: number;
  /** 'analyzer': edits go through Analyzer.update/run; 'reader': Python is not wired into the engine yet, so an incremental parse, the CDK Python reader and model linking are timed directly. */
  path: 'analyzer' | 'reader';
  resources: number;
  edits: EditResult[];
  /** A full tree-sitter parse of the same text. */
  parseFloor: Summary;
  /** Untimed edits before the 'type, warm' series. */
  settle: number;
}

const HEAD = `import os

import aws_cdk as cdk
import boto3
from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_route53 as route53
from boto3.dynamodb.conditions import Attr
from constructs import Construct

REGIONS = ["us-east-1", "us-west-2"]


class AppStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, role: str = "PRIMARY", **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        zone = route53.HostedZone.from_hosted_zone_attributes(self, "Zone", hosted_zone_id="Z123", zone_name="example.com")
`;

function stackUnit(i: number): string {
  return `        table${i} = dynamodb.TableV2(
            self,
            "Table${i}",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            replicas=[dynamodb.ReplicaTableProps(region="us-west-2")],
        )
        check${i} = route53.CfnHealthCheck(
            self,
            "Check${i}",
            health_check_config=route53.CfnHealthCheck.HealthCheckConfigProperty(type="HTTPS", fully_qualified_domain_name="svc${i}.example.com", request_interval=10),
        )
        route53.CfnRecordSet(
            self,
            "Record${i}",
            hosted_zone_id=zone.hosted_zone_id,
            name="svc${i}.example.com",
            type="CNAME",
            ttl="60",
            failover=role,
            set_identifier=f"svc${i}-{role.lower()}",
            health_check_id=check${i}.attr_health_check_id,
            resource_records=[f"svc${i}.{self.region}.example.com"],
        )
        lambda_.Function(
            self,
            "Writer${i}",
            runtime=lambda_.Runtime.PYTHON_3_12,
            handler="handlers.put_${i}",
            code=lambda_.Code.from_asset("src"),
            environment={"TABLE_NAME": table${i}.table_name},
        )
`;
}

function handlerUnit(i: number): string {
  return `

def put_${i}(event, context):
    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    item = {"pk": event["id"], "version": 1, "body": event.get("body", "")}
    if event.get("create"):
        table.put_item(Item=item, ConditionExpression=Attr("pk").not_exists())
    else:
        table.update_item(
            Key={"pk": event["id"]},
            UpdateExpression="SET body = :b, version = version + :one",
            ConditionExpression=Attr("version").eq(event["version"]),
            ExpressionAttributeValues={":b": item["body"], ":one": 1},
        )
    return {"statusCode": 200, "body": "ok"}
`;
}

const TAIL = `

app = cdk.App()
for region in REGIONS:
    AppStack(app, f"App-{region}", role="PRIMARY" if region == "us-east-1" else "SECONDARY", env=cdk.Environment(region=region))
app.synth()
`;

/** About `lines` lines: the stack half first, then the handlers, then the app. */
export function generatePython(lines = 1000): GeneratedPython {
  const stack: string[] = [];
  const handlers: string[] = [];
  const count = (parts: string[]) => parts.join('').split('\n').length;
  const budget = lines - HEAD.split('\n').length - TAIL.split('\n').length;
  for (let i = 0; count(stack) < budget / 2; i++) stack.push(stackUnit(i));
  for (let i = 0; count(stack) + count(handlers) < budget; i++) handlers.push(handlerUnit(i));
  const text = HEAD + stack.join('') + handlers.join('') + TAIL;
  // Type inside the middle unit's health-check domain name.
  const mid = Math.floor(stack.length / 2);
  const marker = `fully_qualified_domain_name="svc${mid}.`;
  const pos = text.indexOf(marker) + marker.length;
  return { file: PYTHON_FILE, text, lines: text.split('\n').length, edit: { pos, line: text.slice(0, pos).split('\n').length }, constructs: stack.length * 4 };
}

/** A line added at the edit target and removed again: every later line moves. */
function* lineEdits(g: GeneratedPython, count: number): Generator<string> {
  const start = g.text.lastIndexOf('\n', g.edit.pos) + 1;
  for (let i = 0; i < count; i++) yield i % 2 ? g.text : `${g.text.slice(0, start)}        # note ${i}\n${g.text.slice(start)}`;
}

/** Row and column of an offset (ASCII text: the offset is the byte). */
function point(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** A parse function that re-parses incrementally from the previous text, as an editor's parser does. */
export async function loadIncrementalParser(root: string): Promise<(text: string) => PyNode> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
  await Parser.init({ locateFile: (name: string) => path.join(root, 'node_modules', 'web-tree-sitter', name) } as object);
  const parser = new Parser();
  parser.setLanguage(await Language.load(path.join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')));
  let last: { text: string; tree: import('web-tree-sitter').Tree } | undefined;
  return (text) => {
    let old: import('web-tree-sitter').Tree | undefined;
    if (last) {
      const a = last.text;
      const max = Math.min(a.length, text.length);
      let start = 0;
      while (start < max && a.charCodeAt(start) === text.charCodeAt(start)) start++;
      let end = 0;
      while (end < max - start && a.charCodeAt(a.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) end++;
      old = last.tree;
      old.edit({ startIndex: start, oldEndIndex: a.length - end, newEndIndex: text.length - end, startPosition: point(a, start), oldEndPosition: point(a, a.length - end), newEndPosition: point(text, text.length - end) });
    }
    const tree = parser.parse(text, old)!;
    last = { text, tree };
    return tree.rootNode as unknown as PyNode;
  };
}

/** The tree-sitter Python parser, loaded as the engine loads it (web-tree-sitter and the grammar's WASM). */
export async function loadPythonParser(root: string): Promise<(text: string) => PyNode> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
  // The runtime's own WASM is looked up next to the package, also when this file is bundled.
  await Parser.init({ locateFile: (name: string) => path.join(root, 'node_modules', 'web-tree-sitter', name) } as object);
  const parser = new Parser();
  parser.setLanguage(await Language.load(path.join(root, 'node_modules/tree-sitter-python/tree-sitter-python.wasm')));
  return (text) => parser.parse(text)!.rootNode as unknown as PyNode;
}

export async function runPythonBench(config: Config, root: string, o: PythonBenchOptions): Promise<PythonResult> {
  const g = generatePython();
  const parse = await loadPythonParser(root);
  const incremental = await loadIncrementalParser(root);
  const typing = o.quick ? 40 : 120;
  const newlines = o.quick ? 40 : 100;
  // As the CLI and the server do: the Python parser is loaded before the first Python file is read.
  await initPython();
  const analyzer = new Analyzer();
  const facts = analyzer.update(g.file, g.text, config);
  const wired = !!facts && facts.resources.length > 0;
  o.progress(`python: ${g.lines} lines, ${wired ? 'through the Analyzer' : 'reader only (Python is not wired into the engine yet)'}`);
  const edits: EditResult[] = [];
  const settle = wired ? (o.quick ? 100 : 400) : 0;
  if (wired) {
    analyzer.run(config);
    // As the TypeScript code section does: 20 untimed edits of the same kind before each series, and
    // the typing again after many more edits ('type, warm', not a target): what is left is not warm-up.
    const warm = o.quick ? 10 : 20;
    // Garbage-collection pauses are attributed to the edits they fall in, to tell them from the reading.
    const gcLog = new GcLog();
    const series = async (texts: Iterable<string>, edit: EditResult['edit']) => {
      o.gc();
      const spans: [number, number][] = [];
      const e = timeEdits(analyzer, g.file, texts, config, edit, spans);
      e.gc = await gcLog.share(spans);
      edits.push(e);
    };
    try {
      timeEdits(analyzer, g.file, typingEdits(g.text, g.edit.pos, warm), config, 'type');
      await series(typingEdits(g.text, g.edit.pos, typing), 'type');
      timeEdits(analyzer, g.file, lineEdits(g, warm), config, 'newline');
      await series(lineEdits(g, newlines), 'newline');
      for (let i = 0; i < settle; i += typing) timeEdits(analyzer, g.file, typingEdits(g.text, g.edit.pos, typing), config, 'type');
      await series(typingEdits(g.text, g.edit.pos, typing), 'type, warm');
    } finally {
      gcLog.close();
    }
  } else {
    const time = (texts: Iterable<string>, edit: EditResult['edit']): EditResult => {
      const total: number[] = [];
      for (const text of texts) {
        const t0 = performance.now();
        buildModel([readCdkPython(g.file, text, incremental(text))], config);
        total.push(performance.now() - t0);
      }
      const s = summarize(total);
      return { edit, total: s, cpu: s, update: s, run: summarize([0]), findings: 0 };
    };
    time(typingEdits(g.text, g.edit.pos, 20), 'type');
    o.gc();
    edits.push(time(typingEdits(g.text, g.edit.pos, typing), 'type'));
    o.gc();
    edits.push(time(lineEdits(g, newlines), 'newline'));
  }
  const floor: number[] = [];
  for (let i = 0; i < (o.quick ? 20 : 50); i++) {
    const t0 = performance.now();
    parse(g.text);
    floor.push(performance.now() - t0);
  }
  const resources = wired ? analyzer.run(config).model.resources.length : readCdkPython(g.file, g.text, parse(g.text)).resources.length;
  return { lines: g.lines, path: wired ? 'analyzer' : 'reader', resources, edits, parseFloor: summarize(floor), settle };
}

export function printPythonBench(r: PythonResult, print: (line?: string) => void): void {
  print();
  print(`Python: a ${r.lines}-line file (CDK Python stack + boto3 handlers), ${r.resources} resources; ${r.path === 'analyzer' ? 'each edit is update() + run()' : 'Python is not wired into the engine yet: each edit is an incremental tree-sitter parse + the CDK Python reader + model link, no rules'}`);
  // update = reading the file (parse, CDK and code readers), run = linking and rules; CPU time is not
  // inflated by other processes, unlike wall time; 'no GC' is the p95 over the edits without a GC pause.
  const none = '';
  if (r.settle) print(`    type, warm: the typing series again after ${r.settle} more untimed edits of the same file; not a target`);
  print(
    table(
      ['edit', 'p50', 'p95', 'max', 'update p50', 'run p50', 'CPU p95', 'GC share', 'p95 no GC'],
      [
        ...r.edits.map((e) => [e.edit, `${ms(e.total.p50)} ms`, `${ms(e.total.p95)} ms`, `${ms(e.total.max)} ms`, `${ms(e.update.p50)} ms`, `${ms(e.run.p50)} ms`, `${ms(e.cpu.p95)} ms`, e.gc ? `${(e.gc.share * 100).toFixed(0)}%` : none, e.gc ? `${ms(e.gc.p95WithoutGc)} ms` : none]),
        ['tree-sitter parse (floor)', `${ms(r.parseFloor.p50)} ms`, `${ms(r.parseFloor.p95)} ms`, `${ms(r.parseFloor.max)} ms`, none, none, none, none, none],
      ],
    ),
  );
}

/** Same target as the TypeScript code files: a keystroke's p95 within 20 ms. */
export function pythonTargets(r: PythonResult): { target: string; limitMs: number; value: number; pass: boolean }[] {
  return r.edits.filter((e) => e.edit !== 'type, warm').map((e) => ({ target: `edit→diagnostics p95, 1,000-line Python file, ${e.edit}${r.path === 'reader' ? ' (reader only)' : ''}`, limitMs: 20, value: e.total.p95, pass: e.total.p95 <= 20 }));
}
