// Mocha runner loaded by VS Code's extension host (desktop, or code-server through the shim) as
// `extensionTestsPath`. It runs every *.test.js beside it, prints the spec reporter's output to the host's
// console and, when MRR_HOST_RESULTS names a file, writes the counts and failures there as JSON.
import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Outcome {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, slow: 5_000, reporter: 'spec' });
  const grep = process.env.MRR_HOST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));

  const outcomes: Outcome[] = [];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = outcomes.filter((o) => o.state === 'passed').length;
      const failed = outcomes.filter((o) => o.state === 'failed').length;
      const out = process.env.MRR_HOST_RESULTS;
      if (out) {
        fs.writeFileSync(out, JSON.stringify({ passed, failed, pending: runner.stats?.pending ?? 0, durationMs: Date.now() - started, vscode: require('vscode').version, outcomes }, null, 2));
      }
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => outcomes.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
  });
}
