// TypeScript and JavaScript opened for editing: the node a finding points at, the construct
// (`new X(scope, 'Id', { ...props })`) around it, and edits that add or change a property with the
// object literal's own layout, trailing comma and quotes.
import type * as TS from 'typescript';
import type { FixContext, TextEdit } from '../fix';
import type { Finding } from '../rule';
import { parseSource, propName, tsApi, unwrap } from '../sources/cdk/tsapi';
import { CODE_FILE } from './common';
import { SourceText } from './text';

export interface CodeDoc {
  sf: TS.SourceFile;
  src: SourceText;
}

export interface Construct {
  expr: TS.NewExpression;
  /** `CfnRecordSet`, `ARecord`, ... */
  className: string;
  /** What the class was reached through (`route53` in `route53.ARecord`), if anything. */
  qualifier?: string;
  props: TS.ObjectLiteralExpression;
}

const opened: { file: string; text: string; doc: CodeDoc }[] = [];

/** The finding's code file, parsed (the last few are kept: fix-all asks once per finding). */
export function openCode(ctx: FixContext): CodeDoc | undefined {
  const { file } = ctx.finding;
  const text = ctx.text(file);
  if (text === undefined || !CODE_FILE.test(file)) return undefined;
  const hit = opened.find((o) => o.file === file && o.text === text);
  if (hit) return hit.doc;
  const doc = { sf: parseSource(file, text), src: new SourceText(text) };
  opened.unshift({ file, text, doc });
  opened.length = Math.min(opened.length, 4);
  return doc;
}

/**
 * The nodes that span the finding's range, from the file down to the smallest (the parser sets no
 * parent pointers, so callers walk this chain instead).
 */
export function nodesAt(doc: CodeDoc, finding: Finding): TS.Node[] {
  const start = doc.src.offset(finding.range.start);
  const end = doc.src.offset(finding.range.end);
  const chain: TS.Node[] = [doc.sf];
  const visit = (node: TS.Node): true | undefined => {
    if (node.getStart(doc.sf) > start || node.getEnd() < end) return undefined;
    chain.push(node);
    tsApi().forEachChild(node, visit);
    return true;
  };
  tsApi().forEachChild(doc.sf, visit);
  return chain;
}

/** The nearest `new X(scope, id, { ... })` in a chain of nodes, innermost first. */
export function constructAround(chain: TS.Node[], doc: CodeDoc): Construct | undefined {
  const ts = tsApi();
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i];
    if (!ts.isNewExpression(n) || (n.arguments?.length ?? 0) < 3) continue;
    const props = unwrap(n.arguments![2]);
    if (!ts.isObjectLiteralExpression(props)) continue;
    const callee = unwrap(n.expression);
    if (ts.isIdentifier(callee)) return { expr: n, className: callee.text, props };
    if (ts.isPropertyAccessExpression(callee)) return { expr: n, className: callee.name.text, qualifier: callee.expression.getText(doc.sf), props };
  }
  return undefined;
}

export function property(obj: TS.ObjectLiteralExpression, name: string): TS.PropertyAssignment | undefined {
  const ts = tsApi();
  return obj.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && propName(p.name) === name);
}

export function replaceNode(doc: CodeDoc, node: TS.Node, text: string): TextEdit {
  return doc.src.edit(node.getStart(doc.sf), node.getEnd(), text);
}

/** Adds `text` (e.g. `ttl: Duration.seconds(60)`) as the object literal's last property. */
export function addProperty(doc: CodeDoc, obj: TS.ObjectLiteralExpression, text: string): TextEdit {
  const { src, sf } = doc;
  const props = obj.properties;
  if (!props.length) return src.edit(obj.getStart(sf), obj.getEnd(), `{ ${text} }`);
  const last = props[props.length - 1];
  const multiLine = src.position(last.getStart(sf)).line !== src.position(obj.getStart(sf)).line;
  if (!multiLine) return src.insert(last.getEnd(), `, ${text}`);
  const indent = src.columnIndent(last.getStart(sf));
  if (props.hasTrailingComma) {
    const comma = src.text.indexOf(',', last.getEnd());
    return src.insert(comma + 1, `${src.eol}${indent}${text},`);
  }
  return src.insert(last.getEnd(), `,${src.eol}${indent}${text}`);
}

/** A string literal in the file's quote style. */
export function quote(doc: CodeDoc, s: string): string {
  const q = doc.src.quote;
  return `${q}${s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`)}${q}`;
}

/**
 * How this file reaches CDK's `Duration`: a named import (`Duration`, or its alias) or a namespace
 * import of aws-cdk-lib (`cdk.Duration`). Undefined when it does not.
 */
export function durationRef(doc: CodeDoc): string | undefined {
  const ts = tsApi();
  for (const st of doc.sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || st.moduleSpecifier.text !== 'aws-cdk-lib') continue;
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) return `${bindings.name.text}.Duration`;
    if (bindings && ts.isNamedImports(bindings)) {
      const d = bindings.elements.find((e) => (e.propertyName ?? e.name).text === 'Duration');
      if (d) return d.name.text;
    }
  }
  return undefined;
}

/** The innermost statement of the chain that sits directly in a block or the file, to insert a statement before it. */
export function statementOf(chain: TS.Node[]): TS.Statement | undefined {
  const ts = tsApi();
  for (let i = chain.length - 1; i > 0; i--) {
    const n = chain[i];
    const parent = chain[i - 1];
    if ((ts.isBlock(parent) || ts.isSourceFile(parent)) && (ts.isExpressionStatement(n) || ts.isVariableStatement(n))) return n;
  }
  return undefined;
}

/** A variable name not yet used anywhere in the file. */
export function freshName(doc: CodeDoc, base: string): string {
  let name = base;
  for (let i = 2; new RegExp(`\\b${name}\\b`).test(doc.src.text); i++) name = `${base}${i}`;
  return name;
}
