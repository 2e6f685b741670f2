// The language server's Workspace: open documents override the disk. Paths are relative to the
// workspace folder, with forward slashes, as everywhere in the engine.
import { DiskWorkspace, type Workspace } from '../engine/workspace';

/** The editor's open documents by URI; `TextDocuments` fits this shape. */
export interface OpenDocuments {
  get(uri: string): { getText(): string; readonly version: number } | undefined;
}

export class DocumentWorkspace implements Workspace {
  private readonly disk: DiskWorkspace;

  constructor(
    readonly root: string,
    /** Open documents of this folder: file -> URI. Owned by the folder, read here. */
    private readonly open: ReadonlyMap<string, string>,
    private readonly documents: OpenDocuments,
  ) {
    this.disk = new DiskWorkspace(root);
  }

  /** Files on disk (skipping dependency and build folders) plus open documents not yet saved. */
  async listFiles(): Promise<string[]> {
    const files = new Set(await this.disk.listFiles());
    for (const file of this.open.keys()) files.add(file);
    return [...files];
  }

  async readFile(file: string): Promise<string | undefined> {
    const uri = this.open.get(file);
    const text = uri === undefined ? undefined : this.documents.get(uri)?.getText();
    return text ?? this.disk.readFile(file);
  }

  /** The version of an open document, or undefined for files read from disk. */
  versionOf(file: string): number | undefined {
    const uri = this.open.get(file);
    return uri === undefined ? undefined : this.documents.get(uri)?.version;
  }
}
