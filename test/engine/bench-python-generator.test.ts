// The benchmark's Python generator (bench/python.ts) makes what the Python bench claims: a ~1,000-line
// file that parses with no syntax error, an edit target inside a string literal, and a stack half in
// which the CDK Python reader finds every construct, per Region. Not timed.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { PyNode } from '../../server/src/engine/sources/python/cdk';
import { readCdkPython } from '../../server/src/engine/sources/python/cdk';
import { ROOT } from '../helpers';

interface Generated {
  file: string;
  text: string;
  lines: number;
  edit: { pos: number; line: number };
  constructs: number;
}

// bench/ is its own TypeScript project, so its compiled output (written by `tsc -b`) is loaded at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bench = require(path.join(ROOT, 'out', 'bench', 'python.js')) as { generatePython(lines?: number): Generated; loadPythonParser(root: string): Promise<(text: string) => PyNode> };

describe('bench Python generator', () => {
  const g = bench.generatePython();
  let parse: (text: string) => PyNode;
  before(async () => {
    parse = await bench.loadPythonParser(ROOT);
  });

  it('makes about 1,000 lines that parse with no syntax error, and types inside a string', () => {
    assert.ok(Math.abs(g.lines - 1000) <= 40, `${g.lines} lines`);
    const root = parse(g.text) as PyNode & { hasError: boolean; descendantForIndex(i: number): PyNode };
    assert.equal(root.hasError, false);
    const token = root.descendantForIndex(g.edit.pos);
    assert.match(token.type, /^string/, `the edit position is in a ${token.type}`);
    assert.equal(g.text.slice(0, g.edit.pos).split('\n').length, g.edit.line);
  });

  it('gives the CDK Python reader every construct of the stack half, deployed to both Regions', () => {
    const facts = readCdkPython(g.file, g.text, parse(g.text));
    // Each unit: a global table, a health check, a failover record and a function.
    const byType = new Map<string, number>();
    for (const r of facts.resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    const units = g.constructs / 4;
    assert.ok(units >= 15, `${units} units`);
    // A table's first replica is its stack's Region, so each Region's copy is its own resource, and
    // so is the function that names it; the health check is the same in both and stays one.
    assert.equal(byType.get('AWS::DynamoDB::GlobalTable'), units * 2);
    assert.equal(byType.get('AWS::Route53::HealthCheck'), units);
    assert.equal(byType.get('AWS::Lambda::Function'), units * 2);
    assert.deepEqual(facts.regions, ['us-east-1', 'us-west-2']);
    const roles = facts.resources.filter((r) => r.type === 'AWS::Route53::RecordSet').map((r) => r.properties.Failover);
    assert.equal(roles.filter((x) => x === 'PRIMARY').length, units);
    assert.equal(roles.filter((x) => x === 'SECONDARY').length, units);
  });
});
