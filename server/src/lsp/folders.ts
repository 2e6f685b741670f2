// The workspace folders the server analyses, and which folder a URI belongs to. A file outside every
// folder gets a small unscanned folder for its directory, so it is still reviewed while open.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Folder } from './folder';
import type { OpenDocuments } from './workspace';

export interface Located {
  folder: Folder;
  /** Workspace-relative path with forward slashes. */
  file: string;
}

export class FolderRegistry {
  private readonly scanned = new Map<string, Folder>();
  private readonly loose = new Map<string, Folder>();

  constructor(private readonly documents: OpenDocuments) {}

  /** Adds a workspace folder by URI; returns undefined for URIs that are not on the file system. */
  add(uri: string): Folder | undefined {
    const root = uriToPath(uri);
    if (!root) return undefined;
    const existing = this.scanned.get(root);
    if (existing) return existing;
    const folder = new Folder(uri, root, true, this.documents);
    this.scanned.set(root, folder);
    return folder;
  }

  remove(uri: string): Folder | undefined {
    const root = uriToPath(uri);
    const folder = root ? this.scanned.get(root) : undefined;
    if (root) this.scanned.delete(root);
    return folder;
  }

  all(): Folder[] {
    return [...this.scanned.values(), ...this.loose.values()];
  }

  /**
   * The deepest workspace folder that holds the URI. With `createLoose`, a file outside every folder
   * is placed in an unscanned folder for its directory.
   */
  locate(uri: string, createLoose = false): Located | undefined {
    const fsPath = uriToPath(uri);
    if (!fsPath) return undefined;
    let best: Located | undefined;
    for (const folder of this.scanned.values()) {
      const file = folder.fileOf(fsPath);
      if (file !== undefined && (!best || folder.root.length > best.folder.root.length)) best = { folder, file };
    }
    if (best) return best;
    const dir = path.dirname(fsPath);
    let folder = this.loose.get(dir);
    if (!folder && createLoose) {
      folder = new Folder(pathToFileURL(dir).href, dir, false, this.documents);
      this.loose.set(dir, folder);
    }
    return folder ? { folder, file: path.basename(fsPath) } : undefined;
  }

  /** True when no deeper workspace folder claims the file (nested folders each analyse their own). */
  owns(folder: Folder, file: string): boolean {
    const full = path.join(folder.root, ...file.split('/'));
    for (const other of this.scanned.values()) {
      if (other !== folder && other.root.length > folder.root.length && other.fileOf(full) !== undefined) return false;
    }
    return true;
  }
}

/** The file-system path of a `file:` URI; undefined for any other scheme. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}
