// The topology request: draws a folder's latest analysis as a Mermaid flowchart, with the source
// location of every node so that a click in the webview can open it. After each analysis of a folder
// whose topology was asked for, a debounced `topologyChanged` tells the client to ask again.
import * as path from 'node:path';
import { type CancellationToken, type Connection, Disposable } from 'vscode-languageserver';
import { collapsedNodeId, topologyToMermaid } from '../engine/mermaid';
import type { Finding } from '../engine/rule';
import { buildTopology, NODE_KINDS, type Topology, type TopologyNode } from '../engine/topology';
import { drSummary } from '../engine/drTier';
import { liveFindings } from '../live';
import type { LiveState } from '../live/types';
import { TopologyChangedNotification, type TopologyGroupInfo, type TopologyLive, type TopologyNodeInfo, type TopologyParams, TopologyRequest, type TopologyResult, type TopologySummary } from '../protocol';
import { DiagnosticsPublisher } from './diagnostics';
import type { Folder } from './folder';
import { type FolderRegistry, uriToPath } from './folders';
import { guard, type Log } from './log';
import type { SettingsStore } from './settings';

/** Edits arrive already debounced per document; this only merges the runs of one scan or burst. */
export const TOPOLOGY_DEBOUNCE_MS = 30;

export interface TopologyDeps {
  registry: FolderRegistry;
  settings: SettingsStore;
  log: Log;
}

/** Serves `multiRegionReview/topology` and sends `multiRegionReview/topologyChanged`. */
export class TopologyFeature implements Disposable {
  /** Folders whose topology a client asked for: only these are announced after a run. */
  private readonly watched = new Set<Folder>();
  private readonly timers = new Map<Folder, NodeJS.Timeout>();
  /** The findings of each folder's latest run, and what is drawn from the same facts (built on demand). */
  private readonly latest = new Map<Folder, { findings: Finding[]; view?: { topology: Topology; summary: TopologySummary; live?: TopologyLive } }>();
  private readonly handler: Disposable;

  constructor(
    private readonly connection: Connection,
    private readonly deps: TopologyDeps,
  ) {
    this.handler = connection.onRequest(TopologyRequest.type, (params, token) => this.draw(params, token));
  }

  /** A run of the folder's rules finished with these findings. */
  analysed(folder: Folder, findings: Finding[]): void {
    this.latest.set(folder, { findings });
    if (this.watched.has(folder)) this.announce(folder);
  }

  /** The folder was disabled or left the workspace: its diagram is empty now. */
  forget(folder: Folder): void {
    this.latest.delete(folder);
    if (this.watched.has(folder)) this.announce(folder);
  }

  dispose(): void {
    this.handler.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.watched.clear();
  }

  private announce(folder: Folder): void {
    clearTimeout(this.timers.get(folder));
    const send = guard(this.deps.log, 'topology change', () => {
      this.timers.delete(folder);
      return this.connection.sendNotification(TopologyChangedNotification.type, { folderUri: folder.uri });
    });
    this.timers.set(folder, setTimeout(send, TOPOLOGY_DEBOUNCE_MS));
  }

  private async draw(params: TopologyParams, token: CancellationToken): Promise<TopologyResult> {
    const folder = this.folderOf(params.folderUri);
    if (!folder) return emptyResult(params.folderUri ?? '');
    this.watched.add(folder);
    for (;;) {
      const latest = this.latest.get(folder);
      if (!latest || token.isCancellationRequested) return emptyResult(folder.uri, folder);
      const uriOf = (file: string) => folder.uriOf(file);
      if (latest.view) {
        const { topology, summary, live } = latest.view;
        return { ...drawTopology(topology, params, uriOf, live), summary, folderUri: folder.uri, folderName: folderName(folder), analysed: true, ...(live ? { live } : {}) };
      }
      const config = folder.config(await this.deps.settings.get(folder.uri));
      // Linking without rules, from the facts that gave `findings`, so nodes and findings agree. A run
      // that finished while the settings were fetched brought newer findings: draw those instead.
      if (this.latest.get(folder) !== latest) continue;
      const { model } = folder.analyzer.run(config, { rules: [] });
      const dr = drSummary(model, config, latest.findings, new Date());
      const topology = buildTopology(model, latest.findings);
      const snapshot = folder.liveSnapshot;
      const live = snapshot ? { checkedAt: snapshot.fetchedAt, states: nodeStates(topology, liveFindings(model, config, snapshot).states) } : undefined;
      latest.view = { topology, summary: { dr, uris: Object.fromEntries(filesNamed(dr).map((f) => [f, uriOf(f)])) }, ...(live ? { live } : {}) };
    }
  }

  private folderOf(uri: string | undefined): Folder | undefined {
    const all = this.deps.registry.all();
    if (!uri) return all.find((f) => f.scanned) ?? all[0];
    const root = uriToPath(uri);
    return all.find((f) => f.uri === uri || f.root === root);
  }
}

/**
 * The diagnostics publisher sees the findings of every analysis run; this one also hands them to the
 * topology feature, so that the runner needs no second listener.
 */
export class TopologyAwarePublisher extends DiagnosticsPublisher {
  constructor(
    connection: Connection,
    private readonly topology: TopologyFeature,
  ) {
    super(connection);
  }

  override publish(folder: Folder, findings: Finding[], keep?: ReadonlySet<string>): Promise<void> {
    const written = super.publish(folder, findings, keep);
    this.topology.analysed(folder, findings);
    return written;
  }

