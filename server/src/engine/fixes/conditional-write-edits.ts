// The edits of the conditional-write fixes on a write's parameter object: a condition (merged
// with an existing one by AND), the version action in the UpdateExpression or the Item, and the
// placeholders in ExpressionAttributeNames / ExpressionAttributeValues, named so that they clash
// with none the code already uses. DynamoDB rejects unused placeholders, so only used ones are added.
import type * as TS from 'typescript';
import type { TextEdit } from '../fix';
import { propName, tsApi, unwrap } from '../sources/cdk/tsapi';
import { spreadKeys, type WriteSite } from './conditional-write-locate';
import {
  addProperties, addSetAction, andCondition, freePlaceholder, keyText, placeholdersIn, property, propertyNames,
  quote, quoteOf, replaceNode, replaceString, stringNode, writesAttribute,
} from './conditional-write-text';
import { expectedVersion, VERSION_ATTRIBUTE, type VersionSource } from './conditional-write-version';

export type VersionedKind = 'update' | 'put' | 'delete';

export interface Planned {
  edits: TextEdit[];
  version?: VersionSource;
}

/** Optimistic locking: the write succeeds only if the stored version is the expected one (or the item has none yet). */
export function versionedEdits(site: WriteSite, kind: VersionedKind): Planned | undefined {
  const needed = ['ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues', ...(kind === 'update' ? ['UpdateExpression'] : kind === 'put' ? ['Item'] : [])];
  const e = ParamsEditor.open(site, needed);
  // A put whose Item already writes `version: v + 1` expects `v`.
  const written = kind === 'put' ? writtenVersion(site) : undefined;
  const version = !e || written === null ? undefined : written ? { expr: written, edits: [], how: 'in-scope' as const } : expectedVersion(site.sf, site.params);
  if (!e || !version) return undefined;
  const v = e.name(VERSION_ATTRIBUTE);
  const expected = e.value([':expectedVersion', ':mrrExpected'], e.attributeValue(version.expr));
  if (!e.condition(`attribute_not_exists(${v}) OR ${v} = ${expected}`)) return undefined;
  const next = e.attributeValue(`${version.expr} + 1`);
  if (kind === 'update' && !e.setVersion(v, next)) return undefined;
  if (kind === 'put' && !written && !e.itemVersion(next)) return undefined;
  return { edits: [...version.edits, ...e.finish()], version };
}

/** Create only: the put fails when an item with this partition key exists. */
export function createOnlyEdits(site: WriteSite, partitionKey: string): Planned | undefined {
  const e = ParamsEditor.open(site, ['ConditionExpression', 'ExpressionAttributeNames']);
  if (!e || !e.condition(`attribute_not_exists(${e.name(partitionKey)})`)) return undefined;
  return { edits: e.finish() };
}

/** The first attribute of a put's literal Item: a guess at the key when the table's schema is unknown. */
export function firstItemAttribute(site: WriteSite): string | undefined {
  const item = property(site.params, 'Item');
  const obj = item && unwrap(item.initializer);
  return obj && tsApi().isObjectLiteralExpression(obj) ? propertyNames(obj)[0] : undefined;
}

/**
 * What a put's literal Item writes as its version: the `v` of `version: v + 1` (or, low-level,
 * `{ N: String(v + 1) }`); null when it writes the version some other way; undefined when it does not.
 */
function writtenVersion(site: WriteSite): string | null | undefined {
  const ts = tsApi();
  const item = property(site.params, 'Item');
  const obj = item && unwrap(item.initializer);
  if (!obj || !ts.isObjectLiteralExpression(obj) || !propertyNames(obj).includes(VERSION_ATTRIBUTE)) return undefined;
  let value: TS.Expression | undefined = property(obj, VERSION_ATTRIBUTE)?.initializer;
  if (value && site.lowLevel) {
    const n = unwrap(value);
    const str = ts.isObjectLiteralExpression(n) ? property(n, 'N')?.initializer : undefined;
    const call = str && unwrap(str);
    value = call && ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === 'String' ? call.arguments[0] : undefined;
  }
  const sum = value && unwrap(value);
  if (!sum || !ts.isBinaryExpression(sum) || sum.operatorToken.kind !== ts.SyntaxKind.PlusToken || !ts.isNumericLiteral(sum.right) || sum.right.text !== '1') return null;
  return sum.left.getText(site.sf);
}

type Member = { kind: 'absent' } | { kind: 'prop'; prop: TS.PropertyAssignment; obj?: TS.ObjectLiteralExpression } | { kind: 'other' };

/** Collects the edits of one parameter object; `open` refuses objects it cannot edit safely. */
class ParamsEditor {
  private readonly props: string[] = [];
  private readonly edits: TextEdit[] = [];
  private readonly newNames: string[] = [];
  private readonly newValues: string[] = [];
  private readonly names: Record<string, string> = {};

