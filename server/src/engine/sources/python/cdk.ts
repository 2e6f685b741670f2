// AWS CDK apps in Python, read statically like the TypeScript ones. The Python module is turned
// into the TypeScript the CDK reader knows (cdk/statements.ts, cdk/expressions.ts): keyword
// arguments become props objects with camelCase names, struct calls object literals, snake_case
// attributes camelCase ones, `self` `this`. The TypeScript CDK reader then maps constructs to
// CloudFormation-shaped resources exactly as it does for TypeScript apps (L1 `Cfn*` classes, the
// L2 constructs, escape hatches, stacks per region), and every range is mapped back to Python.
import type { FileFacts, Range } from '../../model';
import { readCdk } from '../cdk';
import type * as TS from 'typescript';
import { parseSource, reparseSource } from '../cdk/tsapi';
import { findCommentSuppressions } from '../suppressions';
import { Lines, rangeMapper } from './cdk/emit';
import { translateModule } from './cdk/statements';
import type { PyNode } from './cdk/syntax';

export type { PyNode } from './cdk/syntax';
export { translateModule } from './cdk/statements';

const CDK_IMPORT = /^\s*(?:from\s+aws_cdk(?:\.[\w.]+)?\s+import\b|import\s+aws_cdk\b)/m;

/** Cheap test: a Python file that imports the AWS CDK (v2 `aws_cdk`, or v1 `aws_cdk.core`). */
export function looksLikeCdkPython(text: string): boolean {
  return CDK_IMPORT.test(text);
}

/** The CDK facts of a Python file, from its tree-sitter syntax tree. */
export function readCdkPython(file: string, text: string, root: PyNode): FileFacts {
  const t = translateModule(file, root);
  const sf = tsParse(file, t.text);
  const { facts } = readCdk(file, t.text, sf);
  const toPy = rangeMapper(new Lines(t.text), new Lines(text), t.map);
  const inner = facts.rangeOf;
  const problems = facts.problems.map((p) => ({ ...p, range: toPy(p.range) }));
  return {
    ...facts,
    resources: facts.resources.map((r) => ({ ...r, range: toPy(r.range) })),
    problems,
    suppressions: findCommentSuppressions(file, text, problems),
    rangeOf: (path): Range => toPy(inner(path)),
    // Local imports name Python modules; their files end in .py.
    cdk: facts.cdk && { ...facts.cdk, uses: facts.cdk.uses.map((u) => ({ ...u, module: `${u.module}.py` })) },
  };
}

/** The last TypeScript tree of each recently read file, re-parsed incrementally after an edit. */
const TREES = new Map<string, TS.SourceFile>();

function tsParse(file: string, text: string): TS.SourceFile {
  const old = TREES.get(file);
  TREES.delete(file);
  const sf = old ? reparseSource(old, text) : parseSource(`${file}.ts`, text);
  TREES.set(file, sf);
  while (TREES.size > 32) TREES.delete(TREES.keys().next().value!);
  return sf;
}
