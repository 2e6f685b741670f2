// AWS SDK clients (v3 `new S3Client({ region })`, v2 `new AWS.S3({ region })`) and SDK-wide settings
// (`AWS.config.update({ region })`, `AWS.config.region = ...`) whose region is a literal, directly or
// through a `const` of the same file. The fact keeps the client's service so that the rule can let
// control-plane clients pass whose region the service fixes.
import type * as TS from 'typescript';
import { isRegionName } from '../../values';
import type { CodeFact } from '../codeFacts';
import { SDK_REGION_TYPE } from './types';
import { stringLiteral, tsApi } from '../cdk/tsapi';
import { factId, follow, moduleOf, property, rangeOf, unwrapAll } from './query';
import type { Frame, Scan } from './scan';


const LOCAL_ENDPOINT = /localhost|127\.0\.0\.1|0\.0\.0\.0|localstack|host\.docker\.internal|:\/\/dynamodb-local|:4566|:8000/;

interface Client {
  /** The service as its v3 client class names it without `Client`, e.g. 'S3', 'Route53'. */
  service: string;
  className: string;
  sdk: 'v2' | 'v3';
  config?: boolean;
}

export function readSdkRegions(scan: Scan): CodeFact[] {
  const out: CodeFact[] = [];
  for (const { node, frame } of scan.news) {
    const client = clientOf(scan, node.expression);
    if (client) push(out, scan, node, client, node.arguments?.[0], frame);
  }
  for (const { node, frame } of scan.calls) {
    // AWS.config.update({ region: 'us-east-1' })
    const callee = node.expression;
    if (isSdkConfig(scan, callee, 'update')) push(out, scan, node, { service: 'config', className: 'AWS.config.update', sdk: 'v2', config: true }, node.arguments[0], frame);
  }
  for (const { node, frame } of scan.assignments) {
    const ts = tsApi();
    // AWS.config.region = 'us-east-1'
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isSdkConfig(scan, node.left, 'region')) {
      const literal = regionLiteral(scan, node.right, frame);
      if (literal) out.push(fact(scan, node, { service: 'config', className: 'AWS.config.region', sdk: 'v2', config: true }, literal));
    }
  }
  return out;
}

function push(out: CodeFact[], scan: Scan, node: TS.Node, client: Client, arg: TS.Expression | undefined, frame: Frame | undefined): void {
  const ts = tsApi();
  const options = follow(scan, arg, frame);
  if (!options || !ts.isObjectLiteralExpression(options)) return;
  const endpoint = property(options, 'endpoint');
  const endpointText = endpoint && stringLiteral(follow(scan, endpoint.value, frame));
  if (endpointText && LOCAL_ENDPOINT.test(endpointText)) return; // DynamoDB Local, LocalStack: the region is a placeholder
  const region = property(options, 'region');
  const literal = region && regionLiteral(scan, region.value, frame);
  if (literal) out.push(fact(scan, node, client, literal));
}

function fact(scan: Scan, node: TS.Node, client: Client, literal: TS.StringLiteralLike): CodeFact {
  const ts = tsApi();
  const at = ts.isNewExpression(node) || ts.isCallExpression(node) ? node.expression : node;
  return {
    logicalId: factId(scan.sf, client.config ? 'SdkConfig' : client.className, at),
    type: SDK_REGION_TYPE,
    range: rangeOf(scan.sf, at),
    properties: { client: client.className, service: client.service, sdk: client.sdk, region: literal.text, config: !!client.config },
    propertyRanges: { Region: rangeOf(scan.sf, literal) },
  };
}

/** The literal region a value holds: `'us-east-1'` or a `const` set to one. `process.env.X || 'us-east-1'` is not literal. */
function regionLiteral(scan: Scan, value: TS.Expression, frame: Frame | undefined): TS.StringLiteralLike | undefined {
  const ts = tsApi();
  const v = follow(scan, value, frame);
  if (!v || !(ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v))) return undefined;
  return isRegionName(v.text) ? v : undefined;
}

function clientOf(scan: Scan, expr: TS.Expression): Client | undefined {
  const ts = tsApi();
  const callee = unwrapAll(expr);
  const binding = moduleOf(scan, callee);
  if (!binding) return undefined;
  const m = binding.module;
  if (m.startsWith('@aws-sdk/client-')) {
    const className = ts.isIdentifier(callee) ? binding.imported : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (!className || !/^[A-Z]/.test(className)) return undefined;
    return { service: className.replace(/Client$/, ''), className, sdk: 'v3' };
  }
  if (m === 'aws-sdk' || m.startsWith('aws-sdk/clients/') || m === 'aws-sdk/global') {
    const path = callee.getText(scan.sf).split('.');
    if (path.includes('Config') || path.includes('config')) return path[path.length - 1] === 'Config' ? { service: 'config', className: 'AWS.Config', sdk: 'v2', config: true } : undefined;
    // new AWS.S3(), new AWS.DynamoDB.DocumentClient(), new S3() from 'aws-sdk/clients/s3'
    const whole = binding.imported === 'default' || binding.imported === '*';
    const service = !whole ? binding.imported : m === 'aws-sdk' ? path[1] : path[0];
    if (!service || !/^[A-Z]/.test(service)) return undefined;
    return { service, className: path.join('.'), sdk: 'v2' };
  }
  return undefined;
}

/** `AWS.config.<member>` where AWS is the v2 SDK. */
function isSdkConfig(scan: Scan, expr: TS.Expression, member: string): boolean {
  const ts = tsApi();
  if (!ts.isPropertyAccessExpression(expr) || expr.name.text !== member) return false;
  const cfg = expr.expression;
  const isSdk = (b: ReturnType<typeof moduleOf>) => b?.module === 'aws-sdk' || b?.module === 'aws-sdk/global';
  // import { config } from 'aws-sdk'; config.update(...)
  if (ts.isIdentifier(cfg)) return scan.imports.get(cfg.text)?.imported === 'config' && isSdk(scan.imports.get(cfg.text));
  return ts.isPropertyAccessExpression(cfg) && cfg.name.text === 'config' && isSdk(moduleOf(scan, cfg.expression));
}
