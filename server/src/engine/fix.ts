// The fix contract. Detection (rules), the finding (plain data) and the fix are separate: a fix
// provider reads a finding's rule id, range and `data`, plus the text of the file(s) it edits, and
// returns text edits. It never matches message text and never re-runs the analysis.
import type { Range } from './model';
import type { Finding } from './rule';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface FileEdits {
  /** Workspace-relative path, as in findings. */
  file: string;
  edits: TextEdit[];
}

export interface Fix {
  /** Shown in the editor's light-bulb menu, e.g. "Set EvaluateTargetHealth: true". */
  title: string;
  changes: FileEdits[];
  /**
   * Safe fixes change nothing but what the rule asks for and need no decision from the user; only
   * they run in `source.fixAll.multiRegionReview` and the CLI's `--fix`.
   */
  safe: boolean;
  /** The preferred fix of several, applied by "auto fix". */
  preferred?: boolean;
}

export interface FixContext {
  finding: Finding;
  /** The current text of a workspace file, or undefined if it cannot be read. */
  text(file: string): string | undefined;
}

export interface FixProvider {
  ruleId: string;
  provide(ctx: FixContext): Fix[];
}

export function defineFix(provider: FixProvider): FixProvider {
  return provider;
}
