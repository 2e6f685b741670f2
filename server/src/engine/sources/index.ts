// Chooses the source reader for a file: CloudFormation templates, CDK apps; SDK code joins here later.
import type { Config } from '../config';
import type { FileFacts } from '../model';
import { looksLikeCdk, readCdk } from './cdk';
import { type CfnState, looksLikeTemplate, readCloudFormation } from './cloudformation';

export type SourceState = CfnState;

const DATA_EXT = /\.(ya?ml|json|template|cfn)$/i;
const CODE_EXT = /\.(tsx?|[mc]?js)$/i;

export function readFileFacts(file: string, text: string, config: Config, prev?: SourceState): { facts: FileFacts; state?: SourceState } | undefined {
  if (CODE_EXT.test(file)) return readCode(file, text, config);
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

/** TypeScript / JavaScript: CDK apps (the file imports aws-cdk-lib, @aws-cdk/* or constructs). */
function readCode(file: string, text: string, config: Config): { facts: FileFacts } | undefined {
  if (!looksLikeCdk(file, text)) return undefined;
  if (text.length > config.maxFileSizeKb * 1024) return { facts: skipped(file, `Skipped: ${(text.length / 1024 / 1024).toFixed(1)} MB is above multiRegionReview.maxFileSizeKb (${config.maxFileSizeKb} KB).`, 'cdk') };
  return readCdk(file, text);
}

function skipped(file: string, message: string, source: FileFacts['source'] = 'cloudformation'): FileFacts {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { file, source, resources: [], edges: [], regions: [], suppressions: [], parameters: [], outputRefs: [], problems: [{ file, range, message, severity: 'info' }], rangeOf: () => range };
}
