// Python files: parsed once with tree-sitter (incrementally after an edit) and handed to every
// Python reader: CDK apps (cdk.ts), and application code (code.ts: boto3 DynamoDB writes, client
// regions, sessions, local files, module state).
import type { Config } from '../../config';
import type { FileFacts } from '../../model';
import { mergeFacts } from '../codeFacts';
import { findCommentSuppressions } from '../suppressions';
import { changedSpan } from '../tree';
import { looksLikeCdkPython, readCdkPython } from './cdk';
import { type CodeCache, readPythonCode } from './code';
import { parsePython, type PyTree, pythonReady } from './parser';

export { initPython, pythonReady } from './parser';

/**
 * What the Python reader keeps between two versions of a file: the tree, for an incremental re-parse,
 * and the application-code reader's facts per statement, replayed for the statements an edit left alone.
 */
export interface PyState {
  py: { tree: PyTree; text: string };
  code?: CodeCache;
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function readPython(file: string, text: string, config: Config, prev?: PyState): { facts: FileFacts; state?: PyState } | undefined {
  if (text.includes('\u0000')) return undefined;
  if (text.length > config.maxFileSizeKb * 1024) {
    if (!looksLikeCdkPython(text.slice(0, 64 * 1024))) return undefined;
    return { facts: problemFacts(file, `Skipped: ${(text.length / 1024 / 1024).toFixed(1)} MB is above multiRegionReview.maxFileSizeKb (${config.maxFileSizeKb} KB).`) };
  }
  if (!pythonReady()) {
    // The entry points await initPython() before analysing; a caller that did not gets told.
    return looksInteresting(text) ? { facts: problemFacts(file, 'Python support is still loading; this file is read once it is ready.') } : undefined;
  }
  // One comparison of the two versions serves the incremental parse and the code reader's reuse.
  const span = prev ? changedSpan(prev.py.text, text) : undefined;
  const tree = parsePython(text, prev?.py, span);
  const root = tree.rootNode;
  const parts: FileFacts[] = [];
  if (looksLikeCdkPython(text)) parts.push(readCdkPython(file, text, root));
  const { code, state, cache } = readPythonCode(file, text, root, prev?.code, prev?.code?.text === prev?.py.text ? span : undefined);
  for (const b of [code, state]) {
    if (!b) continue;
    const built = b.build();
    parts.push({ file, source: 'sdk', edges: [], regions: [], problems: [], suppressions: [], parameters: [], outputRefs: [], ...built });
  }
  const next: PyState = { py: { tree, text }, code: cache };
  if (!parts.length) {
    tree.delete();
    return undefined;
  }
  const facts = mergeFacts(file, parts);
  if (!parts.some((p) => p.suppressions.length)) facts.suppressions = findCommentSuppressions(file, text, facts.problems);
  return { facts, state: next };
}

/** Cheap test, so that a plain script costs nothing while the parser loads. */
function looksInteresting(text: string): boolean {
  return looksLikeCdkPython(text) || text.includes('boto3') || text.includes('SESSION_') || text.includes('open(');
}

function problemFacts(file: string, message: string): FileFacts {
  return { file, source: 'sdk', resources: [], edges: [], regions: [], suppressions: [], parameters: [], outputRefs: [], problems: [{ file, range: ZERO, message, severity: 'info' }], rangeOf: () => ZERO };
}
