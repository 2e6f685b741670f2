// Every rule is registered, documented, fixtured, and named after its file; the engine stays free
// of editor imports.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { describeLanguages } from '../../server/src/engine/rule';
import { allRules } from '../../server/src/engine/rules';
import { FIXTURES, ROOT } from '../helpers';

const RULES_DIR = path.join(ROOT, 'server', 'src', 'engine', 'rules');
const ruleFiles = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));

describe('rule catalogue', () => {
  it('registers every rule file exactly once', () => {
    assert.deepEqual(allRules.map((r) => r.id).sort(), [...ruleFiles].sort());
  });

  it('has unique ids in kebab-case', () => {
    const ids = allRules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  for (const rule of allRules) {
    it(`${rule.id}: id equals its file name, has docs and fixtures`, () => {
      const src = fs.readFileSync(path.join(RULES_DIR, `${rule.id}.ts`), 'utf8');
      assert.ok(src.includes(`id: '${rule.id}'`), 'the id in the file equals the file name');
      const doc = path.join(ROOT, 'docs', 'rules', `${rule.id}.md`);
      assert.ok(fs.existsSync(doc), `docs/rules/${rule.id}.md exists`);
      assert.ok(fs.readFileSync(doc, 'utf8').startsWith(`# ${rule.id}`), 'the docs page starts with its id');
      for (const kind of ['valid', 'invalid']) {
        const dir = path.join(FIXTURES, rule.id, kind);
        const cases = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => !n.endsWith('.expected.json')) : [];
        assert.ok(cases.length > 0, `${rule.id} has ${kind} fixtures`);
      }
      assert.ok(rule.meta.description.length > 20, 'has a description');
    });
  }

  it('says in its docs page which languages it covers, as its metadata does', () => {
    for (const rule of allRules) {
      const languages = rule.meta.languages ?? [];
      assert.ok(languages.length > 0, `${rule.id} declares meta.languages`);
      const doc = fs.readFileSync(path.join(ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      const rows = doc.split('\n').filter((l) => l.startsWith('| Languages |'));
      assert.deepEqual(rows, [`| Languages | ${describeLanguages(languages)} |`], `docs/rules/${rule.id}.md (node scripts/update-rule-lists.mjs rewrites it)`);
    }
  });

  it('declares CDK Python wherever it declares CDK TypeScript (one reader maps both)', () => {
    for (const rule of allRules) {
      const languages = rule.meta.languages ?? [];
      assert.equal(languages.includes('cdk-python'), languages.includes('cdk-typescript'), rule.id);
    }
  });

  it('is listed in the README rule table', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const rule of allRules) assert.ok(readme.includes(`docs/rules/${rule.id}.md`), `README links ${rule.id}`);
  });
});

describe('engine boundary', () => {
  it('imports nothing from vscode or vscode-languageserver', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /from\s+['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*)['"]/.test(fs.readFileSync(p, 'utf8'))) offenders.push(path.relative(ROOT, p));
      }
    };
    walk(path.join(ROOT, 'server', 'src', 'engine'));
    assert.deepEqual(offenders, []);
  });
});
