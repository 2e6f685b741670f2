// One workspace folder: its Analyzer (paths relative to the folder), its config file, its open
// documents, and the bookkeeping that tells stale work from current work.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Analyzer, isIgnored } from '../engine/analyze';
import { type Config, CONFIG_FILE, defaultConfig, mergeConfig, parseConfig } from '../engine/config';
import type { FileFacts } from '../engine/model';
import type { LiveSnapshot } from '../live/types';
import { SKIPPED_DIRS } from '../engine/workspace';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { DocumentWorkspace, type OpenDocuments } from './workspace';

export interface FolderStats {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
  resources: number;
  regions: string[];
}

export class Folder {
  readonly analyzer = new Analyzer();
  /** Open documents in this folder: workspace-relative file -> document URI. */
  readonly open = new Map<string, string>();
  /** The document version whose text the analyzer holds, for open files. */
  readonly appliedVersion = new Map<string, number>();
  readonly workspace: DocumentWorkspace;
  fileConfig: Config = defaultConfig();
  configProblems: string[] = [];
  /** Bumped by every scheduled run; a run started under an older value is stale and stops. */
  generation = 0;
  /** Bumped by every scan; a scan started under an older value stops. */
  scanToken = 0;
  scanning = false;
  stats?: FolderStats;
  /** The last live Route 53 snapshot: each run compares the code with it again. */
  liveSnapshot?: LiveSnapshot;
  private readonly facts = new Map<string, FileFacts>();
  private factsMaxKb = DEFAULT_SETTINGS.maxFileSizeKb;

  constructor(
    readonly uri: string,
    readonly root: string,
    /** False for the folder of a loose file outside every workspace folder: never scanned from disk. */
    readonly scanned: boolean,
    documents: OpenDocuments,
  ) {
    this.workspace = new DocumentWorkspace(root, this.open, documents);
  }

  /** The workspace-relative path of an absolute path inside this folder, or undefined. */
  fileOf(fsPath: string): string | undefined {
    const rel = path.relative(this.root, fsPath);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  uriOf(file: string): string {
    return this.open.get(file) ?? pathToFileURL(path.join(this.root, ...file.split('/'))).href;
  }

  /** The config file merged with the editor settings (settings win for rules; ignores add up). */
  config(settings: Settings): Config {
    const merged = mergeConfig(this.fileConfig, { rules: settings.rules, ignore: settings.ignore });
    // The editor setting applies once the user changed it; until then the config file's value does.
    if (settings.maxFileSizeKb !== DEFAULT_SETTINGS.maxFileSizeKb) merged.maxFileSizeKb = settings.maxFileSizeKb;
    return merged;
  }

  /** True for files the analysis never reads: dependency and build folders, and ignored paths. */
  isExcluded(file: string, config: Config): boolean {
    const dirs = file.split('/').slice(0, -1);
    return dirs.some((d) => SKIPPED_DIRS.has(d)) || isIgnored(file, config);
  }

  /** Re-reads `multi-region-review.json` (the open document if there is one). Returns what changed. */
  async reloadConfig(): Promise<{ changed: boolean; affectsFiles: boolean }> {
    const text = await this.workspace.readFile(CONFIG_FILE);
    const before = { config: this.fileConfig, problems: this.configProblems };
    const after = text === undefined ? { config: defaultConfig(), problems: [] } : parseConfig(text);
    this.fileConfig = after.config;
    this.configProblems = after.problems;
    const affectsFiles = before.config.ignore.join('\n') !== after.config.ignore.join('\n') || before.config.maxFileSizeKb !== after.config.maxFileSizeKb;
    return { changed: JSON.stringify(before) !== JSON.stringify(after), affectsFiles };
  }

  /**
   * Gives the analyzer one file's text (undefined removes the file). Returns true when the file's
   * facts changed, so callers run the rules only when there is something new to say.
   */
  updateFile(file: string, text: string | undefined, config: Config, version?: number): boolean {
    if (config.maxFileSizeKb !== this.factsMaxKb) this.forgetAll(config.maxFileSizeKb);
    if (version === undefined) this.appliedVersion.delete(file);
    else this.appliedVersion.set(file, version);
    const before = this.facts.get(file);
    let after: FileFacts | undefined;
    if (text === undefined) this.analyzer.remove(file);
    // Parse state (syntax trees) is kept only for open documents, the files that get edited.
    else after = this.analyzer.update(file, text, config, { keepState: this.open.has(file) });
    if (after) this.facts.set(file, after);
    else this.facts.delete(file);
    return before !== after;
  }

  /** Removes a file, or every file below a deleted folder (open documents stay). Returns true if anything was known. */
  removeUnder(file: string, config: Config): boolean {
    let changed = false;
    for (const known of [...this.facts.keys()]) {
      if (this.open.has(known)) continue;
      if (known === file || known.startsWith(`${file}/`)) changed = this.updateFile(known, undefined, config) || changed;
    }
    return changed;
  }

  knownFiles(): string[] {
    return [...this.facts.keys()];
  }

  /** Facts were read under a different size limit; drop them so the next scan reads every file again. */
  private forgetAll(maxKb: number): void {
    for (const file of this.facts.keys()) this.analyzer.remove(file);
    this.facts.clear();
    this.factsMaxKb = maxKb;
  }
}
