// The toolbar's two menus: which groups (regions, stacks, ...) are drawn collapsed, and which kinds of
// resource are shown. Built with DOM calls and textContent only; group titles come from templates.
import type { TopologyFilter, TopologyResult } from '../../server/src/protocol';

export interface Menus {
  collapse: HTMLElement;
  kinds: HTMLElement;
}

let builtKey = '';

/** Rebuilds the menus when the groups, kinds or filter changed; `onChange` gets the new filter. */
export function renderMenus(menus: Menus, t: TopologyResult, filter: TopologyFilter, onChange: (f: TopologyFilter) => void): void {
  const key = JSON.stringify([t.groups, t.kinds, filter]);
  if (key === builtKey) return;
  builtKey = key;
  menus.collapse.replaceChildren(...collapseItems(t, filter, onChange));
  menus.kinds.replaceChildren(...kindItems(t, filter, onChange));
}

function collapseItems(t: TopologyResult, filter: TopologyFilter, onChange: (f: TopologyFilter) => void): HTMLElement[] {
  const collapsed = new Set(filter.collapsedGroups);
  const set = (ids: string[]) => onChange({ ...filter, collapsedGroups: ids });
  const items: HTMLElement[] = [];
  const actions = document.createElement('div');
  actions.className = 'menu-actions';
  // Collapsing regions and collapsing stacks are the two ways to read a large workspace; one at a time.
  const regions = t.groups.filter((g) => g.kind !== 'stack').map((g) => g.id);
  const stacks = t.groups.filter((g) => g.kind === 'stack').map((g) => g.id);
  if (regions.length) actions.append(button('By region', () => set(regions), 'collapse-regions'));
  if (stacks.length) actions.append(button('By stack', () => set(stacks), 'collapse-stacks'));
  actions.append(button('Expand all', () => set([]), 'expand-all'));
  items.push(actions);
  for (const g of t.groups) {
    items.push(checkbox(`${g.kind === 'stack' ? 'Stack: ' : ''}${g.title} (${g.size})`, collapsed.has(g.id), `collapse-${g.id}`, (on) => set(on ? [...filter.collapsedGroups, g.id] : filter.collapsedGroups.filter((id) => id !== g.id))));
  }
  if (!t.groups.length) items.push(note('Nothing to collapse.'));
  return items;
}

function kindItems(t: TopologyResult, filter: TopologyFilter, onChange: (f: TopologyFilter) => void): HTMLElement[] {
  const hidden = new Set(filter.hiddenKinds);
  const set = (kinds: string[]) => onChange({ ...filter, hiddenKinds: kinds });
  const actions = document.createElement('div');
  actions.className = 'menu-actions';
  actions.append(button('Show all', () => set([]), 'show-all-kinds'));
  const items: HTMLElement[] = [actions];
  for (const kind of t.kinds) {
    items.push(checkbox(kind, !hidden.has(kind), `kind-${kind}`, (on) => set(on ? filter.hiddenKinds.filter((k) => k !== kind) : [...filter.hiddenKinds, kind])));
  }
  if (!t.kinds.length) items.push(note('No resources yet.'));
  return items;
}

function checkbox(text: string, checked: boolean, name: string, onToggle: (checked: boolean) => void): HTMLElement {
  const label = document.createElement('label');
  label.className = 'menu-item';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.checked = checked;
  input.name = name;
  input.addEventListener('change', () => onToggle(input.checked));
  const span = document.createElement('span');
  span.textContent = text;
  label.append(input, span);
  return label;
}

/** A menu action; it closes its menu, since the diagram it changes is underneath. */
function button(text: string, onClick: () => void, id: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.id = id;
  b.textContent = text;
  b.addEventListener('click', () => {
    b.closest('details')?.removeAttribute('open');
    onClick();
  });
  return b;
}

/** Menus close on Escape and on a click outside them; one menu is open at a time. */
export function closeMenusOnOutsideClick(): void {
  const closeAll = (except?: Element) => {
    for (const d of document.querySelectorAll('details.menu[open]')) if (d !== except) d.removeAttribute('open');
  };
  document.addEventListener('click', (e) => closeAll(e.target instanceof Element ? (e.target.closest('details.menu') ?? undefined) : undefined));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeAll();
  });
}

function note(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'menu-note';
  p.textContent = text;
  return p;
}
