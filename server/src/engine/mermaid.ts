// A Topology as a Mermaid flowchart: one subgraph per group (the global services, a region, a set
// of deployment regions, "region not known"), one shaped node per resource, one labelled arrow per
// edge, and classes that mark the nodes with findings.
//
// Safety: node, subgraph and class names are the topology's generated ids (`n3`, `g1`), never
// template text. Every piece of text is escaped into Mermaid entity codes inside a double-quoted
// label, so quotes, brackets, `<`, `&`, `%%`, backticks, newlines and words such as `end`,
// `subgraph` or `click` are drawn as text and can never add structure. No `click` line is ever
// written: the webview maps node ids to sources itself.
import type { WorkspaceModel } from './model';
import type { Finding } from './rule';
import { buildTopology, type FindingCounts, type NodeKind, type Topology, type TopologyEdge, type TopologyEdgeKind, type TopologyNode } from './topology';

export interface MermaidOptions {
  direction?: 'LR' | 'TB';
  /** Group ids (`g1`) or stack ids (`s3`) to draw as one node each. */
  collapsedGroups?: readonly string[];
  /** Draw only nodes of these kinds (every kind when absent). */
  kinds?: readonly string[];
  /** Leave out nodes of these kinds. */
  hiddenKinds?: readonly string[];
  /** Draw at most this many nodes; those on an edge are kept first. */
  maxNodes?: number;
  /** Node id -> state from the last live Route 53 check, drawn as the node's outline. */
  liveStates?: Readonly<Record<string, LiveNodeState>>;
}

export type LiveNodeState = 'in-sync' | 'drift' | 'missing-live' | 'unhealthy';

/** Mermaid class of each live state; the panel's legend explains them. */
export const LIVE_CLASS: Record<LiveNodeState, string> = { 'in-sync': 'liveOk', drift: 'liveDrift', 'missing-live': 'liveMissing', unhealthy: 'liveUnhealthy' };

const LIVE_CLASS_DEFS = [
  '  classDef liveOk stroke:#1f883d,stroke-width:3px',
  '  classDef liveDrift stroke:#bf8803,stroke-width:3px,stroke-dasharray:6 3',
  '  classDef liveMissing stroke:#8b949e,stroke-width:3px,stroke-dasharray:2 3',
  '  classDef liveUnhealthy stroke:#e51400,stroke-width:4px,stroke-dasharray:6 3',
];

