// Quick fixes for unconditional-global-write: make a put, update or delete of a global table's
// item conditional, so that a concurrent write from another region fails with
// ConditionalCheckFailedException instead of being overwritten by last writer wins.
//   Update / Delete: optimistic locking on a `version` attribute.
//   Put: "create only" (attribute_not_exists on the partition key) or "replace only if the version
//   matches" (the same locking, writing version + 1 in the Item).
// The fixes read the finding's range and data and re-parse only the finding's file. They need a
// decision (which version the writer expects, create or replace), so none is marked safe.
import type { Fix, FixContext } from '../fix';
import { defineFix } from '../fix';
import { createOnlyEdits, firstItemAttribute, type Planned, versionedEdits } from './conditional-write-edits';
import { locateWrite, parseWithParents, type WriteSite } from './conditional-write-locate';

const ACTIONS: Record<string, 'Put' | 'Update' | 'Delete'> = { PutItem: 'Put', UpdateItem: 'Update', DeleteItem: 'Delete', Put: 'Put', Update: 'Update', Delete: 'Delete' };

export default defineFix({
  ruleId: 'unconditional-global-write',
  provide(ctx) {
    const site = siteOf(ctx);
    const data = ctx.finding.data ?? {};
    const action = ACTIONS[String(data.action ?? data.operation)];
    if (!site || !action) return [];
    if (action === 'Update') return fixes(ctx, [[versionedEdits(site, 'update'), 'Update only if the item\'s version is unchanged (optimistic locking)', true]]);
    if (action === 'Delete') return fixes(ctx, [[versionedEdits(site, 'delete'), 'Delete only if the item\'s version is unchanged (optimistic locking)', true]]);
    return fixes(ctx, [createOnly(site, data.partitionKey), [versionedEdits(site, 'put'), 'Replace only if the item\'s version is unchanged (optimistic locking)', false]]);
  },
});

export type Candidate = [Planned | undefined, string, boolean];

/** The write a finding is about, in a fresh parse of its file. */
export function siteOf(ctx: FixContext): WriteSite | undefined {
  const text = ctx.text(ctx.finding.file);
  // Python writes have their own provider (conditional-write-python.ts).
  if (text === undefined || /\.py$/i.test(ctx.finding.file)) return undefined;
  const sdk = ctx.finding.data?.sdk;
  return locateWrite(parseWithParents(ctx.finding.file, text), ctx.finding.range.start, typeof sdk === 'string' ? sdk : undefined);
}

/** Fixes from planned edits; the title says where the expected version comes from when it is new. */
export function fixes(ctx: FixContext, candidates: Candidate[]): Fix[] {
  const out: Fix[] = [];
  for (const [planned, title, preferred] of candidates) {
    if (!planned) continue;
    const how = planned.version?.how;
    const note = how === 'parameter' ? ' (adds an expectedVersion parameter)' : how === 'todo' ? ' (expectedVersion to fill in)' : '';
    out.push({ title: title + note, changes: [{ file: ctx.finding.file, edits: planned.edits }], safe: false, ...(preferred ? { preferred } : {}) });
  }
  return out;
}

function createOnly(site: WriteSite, partitionKey: unknown): Candidate {
  const known = typeof partitionKey === 'string' ? partitionKey : undefined;
  const key = known ?? firstItemAttribute(site);
  if (!key) return [undefined, '', false];
  const assumed = known ? '' : ` (${key} taken for the partition key: check the table's key schema)`;
  return [createOnlyEdits(site, key), `Create only: fail if an item with this ${key} exists${assumed}`, false];
}
