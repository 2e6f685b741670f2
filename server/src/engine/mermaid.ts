// The workspace model as a Mermaid flowchart: one subgraph per placement (a region, a set of
// deployment regions, or "region not known"), one node per resource, one labelled arrow per edge.
// Node ids are generated, never taken from the templates, and every piece of template text is
// escaped into Mermaid entity codes inside a quoted label, so quotes, brackets, `<`, `&`, newlines
// and words such as `end` or `subgraph` are drawn as text and can never change the diagram.
import { type Edge, type EdgeKind, type Resource, type WorkspaceModel } from './model';

export type MermaidModel = Pick<WorkspaceModel, 'regions' | 'resources' | 'edges'>;

export interface MermaidOptions {
  direction?: 'LR' | 'TB';
  /** Draw at most this many resources; those on an edge are kept first. */
  maxNodes?: number;
}

export function toMermaid(model: MermaidModel, options: MermaidOptions = {}): string {
  const shown = pickResources(model, options.maxNodes ?? Number.POSITIVE_INFINITY);
  const nodeIds = new Map(shown.map((r, i) => [r.id, `n${i}`]));
  const groups = placementGroups(model, shown);
  const lines = [`flowchart ${options.direction ?? 'LR'}`];
  let regionNodes = 0;
  groups.forEach((g, i) => {
    lines.push(`  subgraph g${i}["${escapeLabel(g.title)}"]`);
    for (const r of g.resources) lines.push(`    ${nodeIds.get(r.id)}["${resourceLabel(r)}"]`);
    if (g.regionTarget) {
      const id = `r${regionNodes++}`;
      nodeIds.set(regionTarget(g.regionTarget), id);
      lines.push(`    ${id}(["${escapeLabel(g.regionTarget)}"])`);
    }
    lines.push('  end');
  });
  const hidden = model.resources.length - shown.length;
  if (hidden > 0) lines.push(`  more["${escapeLabel(`… ${hidden} more resource${hidden === 1 ? '' : 's'} not shown`)}"]`);
  for (const e of model.edges) {
    const from = nodeIds.get(e.from);
    const to = nodeIds.get(e.to);
    if (from && to) lines.push(`  ${from} ${ARROW[e.kind] ?? '-->'}|"${escapeLabel(edgeLabel(e))}"| ${to}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Text made safe for a double-quoted Mermaid label: line breaks become spaces, and every character
 * other than letters, digits, space and `.,:/_-` becomes an entity code such as `#60;`, which
 * Mermaid draws as the character itself.
 */
export function escapeLabel(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')) out += /^[A-Za-z0-9 .,:/_-]$/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

const ARROW: Record<EdgeKind, string> = { 'routes-to': '-->', 'replicates-to': '-.->', 'health-checked-by': '--o', writes: '==>' };

const regionTarget = (region: string) => `region:${region}`;

interface Group {
  title: string;
  resources: Resource[];
  /** A region that an edge points at (e.g. a replica) and that gets a node of its own. */
  regionTarget?: string;
}

/** Known regions first (in the model's order), then sets of deployment regions, then unknown. */
function placementGroups(model: MermaidModel, shown: Resource[]): Group[] {
  const groups = new Map<string, Group>();
  const group = (key: string, title: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { title, resources: [] }));
    return g;
  };
  for (const region of model.regions) group(`known:${region}`, region);
  for (const r of shown) {
    if (r.region.kind === 'known') group(`known:${r.region.region}`, r.region.region).resources.push(r);
    else if (r.region.kind === 'per-deployment') group(`deploy:${r.region.regions.join(',')}`, `each of ${r.region.regions.join(', ')}`).resources.push(r);
    else group('unknown', 'region not known').resources.push(r);
  }
  const shownIds = new Set(shown.map((r) => r.id));
  for (const e of model.edges) {
    if (shownIds.has(e.from) && e.to.startsWith('region:')) {
      const region = e.to.slice('region:'.length);
      group(`known:${region}`, region).regionTarget = region;
    }
  }
  return [...groups.values()].filter((g) => g.resources.length || g.regionTarget);
}

function pickResources(model: MermaidModel, max: number): Resource[] {
  if (model.resources.length <= max) return model.resources;
  const linked = new Set(model.edges.flatMap((e) => [e.from, e.to]));
  const ordered = [...model.resources.filter((r) => linked.has(r.id)), ...model.resources.filter((r) => !linked.has(r.id))];
  return ordered.slice(0, Math.max(0, max));
}

/** Logical id, type, and a Name property when there is one (record names, for instance). */
function resourceLabel(r: Resource): string {
  const name = typeof r.properties.Name === 'string' ? r.properties.Name : undefined;
  return [r.logicalId, r.type, ...(name ? [name] : [])].map(escapeLabel).join('<br/>');
}

function edgeLabel(e: Edge): string {
  return e.label ? `${e.kind}: ${e.label}` : e.kind;
}
