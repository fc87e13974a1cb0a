// Holder-change notifications as VS Code's guidelines ask: at most one per Lease a minute, the
// changes in between summed up in one; muted Leases never told. The policy runs on a test clock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { holderChangeSummary, type HolderChange } from '../../src/client/follow/holderChange';
import { HolderChangePolicy, holderChangeIntervalMs } from '../../src/client/follow/holderChangePolicy';

const key = 'kind-demo/kube-system/kube-scheduler';
const otherKey = 'kind-demo/apps/operator';

const uuid = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';

/** A change to `current` (a hostname; client-go's identity is `<hostname>_<uuid>`). */
function change(current: string, previous = 'cp-node-1', lease = key): HolderChange {
  const [, namespace = '', name = ''] = lease.split('/');
  return { key: lease, namespace, name, previous: `${previous}_${uuid}`, current: `${current}_${uuid}` };
}

/** A clock the test moves. */
function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('holder change notifications', () => {
  test('a flapping Lease is told once a minute; the changes in between come as one summary', () => {
    const time = clock();
    const policy = new HolderChangePolicy(time.now);
    const first = policy.changed(change('cp-node-2'));
    assert.deepEqual(first, { change: change('cp-node-2'), count: 1 }, 'the first change is told at once');
    for (const [i, holder] of ['cp-node-3', 'cp-node-1', 'cp-node-2'].entries()) {
      time.advance(5_000);
      assert.equal(policy.changed(change(holder)), undefined, `change ${i + 2} within the minute is held`);
    }
    const due = policy.summaryDue(key);
    assert.equal(due, 1_000_000 + holderChangeIntervalMs, 'the summary is due a minute after the notification');
    time.advance(due! - time.now() - 1);
    assert.equal(policy.summary(key), undefined, 'not before it is due');
    time.advance(1);
    const summary = policy.summary(key);
    assert.deepEqual(summary, { change: change('cp-node-2'), count: 3 });
    assert.equal(
      holderChangeSummary(summary.change, summary.count),
      'kube-system/kube-scheduler changed holder 3 times in the last minute; cp-node-2 leads now',
    );
    assert.equal(policy.summary(key), undefined, 'told once');
    assert.equal(policy.summaryDue(key), undefined, 'nothing held any more');

    // The summary counts as the minute's notification: the next change waits for the next minute.
    time.advance(10_000);
    assert.equal(policy.changed(change('cp-node-3')), undefined);
    time.advance(holderChangeIntervalMs);
    assert.deepEqual(policy.changed(change('cp-node-1')), { change: change('cp-node-1'), count: 2 }, 'a late change carries the held one');
  });

  test('each Lease has its own minute', () => {
    const time = clock();
    const policy = new HolderChangePolicy(time.now);
    assert.ok(policy.changed(change('a')));
    assert.ok(policy.changed(change('b', 'x', otherKey)), 'another Lease is told in the same minute');
    assert.equal(policy.changed(change('a')), undefined);
  });

  test('"Don\'t Show Again for This Lease" mutes that Lease only, and is what gets remembered', () => {
    const time = clock();
    const policy = new HolderChangePolicy(time.now);
    assert.ok(policy.changed(change('a')));
    time.advance(1_000);
    assert.equal(policy.changed(change('a')), undefined);
    assert.deepEqual(policy.mute(key), [key], 'the muted Leases to remember');
    time.advance(holderChangeIntervalMs);
    assert.equal(policy.summary(key), undefined, 'the held summary is dropped');
    assert.equal(policy.changed(change('a')), undefined, 'muted');
    assert.ok(policy.changed(change('b', 'x', otherKey)), 'other Leases are still told');

    // Remembered across windows: a new policy built from the remembered list.
    const restored = new HolderChangePolicy(time.now, [key]);
    assert.equal(restored.changed(change('a')), undefined);
    assert.ok(restored.isMuted(key));
  });

  test('an unfollowed Lease is forgotten: nothing held for it is told', () => {
    const time = clock();
    const policy = new HolderChangePolicy(time.now);
    assert.ok(policy.changed(change('a')));
    assert.equal(policy.changed(change('a')), undefined);
    policy.forget(key);
    time.advance(holderChangeIntervalMs);
    assert.equal(policy.summary(key), undefined);
    assert.ok(policy.changed(change('a')), 'followed again later: told at once');
  });

  test('summary words: one change reads as a single notification; a release says no one leads', () => {
    assert.equal(holderChangeSummary(change('cp-node-2'), 1), 'kube-system/kube-scheduler: cp-node-2 now leads (was cp-node-1)');
    const released: HolderChange = { key, namespace: 'kube-system', name: 'kube-scheduler', previous: `cp-node-2_${uuid}` };
    assert.equal(
      holderChangeSummary(released, 4),
      'kube-system/kube-scheduler changed holder 4 times in the last minute; no one leads now',
    );
  });
});
