// The diagnostics publisher's queue, over a fake connection whose writes complete when the test says
// so: an edited document's quick answer goes out ahead of a large run's backlog, a newer list for a
// queued document replaces the older one, and each publish resolves once its messages are written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Finding } from '../../server/src/engine/rule';
import { DiagnosticsPublisher } from '../../server/src/lsp/diagnostics';
import { Folder } from '../../server/src/lsp/folder';

function fakeConnection() {
  const written: PublishDiagnosticsParams[] = [];
  const pending: (() => void)[] = [];
  const connection = {
    sendDiagnostics(p: PublishDiagnosticsParams): Promise<void> {
      written.push(p);
      return new Promise((resolve) => pending.push(resolve));
    },
  } as unknown as Connection;
  /** Completes the write in flight (the connection writes one message at a time). */
  const flushOne = async () => {
    pending.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { connection, written, flushOne, inFlight: () => pending.length };
}

const finding = (file: string, message: string): Finding => ({ ruleId: 'failover-without-health-check', severity: 'warning', message, file, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } });
const fileOf = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

describe('diagnostics publisher queue', () => {
  it('writes an edited document ahead of a large run, replaces queued lists, and resolves when written', async () => {
    const { connection, written, flushOne, inFlight } = fakeConnection();
    const publisher = new DiagnosticsPublisher(connection);
    const folder = new Folder('file:///ws', '/ws', true, { get: () => undefined });
    const files = Array.from({ length: 1000 }, (_, i) => `t${String(i).padStart(4, '0')}.yaml`);
    let runDone = false;
    const run = publisher.publish(folder, files.map((f) => finding(f, `first ${f}`))).then(() => (runDone = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(inFlight(), 1, 'one message at a time');
    assert.equal(fileOf(written[0].uri), 't0000.yaml');

    // A queued document gets a newer list before its turn: only the newer one is written.
    void publisher.publish(folder, [...files.slice(0, 999).map((f) => finding(f, `first ${f}`)), finding('t0999.yaml', 'second')]);
    // The edited document's quick answer.
    let quickDone = false;
    const quick = publisher.publishFile(folder, 'open.yaml', [finding('open.yaml', 'quick')]).then(() => (quickDone = true));
    await flushOne();
    assert.equal(fileOf(written[1].uri), 'open.yaml', 'the quick answer is written next, ahead of 999 queued files');
    assert.equal(quickDone, false, 'not resolved before its write completes');
    await flushOne();
    await quick;
    assert.equal(quickDone, true);
    assert.equal(runDone, false, 'the run is still being written');
    while (inFlight()) await flushOne();
    await run;
    assert.equal(runDone, true);
    const uris = written.map((p) => fileOf(p.uri));
    assert.equal(uris.length, 1001, 'every file once, plus the quick answer');
    assert.equal(new Set(uris).size, 1001);
    const last = written.find((p) => fileOf(p.uri) === 't0999.yaml')!;
    assert.deepEqual(last.diagnostics.map((d) => d.message), ['second'], 'the newer list replaced the queued one');
  });

  it('leaves the files edited during a run to the next run', async () => {
    const { connection, written, flushOne, inFlight } = fakeConnection();
    const publisher = new DiagnosticsPublisher(connection);
    const folder = new Folder('file:///ws', '/ws', true, { get: () => undefined });
    const first = publisher.publish(folder, [finding('a.yaml', 'a1'), finding('b.yaml', 'b1')]);
    while (inFlight()) await flushOne();
    await first;
    const n = written.length;
    const second = publisher.publish(folder, [finding('a.yaml', 'a2')], new Set(['b.yaml']));
    while (inFlight()) await flushOne();
    await second;
    assert.deepEqual(written.slice(n).map((p) => [fileOf(p.uri), p.diagnostics.map((d) => d.message)]), [['a.yaml', ['a2']]], 'b.yaml is neither cleared nor rewritten');
    const third = publisher.publish(folder, [finding('a.yaml', 'a2')]);
    while (inFlight()) await flushOne();
    await third;
    assert.deepEqual(written.slice(n + 1).map((p) => [fileOf(p.uri), p.diagnostics.length]), [['b.yaml', 0]], 'the next run clears it');
  });
});
