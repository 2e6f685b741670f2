// The parse floors the engine is compared with: js-yaml with a CloudFormation schema (every `!Tag`
// becomes its long form, as cfn-lint-style loaders do), and the `yaml` package's parseDocument with
// the options the engine itself uses.
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';

const long = (tag: string): string => (tag === '!Ref' || tag === '!Condition' ? tag.slice(1) : `Fn::${tag.slice(1)}`);

type Carrier<T> = { tag: string; body: T };

const CFN_SCHEMA = jsyaml.CORE_SCHEMA.withTags(
  jsyaml.defineScalarTag('!', { matchByTagPrefix: true, resolve: (source, _explicit, tag) => ({ [long(tag)]: source }), identify: () => false }),
  jsyaml.defineSequenceTag<Carrier<unknown[]>, unknown>('!', {
    matchByTagPrefix: true,
    create: (tag) => ({ tag, body: [] }),
    addItem: (c, item) => {
      c.body.push(item);
    },
    finalize: (c) => ({ [long(c.tag)]: c.body }),
    identify: () => false,
  }),
  jsyaml.defineMappingTag<Carrier<Record<string, unknown>>, Record<string, unknown>>('!', {
    matchByTagPrefix: true,
    create: (tag) => ({ tag, body: {} }),
    addPair: (c, key, value) => {
      c.body[String(key)] = value;
      return '';
    },
    has: (c, key) => Object.prototype.hasOwnProperty.call(c.body, String(key)),
    keys: (r) => Object.keys(Object.values(r)[0] as object),
    get: (r, key) => (Object.values(r)[0] as Record<string, unknown>)[String(key)],
    finalize: (c) => ({ [long(c.tag)]: c.body }),
    identify: () => false,
  }),
);

/** js-yaml load with CloudFormation tags; duplicate keys override, as JSON.parse does. Throws on bad YAML. */
export function jsYamlLoad(text: string): unknown {
  return jsyaml.load(text, { schema: CFN_SCHEMA, json: true });
}

/** The whole text through the `yaml` package, as the engine would parse an unsplittable file. */
export function yamlParseDocument(text: string): YAML.Document.Parsed {
  return YAML.parseDocument(text, { prettyErrors: false, strict: false, uniqueKeys: true, stringKeys: false });
}
