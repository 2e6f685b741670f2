// `new X(scope, 'Id', props)` -> a record in CloudFormation shape. L1 `Cfn*` classes map by name;
// the L2 classes that the rules care about have a mapper each (l2*.ts), written after what CDK
// itself synthesizes for them.
import type * as TS from 'typescript';
import type { Env, Rec } from './context';
import { evaluate } from './evaluate';
import type { Resolved } from './imports';
import { computeMappers } from './l2compute';
import { dataMappers } from './l2data';
import { route53Mappers } from './l2route53';
import { type Mapper, newRecord, put } from './mapping';
import { cfnType } from './names';
import { Props } from './props';
import type { Reader } from './reader';

const L2: Record<string, Mapper> = { ...route53Mappers, ...dataMappers, ...computeMappers };

/** Records the construct a `new` expression creates; undefined for classes that no mapper knows. */
export function construct(r: Reader, n: TS.NewExpression, env: Env, res: Resolved): Rec | undefined {
  if (res.module === undefined || res.members.length) return undefined;
  const args = n.arguments ?? [];
  if (res.module === '' && res.name === 'CfnOutput') {
    const value = new Props(r, args[2], env).get('value');
    if (value !== undefined) r.outputs.push(value);
    return undefined;
  }
  const type = cfnType(res.module, res.name);
  const mapper = type ? l1(type) : res.module === '' ? CORE[res.name] : L2[`${res.module}.${res.name}`];
  if (!mapper) return undefined;
  const rec = newRecord(r, n, args, env, res.name);
  mapper({ r, env, rec, props: new Props(r, args[2], env), node: n, args });
  return rec;
}

function l1(type: string): Mapper {
  return (m) => {
    m.rec.type = type;
    const v = evaluate(m.r, m.args[2], m.env, { cfn: true, path: [], mark: (p, node) => m.r.mark(m.rec, p, node) });
    if (v && typeof v === 'object' && !Array.isArray(v) && !('Fn::CdkExpression' in v)) Object.assign(m.rec.properties, v);
  };
}

const CORE: Record<string, Mapper> = {
  CfnResource: (m) => {
    m.rec.type = m.props.str('type') ?? 'AWS::CloudFormation::CustomResource';
    const props = m.props.entries.get('properties');
    const v = props ? evaluate(m.r, props.node, props.env, { path: [], mark: (p, node) => m.r.mark(m.rec, p, node) }) : undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(m.rec.properties, v);
  },
  CfnParameter: (m) => {
    m.rec.type = 'AWS::CloudFormation::Parameter';
    m.rec.notes.parameter = true;
  },
  CustomResource: (m) => {
    m.rec.type = `Custom::${m.props.str('resourceType')?.replace(/^Custom::/, '') ?? 'Resource'}`;
    put(m, ['ServiceToken'], m.props.get('serviceToken'), m.props.at('serviceToken'));
    const props = m.props.entries.get('properties');
    const v = props ? evaluate(m.r, props.node, props.env) : undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(m.rec.properties, v);
  },
};
