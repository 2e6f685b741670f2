// The Markdown report and its Mermaid diagram. Template text (record names, descriptions) can hold
// anything, so hostile strings must come out as text and never as diagram or table structure.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { escapeLabel, type MermaidModel, toMermaid } from '../../server/src/engine/mermaid';
import type { RegionRef, Resource } from '../../server/src/engine/model';
import { docsUrl } from '../../server/src/engine/rule';
import { mdText } from '../../server/src/report/markdown';
import { removeTemps, RULE, runCli, tempFolder, UNCHECKED_FAILOVER } from './run';

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
const GRAMMAR = [
  /^flowchart (LR|TB)$/,
  new RegExp(String.raw`^  subgraph g\d+\["${SAFE}"\]$`),
  new RegExp(String.raw`^    n\d+\["${SAFE}(<br/>${SAFE})*"\]$`),
  new RegExp(String.raw`^    r\d+\(\["${SAFE}"\]\)$`),
  /^  end$/,
  new RegExp(String.raw`^  more\["${SAFE}"\]$`),
  new RegExp(String.raw`^  [nr]\d+ (-->|-\.->|--o|==>)\|"${SAFE}"\| [nr]\d+$`),
];

function assertGrammar(diagram: string): void {
  for (const line of diagram.trimEnd().split('\n')) assert.ok(GRAMMAR.some((re) => re.test(line)), `unexpected Mermaid line: ${line}`);
}

const decode = (label: string) => label.replace(/#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)));

function resource(logicalId: string, region: RegionRef, name?: string): Resource {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  return { id: `t.yaml#${logicalId}`, file: 't.yaml', logicalId, type: 'AWS::Route53::RecordSet', properties: name === undefined ? {} : { Name: name }, attributes: {}, propertiesPath: [], range, region, source: 'cloudformation' };
}

describe('escapeLabel', () => {
  for (const text of HOSTILE) {
    it(`keeps ${JSON.stringify(text)} as text`, () => {
      const label = escapeLabel(text);
      assert.match(label, new RegExp(`^${SAFE}$`));
      assert.equal(decode(label), text.replace(/\r\n|\n/g, ' '), 'decodes back to the text');
    });
  }
});

describe('toMermaid', () => {
  const model: MermaidModel = {
    regions: ['eu-west-1', 'us-east-1'],
    resources: [
      resource('Primary', { kind: 'known', region: 'us-east-1' }, HOSTILE[0]),
      resource('Secondary', { kind: 'known', region: 'eu-west-1' }, HOSTILE[1]),
      resource('Shared', { kind: 'per-deployment', regions: ['us-east-1', 'eu-west-1'] }, HOSTILE.join(' ')),
      resource('Loose', { kind: 'unknown' }),
    ],
    edges: [
      { kind: 'routes-to', from: 't.yaml#Primary', to: 't.yaml#Secondary', label: HOSTILE[2] },
      { kind: 'replicates-to', from: 't.yaml#Shared', to: 'region:ap-south-1', label: 'async' },
      { kind: 'health-checked-by', from: 't.yaml#Loose', to: 't.yaml#Primary' },
      { kind: 'writes', from: 't.yaml#Loose', to: 't.yaml#Missing' },
    ],
  };

  it('draws regions as subgraphs and resources as nodes, with every label escaped', () => {
    const diagram = toMermaid(model);
    assertGrammar(diagram);
    assert.match(diagram, /subgraph g\d+\["us-east-1"\]\n {4}n0\["Primary<br\/>AWS::Route53::RecordSet<br\/>#34;#93;#59; end#59; subgraph evil#91;#34;"\]/);
    assert.match(diagram, /subgraph g\d+\["each of us-east-1, eu-west-1"\]/);
    assert.match(diagram, /subgraph g\d+\["region not known"\]/);
    assert.match(diagram, /subgraph g\d+\["ap-south-1"\]\n {4}r0\(\["ap-south-1"\]\)/, 'a replica region gets a node');
    assert.match(diagram, /n2 -\.->\|"replicates-to: async"\| r0/);
    assert.match(diagram, /n3 --o\|"health-checked-by"\| n0/);
    assert.ok(!diagram.includes('#Missing'), 'an edge to an unknown node is left out');
    const labels = [...diagram.matchAll(/"([^"]*)"/g)].map((m) => m[1].replace(/<br\/>/g, ''));
    assert.ok(labels.length >= 10 && labels.every((l) => !/[<>&[\]]/.test(l)), 'no raw HTML or brackets inside labels');
  });

  it('keeps connected resources first when it has to leave some out', () => {
    const diagram = toMermaid(model, { maxNodes: 2, direction: 'TB' });
    assertGrammar(diagram);
    assert.match(diagram, /more\["#8230; 2 more resources not shown"\]/);
    assert.ok(diagram.includes('Primary<br/>') && diagram.includes('Secondary<br/>'));
  });
});

describe('Markdown format', () => {
  it('has a heading, a findings table with docs links, and a Mermaid flowchart', async () => {
    const hostile = UNCHECKED_FAILOVER.replace('Name: api.example.com.', `Name: ${JSON.stringify(HOSTILE.join(' | '))}`);
    const ws = tempFolder({ 'dns.yaml': hostile });
    const { code, stdout } = await runCli(['--format', 'markdown', '--summary'], ws);
    assert.equal(code, 1);
    assert.match(stdout, /^# Multi-Region Review\n/);
    const rows = stdout.split('\n').filter((l) => l.startsWith('| '));
    assert.equal(rows[0], '| Severity | Rule | Location | Message |');
    const mine = rows.find((r) => r.includes(`[${mdText(RULE)}](${docsUrl(RULE)})`));
    assert.ok(mine, 'the rule links to its docs');
    assert.ok(mine.includes('| dns.yaml:11 |'));
    for (const row of rows) assert.equal(row.replace(/\\\|/g, '').split('|').length, 6, `five cell borders: ${row}`);
    assert.ok(!/<script>/.test(stdout), 'no raw HTML from the template');
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(stdout);
    assert.ok(block, 'has a mermaid block');
    assertGrammar(block[1]);
    assert.match(stdout, /## Summary\n\n- Findings: /);
  });

  it('escapes table text', () => {
    assert.equal(mdText('a|b <i>c</i> & `d`\n[e](f)'), 'a\\|b &lt;i&gt;c&lt;/i&gt; &amp; \\`d\\`<br>\\[e\\](f)');
  });
});
