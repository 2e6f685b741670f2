// The analysis never executes workspace code. Two proofs over the examples, the fixtures and a hostile
// workspace whose files would open sockets, write files or spawn processes if anything ran them:
// 1. in-process, with every network, process, worker and eval-like entry point wrapped to record calls;
// 2. the bundled CLI in a child process under Node's permission model with read-only file access and no
//    child processes or workers allowed (an attempt would throw ERR_ACCESS_DENIED), which must still finish
//    with its findings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { FIXTURES, ROOT } from '../../helpers';
import { removeTemps, runCli, tempFolder, UNCHECKED_FAILOVER } from '../../cli/run';

/** Files that would leave a marker behind if anything ran them. */
function hostileWorkspace(): { dir: string; markers: string[] } {
  const files: Record<string, string> = {
    'template.yaml': UNCHECKED_FAILOVER,
    'package.json': JSON.stringify({ name: 'hostile', scripts: { postinstall: 'node -e "require(\'fs\').writeFileSync(\'MARKER-postinstall\',\'x\')"', prepare: 'touch MARKER-prepare' } }, null, 2),
    'cdk.json': JSON.stringify({ app: 'node -e "require(\'fs\').writeFileSync(\'MARKER-cdk-app\',\'x\')"' }),
    'bin/app.ts': [
      "import * as fs from 'fs';",
      "import * as net from 'net';",
      "import { execSync } from 'child_process';",
      "import { App, Stack } from 'aws-cdk-lib';",
      "fs.writeFileSync(__dirname + '/../MARKER-cdk-code', 'x');",
      "net.connect(9, '127.0.0.1');",
      "execSync('touch MARKER-cdk-exec');",
      'eval("require(\'fs\').writeFileSync(\'MARKER-eval\', \'x\')");',
      "const app = new App();",
      "new Stack(app, 'Hostile', { env: { region: 'us-east-1' } });",
    ].join('\n'),
    'src/handler.js': "require('child_process').exec('touch MARKER-js'); new Function('return 1')();\n",
    'app/main.py': "import os\nimport boto3\nos.system('touch MARKER-python')\nboto3.client('dynamodb', region_name='us-east-1')\n",
    'site-packages/evil.pth': "import os; os.system('touch MARKER-pth')\n",
    'setup.py': "import os\nos.system('touch MARKER-setup')\n",
    'Makefile': 'all:\n\ttouch MARKER-make\n',
  };
  const dir = tempFolder(files);
  const markers = ['postinstall', 'prepare', 'cdk-app', 'cdk-code', 'cdk-exec', 'eval', 'js', 'python', 'pth', 'setup', 'make'].map((m) => `MARKER-${m}`);
  return { dir, markers };
}

type Calls = string[];

/** Replaces `obj[key]` with a recorder that also refuses to run; returns the undo. */
function trap(obj: Record<string, unknown>, key: string, name: string, calls: Calls): () => void {
  const original = obj[key];
  if (typeof original !== 'function') return () => undefined;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    calls.push(`${name}(${String(args[0]).slice(0, 80)})`);
    throw new Error(`security test: ${name} called during analysis`);
  };
  Object.defineProperty(obj, key, { value: wrapped, configurable: true, writable: true });
  return () => Object.defineProperty(obj, key, { value: original, configurable: true, writable: true });
}