  override clear(folder: Folder): void {
    super.clear(folder);
    this.topology.forget(folder);
  }
}

type Drawing = Pick<TopologyResult, 'mermaid' | 'nodes' | 'groups' | 'kinds' | 'omitted'>;

/** Past this many boxes Mermaid takes seconds to lay out; the rest is summed up in one "more" node. */
export const MAX_NODES = 400;

/** The topology as Mermaid text plus the drawn nodes' source locations, with the panel's filter applied. */
export function drawTopology(t: Topology, params: TopologyParams, uriOf: (file: string) => string, live?: TopologyLive): Drawing {
  const collapsed = new Set(params.collapsedGroups ?? []);
  const hidden = new Set(params.hiddenKinds ?? []);
  const mermaid = topologyToMermaid(t, { direction: params.direction, collapsedGroups: [...collapsed], hiddenKinds: [...hidden], maxNodes: MAX_NODES, liveStates: live?.states });
  const shown = t.nodes.filter((n) => !hidden.has(n.kind));
  const nodes: TopologyNodeInfo[] = [];
  const folded = new Map<string, { expands: string; title: string; first: TopologyNode; count: number }>();
  for (const n of shown) {
    const expands = collapsed.has(n.group) ? n.group : collapsed.has(n.stack) ? n.stack : undefined;
    if (!expands) {
      const state = live?.states[n.id];
      nodes.push({ id: n.id, uri: uriOf(n.file), range: n.range, label: state ? `${nodeLabel(n)}\nlive Route 53: ${LIVE_WORDS[state]}` : nodeLabel(n), kind: n.kind });
      continue;
    }
    const id = expands === n.group ? collapsedNodeId(n.group) : collapsedNodeId(n.group, n.stack);
    const box = folded.get(id) ?? { expands, title: titleOf(t, expands), first: n, count: 0 };
    box.count++;
    folded.set(id, box);
  }
  for (const [id, b] of folded) nodes.push({ id, uri: uriOf(b.first.file), range: b.first.range, label: `${b.title}: ${b.count} resource${b.count === 1 ? '' : 's'} (collapsed; click to expand)`, kind: 'collapsed', expands: b.expands });
  // A node line is an id followed at once by its shape's opening bracket; `maxNodes` may have left some out.
  const drawn = new Set([...mermaid.matchAll(/^ {2,4}(\w+)[[({>/\\]/gm)].map((m) => m[1]));
  return { mermaid, nodes: nodes.filter((n) => drawn.has(n.id)), groups: collapsibles(t), kinds: NODE_KINDS.filter((k) => t.nodes.some((n) => n.kind === k)), omitted: nodes.filter((n) => !drawn.has(n.id)).length };
}

const LIVE_WORDS: Record<LiveState, string> = { 'in-sync': 'in sync', drift: 'drifted from the code', 'missing-live': 'missing in the account', unhealthy: 'health check failing' };
const LIVE_RANK: Record<LiveState, number> = { unhealthy: 0, 'missing-live': 1, drift: 2, 'in-sync': 3 };

/** A node's live state: the worst state among the records it stands for. */
function nodeStates(t: Topology, byResource: Map<string, LiveState>): Record<string, LiveState> {
  const out: Record<string, LiveState> = {};
  for (const n of t.nodes) {
    if (n.replicaOf) continue;
    const states = n.resourceIds.map((id) => byResource.get(id)).filter((s): s is LiveState => !!s);
    if (states.length) out[n.id] = states.sort((a, b) => LIVE_RANK[a] - LIVE_RANK[b])[0];
  }
  return out;
}

/** Name and type, and the most severe finding when there is one. */
function nodeLabel(n: TopologyNode): string {
  const f = n.topFinding;
  return f ? `${n.label}\n${f.severity} (${f.ruleId}): ${f.message}` : n.label;
}

function titleOf(t: Topology, id: string): string {
  return t.groups.find((g) => g.id === id)?.title ?? t.stacks.find((s) => s.id === id)?.title ?? id;
}

/** Groups, then stacks, with the number of nodes in each. */
function collapsibles(t: Topology): TopologyGroupInfo[] {
  const size = (pick: (n: TopologyNode) => string, id: string) => t.nodes.filter((n) => pick(n) === id).length;
  return [
    ...t.groups.map((g) => ({ id: g.id, title: g.title, kind: g.kind, size: size((n) => n.group, g.id) })),
    ...t.stacks.map((s) => ({ id: s.id, title: s.title, kind: 'stack' as const, size: size((n) => n.stack, s.id) })),
  ].filter((g) => g.size > 0);
}

/** Every `file` that a value names, at any depth (the summary's evidence, estimate parts, missing items). */
function filesNamed(value: unknown, out = new Set<string>()): string[] {
  if (Array.isArray(value)) for (const v of value) filesNamed(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'file' && typeof v === 'string') out.add(v);
      else filesNamed(v, out);
    }
  }
  return [...out];
}

/** Nothing to draw yet: the folder is unknown, or its first analysis has not finished. */
function emptyResult(folderUri: string, folder?: Folder): TopologyResult {
  return { folderUri, folderName: folder ? folderName(folder) : '', analysed: false, mermaid: 'flowchart LR\n', nodes: [], groups: [], kinds: [], omitted: 0 };
}

function folderName(folder: Folder): string {
  return path.basename(folder.root);
}
