// The topology webview's Content Security Policy and Mermaid settings, read from the source that builds
// them (diagramPanel.ts imports vscode, so it cannot be loaded here; the UI test checks the live page).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../helpers';

const panel = fs.readFileSync(path.join(ROOT, 'client', 'src', 'diagramPanel.ts'), 'utf8');
const MEDIA = path.join(ROOT, 'media', 'src');
const media = fs.readdirSync(MEDIA).filter((f) => f.endsWith('.ts')).map((f) => [f, fs.readFileSync(path.join(MEDIA, f), 'utf8')] as const);

/** The CSP directives, from the one `const csp = [...]` array of template strings. */
function directives(): Map<string, string[]> {
  const m = /const csp = \[([^\]]*)\]\.join\('; '\)/.exec(panel);
  assert.ok(m, 'diagramPanel.ts builds its CSP as one array of directives');
  const out = new Map<string, string[]>();
  for (const [, d] of m[1].matchAll(/`([^`]*)`/g)) {
    const [name, ...sources] = d.trim().split(/\s+/);
    assert.ok(!out.has(name), `${name} is given once`);
    out.set(name, sources);
  }
  return out;
}

describe('webview CSP and Mermaid settings', () => {
  it("denies by default and allows scripts only by nonce", () => {
    const d = directives();
    assert.deepEqual(d.get('default-src'), ["'none'"]);
    assert.deepEqual(d.get('script-src'), ["'nonce-${nonce}'"], 'script-src is the per-load nonce and nothing else');
    for (const [name, sources] of d) {
      assert.ok(!sources.includes("'unsafe-eval'"), `${name} has no unsafe-eval`);
      assert.ok(!sources.some((s) => /^(https?:|\*|ws:|wss:)/.test(s)), `${name} allows nothing remote: ${sources.join(' ')}`);
    }
    assert.ok(!d.has('connect-src') || d.get('connect-src')!.every((s) => s === "'none'"), 'no connect-src beyond none');
    assert.match(panel, /<meta http-equiv="Content-Security-Policy" content="\$\{csp\}">/);
    assert.match(panel, /nonce = randomBytes\(\d+\)/, 'the nonce is random per load');
    assert.doesNotMatch(panel, /<script(?![^>]*nonce="\$\{nonce\}")[^>]*>/, 'every script tag carries the nonce');
  });

  it("Mermaid runs with securityLevel 'strict' and the webview never assigns HTML strings", () => {
    assert.ok(media.some(([, s]) => /securityLevel:\s*'strict'/.test(s)), "securityLevel: 'strict'");
    for (const [f, s] of media) {
      assert.doesNotMatch(s, /securityLevel:\s*'(loose|antiscript|sandbox)'/, f);
      assert.doesNotMatch(s, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML\(|document\.write\(|\beval\(|new Function\(/, `${f} assigns no HTML string and evaluates no text`);
    }
  });
});
