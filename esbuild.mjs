// Bundles the extension client, the language server, the CLI and the benchmark into dist/.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// Minified for the VSIX (`--minify`); readable bundles otherwise, for stack traces while developing.
const minify = process.argv.includes('--minify');
// mainFields: prefer ESM builds; jsonc-parser's UMD build requires its parts by relative path at run time.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', mainFields: ['module', 'main'], minify };

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' },
];

const existing = [];
for (const e of entries) {
  try {
    await import('node:fs').then((fs) => fs.promises.access(e.entryPoints[0]));
    existing.push(e);
  } catch {
    // Not written yet; nothing to bundle.
  }
}
if (watch) {
  for (const e of existing) await (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(existing.map((e) => esbuild.build({ ...common, ...e })));
}
