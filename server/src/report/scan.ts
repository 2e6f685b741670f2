// Turns command-line paths into one workspace on disk, reads its configuration and runs the engine.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../engine/analyze';
import { type Config, CONFIG_FILE, defaultConfig, parseConfig } from '../engine/config';
import type { WorkspaceModel } from '../engine/model';
import type { Finding } from '../engine/rule';
import { DiskWorkspace, toRelative, type Workspace } from '../engine/workspace';
import { UsageError } from './args';
import type { ScanStats } from './common';

export interface ScanResult {
  root: string;
  findings: Finding[];
  model: WorkspaceModel;
  stats: ScanStats;
  /** Problems in the configuration file, as "file: problem" lines. */
  configProblems: string[];
  config: Config;
}

export async function scan(paths: string[], cwd: string, configFile?: string): Promise<ScanResult> {
  const started = performance.now();
  const targets = paths.map((p) => target(path.resolve(cwd, p), p));
  const single = targets.length === 1 && targets[0].isDir;
  const root = single ? targets[0].abs : commonParent(targets.map((t) => (t.isDir ? t.abs : path.dirname(t.abs))));
  const { config, problems } = loadConfig(configFile ? path.resolve(cwd, configFile) : path.join(root, CONFIG_FILE), !!configFile, cwd);
  const files = single ? undefined : await listTargets(root, targets);
  const stats: ScanStats = { filesRead: 0, templates: 0, elapsedMs: 0 };
  const { findings, model } = await analyze(counting(new DiskWorkspace(root, undefined, files), stats), config);
  stats.templates = model.files.size;
  stats.elapsedMs = performance.now() - started;
  return { root, findings, model, stats, configProblems: problems, config };
}

interface Target {
  abs: string;
  isDir: boolean;
}

function target(abs: string, given: string): Target {
  try {
    return { abs, isDir: fs.statSync(abs).isDirectory() };
  } catch {
    throw new UsageError(`No such file or folder: ${given}`);
  }
}

/** The deepest folder that holds every one of the given folders. */
export function commonParent(dirs: string[]): string {
  let parent = dirs[0];
  for (const d of dirs.slice(1)) {
    while (!isInside(d, parent)) {
      const up = path.dirname(parent);
      if (up === parent) throw new UsageError('The paths share no common folder (different drives?).');
      parent = up;
    }
  }
  return parent;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Files under each folder target plus each file target, relative to the root, without repeats. */
async function listTargets(root: string, targets: Target[]): Promise<string[]> {
  const files = new Set<string>();
  for (const t of targets) {
    if (!t.isDir) files.add(toRelative(root, t.abs));
    else for (const f of await new DiskWorkspace(t.abs).listFiles()) files.add(toRelative(root, path.join(t.abs, f)));
  }
  return [...files].sort();
}

function loadConfig(file: string, required: boolean, cwd: string): { config: Config; problems: string[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    if (required) throw new UsageError(`Cannot read the configuration file ${path.relative(cwd, file) || file}.`);
    return { config: defaultConfig(), problems: [] };
  }
  const { config, problems } = parseConfig(text);
  const shown = (path.relative(cwd, file) || file).split(path.sep).join('/');
  return { config, problems: problems.map((p) => `${shown}: ${p}`) };
}

/** Counts the files that were actually read, for the summary. */
function counting(inner: Workspace, stats: ScanStats): Workspace {
  return {
    listFiles: () => inner.listFiles(),
    readFile: async (file) => {
      const text = await inner.readFile(file);
      if (text !== undefined) stats.filesRead++;
      return text;
    },
  };
}
