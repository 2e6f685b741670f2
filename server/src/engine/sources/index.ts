// Chooses the source readers for a file: CloudFormation templates, or code (CDK, SDK, app state).
import type { Config } from '../config';
import type { FileFacts } from '../model';
import { isCompiledJs, looksLikeCdk, readCdk } from './cdk';
import type * as TS from 'typescript';
import { parseSource, reparseSource } from './cdk/tsapi';
import { mergeFacts } from './codeFacts';
import { type PyState, readPython } from './python';
import { readSdkFacts } from './sdk';
import { readStateFacts } from './state';
import { type CfnState, looksLikeTemplate, readCloudFormation } from './cloudformation';

/** What a code reader keeps between two versions of a file: the last syntax tree, for an incremental re-parse. */
export interface CodeState {
  sf: TS.SourceFile;
}

export type SourceState = CfnState | CodeState | PyState;

/** Frees what the garbage collector cannot: a Python tree lives in the WebAssembly heap. */
export function disposeState(state: SourceState): void {
  if ('py' in state) state.py.tree.delete();
}

const DATA_EXT = /\.(ya?ml|json|template|cfn)$/i;
const CODE_EXT = /\.(tsx?|[mc]?js)$/i;
const PY_EXT = /\.py$/i;

export function readFileFacts(file: string, text: string, config: Config, prev?: SourceState): { facts: FileFacts; state?: SourceState } | undefined {
  if (PY_EXT.test(file)) return readPython(file, text, config, prev && 'py' in prev ? prev : undefined);
  if (CODE_EXT.test(file)) return readCode(file, text, config, prev && 'sf' in prev ? prev : undefined);
  if (!DATA_EXT.test(file)) return undefined;
  if (text.length > config.maxFileSizeKb * 1024) {
    // Only say so for files that would have been read; a huge unrelated JSON file is no news.
    if (!looksLikeTemplate(file, text.slice(0, 64 * 1024))) return undefined;
    return { facts: skipped(file, `Skipped: ${(text.length / 1024 / 1024).toFixed(1)} MB is above multiRegionReview.maxFileSizeKb (${config.maxFileSizeKb} KB).`) };
  }
  if (text.includes('\u0000')) return undefined;
  if (!looksLikeTemplate(file, text)) return undefined;
  return readCloudFormation(file, text, prev && 'trees' in prev ? prev : undefined);
}

/**
 * TypeScript / JavaScript, parsed once and handed to every code reader: CDK constructs, AWS SDK
 * DynamoDB writes, and application state (sessions, local files, module state, client regions).
 */
function readCode(file: string, text: string, config: Config, prev?: CodeState): { facts: FileFacts; state?: CodeState } | undefined {
  if (/\.d\.[mc]?ts$/i.test(file) || isCompiledJs(file, text) || text.includes('\u0000')) return undefined;
  const cdk = looksLikeCdk(file, text);
  if (text.length > config.maxFileSizeKb * 1024) {
    return cdk ? { facts: skipped(file, `Skipped: ${(text.length / 1024 / 1024).toFixed(1)} MB is above multiRegionReview.maxFileSizeKb (${config.maxFileSizeKb} KB).`, 'cdk') } : undefined;
  }
  const sf = prev ? reparseSource(prev.sf, text) : parseSource(file, text);
  const parts: FileFacts[] = [];
  if (cdk) parts.push(readCdk(file, text, sf).facts);
  const sdk = readSdkFacts(file, sf);
  if (sdk) parts.push(sdk);
  const state = readStateFacts(file, sf, text);
  if (state) parts.push(state);
  return parts.length ? { facts: mergeFacts(file, parts), state: { sf } } : undefined;
}

function skipped(file: string, message: string, source: FileFacts['source'] = 'cloudformation'): FileFacts {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { file, source, resources: [], edges: [], regions: [], suppressions: [], parameters: [], outputRefs: [], problems: [{ file, range, message, severity: 'info' }], rangeOf: () => range };
}
