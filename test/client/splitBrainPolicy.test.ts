import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SplitBrainPolicy, splitBrainIntervalMs } from '../../src/client/follow/splitBrainPolicy';
import { splitBrainMessage } from '../../src/client/follow/splitBrainMessage';
import type { SplitBrainState } from '../../src/shared/splitBrain';

const a = 'prod/kube-system/kube-scheduler';
const b = 'prod/demo/zombie-controller';
const c = 'prod/payments/operator';

function clock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('SplitBrainPolicy', () => {
  test('tells once per alarm; again only after it went down and came back', () => {
    const c0 = clock();
    const p = new SplitBrainPolicy(c0.now);
    assert.deepEqual(p.alarmChanged(a, true), { keys: [a] });
    assert.equal(p.alarmChanged(a, true), undefined, 'still up: not again');
    c0.advance(splitBrainIntervalMs);
    assert.equal(p.alarmChanged(a, true), undefined);
    assert.equal(p.alarmChanged(a, false), undefined);
    assert.equal(p.isAlarmed(a), false);
    assert.deepEqual(p.alarmChanged(a, true), { keys: [a] }, 'a new alarm is told');
  });

  test('at most one notification per interval; the rest summed up when it is over, without Leases that calmed down', () => {
    const c0 = clock();
    const p = new SplitBrainPolicy(c0.now);
    assert.deepEqual(p.alarmChanged(a, true), { keys: [a] });
    c0.advance(1_000);
    assert.equal(p.alarmChanged(b, true), undefined);
    assert.equal(p.alarmChanged(c, true), undefined);
    assert.equal(p.summaryDue(), 1_000_000 + splitBrainIntervalMs);
    assert.equal(p.summary(), undefined, 'not due yet');
    p.alarmChanged(c, false);
    c0.advance(splitBrainIntervalMs);
    assert.deepEqual(p.summary(), { keys: [b] });
    assert.equal(p.summaryDue(), undefined);
    assert.equal(p.summary(), undefined);
  });

  test('an unfollowed Lease is forgotten', () => {
    const c0 = clock();
    const p = new SplitBrainPolicy(c0.now);
    p.alarmChanged(a, true);
    p.alarmChanged(b, true);
    p.forget(b);
    c0.advance(splitBrainIntervalMs);
    assert.equal(p.summary(), undefined);
    assert.deepEqual(p.alarmChanged(b, true), { keys: [b] });
  });
});

describe('splitBrainMessage', () => {
  const state: SplitBrainState = {
    alarm: true,
    retryPeriodMs: 2000,
    evidence: [
      {
        kind: 'metrics-two-leaders',
        pods: ['x', 'y'],
        since: 0,
        detail: 'leader_election_master_status is 1 on 2 pods: [x](command:evil), y',
      },
    ],
  };

  test('one Lease: names it and what the alarm rests on, with no link a notification could make', () => {
    const text = splitBrainMessage({ keys: [b] }, () => state);
    assert.match(text, /split brain in demo\/zombie-controller in context prod/);
    assert.match(text, /leader_election_master_status is 1 on 2 pods/);
    assert.doesNotMatch(text, /\]\(/);
  });

  test('several: a summary', () => {
    assert.match(
      splitBrainMessage({ keys: [a, b] }, () => undefined),
      /split brain in 2 Leases: kube-system\/kube-scheduler/,
    );
  });
});

describe('the tree row of a Lease whose split-brain alarm is up', () => {
  test('says "split brain" first and shows the error icon', async () => {
    const { healthDescription, healthIcon } = await import('../../src/client/health/healthDecoration');
    const look = { flags: ['flapping', 'split-brain'] as const };
    assert.equal(
      healthDescription('cp-node-2 · ≤15s', 'cp-node-2', { flags: [...look.flags] }),
      'cp-node-2 · ≤15s · split brain, flapping',
    );
    assert.deepEqual(healthIcon({ id: 'pass' }, { flags: [...look.flags] }), { id: 'warning', color: 'errorForeground' });
  });
});
