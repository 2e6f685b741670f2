// The benchmark's code generator (bench/generateCode.ts) makes what the code bench claims: two
// ~1,000-line TypeScript files that parse cleanly, edit targets inside string literals, and a
// workspace in which the engine finds global tables and links every write. Not timed.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { Analyzer } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/engine/config';
import { ROOT } from '../helpers';

interface CodeFile {
  file: string;
  text: string;
  lines: number;
  edit?: { pos: number; line: number };
}

// bench/ is its own TypeScript project, so its compiled output (written by `tsc -b`) is loaded at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateCodeWorkspace } = require(path.join(ROOT, 'out', 'bench', 'generateCode.js')) as { generateCodeWorkspace(): { stack: CodeFile; service: CodeFile; files: CodeFile[] } };

describe('bench code generator', () => {
  const ws = generateCodeWorkspace();

  for (const f of [ws.stack, ws.service]) {
    it(`${f.file}: about 1,000 lines that parse with no syntax error, edit inside a string`, () => {
      assert.ok(Math.abs(f.lines - 1000) <= 40, `${f.lines} lines`);
      const sf = ts.createSourceFile(f.file, f.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const diagnostics = (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
      assert.deepEqual(diagnostics, []);
      assert.ok(f.edit, 'has an edit target');
      const token = findToken(sf, f.edit!.pos);
      assert.ok(token && (ts.isStringLiteral(token) || ts.isNoSubstitutionTemplateLiteral(token)), 'the edit position is inside a string literal');
    });
  }

  it('gives the engine global tables and writes linked to them', () => {
    const analyzer = new Analyzer();
    for (const f of ws.files) analyzer.update(f.file, f.text, defaultConfig());
    const { model } = analyzer.run(defaultConfig());
    const tables = model.ofType('AWS::DynamoDB::GlobalTable');
    const writes = model.ofType('Code::DynamoDB::Write');
    assert.ok(tables.length >= 10, `${tables.length} global tables`);
    assert.ok(writes.length >= 50, `${writes.length} writes`);
    assert.ok(writes.every((w) => typeof w.properties.ResolvedTable === 'string'), 'every write resolves to a table');
  });
});

function findToken(node: ts.Node, pos: number): ts.Node | undefined {
  if (pos <= node.getStart() || pos >= node.getEnd()) return undefined;
  let hit: ts.Node | undefined = node;
  node.forEachChild((child) => {
    const inner = findToken(child, pos);
    if (inner) hit = inner;
  });
  return hit;
}
