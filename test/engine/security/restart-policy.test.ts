// The crash-restart bound of the VS Code client (client/src/restartPolicy.ts): restarts are counted within a
// sliding window, the message names the exit and the attempt, and past the bound the client stops retrying
// until the user restarts the server by hand.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type * as Policy from '../../../client/src/restartPolicy';
import { ROOT } from '../../helpers';

// The client compiles to out/client (its own rootDir), so load it from there.
const { RestartPolicy, describeExit } = require(path.join(ROOT, 'out', 'client', 'restartPolicy.js')) as typeof Policy;

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('restart policy', () => {
  it('restarts up to the bound within the window, then gives up with the Restart Server hint', () => {
    const c = clock();
    const p = new RestartPolicy(5, 180_000, c.now);
    for (let i = 1; i <= 5; i++) {
      const d = p.onCrash({ code: 1, signal: null });
      assert.equal(d.restart, true, `crash ${i} restarts`);
      assert.equal(d.attempt, i);
      assert.equal(d.message, `Multi-Region Review server stopped unexpectedly (exit code 1); restarting (${i}/5).`);
      c.advance(10_000);
    }
    const last = p.onCrash({ code: null, signal: 'SIGKILL' });
    assert.equal(last.restart, false);
    assert.equal(last.attempt, 6);
    assert.match(last.message, /stopped 6 times in 3 minutes \(last: signal SIGKILL\) and will not be restarted/);
    assert.match(last.message, /Run 'Multi-Region Review: Restart Server'/);
  });

  it('forgets crashes older than the window', () => {
    const c = clock();
    const p = new RestartPolicy(2, 60_000, c.now);
    assert.equal(p.onCrash({ code: 1, signal: null }).restart, true);
    assert.equal(p.onCrash({ code: 1, signal: null }).restart, true);
    c.advance(60_000);
    const d = p.onCrash({ code: 1, signal: null });
    assert.equal(d.restart, true, 'the first two crashes left the window');
    assert.equal(d.attempt, 1);
    assert.equal(p.onCrash({ code: 1, signal: null }).restart, true);
    assert.equal(p.onCrash({ code: 1, signal: null }).restart, false, 'three inside one minute exceed the bound of 2');
  });

  it('a manual restart resets the count', () => {
    const c = clock();
    const p = new RestartPolicy(1, 60_000, c.now);
    p.onCrash({ code: 1, signal: null });
    assert.equal(p.onCrash({ code: 1, signal: null }).restart, false);
    p.reset();
    assert.equal(p.recentCrashes, 0);
    assert.equal(p.onCrash({ code: 1, signal: null }).restart, true);
  });

  it('a bound of zero never restarts; bad bounds are refused', () => {
    assert.equal(new RestartPolicy(0).onCrash({ code: 3, signal: null }).restart, false);
    assert.throws(() => new RestartPolicy(-1), RangeError);
    assert.throws(() => new RestartPolicy(1.5), RangeError);
    assert.throws(() => new RestartPolicy(1, 0), RangeError);
  });

  it('names how the process ended', () => {
    assert.equal(describeExit({ code: 0, signal: null }), 'exit code 0');
    assert.equal(describeExit({ code: null, signal: 'SIGTERM' }), 'signal SIGTERM');
    assert.equal(describeExit({ code: null, signal: null }), 'connection closed');
  });
});
