// Mermaid rendering for the topology webview: the theme follows VS Code's body class, the SVG is drawn
// offscreen and returned as a detached element (parsed, never assigned through innerHTML), so the
// caller can swap it in at once without a blank frame.
import type { Mermaid, MermaidConfig } from 'mermaid';
import type { TopologyNodeInfo } from '../../server/src/protocol';

/** Loaded by its own <script> tag from dist/mermaid.min.js (shipped in the extension, never a CDN). */
declare const mermaid: Mermaid;

export type Theme = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

const SVG_NS = 'http://www.w3.org/2000/svg';
let renders = 0;

/** VS Code marks the webview's body with the kind of the current colour theme. */
export function currentTheme(): Theme {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  return c.contains('vscode-dark') ? 'dark' : 'light';
}

/** Draws the Mermaid text inside `offscreen` and returns the SVG, detached and scrubbed. */
export async function renderSvg(text: string, theme: Theme, offscreen: HTMLElement): Promise<SVGSVGElement> {
  mermaid.initialize(mermaidConfig(theme));
  try {
    const { svg } = await mermaid.render(`topology-${++renders}`, text, offscreen);
    return toElement(svg);
  } finally {
    // Mermaid leaves its scratch element (or an error drawing) behind when it fails.
    offscreen.replaceChildren();
  }
}

/** The Mermaid node id of a drawn node (`topology-3-flowchart-n12-5` -> `n12`). */
export function nodeIdOf(el: Element): string | undefined {
  return /-flowchart-(.+)-\d+$/.exec(el.id)?.[1];
}

/** Makes the resource nodes focusable links with a plain-text tooltip; other nodes are left alone. */
export function decorate(svg: SVGSVGElement, nodes: ReadonlyMap<string, TopologyNodeInfo>): void {
  for (const g of svg.querySelectorAll('g.node')) {
    const id = nodeIdOf(g);
    const node = id === undefined ? undefined : nodes.get(id);
    if (!node) continue;
    g.classList.add('resource');
    g.setAttribute('data-node', node.id);
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'link');
    g.setAttribute('aria-label', node.expands ? node.label : `${node.label}: open its source`);
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = node.label;
    g.prepend(title);
  }
}

/** The size Mermaid drew at (from the viewBox), for zooming. */
export function naturalSize(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.viewBox.baseVal;
  if (box && box.width > 0 && box.height > 0) return { width: box.width, height: box.height };
  return { width: Number.parseFloat(svg.getAttribute('width') ?? '') || 800, height: Number.parseFloat(svg.getAttribute('height') ?? '') || 600 };
}

function mermaidConfig(theme: Theme): MermaidConfig {
  const common: MermaidConfig = {
    startOnLoad: false,
    securityLevel: 'strict',
    // Large workspaces: the defaults (50,000 characters, 500 edges) would refuse them.
    maxTextSize: 5_000_000,
    maxEdges: 20_000,
    flowchart: { useMaxWidth: false, htmlLabels: true },
  };
  if (theme === 'dark') return { ...common, theme: 'dark' };
  if (theme === 'light') return { ...common, theme: 'default' };
  return { ...common, theme: 'base', themeVariables: contrastVariables(theme) };
}

/** High contrast: the editor's own background, foreground and contrast border, and no shades between. */
function contrastVariables(theme: Theme): Record<string, string> {
  const style = getComputedStyle(document.body);
  const light = theme === 'high-contrast-light';
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const bg = read('--vscode-editor-background', light ? '#ffffff' : '#000000');
  const fg = read('--vscode-editor-foreground', light ? '#000000' : '#ffffff');
  const border = read('--vscode-contrastBorder', light ? '#0f4a85' : '#6fc3df');
  return {
    background: bg,
    primaryColor: bg,
    primaryTextColor: fg,
    primaryBorderColor: border,
    secondaryColor: bg,
    tertiaryColor: bg,
    lineColor: fg,
    textColor: fg,
    clusterBkg: bg,
    clusterBorder: border,
    edgeLabelBackground: bg,
    titleColor: fg,
    nodeTextColor: fg,
  };
}

/** Parses Mermaid's SVG text in an inert document and removes anything that could run. */
function toElement(svgText: string): SVGSVGElement {
  const doc = new DOMParser().parseFromString(svgText, 'text/html');
  const svg = doc.querySelector('svg');
  if (!svg) throw new Error('Mermaid drew no SVG');
  scrub(svg);
  return document.importNode(svg, true);
}

/**
 * Mermaid's strict mode already sanitises its output; this is a second line behind it and the CSP:
 * no script-like elements, no event-handler attributes, no javascript: links.
 */
function scrub(root: Element): void {
  for (const el of root.querySelectorAll('script, iframe, object, embed, link, meta')) el.remove();
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || (name.endsWith('href') && !attr.value.trim().startsWith('#'))) el.removeAttribute(attr.name);
    }
  }
}
