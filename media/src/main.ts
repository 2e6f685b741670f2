// The topology webview. It gets the diagram from the extension by a typed postMessage, renders it with
// Mermaid offscreen and swaps it in while keeping scroll and zoom, and posts typed messages back:
// `reveal` when a node is clicked, the toolbar's copy/save requests, and filter changes. Every piece
// of text from the workspace reaches the page through textContent or setAttribute, never as markup.
import type { FromWebview, ToWebview, TopologyFilter, TopologyNodeInfo, TopologyResult } from '../../server/src/protocol';
import { currentTheme, decorate, naturalSize, renderSvg } from './render';
import { renderSummary } from './summary';
import { closeMenusOnOutsideClick, type Menus, renderMenus } from './toolbar';
import { type View, Zoom } from './zoom';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const viewport = byId('viewport');
const diagram = byId('diagram');
const offscreen = byId('offscreen');
const status = byId('status');
const menus: Menus = { collapse: byId('collapse-list'), kinds: byId('kind-list') };
const summary = byId('summary');
const summaryButton = byId('toggle-summary');

/** What is drawn now, and what the next render must draw. */
let nodes = new Map<string, TopologyNodeInfo>();
let drawnKey = '';
let pending: { topology: TopologyResult; filter: TopologyFilter } | undefined;
let latest: { topology: TopologyResult; filter: TopologyFilter } | undefined;
let rendering = false;
let renderCount = 0;

/** What survives the webview being hidden and shown again (the extension keeps the filter). */
const state = restoreState();
const zoom = new Zoom(viewport, diagram, byId('zoom-reset'), state.view, (view) => saveState({ view }));
showSummary(state.summaryOpen);

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message?.type === 'topology') {
    pending = { topology: message.topology, filter: message.filter };
    void drain();
  } else if (message?.type === 'error') {
    showStatus(message.message, true);
  }
});

// A click (or Enter) on a resource node opens its source.
diagram.addEventListener('click', (event) => reveal(event.target));
diagram.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    reveal(event.target);
  }
});

byId('copy').addEventListener('click', () => vscode.postMessage({ type: 'copyMermaid' }));
byId('save-md').addEventListener('click', () => vscode.postMessage({ type: 'saveMarkdown' }));
byId('save-svg').addEventListener('click', () => {
  const svg = diagram.querySelector('svg');
  if (svg) vscode.postMessage({ type: 'saveSvg', svg: new XMLSerializer().serializeToString(svg) });
});
byId('zoom-in').addEventListener('click', () => zoom.by(1.25));
byId('zoom-out').addEventListener('click', () => zoom.by(0.8));
byId('zoom-reset').addEventListener('click', () => zoom.set(1));
byId('zoom-fit').addEventListener('click', () => zoom.fit());
summaryButton.addEventListener('click', () => showSummary(summary.hidden));
closeMenusOnOutsideClick();

// VS Code changes the body class when the colour theme changes: draw again in the new theme.
new MutationObserver(() => {
  if (latest && !pending) {
    pending = latest;
    void drain();
  }
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.postMessage({ type: 'ready' });

/** Renders the newest diagram; updates that arrive meanwhile collapse into one more render. */
async function drain(): Promise<void> {
  if (rendering) return;
  rendering = true;
  try {
    while (pending) {
      const next = pending;
      pending = undefined;
      await draw(next.topology, next.filter);
      latest = next;
    }
  } finally {
    rendering = false;
  }
}

async function draw(topology: TopologyResult, filter: TopologyFilter): Promise<void> {
  // Ranges move with every edit even when the picture does not; clicks read this map.
  nodes = new Map(topology.nodes.map((n) => [n.id, n]));
  renderMenus(menus, topology, filter, (f) => vscode.postMessage({ type: 'setFilter', filter: f }));
  renderSummary(summary, topology, (uri, range) => vscode.postMessage({ type: 'reveal', uri, range }));
  const theme = currentTheme();
  const key = `${theme}\n${topology.mermaid}`;
  if (key !== drawnKey) {
    try {
      const svg = await renderSvg(topology.mermaid, theme, offscreen);
      decorate(svg, nodes);
      zoom.swap(svg, naturalSize(svg));
      drawnKey = key;
      diagram.dataset.render = String(++renderCount);
    } catch (err) {
      return showStatus(`Could not draw the diagram: ${err instanceof Error ? err.message : String(err)}`, true);
    }
  }
  showStatus(summaryText(topology, filter), false);
}

/** A resource opens its source; a collapsed group or stack opens up again. */
function reveal(target: EventTarget | null): void {
  const el = target instanceof Element ? target.closest('[data-node]') : null;
  const node = el ? nodes.get(el.getAttribute('data-node') ?? '') : undefined;
  if (!node) return;
  const filter = latest?.filter;
  if (node.expands && filter) vscode.postMessage({ type: 'setFilter', filter: { ...filter, collapsedGroups: filter.collapsedGroups.filter((id) => id !== node.expands) } });
  else vscode.postMessage({ type: 'reveal', uri: node.uri, range: node.range });
}

function summaryText(t: TopologyResult, filter: TopologyFilter): string {
  if (!t.analysed) return 'Analysing the workspace…';
  if (t.nodes.length === 0 && t.kinds.length === 0) return 'No resources found in this folder.';
  const regions = t.groups.filter((g) => g.kind === 'region').length;
  const drawn = t.nodes.filter((n) => !n.expands).length;
  const parts = [`${drawn} node${drawn === 1 ? '' : 's'}`, `${regions} region${regions === 1 ? '' : 's'}`];
  if (t.omitted) parts.push(`${t.omitted} not drawn`);
  if (filter.hiddenKinds.length) parts.push(`${filter.hiddenKinds.length} kind${filter.hiddenKinds.length === 1 ? '' : 's'} hidden`);
  if (filter.collapsedGroups.length) parts.push(`${filter.collapsedGroups.length} collapsed`);
  if (t.live) parts.push(liveText(t.live));
  return parts.join(' · ');
}

/** "Live Route 53 at 07:12: 1 failing, 2 drifted, 3 in sync": the legend of the node outlines. */
function liveText(live: NonNullable<TopologyResult['live']>): string {
  const n = { unhealthy: 0, drift: 0, 'missing-live': 0, 'in-sync': 0 };
  for (const state of Object.values(live.states)) n[state]++;
  const at = new Date(live.checkedAt);
  const time = Number.isNaN(at.getTime()) ? '' : ` at ${at.toTimeString().slice(0, 5)}`;
  const parts = [n.unhealthy && `${n.unhealthy} failing`, n.drift && `${n.drift} drifted`, n['missing-live'] && `${n['missing-live']} missing live`, n['in-sync'] && `${n['in-sync']} in sync`].filter(Boolean);
  return `Live Route 53${time}: ${parts.join(', ') || 'no records compared'}`;
}

function showStatus(text: string, error: boolean): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function showSummary(open: boolean): void {
  summary.hidden = !open;
  summaryButton.setAttribute('aria-pressed', String(open));
  saveState({ summaryOpen: open });
}

interface State {
  view?: View;
  summaryOpen: boolean;
}

function restoreState(): State {
  const s = (vscode.getState() ?? {}) as { view?: Partial<View>; summaryOpen?: unknown };
  const v = s.view;
  const view = v && typeof v.scale === 'number' && typeof v.left === 'number' && typeof v.top === 'number' ? { scale: v.scale, left: v.left, top: v.top } : undefined;
  return { view, summaryOpen: s.summaryOpen === true };
}

function saveState(change: Partial<State>): void {
  Object.assign(state, change);
  vscode.setState(state);
}

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
}
