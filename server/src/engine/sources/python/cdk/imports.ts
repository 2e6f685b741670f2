// Python imports as the TypeScript imports the CDK reader resolves names with:
//   import aws_cdk as cdk                      -> import * as cdk from 'aws-cdk-lib'
//   from aws_cdk import aws_dynamodb as ddb    -> import * as ddb from 'aws-cdk-lib/aws-dynamodb'
//   from aws_cdk import Stack, Duration        -> import { Stack, Duration } from 'aws-cdk-lib'
//   import aws_cdk.aws_route53 as route53      -> import * as route53 from 'aws-cdk-lib/aws-route53'
//   from aws_cdk import core (CDK v1)          -> import * as core from 'aws-cdk-lib'
//   from stacks.app_stack import AppStack      -> import { AppStack } from './stacks/app_stack'
// Other imports (boto3, os) are left out: names from them stay unknown.
import * as path from 'node:path';
import type { Emitter } from './emit';
import { field, ident, named, type PyNode } from './syntax';

/** `aws_cdk.aws_route53` -> `aws-cdk-lib/aws-route53`; undefined for a module that is not the CDK's. */
export function cdkSpec(dotted: string): string | undefined {
  if (dotted === 'constructs') return 'constructs';
  if (dotted === 'aws_cdk' || dotted === 'aws_cdk.core') return 'aws-cdk-lib';
  const m = /^aws_cdk\.(aws_[a-z0-9_]+|assertions|pipelines|custom_resources|cx_api)(?:\..*)?$/.exec(dotted);
  if (m) return `aws-cdk-lib/${m[1].replace(/_/g, '-')}`;
  return undefined;
}

export function importStatement(e: Emitter, s: PyNode, file: string): void {
  e.at(s);
  if (s.type === 'import_statement') {
    for (const n of named(s)) {
      const dotted = n.type === 'aliased_import' ? field(n, 'name')?.text ?? '' : n.text;
      const alias = n.type === 'aliased_import' ? field(n, 'alias')?.text : undefined;
      // `import aws_cdk.aws_route53` binds `aws_cdk`, whose aws_* members the reader resolves.
      const spec = alias ? cdkSpec(dotted) : cdkSpec(dotted.split('.')[0]);
      if (spec) e.raw(`import * as ${ident(alias ?? dotted.split('.')[0])} from '${spec}';`);
    }
    return;
  }
  const moduleNode = field(s, 'module_name');
  if (!moduleNode) return;
  const names = named(s).filter((n) => n.startIndex !== moduleNode.startIndex && (n.type === 'dotted_name' || n.type === 'aliased_import'));
  const spec = moduleNode.type === 'relative_import' ? relativeSpec(moduleNode.text) : cdkSpec(moduleNode.text) ?? localSpec(file, moduleNode.text);
  if (!spec) return;
  const members: string[] = [];
  for (const n of names) {
    const name = n.type === 'aliased_import' ? field(n, 'name')?.text ?? '' : n.text;
    const local = n.type === 'aliased_import' ? field(n, 'alias')?.text ?? name : name;
    const sub = spec === 'aws-cdk-lib' ? cdkSpec(`aws_cdk.${name}`) : undefined;
    if (sub) e.raw(`import * as ${ident(local)} from '${sub}';`);
    else if (spec === 'aws-cdk-lib' && name === 'core') e.raw(`import * as ${ident(local)} from 'aws-cdk-lib';`);
    else members.push(local === name ? ident(name) : `${name} as ${ident(local)}`);
  }
  if (members.length) e.raw(`import { ${members.join(', ')} } from '${spec}';`);
}

/** `.app_stack` -> `./app_stack`, `..shared.x` -> `../shared/x`. */
function relativeSpec(text: string): string | undefined {
  const m = /^(\.+)(.*)$/.exec(text);
  if (!m || !m[2]) return undefined;
  const up = m[1].length === 1 ? './' : '../'.repeat(m[1].length - 1);
  return up + m[2].replace(/\./g, '/');
}

/**
 * An absolute import of a workspace module, relative to the importing file. Python resolves it from
 * the app's root, where app.py is (CDK's project template names the package after that folder,
 * e.g. `shop/app.py` imports `shop.shop_stack` from `shop/shop/shop_stack.py`); another file inside
 * the package that names its own package is one level down from that root.
 */
function localSpec(file: string, dotted: string): string | undefined {
  if (!/^[A-Za-z_][\w.]*$/.test(dotted)) return undefined;
  const parts = dotted.split('.');
  const dir = path.posix.dirname(file);
  const inOwnPackage = path.posix.basename(dir) === parts[0] && dir !== '.' && !/^(app|main|cdk_app)\.py$/.test(path.posix.basename(file));
  return `${inOwnPackage ? '..' : '.'}/${parts.join('/')}`;
}
