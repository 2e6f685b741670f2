#!/usr/bin/env node
// Checks the packaged multi-region-review.vsix: under 5 MB, holds the bundles the manifest needs, and nothing
// but bundles, media, docs, schemas, README, LICENSE and the manifest (no sources, maps, tests, node_modules).
//   usage: npm run package && node scripts/e2e/check-vsix.mjs [file.vsix]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ROOT } from './lib.mjs';

const LIMIT = 5 * 1024 * 1024;
const file = resolve(ROOT, process.argv[2] || process.env.VSIX || 'multi-region-review.vsix');
const zip = readFileSync(file);

/** Entries of a zip file from its central directory: { name, size, compressed, offset, method }. */
function entries(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const [n, x, c] = [buf.readUInt16LE(p + 28), buf.readUInt16LE(p + 30), buf.readUInt16LE(p + 32)];
    const offset = buf.readUInt32LE(p + 42);
    out.push({ name: buf.toString('utf8', p + 46, p + 46 + n), size, compressed, offset, method });
    p += 46 + n + x + c;
  }
  return out;
}

function read(buf, e) {
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const data = buf.subarray(start, start + e.compressed);
  return e.method === 0 ? data : inflateRawSync(data);
}

const list = entries(zip);
const names = list.map((e) => e.name);
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/licen[cs]e(\.(md|txt))?$/i,
  /^extension\/dist\/(client|server|cli|typescript|webview|mermaid\.min)\.js$/,
  /^extension\/dist\/tree-sitter(-python)?\.wasm$/,
  /^extension\/media\//,
  /^extension\/docs\//,
  /^extension\/schemas\/[^/]+\.json$/,
];
let passed = 0;
let failed = 0;
const check = (ok, label, detail = '') => {
  if (ok) passed++;
  else failed++;
  console.log(`  ${ok ? '✔' : '✘'} ${label}${detail && !ok ? `\n      ${detail}` : ''}`);
};

console.log(`${file}: ${(zip.length / 1024).toFixed(1)} KB, ${list.length} entries`);
for (const e of list) console.log(`    ${(e.size / 1024).toFixed(1).padStart(8)} KB  ${e.name}`);
check(zip.length < LIMIT, `size ${(zip.length / 1024 / 1024).toFixed(2)} MB is under 5 MB`);
const stray = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
check(stray.length === 0, 'holds only bundles, media, docs, schemas, README, LICENSE and the manifest', stray.join(', '));
const manifest = JSON.parse(read(zip, list.find((e) => e.name === 'extension/package.json')).toString('utf8'));
const main = `extension/${manifest.main.replace(/^\.\//, '')}`;
const required = [main, 'extension/dist/server.js', 'extension/dist/tree-sitter.wasm', 'extension/dist/tree-sitter-python.wasm', 'extension/dist/webview.js', 'extension/dist/mermaid.min.js', 'extension/media/webview.css', 'extension/readme.md', ...(manifest.contributes?.jsonValidation ?? []).map((v) => `extension/${v.url.replace(/^\.\//, '')}`)];
const absent = required.filter((r) => !names.some((n) => n.toLowerCase() === r.toLowerCase()));
check(absent.length === 0, `holds what the manifest needs (${required.map((r) => r.replace('extension/', '')).join(', ')})`, `missing: ${absent.join(', ')}`);
const leaks = names.filter((n) => /\.(ts|map|tsbuildinfo)$|node_modules\/|\/(test|examples|out|\.e2e)\//.test(n) && !/\.d\.ts$/.test(n));
check(leaks.length === 0, 'no sources, source maps, tests, examples or node_modules', leaks.join(', '));
console.log(`vsix: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
