// The JSON schema that editors use for multi-region-review.json must say exactly what parseConfig
// reads: the same keys, the same severities, the same region names and durations. The example
// workspace's config must validate against it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { CONFIG_FILE, defaultConfig, parseConfig } from '../../server/src/engine/config';
import { allRules } from '../../server/src/engine/rules';
import { isRegionName } from '../../server/src/engine/values';
import { ROOT } from '../helpers';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  [key: string]: unknown;
}

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'multi-region-review.schema.json'), 'utf8')) as SchemaNode;
const ajv = new Ajv({ strict: true, allErrors: true });
const validate = ajv.compile(schema);

/** Every key the schema allows, each with a value that parseConfig accepts. */
const everyKey = {
  deployments: [{ files: ['primary/**'], regions: ['us-east-1'] }, { files: 'secondary/**', regions: ['eu-west-1', 'eu-central-1'] }],
  objectives: { rpo: '15m', rto: 3600 },
  lastFailoverTest: '2026-10-14',
  rules: { 'sticky-sessions': 'off', 'failover-ttl-too-high': 'error' },
  ignore: ['legacy/**'],
  maxFileSizeKb: 2048,
};

const errorsOf = (value: unknown): string[] => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
const schemaKeys = Object.keys(schema.properties ?? {}).filter((k) => k !== '$schema');

describe('config schema', () => {
  it('accepts the example workspace config', () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples', 'global-app', CONFIG_FILE), 'utf8');
    assert.deepEqual(errorsOf(JSON.parse(text)), []);
    assert.deepEqual(parseConfig(text).problems, []);
  });

  it('accepts a config that uses every key, and parseConfig reads it without problems', () => {
    assert.deepEqual(Object.keys(everyKey).sort(), [...schemaKeys].sort(), 'the sample covers every schema key');
    assert.deepEqual(errorsOf(everyKey), []);
    assert.deepEqual(parseConfig(JSON.stringify(everyKey)).problems, []);
  });

  it('has every key that parseConfig produces, and nothing else', () => {
    const parsed = parseConfig(JSON.stringify(everyKey)).config;
    const configKeys = new Set([...Object.keys(defaultConfig()), ...Object.keys(parsed)]);
    assert.deepEqual([...configKeys].sort(), [...schemaKeys].sort());
    // The file says rpo/rto; the parsed config holds them in seconds.
    const objectiveKeys = Object.keys(schema.properties?.objectives?.properties ?? {});
    assert.deepEqual(objectiveKeys.map((k) => `${k}Seconds`).sort(), Object.keys(parsed.objectives).sort());
  });

  it('lists only keys that parseConfig acts on', () => {
    const full = parseConfig(JSON.stringify(everyKey)).config;
    for (const key of schemaKeys) {
      const without: Record<string, unknown> = { ...everyKey };
      delete without[key];
      assert.notDeepEqual(parseConfig(JSON.stringify(without)).config, full, `removing ${key} changes the parsed config`);
    }
  });

  it('offers every registered rule id with the four settings', () => {
    const rules = schema.properties?.rules?.properties ?? {};
    assert.deepEqual(Object.keys(rules).sort(), allRules.map((r) => r.id).sort());
    const setting = (schema.definitions as Record<string, SchemaNode>).ruleSetting;
    assert.deepEqual(setting.enum, ['error', 'warning', 'info', 'off']);
    for (const rule of allRules) assert.ok(String(rules[rule.id].description).includes(rule.meta.description), `${rule.id} description matches its meta`);
  });

  it('has a description on every property', () => {
    const missing: string[] = [];
    const walk = (node: SchemaNode, where: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (typeof child.description !== 'string' || child.description.length < 10) missing.push(`${where}${key}`);
        walk(child, `${where}${key}.`);
        const items = child.items as SchemaNode | undefined;
        if (items) walk(items, `${where}${key}[].`);
      }
    };
    walk(schema, '');
    assert.deepEqual(missing, []);
  });
});

describe('config schema and parseConfig agree', () => {
  const withRegion = (region: string) => ({ deployments: [{ files: 'a.yaml', regions: [region] }] });
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-5', 'us-gov-west-1', 'cn-north-1', 'us-iso-east-1', 'us-isob-east-1', 'us-east', 'US-EAST-1', 'useast1', 'eu-west-100', 'global']) {
    it(`region ${region}`, () => {
      assert.equal(errorsOf(withRegion(region)).length === 0, isRegionName(region));
      assert.equal(parseConfig(JSON.stringify(withRegion(region))).problems.length === 0, isRegionName(region));
    });
  }

  const accepted: unknown[] = [0, 900, 1.5, '90', '90s', '15m', '4h', '1.5h', '1d', ' 15 m ', '2H'];
  const rejected: unknown[] = [-1, '15 minutes', 'soon', '1w', '', true];
  for (const rpo of [...accepted, ...rejected]) {
    it(`duration ${JSON.stringify(rpo)}`, () => {
      const ok = accepted.includes(rpo);
      const value = { objectives: { rpo } };
      assert.equal(errorsOf(value).length === 0, ok, 'schema');
      assert.equal(parseConfig(JSON.stringify(value)).problems.length === 0, ok, 'parseConfig');
    });
  }

  for (const [setting, ok] of [['error', true], ['warning', true], ['info', true], ['off', true], ['warn', false], ['ERROR', false], ['hint', false]] as const) {
    it(`rule setting ${setting}`, () => {
      const value = { rules: { 'sticky-sessions': setting } };
      assert.equal(errorsOf(value).length === 0, ok, 'schema');
      assert.equal(parseConfig(JSON.stringify(value)).problems.length === 0, ok, 'parseConfig');
    });
  }

  for (const [date, ok] of [['2026-10-14', true], ['2026-02-28', true], ['yesterday', false], ['2026-13-01', false], ['14/10/2026', false]] as const) {
    it(`lastFailoverTest ${date}`, () => {
      const value = { lastFailoverTest: date };
      assert.equal(errorsOf(value).length === 0, ok, 'schema');
      assert.equal(parseConfig(JSON.stringify(value)).problems.length === 0, ok, 'parseConfig');
    });
  }
});
