// failover-without-health-check in CDK code, for the simple shapes only:
//   L1 `new route53.CfnRecordSet(scope, 'Id', {...})`: a `CfnHealthCheck` declared just before the
//      statement, referenced with `healthCheckId: <it>.attrHealthCheckId`;
//   L2 `new route53.ARecord(scope, 'Id', {...})` (and AAAA, CNAME, RecordSet): a `healthCheck:
//      new route53.HealthCheck(...)` property.
// Both need the record class reached through a module name (`route53.X`), so the health check class
// is reachable the same way; anything else gets no fix.
import type * as TS from 'typescript';
import type { Fix, FixContext } from '../fix';
import { stringLiteral, tsApi, unwrap } from '../sources/cdk/tsapi';
import { addProperty, type CodeDoc, type Construct, constructAround, durationRef, freshName, nodesAt, openCode, property, quote, statementOf } from './code';
import { fileFix, HEALTH_CHECK_TITLE as TITLE, PLACEHOLDER_FQDN } from './common';

const L2_RECORDS = new Set(['ARecord', 'AaaaRecord', 'CnameRecord', 'RecordSet']);

export function cdkHealthCheckFix(ctx: FixContext, preferred: boolean): Fix[] {
  const code = openCode(ctx);
  if (!code) return [];
  const chain = nodesAt(code, ctx.finding);
  const c = constructAround(chain, code);
  if (!c?.qualifier || property(c.props, 'healthCheck') || property(c.props, 'healthCheckId')) return [];
  const idText = stringLiteral(c.expr.arguments![1]) ?? 'Record';
  if (c.className === 'CfnRecordSet') {
    const stmt = statementOf(chain);
    return stmt ? fileFix(TITLE, ctx.finding.file, l1Edits(code, c, stmt, idText), false, preferred) : [];
  }
  if (!L2_RECORDS.has(c.className)) return [];
  return fileFix(TITLE, ctx.finding.file, [addProperty(code, c.props, l2Property(code, c, idText))], false, preferred);
}

/** `const xHealthCheck = new route53.CfnHealthCheck(...)` before the statement, and `healthCheckId` on the record. */
function l1Edits(code: CodeDoc, c: Construct, stmt: TS.Statement, idText: string) {
  const { src, sf } = code;
  const u = src.unit;
  const indent = src.columnIndent(stmt.getStart(sf));
  const semi = stmt.getText(sf).trimEnd().endsWith(';') ? ';' : '';
  const name = stringLiteral(property(c.props, 'name')?.initializer)?.replace(/\.$/, '');
  const ip = firstIp(property(c.props, 'resourceRecords')?.initializer);
  const variable = freshName(code, `${idText[0].toLowerCase()}${idText.slice(1).replace(/[^A-Za-z0-9]/g, '')}HealthCheck`);
  const config = [`type: ${quote(code, 'HTTPS')},`, ...(ip ? [`ipAddress: ${quote(code, ip)},`] : []), `fullyQualifiedDomainName: ${quote(code, name ?? PLACEHOLDER_FQDN)},`, `resourcePath: ${quote(code, '/health')},`, 'requestInterval: 10,', 'failureThreshold: 3,'];
  const lines = [
    `const ${variable} = new ${c.qualifier}.CfnHealthCheck(${scopeText(code, c)}, ${quote(code, `${idText}HealthCheck`)}, {`,
    `${indent}${u}healthCheckConfig: {`,
    ...config.map((l) => `${indent}${u}${u}${l}`),
    `${indent}${u}},`,
    `${indent}})${semi}`,
  ];
  return [src.insert(stmt.getStart(sf), src.join(lines) + src.eol + indent), addProperty(code, c.props, `healthCheckId: ${variable}.attrHealthCheckId`)];
}

/** `healthCheck: new route53.HealthCheck(scope, 'IdHealthCheck', { ... })`, laid out below the record's properties. */
function l2Property(code: CodeDoc, c: Construct, idText: string): string {
  const { src, sf } = code;
  const props = c.props.properties;
  const inner = props.length ? src.columnIndent(props[props.length - 1].getStart(sf)) : src.columnIndent(c.expr.getStart(sf)) + src.unit;
  const at = inner + src.unit;
  const target = property(c.props, 'target')?.initializer;
  const ip = target && ipTarget(target);
  const duration = durationRef(code);
  const lines = [
    `healthCheck: new ${c.qualifier}.HealthCheck(${scopeText(code, c)}, ${quote(code, `${idText}HealthCheck`)}, {`,
    `${at}type: ${c.qualifier}.HealthCheckType.HTTPS,`,
    ...(ip ? [`${at}ipAddress: ${quote(code, ip)},`] : []),
    `${at}fqdn: ${quote(code, PLACEHOLDER_FQDN)},`,
    `${at}resourcePath: ${quote(code, '/health')},`,
    ...(duration ? [`${at}requestInterval: ${duration}.seconds(10),`] : []),
    `${at}failureThreshold: 3,`,
    `${inner}})`,
  ];
  return src.join(lines);
}

function scopeText(code: CodeDoc, c: Construct): string {
  return c.expr.arguments![0].getText(code.sf);
}

/** The first literal IP address of an array literal. */
function firstIp(v: TS.Expression | undefined): string | undefined {
  const ts = tsApi();
  const arr = v && unwrap(v);
  if (!arr || !ts.isArrayLiteralExpression(arr)) return undefined;
  const first = stringLiteral(arr.elements[0]);
  return first && /^\d{1,3}(\.\d{1,3}){3}$/.test(first) ? first : undefined;
}

/** `RecordTarget.fromIpAddresses('192.0.2.10', ...)`: the first address. */
function ipTarget(v: TS.Expression): string | undefined {
  const ts = tsApi();
  const call = unwrap(v);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'fromIpAddresses') return undefined;
  const first = stringLiteral(call.arguments[0]);
  return first && /^\d{1,3}(\.\d{1,3}){3}$/.test(first) ? first : undefined;
}
