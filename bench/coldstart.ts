// Cold-start probe, bundled on its own (out/bench-dist/coldstart.js) and run in a fresh `node`:
// loads the engine, analyses the template named on the command line, and prints its own timings.
// The benchmark subtracts an empty `node -e ''` from the wall time of this process.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const boot = performance.now(); // ms since the process started, until this bundle runs
// require() rather than import, so that loading the engine happens here and can be timed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine = require('../server/src/engine/analyze') as typeof import('../server/src/engine/analyze');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultConfig } = require('../server/src/engine/config') as typeof import('../server/src/engine/config');
const loaded = performance.now();
const text = readFileSync(process.argv[2], 'utf8');
const config = defaultConfig();
const analyzer = new engine.Analyzer();
analyzer.update('template.yaml', text, config);
const result = analyzer.run(config);
const done = performance.now();
process.stdout.write(`${JSON.stringify({ boot, load: loaded - boot, analyze: done - loaded, resources: result.model.resources.length, findings: result.findings.length })}\n`);
