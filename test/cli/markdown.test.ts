// The Markdown report and its Mermaid diagram. Template text (record names, descriptions) can hold
// anything, so hostile strings must come out as text and never as diagram or table structure.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { escapeLabel, toMermaid } from '../../server/src/engine/mermaid';
import { docsUrl } from '../../server/src/engine/rule';
import { mdText } from '../../server/src/report/markdown';
import { analyzeDocs } from '../helpers';
import { removeTemps, RULE, runCli, tempFolder, UNCHECKED_FAILOVER } from './run';

const GLOBAL_TABLE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Orders:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
      Replicas: [{ Region: us-east-1 }, { Region: eu-west-1 }]
`;

after(removeTemps);

const HOSTILE = [
  '"]; end; subgraph evil["',
  '<script>alert(1)</script>',
  'a & b < c > d',
  'line one\nline two\r\nline three',
  'end',
  'click n0 call alert()',
  '%%{init: {"theme": "dark"}}%%',
  '```mermaid',
  '#quot; #60; [(x)] {y} |z| `w`',
  'ünïcødé 🚀',
];

/** Entity-coded label text: letters, digits, space, `.,:/_-` and `#<code>;` only. */
const SAFE = String.raw`(?:[A-Za-z0-9 .,:/_-]|#\d+;)*`;
const OPEN = String.raw`(?:\{\{|\(\(|\[/|>|\[\(|\[\\|\(\[|\[\[|\[|\()`;
const CLOSE = String.raw`(?:\}\}|\)\)|\\\]|/\]|\)\]|\]\)|\]\]|\]|\))`;
const ID = String.raw`(?:n\d+|g\d+|cg\d+|cs\d+g\d+)`;
/** Every line the Mermaid writer may produce; anything else would be structure from template text. */
const GRAMMAR = [
  /^flowchart (LR|TB)$/,
  /^  classDef (error|warning|replica) [a-z:#0-9,. -]+$/,
  new RegExp(String.raw`^  subgraph g\d+\["${SAFE}"\]$`),
  new RegExp(String.raw`^ {2,4}${ID}${OPEN}"${SAFE}(<br/>${SAFE})*"${CLOSE}$`),
  /^  end$/,
  new RegExp(String.raw`^  more\["${SAFE}"\]$`),
  new RegExp(String.raw`^  ${ID} (-->|-\.->|--o|==>|-\.-)\|"${SAFE}"\| ${ID}$`),
  new RegExp(String.raw`^  class ${ID}(,${ID})* (error|warning|replica)$`),
];

function assertGrammar(diagram: string): void {
  for (const line of diagram.trimEnd().split('\n')) assert.ok(GRAMMAR.some((re) => re.test(line)), `unexpected Mermaid line: ${line}`);
}

const decode = (label: string) => label.replace(/#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)));

describe('escapeLabel', () => {
  for (const text of HOSTILE) {
    it(`keeps ${JSON.stringify(text)} as text`, () => {
      const label = escapeLabel(text);
      assert.match(label, new RegExp(`^${SAFE}$`));
      assert.equal(decode(label), text.replace(/\r\n|\n/g, ' '), 'decodes back to the text');
    });
  }
});

describe('toMermaid on hostile names', () => {
  it('draws regions as subgraphs and resources as shaped nodes, with every label escaped', async () => {
    const hostile = UNCHECKED_FAILOVER.replace('Name: api.example.com.', `Name: ${JSON.stringify(HOSTILE.join(' | '))}`);
    const { model, findings } = await analyzeDocs({ 'dns.yaml': hostile, 'table.yaml': GLOBAL_TABLE });
    for (const options of [{}, { direction: 'TB' as const, maxNodes: 2 }, { collapsedGroups: ['g0'] }, { kinds: ['table'] }]) {
      const diagram = toMermaid(model, options, findings);
      assertGrammar(diagram);
      const labels = [...diagram.matchAll(/"([^"]*)"/g)].map((m) => m[1].replace(/<br\/>/g, ''));
      assert.ok(labels.length >= 2 && labels.every((l) => !/[<>&[\]"`%]/.test(l)), 'no raw HTML, brackets or directives inside labels');
    }
    const full = toMermaid(model, {}, findings);
    assert.match(full, /\{\{"PrimaryRecord<br\/>Route53 RecordSet<br\/>#34;#93;#59; end#59; subgraph evil#91;#34; #124; #60;script#62;/);
    assert.match(full, /class n\d+ error/);
    assert.match(full, /replica/);
    assert.ok(!/^\s*click\b/m.test(full), 'no click directive');
  });
});

describe('Markdown format', () => {
  it('has a heading, a findings table with docs links, the DR summary and a Mermaid flowchart', async () => {
    const hostile = UNCHECKED_FAILOVER.replace('Name: api.example.com.', `Name: ${JSON.stringify(HOSTILE.join(' | '))}`);
    const ws = tempFolder({ 'dns.yaml': hostile, 'multi-region-review.json': JSON.stringify({ objectives: { rto: '5m' } }) });
    const { code, stdout, stderr } = await runCli(['--format', 'markdown', '--summary'], ws);
    assert.equal(code, 1, stderr);
    assert.match(stdout, /^# Multi-Region Review\n/);
    const lines = stdout.split('\n');
    const header = lines.indexOf('| Severity | Rule | Location | Message |');
    assert.ok(header > 0);
    const rows = lines.slice(header + 2, lines.indexOf('', header));
    const mine = rows.find((r) => r.includes(`[${mdText(RULE)}](${docsUrl(RULE)})`));
    assert.ok(mine, 'the rule links to its docs');
    assert.ok(mine.includes('| dns.yaml:11 |'));
    for (const row of rows) assert.equal(row.replace(/\\\|/g, '').split('|').length, 6, `five cell borders: ${row}`);
    for (const row of lines.filter((l) => l.startsWith('| ') && !rows.includes(l))) assert.ok(!/<script|<img/.test(row), `escaped: ${row}`);
    assert.ok(!/<script>/.test(stdout), 'no raw HTML from the template');
    assert.match(stdout, /## Disaster recovery\n\n\*\*Tier: (Single region|Backup and restore|Pilot light|Warm standby|Multi-site active-active)\.\*\*/);
    assert.match(stdout, /\| RTO \| unbounded \| 5 min \| \*\*not met\*\*: /);
    assert.match(stdout, /### Evidence\n\n- \[dns\.yaml:\d+\]\(dns\.yaml#L\d+\) /, 'evidence links to its source');
    assert.match(stdout, /### RTO: unbounded\n\nRTO is the slowest step/);
    assert.match(stdout, /Weakest link: There is no second region to move to/);
    assert.match(stdout, /- \[dns\.yaml:4\]\(dns\.yaml#L4\) "\\\]; end; subgraph evil\\\[" \\\| &lt;script&gt;/, 'evidence text is escaped');
    assert.match(stdout, /### Cost: about /);
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(stdout);
    assert.ok(block, 'has a mermaid block');
    assertGrammar(block[1]);
    assert.match(stdout, /## Summary\n\n- Findings: /);
  });

  it('escapes table text', () => {
    assert.equal(mdText('a|b <i>c</i> & `d`\n[e](f)'), 'a\\|b &lt;i&gt;c&lt;/i&gt; &amp; \\`d\\`<br>\\[e\\](f)');
  });
});