export function topologyToMermaid(t: Topology, options: MermaidOptions = {}): string {
  const boxes = drawnBoxes(t, options);
  const edges = drawnEdges(t, options, boxes);
  const lines = [`flowchart ${options.direction ?? 'LR'}`, ...CLASS_DEFS];
  for (const g of t.groups) {
    const inside = boxes.filter((b) => b.group === g.id && !b.isGroup);
    const folded = boxes.find((b) => b.group === g.id && b.isGroup);
    if (folded) lines.push(`  ${nodeLine(folded)}`);
    if (!inside.length) continue;
    lines.push(`  subgraph ${g.id}["${escapeLabel(g.title)}"]`, ...inside.map((b) => `    ${nodeLine(b)}`), '  end');
  }
  const hidden = t.nodes.filter((n) => visible(n, options)).length - boxes.reduce((sum, b) => sum + b.members, 0);
  if (hidden > 0) lines.push(`  more["${escapeLabel(`… ${hidden} more resource${hidden === 1 ? '' : 's'} not shown`)}"]`);
  for (const e of edges) lines.push(`  ${e.from} ${ARROW[e.kind]}|"${escapeLabel(e.label)}"| ${e.to}`);
  for (const cls of ['error', 'warning', 'replica'] as const) {
    const marked = boxes.filter((b) => b.classes.includes(cls)).map((b) => b.id);
    if (marked.length) lines.push(`  class ${marked.join(',')} ${cls}`);
  }
  const live = options.liveStates;
  if (live) {
    lines.splice(1 + CLASS_DEFS.length, 0, ...LIVE_CLASS_DEFS);
    for (const [state, cls] of Object.entries(LIVE_CLASS) as [LiveNodeState, string][]) {
      const marked = boxes.filter((b) => !b.isGroup && live[b.id] === state).map((b) => b.id);
      if (marked.length) lines.push(`  class ${marked.join(',')} ${cls}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The model drawn in one step: `buildTopology` then `topologyToMermaid`. */
export function toMermaid(model: WorkspaceModel, options: MermaidOptions = {}, findings: readonly Finding[] = []): string {
  return topologyToMermaid(buildTopology(model, findings), options);
}

/** The Mermaid id of a collapsed group (`cg1`), or of a collapsed stack inside a group (`cs3g1`). */
export function collapsedNodeId(groupId: string, stackId?: string): string {
  return stackId ? `c${stackId}${groupId}` : `c${groupId}`;
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

const CLASS_DEFS = ['  classDef error stroke:#e51400,stroke-width:3px', '  classDef warning stroke:#bf8803,stroke-width:2px', '  classDef replica stroke-dasharray:5 3'];

const ARROW: Record<TopologyEdgeKind, string> = { 'routes-to': '-->', 'replicates-to': '-.->', 'health-checked-by': '--o', writes: '==>', runs: '-.-' };

/** Opening and closing brackets of each kind's shape. */
const SHAPE: Record<NodeKind | 'collapsed', [string, string]> = {
  dns: ['{{', '}}'],
  healthcheck: ['((', '))'],
  cdn: ['[/', '\\]'],
  accelerator: ['>', ']'],
  loadbalancer: ['[/', '/]'],
  compute: ['[', ']'],
  function: ['(', ')'],
  database: ['[(', ')]'],
  table: ['[(', ')]'],
  bucket: ['[\\', '/]'],
  cache: ['([', '])'],
  secret: ['[[', ']]'],
  key: ['[[', ']]'],
  code: ['[\\', '\\]'],
  other: ['[', ']'],
  collapsed: ['[[', ']]'],
};

/** A drawn node: one topology node, or a collapsed group or stack. */
interface Box {
  id: string;
  group: string;
  /** True for a collapsed group, drawn in place of its subgraph. */
  isGroup: boolean;
  shape: NodeKind | 'collapsed';
  lines: string[];
  classes: ('error' | 'warning' | 'replica')[];
  /** How many topology nodes it stands for. */
  members: number;
  linked: boolean;
}

function visible(n: TopologyNode, o: MermaidOptions): boolean {
  return (!o.kinds || o.kinds.includes(n.kind)) && !o.hiddenKinds?.includes(n.kind);
}

/** The box a node is drawn in: itself, its collapsed stack, or its collapsed group. */
function boxIdOf(n: TopologyNode, collapsed: ReadonlySet<string>): string {
  if (collapsed.has(n.group)) return collapsedNodeId(n.group);
  return collapsed.has(n.stack) ? collapsedNodeId(n.group, n.stack) : n.id;
}

function drawnBoxes(t: Topology, o: MermaidOptions): Box[] {
  const collapsed = new Set(o.collapsedGroups ?? []);
  const members = new Map<string, TopologyNode[]>();
  for (const n of t.nodes.filter((x) => visible(x, o))) {
    const id = boxIdOf(n, collapsed);
    members.set(id, [...(members.get(id) ?? []), n]);
  }
  const linked = new Set(t.edges.flatMap((e) => [e.from, e.to]));
  const boxes = [...members].map(([id, ns]) => toBox(t, id, ns, linked));
  const max = o.maxNodes ?? Number.POSITIVE_INFINITY;
  if (boxes.length <= max) return boxes;
  const keep = new Set([...boxes.filter((b) => b.linked), ...boxes.filter((b) => !b.linked)].slice(0, Math.max(0, max)));
  return boxes.filter((b) => keep.has(b));
}

function toBox(t: Topology, id: string, ns: TopologyNode[], linked: ReadonlySet<string>): Box {
  const counts: FindingCounts = { error: 0, warning: 0, info: 0 };
  for (const n of ns) for (const s of ['error', 'warning', 'info'] as const) counts[s] += n.findings[s];
  const first = ns[0];
  const classes: Box['classes'] = counts.error ? ['error'] : counts.warning ? ['warning'] : [];
  const isGroup = id === collapsedNodeId(first.group);
  if (id === first.id) {
    if (first.replicaOf) classes.push('replica');
    return { id, group: first.group, isGroup: false, shape: first.kind, lines: [first.name, first.shortType, ...(first.detail !== undefined ? [first.detail] : []), ...findingLine(counts)], classes, members: 1, linked: linked.has(first.id) || linked.has(first.group) };
  }
  const title = isGroup ? (t.groups.find((g) => g.id === first.group)?.title ?? first.group) : (t.stacks.find((s) => s.id === first.stack)?.title ?? first.stack);
  const any = ns.some((n) => linked.has(n.id)) || linked.has(first.group);
  return { id, group: first.group, isGroup, shape: 'collapsed', lines: [title, `${ns.length} resource${ns.length === 1 ? '' : 's'} (collapsed)`, ...findingLine(counts)], classes, members: ns.length, linked: any };
}

function findingLine(c: FindingCounts): string[] {
  const parts = (['error', 'warning', 'info'] as const).filter((s) => c[s]).map((s) => `${c[s]} ${s}${c[s] === 1 ? '' : 's'}`);
  return parts.length ? [parts.join(', ')] : [];
}

function nodeLine(b: Box): string {
  const [open, close] = SHAPE[b.shape];
  return `${b.id}${open}"${b.lines.map(escapeLabel).join('<br/>')}"${close}`;
}

interface DrawnEdge {
  kind: TopologyEdgeKind;
  from: string;
  to: string;
  label: string;
}

/** Edges between drawn boxes, merged when collapsing folds several onto the same pair. */
function drawnEdges(t: Topology, o: MermaidOptions, boxes: readonly Box[]): DrawnEdge[] {
  const collapsed = new Set(o.collapsedGroups ?? []);
  const drawn = new Set(boxes.map((b) => b.id));
  const subgraphs = new Set(boxes.filter((b) => !b.isGroup).map((b) => b.group));
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  const endOf = (id: string, toGroup: boolean): string | undefined => {
    if (toGroup) return collapsed.has(id) ? collapsedNodeId(id) : subgraphs.has(id) ? id : undefined;
    const n = byId.get(id);
    return n && visible(n, o) ? boxIdOf(n, collapsed) : undefined;
  };
  const merged = new Map<string, DrawnEdge & { count: number }>();
  for (const e of t.edges) {
    const from = endOf(e.from, false);
    const to = endOf(e.to, !!e.toGroup);
    if (!from || !to || from === to || !drawn.has(from) || !(drawn.has(to) || subgraphs.has(to))) continue;
    const key = `${e.kind} ${from} ${to}`;
    const prev = merged.get(key);
    if (!prev) merged.set(key, { kind: e.kind, from, to, label: e.label, count: 1 });
    else if (++prev.count <= 3 && !prev.label.includes(e.label)) prev.label = `${prev.label}, ${e.label}`;
  }
  return [...merged.values()].map(({ count, ...e }) => (count > 3 ? { ...e, label: `${e.label} (${count} edges)` } : e));
}
