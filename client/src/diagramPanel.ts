// The one webview host: the topology panel. The language server draws the diagram (Mermaid text plus
// the source location of every node); this panel forwards it to the webview by a typed postMessage,
// and acts on the webview's messages only after `parseFromWebview` has checked them. The webview
// loads Mermaid and its own script from the extension under a strict CSP with a nonce.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Range } from '../../server/src/engine/model';
import { type FromWebview, parseFromWebview, type ToWebview, TopologyChangedNotification, type TopologyFilter, TopologyRequest, type TopologyResult } from '../../server/src/protocol';

export const SHOW_TOPOLOGY_COMMAND = 'multiRegionReview.showTopology';
const VIEW_TYPE = 'multiRegionReview.topology';

/** Registers the command and the live refresh. */
export function registerTopologyPanel(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(SHOW_TOPOLOGY_COMMAND, (resource?: vscode.Uri) => {
      const folder = pickFolder(resource);
      if (!folder) return void vscode.window.showInformationMessage('Multi-Region Review: open a folder to see its topology.');
      DiagramPanel.show(context, client, folder);
    }),
    client.onNotification(TopologyChangedNotification.type, (p) => DiagramPanel.current?.changed(p.folderUri)),
    { dispose: () => DiagramPanel.current?.dispose() },
  );
}

/** The folder of the resource, else of the active editor, else the first one. */
function pickFolder(resource: vscode.Uri | undefined): vscode.WorkspaceFolder | undefined {
  const uri = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
  return (uri && vscode.workspace.getWorkspaceFolder(uri)) || vscode.workspace.workspaceFolders?.[0];
}

class DiagramPanel {
  static current: DiagramPanel | undefined;
  private filter: TopologyFilter = { collapsedGroups: [], hiddenKinds: [] };
  private latest: TopologyResult | undefined;
  /** Bumped by every request; an answer to an older one is dropped. */
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  static show(context: vscode.ExtensionContext, client: LanguageClient, folder: vscode.WorkspaceFolder): void {
    const existing = DiagramPanel.current;
    if (existing) {
      existing.panel.reveal();
      if (existing.folder.uri.toString() !== folder.uri.toString()) existing.setFolder(folder);
      return;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const roots = [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')];
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Topology', column, { enableScripts: true, localResourceRoots: roots, retainContextWhenHidden: false });
    DiagramPanel.current = new DiagramPanel(panel, context.extensionUri, client, folder);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    private folder: vscode.WorkspaceFolder,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html();
    this.setTitle();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseFromWebview(raw);
        if (message) this.receive(message).catch((err: unknown) => this.fail(err));
      }),
    );
  }

  /**
   * The server analysed a folder again. A hidden panel has no webview (its context is not retained);
   * the new one says `ready` when the panel shows again, and gets the latest diagram then.
   */
  changed(folderUri: string): void {
    if (this.panel.visible && sameFolder(folderUri, this.folder.uri)) this.refresh().catch((err: unknown) => this.fail(err));
  }

  dispose(): void {
    if (DiagramPanel.current === this) DiagramPanel.current = undefined;
    this.generation++;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private setFolder(folder: vscode.WorkspaceFolder): void {
    this.folder = folder;
    this.filter = { collapsedGroups: [], hiddenKinds: [] };
    this.latest = undefined;
    this.setTitle();
    this.refresh().catch((err: unknown) => this.fail(err));
  }

  private setTitle(): void {
    this.panel.title = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `Topology: ${this.folder.name}` : 'Topology';
  }

  private async receive(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.refresh();
      case 'setFilter':
        this.filter = message.filter;
        return this.refresh();
      case 'reveal':
        return this.reveal(message.uri, message.range);
      case 'copyMermaid':
        if (!this.latest) return;
        await vscode.env.clipboard.writeText(this.latest.mermaid);
        return void vscode.window.setStatusBarMessage('Multi-Region Review: Mermaid diagram copied', 3000);
      case 'saveMarkdown':
        if (this.latest) await this.save('md', `# Topology of ${this.latest.folderName}\n\n\`\`\`mermaid\n${this.latest.mermaid}\`\`\`\n`);
        return;
      case 'saveSvg':
        return this.save('svg', message.svg);
    }
  }

  /** Asks the server for the diagram and hands it to the webview, unless a newer request overtook it. */
  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const folderUri = this.folder.uri.toString();
    const topology = await this.client.sendRequest(TopologyRequest.type, { folderUri, ...this.filter });
    if (generation !== this.generation) return;
    this.latest = topology;
    await this.post({ type: 'topology', topology, filter: this.filter });
  }

  /** Opens a source. Only files that the diagram or the summary names are opened, whatever the webview asks. */
  private async reveal(uri: string, range: Range): Promise<void> {
    const known = this.latest && (this.latest.nodes.some((n) => n.uri === uri) || Object.values(this.latest.summary?.uris ?? {}).includes(uri));
    if (!known) return;
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    const column = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.parse(uri, true), { selection, viewColumn: column, preview: true });
  }

  private async save(ext: 'md' | 'svg', content: string): Promise<void> {
    const defaultUri = vscode.Uri.joinPath(this.folder.uri, `topology.${ext}`);
    const target = await vscode.window.showSaveDialog({ defaultUri, filters: ext === 'md' ? { Markdown: ['md'] } : { SVG: ['svg'] }, title: 'Save the topology diagram' });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    void vscode.window.setStatusBarMessage(`Multi-Region Review: saved ${path.basename(target.path)}`, 3000);
  }

  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    void this.post({ type: 'error', message });
  }

  private post(message: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(18).toString('base64');
    const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource} 'unsafe-inline'`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'webview.css')}">
<title>Topology</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Topology">
  <button id="copy" title="Copy the diagram as Mermaid text">Copy Mermaid</button>
  <button id="save-md" title="Save the diagram as a Markdown file">Save .md</button>
  <button id="save-svg" title="Save the drawn diagram as an SVG file">Save .svg</button>
  <span class="sep"></span>
  <details id="collapse-menu" class="menu"><summary>Collapse</summary><div class="menu-body" id="collapse-list"></div></details>
  <details id="kind-menu" class="menu"><summary>Kinds</summary><div class="menu-body" id="kind-list"></div></details>
  <span class="sep"></span>
  <button id="zoom-out" title="Zoom out" aria-label="Zoom out">−</button>
  <button id="zoom-reset" title="Actual size">100%</button>
  <button id="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
  <button id="zoom-fit" title="Fit to the panel">Fit</button>
  <span class="sep"></span>
  <button id="toggle-summary" aria-pressed="false" aria-controls="summary" title="The disaster-recovery tier, RPO, RTO and cost that this design implements">DR summary</button>
  <span id="status" role="status" aria-live="polite"></span>
</div>
<div id="main">
  <div id="viewport"><div id="diagram"></div></div>
  <aside id="summary" aria-label="DR summary" hidden></aside>
</div>
<div id="offscreen" aria-hidden="true"></div>
<script nonce="${nonce}" src="${asset('dist', 'mermaid.min.js')}"></script>
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
  }
}

function sameFolder(a: string, b: vscode.Uri): boolean {
  return a === b.toString() || vscode.Uri.parse(a).fsPath === b.fsPath;
}
