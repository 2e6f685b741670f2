// Runs the CLI in-process over temporary folders, capturing what it prints.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../server/src/cli';
import { allRules } from '../../server/src/engine/rules';
import { PRIMARY_NO_CHECK } from '../helpers';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], cwd: string, color = false): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, color, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const made: string[] = [];

/** A fresh folder holding the given files (paths with forward slashes). Removed by `removeTemps`. */
export function tempFolder(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mrr-cli-')));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return dir;
}

export function removeTemps(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The fixture test/fixtures/failover-without-health-check/invalid/primary-no-check.yaml. */
export const UNCHECKED_FAILOVER = PRIMARY_NO_CHECK;

/** A template that no rule has anything to say about. */
export const CLEAN = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
`;

export const BROKEN_YAML = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: [unclosed
`;

export const RULE = 'failover-without-health-check';

/** A config that turns every rule off except `ruleId`, at the given severity. */
export function onlyRule(ruleId: string, severity: 'error' | 'warning' | 'info'): string {
  const rules: Record<string, string> = Object.fromEntries(allRules.map((r) => [r.id, 'off']));
  rules[ruleId] = severity;
  return JSON.stringify({ rules }, null, 2);
}
