// The CDK reader's working state: where code runs (instances of stacks and constructs), what names
// are bound to (variables, parameters, constructs), and the resources recorded so far.
import type * as TS from 'typescript';
import type { Path, Range, RegionRef, Value } from '../../model';
import type { ValueObject } from '../../values';
import type { Imports } from './imports';

/**
 * One run of a class body (a stack or construct created by `new MyStack(app, 'Id', props)`), a
 * stack created directly (`new cdk.Stack(app, 'Id')`), the app itself, or a class run "abstractly"
 * because this file never instantiates it.
 */
export interface Instance {
  key: string;
  /** Construct ids from the outermost instance down, for logical ids of per-instance resources. */
  label: string[];
  /** Undefined when this file does not say (an abstract class run); linked across files later. */
  region: RegionRef | undefined;
  /** The class of this file whose body runs; undefined for the app and for core stacks. */
  className?: string;
  abstract: boolean;
  /** For an instance whose region the file does not state: the class it descends from, linked across files. */
  origin?: string;
  /** `this.x = ...` assignments of the class body. */
  members: Map<string, Binding>;
}

export type Binding =
  | { kind: 'expr'; node: TS.Expression; env: Env }
  | { kind: 'value'; value: Value | undefined }
  | { kind: 'prop'; of: Binding; name: string }
  | { kind: 'rec'; rec: Rec }
  | { kind: 'instance'; inst: Instance }
  | { kind: 'fn'; node: TS.FunctionLikeDeclaration; env: Env }
  | { kind: 'unknown' };

/** Lexical scope: variable bindings, and the instance whose code runs. */
export class Env {
  private readonly vars = new Map<string, Binding>();

  constructor(
    readonly parent: Env | undefined,
    readonly inst: Instance,
  ) {}

  get(name: string): Binding | undefined {
    for (let e: Env | undefined = this; e; e = e.parent) {
      const b = e.vars.get(name);
      if (b) return b;
    }
    return undefined;
  }

  set(name: string, b: Binding): void {
    this.vars.set(name, b);
  }

  /** `x = ...` for a `let` declared in an enclosing scope: rebinds it where it was declared. */
  assign(name: string, b: Binding): void {
    for (let e: Env | undefined = this; e; e = e.parent) {
      if (e.vars.has(name)) {
        e.vars.set(name, b);
        return;
      }
    }
    this.vars.set(name, b);
  }

  child(inst: Instance = this.inst): Env {
    return new Env(this, inst);
  }
}

/** A resource recorded from a construct, in CloudFormation shape. */
export interface Rec {
  /** Stands for the logical id in Refs until logical ids are final. */
  key: string;
  /** Records of the same `new` expression and construct id in different instances share a group. */
  group: string;
  constructId: string;
  inst: Instance;
  /** The CDK class, e.g. `CfnRecordSet` or `TableV2`; escape hatches and methods dispatch on it. */
  cdkClass: string;
  type: string;
  properties: ValueObject;
  /** Ranges of property paths, keyed by `pathKey(path)` below Properties. */
  ranges: Map<string, Range>;
  range: Range;
  /** Plain facts an L2 mapper keeps for later method calls (e.g. a hosted zone's name). */
  notes: { [key: string]: Value };
}

/** What the evaluator and the construct mappers need from the reader. */
export interface Cx {
  sf: TS.SourceFile;
  imports: Imports;
  /** Range of a node in the file. */
  range(node: TS.Node): Range;
  /** Records the construct (or instantiates the local class) that a `new` expression creates. */
  onNew(node: TS.NewExpression, env: Env): Rec | Instance | undefined;
  /** Sets a property of a record, with the node that the property's path should point at. */
  mark(rec: Rec, path: Path, node: TS.Node): void;
}

/** A value whose text is all we know: rules treat it like any intrinsic (not a literal). */
export function opaque(text: string): Value {
  return { 'Fn::CdkExpression': text.length > 120 ? `${text.slice(0, 117)}...` : text };
}

export function isOpaque(v: Value | undefined): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'Fn::CdkExpression' in v;
}

/** `Duration.seconds(30)` evaluates to this marker; L2 mappers turn it into seconds. */
export const DURATION = 'Fn::CdkDuration';

/** The prefix of placeholder logical ids in Refs (`\u0001` + record key) until ids are final. */
export const REF_MARK = '\u0001';
