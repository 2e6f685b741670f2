// Bundles the extension client, the language server, the CLI, the benchmark and the topology webview
// script into dist/, and copies Mermaid's browser build beside them (the webview loads it from the
// extension, never from a CDN).
// TypeScript (about 9 MB, needed only once a CDK or SDK file is read) goes into its own
// dist/typescript.js, which the bundles require lazily, so start-up never parses it.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// Minified for the VSIX (`--minify`); readable bundles otherwise, for stack traces while developing.
const minify = process.argv.includes('--minify');

/** Rewrites `require('typescript')` in a bundle to the sibling dist/typescript.js. */
const typescriptBeside = {
  name: 'typescript-beside',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: './typescript.js', external: true }));
  },
};

// mainFields: prefer ESM builds; jsonc-parser's UMD build requires its parts by relative path at run time.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', mainFields: ['module', 'main'], minify, plugins: [typescriptBeside] };

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' },
  // The webview runs in the browser; it imports only types from the server.
  { entryPoints: ['media/src/main.ts'], outfile: 'dist/webview.js', platform: 'browser', target: 'es2022', format: 'iife', plugins: [] },
];

async function copyMermaid() {
  const source = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
  await fs.copyFile(source, 'dist/mermaid.min.js');
}

/** tree-sitter's runtime and its Python grammar, loaded by the Python reader from beside the bundle. */
async function copyTreeSitter() {
  const req = createRequire(import.meta.url);
  await fs.copyFile(req.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
  await fs.copyFile(req.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');
}

async function copyTypeScript() {
  const source = createRequire(import.meta.url).resolve('typescript');
  if (minify) await esbuild.build({ entryPoints: [source], outfile: 'dist/typescript.js', bundle: false, minify: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  else await fs.copyFile(source, 'dist/typescript.js');
}

if (watch) {
  await fs.mkdir('dist', { recursive: true });
  await Promise.all([copyTypeScript(), copyMermaid(), copyTreeSitter()]);
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  await Promise.all([copyTypeScript(), copyMermaid(), copyTreeSitter()]);
}
