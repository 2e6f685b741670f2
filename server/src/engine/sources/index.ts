// Chooses the source reader for a file. CloudFormation now; CDK and SDK code join here later.
import type { Config } from '../config';
import type { FileFacts } from '../model';
import { type CfnState, looksLikeTemplate, readCloudFormation } from './cloudformation';

export type SourceState = CfnState;

const DATA_EXT = /\.(ya?ml|json|template|cfn)$/i;

export function readFileFacts(file: string, text: string, config: Config, prev?: SourceState): { facts: FileFacts; state?: SourceState } | undefined {
  if (!DATA_EXT.test(file)) return undefined;
  if (text.length > config.maxFileSizeKb * 1024) {
    // Only say so for files that would have been read; a huge unrelated JSON file is no news.
    if (!looksLikeTemplate(file, text.slice(0, 64 * 1024))) return undefined;
    return { facts: skipped(file, `Skipped: ${(text.length / 1024 / 1024).toFixed(1)} MB is above multiRegionReview.maxFileSizeKb (${config.maxFileSizeKb} KB).`) };
  }
  if (text.includes('\u0000')) return undefined;
  if (!looksLikeTemplate(file, text)) return undefined;
  return readCloudFormation(file, text, prev);
}

function skipped(file: string, message: string): FileFacts {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { file, source: 'cloudformation', resources: [], edges: [], regions: [], suppressions: [], parameters: [], outputRefs: [], problems: [{ file, range, message, severity: 'info' }], rangeOf: () => range };
}