function trapAll(calls: Calls): () => void {
  const mods: [string, string[]][] = [
    ['child_process', ['spawn', 'exec', 'execFile', 'fork', 'spawnSync', 'execSync', 'execFileSync']],
    ['net', ['connect', 'createConnection', 'createServer']],
    ['tls', ['connect']],
    ['http', ['request', 'get', 'createServer']],
    ['https', ['request', 'get']],
    ['http2', ['connect']],
    ['dgram', ['createSocket']],
    ['dns', ['lookup', 'resolve']],
    ['vm', ['runInContext', 'runInNewContext', 'runInThisContext', 'compileFunction']],
  ];
  const undo: (() => void)[] = [];
  for (const [mod, keys] of mods) {
    const m = require(`node:${mod}`) as Record<string, unknown>;
    for (const k of keys) undo.push(trap(m, k, `${mod}.${k}`, calls));
  }
  const net = require('node:net') as typeof import('node:net');
  undo.push(trap(net.Socket.prototype as unknown as Record<string, unknown>, 'connect', 'net.Socket#connect', calls));
  const wt = require('node:worker_threads') as Record<string, unknown>;
  const Worker = wt.Worker;
  Object.defineProperty(wt, 'Worker', {
    value: function () {
      calls.push('worker_threads.Worker');
      throw new Error('security test: Worker');
    },
    configurable: true,
    writable: true,
  });
  undo.push(() => Object.defineProperty(wt, 'Worker', { value: Worker, configurable: true, writable: true }));
  undo.push(trap(globalThis as unknown as Record<string, unknown>, 'fetch', 'fetch', calls));
  undo.push(trap(globalThis as unknown as Record<string, unknown>, 'eval', 'eval', calls));
  return () => undo.reverse().forEach((u) => u());
}

const TARGETS = () => [
  { name: 'examples/global-app', dir: path.join(ROOT, 'examples', 'global-app') },
  { name: 'test/fixtures', dir: FIXTURES },
];

describe('the analysis executes no workspace code', () => {
  after(removeTemps);

  it('opens no socket, spawns nothing, runs no eval: in-process over the examples, the fixtures and a hostile workspace', async () => {
    const hostile = hostileWorkspace();
    for (const t of [...TARGETS(), { name: 'hostile', dir: hostile.dir }]) {
      const calls: Calls = [];
      const undo = trapAll(calls);
      let run;
      try {
        run = await runCli(['--format', 'json', '.'], t.dir);
      } finally {
        undo();
      }
      assert.deepEqual(calls, [], `${t.name}: no process, network, worker or eval call`);
      assert.ok(run.code === 0 || run.code === 1, `${t.name}: the CLI finished (exit ${run.code}): ${run.stderr}`);
      const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[] };
      assert.ok(report.findings.length > 0, `${t.name}: findings were produced`);
      if (t.name === 'hostile') assert.ok(report.findings.some((f) => f.ruleId === 'failover-without-health-check'), 'the template next to the hostile files is still reviewed');
    }
    for (const m of hostile.markers) assert.ok(!fs.existsSync(path.join(hostile.dir, m)), `${m} was not created`);
  });

  it('the bundled CLI finishes under Node\'s permission model with read-only files and no child processes or workers', () => {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    assert.ok(fs.existsSync(cli), 'dist/cli.js is built (npm run build)');
    const hostile = hostileWorkspace();
    for (const t of [...TARGETS(), { name: 'hostile', dir: hostile.dir }]) {
      const r = spawnSync(process.execPath, ['--experimental-permission', '--allow-fs-read=*', cli, '--format', 'json', t.dir], { encoding: 'utf8', cwd: t.dir, timeout: 120_000 });
      assert.doesNotMatch(r.stderr, /ERR_ACCESS_DENIED/, `${t.name}: nothing asked for a denied permission`);
      assert.ok(r.status === 0 || r.status === 1, `${t.name}: exit ${r.status} signal ${r.signal}: ${r.stderr.slice(0, 2000)}`);
      const report = JSON.parse(r.stdout) as { findings: { ruleId: string }[] };
      assert.ok(report.findings.length > 0, `${t.name}: findings were produced`);
    }
    for (const m of hostile.markers) assert.ok(!fs.existsSync(path.join(hostile.dir, m)), `${m} was not created`);
  });

  it('the permission model is really on in that child: a spawn there is denied', () => {
    const r = spawnSync(process.execPath, ['--experimental-permission', '--allow-fs-read=*', '-e', "require('child_process').spawnSync('true')"], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /ERR_ACCESS_DENIED/);
  });
});
