// The DR summary beside the diagram: the inferred tier and why, RPO and RTO with the weakest link that
// sets each, the cost against one region, the evidence, what the next tier needs, and the declared
// objectives. Built with DOM calls and textContent only; every located item is a button that opens its
// source.
import type { Estimate, EstimatePart, ObjectiveCheck } from '../../server/src/engine/drTier';
import type { Range } from '../../server/src/engine/model';
import type { TopologyResult } from '../../server/src/protocol';

/** Something the summary points at. */
interface Place {
  file?: string;
  range?: Range;
}

export type Reveal = (uri: string, range: Range) => void;

let builtKey = '';

/** Fills `root` with the summary, or a note when there is none; rebuilt only when it changed. */
export function renderSummary(root: HTMLElement, t: TopologyResult, reveal: Reveal): void {
  const key = JSON.stringify(t.summary ?? null);
  if (key === builtKey) return;
  builtKey = key;
  if (!t.summary) return void root.replaceChildren(para(t.analysed ? 'No DR summary for this folder.' : 'Analysing the workspace…'));
  const { dr, uris } = t.summary;
  const link = (text: string, place: Place): HTMLElement => {
    const uri = place.file ? uris[place.file] : undefined;
    if (!uri || !place.range) return span(text);
    const b = el('button', 'link', text);
    const range = place.range;
    b.addEventListener('click', () => reveal(uri, range));
    return b;
  };
  root.replaceChildren(
    el('h2', '', `DR tier: ${dr.tierName}`),
    para(dr.reason),
    ...estimate('RPO', dr.rpo, dr.typical.rpo, dr.objectives.rpo, link),
    ...estimate('RTO', dr.rto, dr.typical.rto, dr.objectives.rto, link),
    el('h3', '', 'Cost'),
    para(`${cap(dr.cost.text)} (this tier is usually ${dr.typical.cost}).`),
    list(dr.cost.basis.map((b) => span(b))),
    ...(dr.objectives.lastFailoverTest ? [el('h3', '', 'Failover test'), para(dr.objectives.lastFailoverTest.text, dr.objectives.lastFailoverTest.overdue ? 'unmet' : 'met')] : []),
    el('h3', '', 'Evidence'),
    list(dr.evidence.map((e) => link(e.message, e))),
    ...(dr.nextTier ? [el('h3', '', `Missing for ${dr.nextTier.tierName}`), list(dr.nextTier.missing.map((m) => link(m.message, m)))] : []),
  );
}

function estimate(name: string, e: Estimate, typical: string, objective: ObjectiveCheck | undefined, link: (text: string, place: Place) => HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [el('h3', '', `${name}: ${e.text}`), para(`${e.method} Usual for this tier: ${typical}.`, 'method')];
  if (e.weakest) out.push(weakest(e.weakest, link));
  if (objective) out.push(para(objective.text, objective.status));
  return out;
}

function weakest(part: EstimatePart, link: (text: string, place: Place) => HTMLElement): HTMLElement {
  const p = el('p', 'weakest', 'Weakest link: ');
  p.append(link(part.explanation, part));
  return p;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  e.textContent = text;
  return e;
}

function para(text: string, className = ''): HTMLElement {
  return el('p', className, text);
}

function span(text: string): HTMLElement {
  return el('span', '', text);
}

function list(items: HTMLElement[]): HTMLElement {
  const ul = document.createElement('ul');
  for (const item of items) {
    const li = document.createElement('li');
    li.append(item);
    ul.append(li);
  }
  return ul;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