  private constructor(
    private readonly site: WriteSite,
    private readonly q: string,
    private readonly used: Set<string>,
  ) {
    const names = this.member('ExpressionAttributeNames');
    if (names.kind === 'prop' && names.obj) {
      for (const p of names.obj.properties) {
        const key = tsApi().isPropertyAssignment(p) ? propName(p.name) : undefined;
        const value = tsApi().isPropertyAssignment(p) ? stringNode(p.initializer)?.text : undefined;
        if (key && value) this.names[key] = value;
      }
    }
  }

  /** An editor, unless a key it may touch is not a plain literal property or may come from a spread. */
  static open(site: WriteSite, keys: string[]): ParamsEditor | undefined {
    const spread = spreadKeys(site.params);
    if (!spread) return undefined;
    const probe = new ParamsEditor(site, '', new Set());
    for (const k of keys) {
      const m = probe.member(k);
      if (m.kind === 'other' || (m.kind === 'absent' && spread.has(k))) return undefined;
      if (k.startsWith('ExpressionAttribute') && m.kind === 'prop' && !m.obj) return undefined;
    }
    return new ParamsEditor(site, quoteOf(site.sf, site.params), placeholdersIn(site.sf, site.params));
  }

  /** The `#name` placeholder of an attribute: the code's own when it has one. */
  name(attr: string): string {
    const existing = Object.keys(this.names).find((k) => this.names[k] === attr);
    if (existing) return existing;
    const base = attr.replace(/\W/g, '_');
    const ph = freePlaceholder(this.used, [`#${base}`, `#mrr${base[0].toUpperCase()}${base.slice(1)}`]);
    this.names[ph] = attr;
    this.newNames.push(`${quote(ph, this.q)}: ${quote(attr, this.q)}`);
    return ph;
  }

  value(candidates: string[], code: string): string {
    const ph = freePlaceholder(this.used, candidates);
    this.newValues.push(`${quote(ph, this.q)}: ${code}`);
    return ph;
  }

  /** A number as the SDK flavour writes attribute values. */
  attributeValue(expr: string): string {
    return this.site.lowLevel ? `{ N: String(${expr}) }` : expr;
  }

  /** ANDs `cond` into the ConditionExpression; false when the existing one is not a literal. */
  condition(cond: string): boolean {
    const m = this.member('ConditionExpression');
    if (m.kind === 'absent') {
      this.props.push(`ConditionExpression: ${quote(cond, this.q)}`);
      return true;
    }
    const lit = m.kind === 'prop' ? stringNode(m.prop.initializer) : undefined;
    if (!lit) return false;
    this.edits.push(replaceString(this.site.sf, lit, andCondition(lit.text, cond)));
    return true;
  }

  /** `SET <v> = :nextVersion` in the UpdateExpression, unless it writes the version already. */
  setVersion(v: string, next: string): boolean {
    const m = this.member('UpdateExpression');
    const lit = m.kind === 'prop' ? stringNode(m.prop.initializer) : undefined;
    if (!lit) return false;
    if (writesAttribute(lit.text, this.names, VERSION_ATTRIBUTE)) return true;
    const ph = this.value([':nextVersion', ':mrrNext'], next);
    this.edits.push(replaceString(this.site.sf, lit, addSetAction(lit.text, `${v} = ${ph}`)));
    return true;
  }

  /** `version: <next>` in a put's Item (spread into a new object when the Item is not a literal). */
  itemVersion(next: string): boolean {
    const m = this.member('Item');
    if (m.kind !== 'prop') return false;
    const init = unwrap(m.prop.initializer);
    const field = `${keyText(VERSION_ATTRIBUTE, this.q)}: ${next}`;
    if (!tsApi().isObjectLiteralExpression(init)) this.edits.push(replaceNode(this.site.sf, m.prop.initializer, `{ ...${m.prop.initializer.getText(this.site.sf)}, ${field} }`));
    else if (propertyNames(init).includes(VERSION_ATTRIBUTE) || init.properties.some((p) => tsApi().isSpreadAssignment(p))) return false;
    else this.edits.push(addProperties(this.site.sf, init, [field]));
    return true;
  }

  finish(): TextEdit[] {
    const sf = this.site.sf;
    const add = (key: string, entries: string[]) => {
      if (!entries.length) return;
      const m = this.member(key);
      if (m.kind === 'prop' && m.obj) this.edits.push(addProperties(sf, m.obj, entries));
      else this.props.push(`${key}: { ${entries.join(', ')} }`);
    };
    add('ExpressionAttributeNames', this.newNames);
    add('ExpressionAttributeValues', this.newValues);
    if (this.props.length) this.edits.push(addProperties(sf, this.site.params, this.props));
    return this.edits;
  }

  /** A direct key of the parameters: absent, a `key: value` property (with its literal object), or other. */
  private member(key: string): Member {
    if (!propertyNames(this.site.params).includes(key)) return { kind: 'absent' };
    const prop = property(this.site.params, key);
    if (!prop) return { kind: 'other' };
    const init = unwrap(prop.initializer);
    return { kind: 'prop', prop, obj: tsApi().isObjectLiteralExpression(init) ? init : undefined };
  }
}
