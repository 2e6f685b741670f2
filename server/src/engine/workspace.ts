// Where analyze() gets files from. Paths are workspace-relative with forward slashes.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface Workspace {
  listFiles(): Promise<string[]>;
  /** The file's text, or undefined if it cannot be read as text. */
  readFile(file: string): Promise<string | undefined>;
}

/** Inline documents, for tests. */
export class MemoryWorkspace implements Workspace {
  constructor(private readonly docs: Record<string, string>) {}

  async listFiles(): Promise<string[]> {
    return Object.keys(this.docs).sort();
  }

  async readFile(file: string): Promise<string | undefined> {
    return this.docs[file];
  }
}

/** Folders never worth reading: dependencies, build output, VCS data. */
export const SKIPPED_DIRS = new Set(['node_modules', 'cdk.out', '.git', '.hg', '.svn', 'dist', 'out', '.aws-sam', '.e2e', '.venv', '__pycache__']);

const CANDIDATE = /\.(ya?ml|json|template|cfn|ts|tsx|js|mjs|cjs|py)$/i;

/** A folder on disk, for the CLI. Follows no symbolic links to folders, so loops cannot happen. */
export class DiskWorkspace implements Workspace {
  constructor(
    readonly root: string,
    private readonly maxBytes = 50 * 1024 * 1024,
    /** Single files given on the command line, relative to root. */
    private readonly only?: string[],
  ) {}

  async listFiles(): Promise<string[]> {
    if (this.only) return this.only;
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return; // unreadable folder: skipped
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIPPED_DIRS.has(e.name)) await walk(full);
        } else if (e.isFile() && CANDIDATE.test(e.name)) {
          out.push(toRelative(this.root, full));
        }
      }
    };
    await walk(this.root);
    return out;
  }

  async readFile(file: string): Promise<string | undefined> {
    const full = path.join(this.root, file);
    try {
      const stat = await fs.stat(full);
      if (!stat.isFile() || stat.size > this.maxBytes) return undefined;
      const buf = await fs.readFile(full);
      if (buf.includes(0)) return undefined;
      return buf.toString('utf8');
    } catch {
      return undefined;
    }
  }
}

export function toRelative(root: string, full: string): string {
  return path.relative(root, full).split(path.sep).join('/');
}
