// What the names in an application file stand for, as far as the DynamoDB writes go: the v3
// command classes and clients (`@aws-sdk/client-dynamodb`, `@aws-sdk/lib-dynamodb`), and the v2
// `AWS` namespace, `DynamoDB` and `DocumentClient` (`aws-sdk`, `aws-sdk/clients/dynamodb`).
import type * as TS from 'typescript';
import { propName, stringLiteral, tsApi, unwrap } from '../cdk/tsapi';

export type SdkModule = 'v3' | 'v3-lib' | 'v2' | 'v2-dynamodb';

/** A local name bound to a module (`*`, default export or `require`) or to one of its exports. */
export interface SdkName {
  module: SdkModule;
  /** The exported name; undefined for the module object itself. */
  exported?: string;
}

export interface SdkImports {
  names: Map<string, SdkName>;
  /** Which SDK generations the file imports. */
  v2: boolean;
  v3: boolean;
}

/** What a class (or a value's dotted name) is, once its root is resolved through the imports. */
export type SdkClass =
  | { kind: 'command'; operation: WriteOperation; sdk: 'v3' | 'v3-document' }
  | { kind: 'client'; client: ClientKind }
  /** `DynamoDBDocumentClient.from(...)` / `DynamoDBDocument.from(...)`. */
  | { kind: 'from'; client: ClientKind };

export type WriteOperation = 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem' | 'TransactWriteItems';

/** `v3-send`: a client that sends commands; the others have a method per operation. */
export type ClientKind = 'v3-send' | 'v3-document-send' | 'v3' | 'v3-document' | 'v2' | 'v2-document';

const MODULES: Record<string, SdkModule> = {
  '@aws-sdk/client-dynamodb': 'v3',
  '@aws-sdk/lib-dynamodb': 'v3-lib',
  'aws-sdk': 'v2',
  'aws-sdk/global': 'v2',
  'aws-sdk/clients/dynamodb': 'v2-dynamodb',
};

const V3_COMMANDS: Record<string, WriteOperation> = {
  PutItemCommand: 'PutItem',
  UpdateItemCommand: 'UpdateItem',
  DeleteItemCommand: 'DeleteItem',
  BatchWriteItemCommand: 'BatchWriteItem',
  TransactWriteItemsCommand: 'TransactWriteItems',
};

const LIB_COMMANDS: Record<string, WriteOperation> = {
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactWriteCommand: 'TransactWriteItems',
};

/** Method names of the clients that have one method per operation. */
export const LOW_LEVEL_METHODS: Record<string, WriteOperation> = {
  putItem: 'PutItem',
  updateItem: 'UpdateItem',
  deleteItem: 'DeleteItem',
  batchWriteItem: 'BatchWriteItem',
  transactWriteItems: 'TransactWriteItems',
};

export const DOCUMENT_METHODS: Record<string, WriteOperation> = {
  put: 'PutItem',
  update: 'UpdateItem',
  delete: 'DeleteItem',
  batchWrite: 'BatchWriteItem',
  transactWrite: 'TransactWriteItems',
};

export function readSdkImports(sf: TS.SourceFile): SdkImports {
  const ts = tsApi();
  const out: SdkImports = { names: new Map(), v2: false, v3: false };
  const add = (spec: string | undefined, local: string | undefined, exported: string | undefined) => {
    const module = spec ? MODULES[spec] : undefined;
    if (!module) return;
    if (module.startsWith('v3')) out.v3 = true;
    else out.v2 = true;
    if (local) out.names.set(local, { module, exported });
  };
  const bindRequire = (name: TS.BindingName, spec: string) => {
    if (ts.isIdentifier(name)) add(spec, name.text, undefined);
    else if (ts.isObjectBindingPattern(name)) {
      for (const el of name.elements) if (ts.isIdentifier(el.name)) add(spec, el.name.text, propName(el.propertyName) ?? el.name.text);
    }
  };
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const spec = stringLiteral(st.moduleSpecifier);
      const clause = st.importClause;
      if (!spec || !clause || clause.isTypeOnly) {
        add(spec, undefined, undefined);
        continue;
      }
      if (clause.name) add(spec, clause.name.text, undefined);
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) add(spec, nb.name.text, undefined);
      else if (nb) for (const el of nb.elements) if (!el.isTypeOnly) add(spec, el.name.text, (el.propertyName ?? el.name).text);
    } else if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference)) {
      add(stringLiteral(st.moduleReference.expression), st.name.text, undefined);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const spec = requireSpec(d.initializer);
        if (spec) bindRequire(d.name, spec.spec);
        if (spec?.member && ts.isIdentifier(d.name)) add(spec.spec, d.name.text, spec.member);
      }
    }
  }
  return out;
}

/** `require('x')` or `require('x').Member`. */
function requireSpec(init: TS.Expression | undefined): { spec: string; member?: string } | undefined {
  const ts = tsApi();
  if (!init) return undefined;
  let n = unwrap(init);
  let member: string | undefined;
  if (ts.isPropertyAccessExpression(n)) {
    member = n.name.text;
    n = unwrap(n.expression);
  }
  if (ts.isAwaitExpression(n)) n = unwrap(n.expression);
  if (!ts.isCallExpression(n) || !ts.isIdentifier(n.expression) || n.expression.text !== 'require') return undefined;
  const spec = stringLiteral(n.arguments[0]);
  return spec ? { spec, member } : undefined;
}

/** Classifies a dotted name (`AWS.DynamoDB.DocumentClient`, `lib.PutCommand`) through the imports. */
export function classify(imports: SdkImports, dotted: string[] | undefined): SdkClass | undefined {
  if (!dotted || dotted.length === 0) return undefined;
  const root = imports.names.get(dotted[0]);
  if (!root) return undefined;
  const path = root.exported && root.exported !== 'default' ? [root.exported, ...dotted.slice(1)] : dotted.slice(1);
  // `import AWS from 'aws-sdk'` compiled to CommonJS interop: `AWS.default.DynamoDB`.
  if (path[0] === 'default') path.shift();
  const name = path.join('.');
  switch (root.module) {
    case 'v3':
      if (V3_COMMANDS[name]) return { kind: 'command', operation: V3_COMMANDS[name], sdk: 'v3' };
      if (name === 'DynamoDBClient') return { kind: 'client', client: 'v3-send' };
      if (name === 'DynamoDB') return { kind: 'client', client: 'v3' };
      return undefined;
    case 'v3-lib':
      if (LIB_COMMANDS[name]) return { kind: 'command', operation: LIB_COMMANDS[name], sdk: 'v3-document' };
      if (name === 'DynamoDBDocumentClient.from') return { kind: 'from', client: 'v3-document-send' };
      if (name === 'DynamoDBDocument.from') return { kind: 'from', client: 'v3-document' };
      if (name === 'DynamoDBDocumentClient') return { kind: 'client', client: 'v3-document-send' };
      if (name === 'DynamoDBDocument') return { kind: 'client', client: 'v3-document' };
      return undefined;
    case 'v2':
      if (name === 'DynamoDB') return { kind: 'client', client: 'v2' };
      if (name === 'DynamoDB.DocumentClient') return { kind: 'client', client: 'v2-document' };
      return undefined;
    case 'v2-dynamodb':
      if (name === '' || name === 'DynamoDB') return { kind: 'client', client: 'v2' };
      if (name === 'DocumentClient' || name === 'DynamoDB.DocumentClient') return { kind: 'client', client: 'v2-document' };
      return undefined;
  }
}
