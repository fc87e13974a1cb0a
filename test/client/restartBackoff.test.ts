// An exited Lease server starts again as often as it takes, after 1 s, 2 s, 4 s, … at most 30 s;
// a server that ran stably starts the count again. Meanwhile the Leases view's server row says so.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LeaseCache } from '../../src/client/leases/leaseCache';
import { RestartBackoff } from '../../src/client/restartBackoff';
import { treeId } from '../../src/client/tree/treeIds';
import { LeaseTreeModel } from '../../src/client/tree/treeModel';
import { contextState, kubeconfigState } from '../support/builders';

describe('restarting the Lease server', () => {
  test('waits 1 s, 2 s, 4 s, … at most 30 s, and never gives up', () => {
    const backoff = new RestartBackoff();
    let now = 0;
    const delays: number[] = [];
    for (let i = 0; i < 40; i++) {
      backoff.started(now);
      now += 500; // crashes half a second after each start
      const plan = backoff.exited(now);
      assert.equal(plan.attempt, i + 1);
      delays.push(plan.delayMs);
      now += plan.delayMs;
    }
    assert.deepEqual(delays.slice(0, 7), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    assert.ok(
      delays.every((d) => d <= 30_000),
      'capped at 30 s',
    );
    assert.equal(delays.length, 40, 'the 40th exit in a few minutes is restarted too');
  });

  test('a server that ran for a minute starts from 1 s again; so does Restart Lease Server', () => {
    const backoff = new RestartBackoff();
    backoff.started(0);
    assert.equal(backoff.exited(100).delayMs, 1000);
    backoff.started(1100);
    assert.equal(backoff.exited(1200).delayMs, 2000);
    backoff.started(3200);
    assert.equal(backoff.exited(3200 + 60_000).delayMs, 1000, 'a stable run resets the delay');
    backoff.exited(70_000);
    backoff.reset();
    assert.deepEqual(backoff.exited(80_000), { attempt: 1, delayMs: 1000 });
  });

  test('the server row says the server exited and when it starts again', () => {
    const cache = new LeaseCache();
    const tree = new LeaseTreeModel(cache, { nodeLeases: 'counted', expiringSeconds: 5 });
    cache.setServerStatus({ state: 'running' });
    cache.setKubeconfig(kubeconfigState([contextState('kind-demo', { current: true })]));
    assert.ok(!tree.children().includes(treeId.server), 'no server row while it runs');

    cache.setServerStatus({ state: 'restarting', attempt: 3, delayMs: 4000, message: 'restart 3 in 4 s' });
    const [first] = tree.children();
    assert.equal(first, treeId.server, 'the server row comes first');
    const row = tree.row(treeId.server, Date.now());
    assert.equal(row?.label, 'The Lease server exited; starting it again');
    assert.equal(row?.description, 'restart 3 in 4 s');
    assert.deepEqual(row?.icon, { id: 'sync~spin', color: 'list.warningForeground' });
    assert.deepEqual(row?.action, { kind: 'command', command: 'leaseLens.showOutput' }, 'a click shows the output');

    cache.setServerStatus({ state: 'running' });
    assert.ok(!tree.children().includes(treeId.server), 'gone once it runs again');
  });
});
