// The Python parser: tree-sitter's Python grammar compiled to WebAssembly, run by web-tree-sitter.
// No native build, and the same on every platform. Loading is asynchronous (about 30 ms, once), so
// the entry points that may meet a `.py` file await `initPython()` before analysing; until then the
// reader reports that Python support is loading. Positions: web-tree-sitter counts a JS string in
// UTF-16 code units, as LSP does, so node positions are already LSP positions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language as TsLanguage, Node as TsNode, Parser as TsParser, Tree as TsTree } from 'web-tree-sitter';
import type { Range } from '../../model';
import { changedSpan } from '../tree';

export type PyTree = TsTree;
/** Where two versions of a text differ (see changedSpan). */
export type Span = ReturnType<typeof changedSpan>;
export type PyTreeNode = TsNode;

let parser: TsParser | undefined;
let loading: Promise<void> | undefined;

/** The two wasm files: beside the bundle (dist/), or in node_modules when running from out/. */
function wasmPaths(): { runtime: string; grammar: string } {
  const beside = (name: string) => [path.join(__dirname, name), path.join(__dirname, '..', name)].find((p) => fs.existsSync(p));
  // Names in variables: the bundler must not try to resolve them (the bundles find the files beside them).
  const fromModules = (id: string) => require.resolve(id);
  const runtime = beside('tree-sitter.wasm') ?? fromModules(['web-tree-sitter', 'tree-sitter.wasm'].join('/'));
  const grammar = beside('tree-sitter-python.wasm') ?? fromModules(['tree-sitter-python', 'tree-sitter-python.wasm'].join('/'));
  return { runtime, grammar };
}

/** Loads the parser once; later calls return the same promise. */
export function initPython(): Promise<void> {
  loading ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wts = require('web-tree-sitter') as typeof import('web-tree-sitter');
    const { runtime, grammar } = wasmPaths();
    await wts.Parser.init({ locateFile: () => runtime });
    const language: TsLanguage = await wts.Language.load(grammar);
    const p = new wts.Parser();
    p.setLanguage(language);
    parser = p;
  })();
  return loading;
}

export function pythonReady(): boolean {
  return parser !== undefined;
}

/**
 * Parses `text`; with the previous tree and text, re-parses incrementally: the changed span is found
 * by comparing the two texts from both ends, the old tree is edited to match, and tree-sitter reuses
 * the rest. The previous tree is deleted (its memory lives in the WebAssembly heap).
 */
export function parsePython(text: string, prev?: { tree: PyTree; text: string }, span?: Span): PyTree {
  if (!parser) throw new Error('Python parser not loaded: await initPython() first');
  if (!prev) return mustParse(text);
  const { start, oldEnd, newEnd } = span ?? changedSpan(prev.text, text);
  const old = prev.tree;
  old.edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(prev.text, start),
    oldEndPosition: pointAt(prev.text, oldEnd),
    newEndPosition: pointAt(text, newEnd),
  });
  const tree = mustParse(text, old);
  old.delete();
  return tree;
}

function mustParse(text: string, old?: PyTree): PyTree {
  const tree = parser!.parse(text, old ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Row and column (UTF-16 units) of an offset, rows counted as tree-sitter counts them (at \n). */
export function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

export function rangeOfNode(n: PyTreeNode): Range {
  return { start: { line: n.startPosition.row, character: n.startPosition.column }, end: { line: n.endPosition.row, character: n.endPosition.column } };
}
