// The server started as VS Code starts it (node IPC), on a workspace large enough that the initial
// scan is still running when the editor opens a document: the open document wins over the disk.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { AFTER_FAILOVER, HEALTH_CHECK_LINE, lonePrimary, loneSecondary, PRIMARY_NO_CHECK } from './fixtures';
import { LspClient, tempWorkspace } from './harness';

const TEMPLATES = 300;
const RULE = 'failover-without-health-check';

describe('workspace scan over node IPC', () => {
  let root: string;
  let client: LspClient;

  before(async () => {
    const files: Record<string, string> = { 'app/primary.yaml': PRIMARY_NO_CHECK };
    for (let i = 0; i < TEMPLATES; i++) {
      files[`stacks/s${i}/east.yaml`] = lonePrimary(`s${i}.example.com.`);
      files[`stacks/s${i}/west.yaml`] = loneSecondary(`s${i}.example.com.`);
    }
    root = tempWorkspace(files);
    client = await LspClient.start(root, { debounceMs: 50 }, 'ipc');
  });

  after(async () => {
    const code = await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(code, 0);
    assert.deepEqual(client.errorLogs(), []);
  });

  it('lets the editor text win over the disk even while the scan runs', async () => {
    // Sent right after `initialized`: the scan of 601 files has just begun.
    const fixed = PRIMARY_NO_CHECK.split('\n');
    fixed.splice(AFTER_FAILOVER.line, 0, HEALTH_CHECK_LINE.trimEnd());
    client.open('app/primary.yaml', fixed.join('\n'));
    const done = await client.nextSummary(0, (s) => !s.scanning);
    assert.equal(done.files, 2 * TEMPLATES + 1);
    assert.equal(done.errors, 0, 'the open document, not the flawed disk copy, was analysed');
    const progress = client.progress.filter((p) => p.kind === 'report').map((p) => p.percentage ?? 0);
    assert.ok(progress.length > 1 && progress.every((p, i) => i === 0 || p >= progress[i - 1]), 'progress only moves forward');
    assert.ok(!client.diagnosticsOf('app/primary.yaml').some((d) => d.code === RULE));
  });

  it('falls back to the disk when the document closes', async () => {
    client.close('app/primary.yaml');
    await client.waitFor('the disk copy\'s finding', () => client.diagnosticsOf('app/primary.yaml').some((d) => d.code === RULE));
  });
});
