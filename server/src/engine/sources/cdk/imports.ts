// What the names in a CDK file stand for: CDK modules (`import * as route53 from
// 'aws-cdk-lib/aws-route53'`, `import { aws_route53 as route53 } from 'aws-cdk-lib'`, `require`),
// classes imported from them, and classes imported from other files of the workspace.
import * as path from 'node:path';
import type * as TS from 'typescript';
import { dottedName, propName, stringLiteral, tsApi, unwrap } from './tsapi';

/** A CDK module as its aws-cdk-lib sub-path without `aws-cdk-lib/`: '' is the core, 'aws-route53', 'constructs'. */
export type Imported =
  | { kind: 'module'; module: string }
  | { kind: 'member'; module: string; name: string }
  | { kind: 'local'; file: string; name: string };

export interface Imports {
  names: Map<string, Imported>;
  /** The file imports aws-cdk-lib, @aws-cdk/* or constructs. */
  cdk: boolean;
  /** The file imports the CDK assertion library: it is a test, not an app. */
  test: boolean;
}

/** A dotted name resolved through the imports: `route53.Failover.PRIMARY` -> aws-route53 / Failover / [PRIMARY]. */
export interface Resolved {
  /** The CDK module, when the name comes from one. */
  module?: string;
  /** The workspace file (without extension), when the name is imported from one. */
  file?: string;
  name: string;
  members: string[];
}

const CDK_SPEC = /^(?:aws-cdk-lib(?:\/(.*))?|@aws-cdk\/(.*)|(constructs))$/;

/** The module of an import specifier, or undefined when it is not a CDK module. */
export function cdkModule(spec: string): string | undefined {
  const m = CDK_SPEC.exec(spec);
  if (!m) return undefined;
  const sub = (m[1] ?? m[2] ?? m[3] ?? '').replace(/-alpha$/, '');
  return sub === 'core' ? '' : sub;
}

export function readImports(sf: TS.SourceFile, file: string): Imports {
  const ts = tsApi();
  const out: Imports = { names: new Map(), cdk: false, test: false };
  const add = (spec: string, local: string | undefined, imported: string | undefined) => {
    if (!local) return;
    const mod = cdkModule(spec);
    if (mod !== undefined) {
      out.cdk = true;
      if (imported === undefined) out.names.set(local, { kind: 'module', module: mod });
      else if (mod === '' && imported.startsWith('aws_')) out.names.set(local, { kind: 'module', module: imported.replace(/_/g, '-') });
      else out.names.set(local, { kind: 'member', module: mod, name: imported });
    } else if (spec.startsWith('.')) {
      out.names.set(local, { kind: 'local', file: resolveLocal(file, spec), name: imported ?? '*' });
    }
  };
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const spec = stringLiteral(st.moduleSpecifier);
      if (!spec) continue;
      if (/^(aws-cdk-lib\/assertions|@aws-cdk\/assert)/.test(spec)) out.test = true;
      const clause = st.importClause;
      if (!clause) continue;
      if (clause.name) add(spec, clause.name.text, cdkModule(spec) !== undefined ? undefined : 'default');
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) add(spec, bindings.name.text, undefined);
      else if (bindings) for (const el of bindings.elements) add(spec, el.name.text, (el.propertyName ?? el.name).text);
    } else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference)) {
      const spec = stringLiteral(st.moduleReference.expression);
      if (spec) add(spec, st.name.text, undefined);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) readRequire(d, add);
    }
  }
  return out;
}

/** `const x = require('m')` and `const { a, b: c } = require('m')`. */
function readRequire(d: TS.VariableDeclaration, add: (spec: string, local: string | undefined, imported: string | undefined) => void): void {
  const ts = tsApi();
  const init = d.initializer && unwrap(d.initializer);
  if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') return;
  const spec = stringLiteral(init.arguments[0]);
  if (!spec) return;
  if (ts.isIdentifier(d.name)) add(spec, d.name.text, undefined);
  else if (ts.isObjectBindingPattern(d.name)) {
    for (const el of d.name.elements) if (ts.isIdentifier(el.name)) add(spec, el.name.text, propName(el.propertyName) ?? el.name.text);
  }
}

/** `./stack` imported from `bin/app.ts` -> `bin/stack`; extensions are dropped. */
export function resolveLocal(file: string, spec: string): string {
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  return stripExtension(joined);
}

export function stripExtension(file: string): string {
  return file.replace(/\.(d\.)?([mc]?[jt]sx?)$/i, '');
}

/** Resolves `a.b.c` (an identifier or property chain) through the imports. */
export function resolveName(node: TS.Expression, imports: Imports): Resolved | undefined {
  const parts = dottedName(node);
  if (!parts || parts[0] === 'this') return undefined;
  const head = imports.names.get(parts[0]);
  const rest = parts.slice(1);
  if (!head) return { name: parts[0], members: rest };
  if (head.kind === 'local') {
    const name = head.name === '*' ? rest.shift() : head.name;
    return name === undefined ? undefined : { file: head.file, name, members: rest };
  }
  if (head.kind === 'member') return { module: head.module, name: head.name, members: rest };
  let module = head.module;
  if (module === '' && rest[0]?.startsWith('aws_')) module = rest.shift()!.replace(/_/g, '-');
  const name = rest.shift();
  return name === undefined ? undefined : { module, name, members: rest };
}
