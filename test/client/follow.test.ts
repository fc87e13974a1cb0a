// Following a Lease on the host: merging updates, noticing holder changes, the status bar text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectHolderChange, holderChangeMessage } from '../../src/client/follow/holderChange';
import { appendLogLines, emptyFollowSnapshot, mergeFollowUpdate } from '../../src/core/followMerge';
import { followStatusText } from '../../src/client/statusBar/followStatusText';
import type { FollowSnapshot, LogLine } from '../../src/shared/types';
import { at, leaseInfo, schedulerRenew } from '../support/builders';
import { logLine } from '../support/followSnapshots';

const key = 'kind-demo/kube-system/kube-scheduler';

function line(seq: number, text = `line ${seq}`): LogLine {
  return logLine(text, { seq, pod: 'kube-scheduler-cp-node-2', container: 'kube-scheduler', time: schedulerRenew + seq });
}

function snapshot(patch: Partial<FollowSnapshot> = {}): FollowSnapshot {
  return {
    ...emptyFollowSnapshot(key),
    podResolution: 'found',
    lease: leaseInfo(
      {
        holderIdentity: 'cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21',
        leaseDurationSeconds: 15,
        renewTime: '2026-11-21T00:41:17.924123Z',
        leaseTransitions: 7,
      },
      schedulerRenew,
      { context: 'kind-demo', namespace: 'kube-system', name: 'kube-scheduler' },
    ),
    ...patch,
  };
}

describe('merging follow updates', () => {
  test('absent fields keep their values; present ones replace', () => {
    const base = snapshot({ eventsMessage: 'events forbidden', podMessage: 'x' });
    // JSON drops undefined on its way over IPC, so the server clears a message by sending ''.
    const { snapshot: next } = mergeFollowUpdate(base, { key, podResolution: 'resolving', eventsMessage: '' }, 100);
    assert.equal(next.podResolution, 'resolving');
    assert.equal(next.eventsMessage, undefined, "'' clears the message");
    assert.equal(next.podMessage, 'x', 'absent: unchanged');
    assert.equal(next.lease, base.lease);
    assert.notEqual(next, base, 'the held snapshot is not mutated');
    assert.equal(base.podResolution, 'found');
  });

  test('log lines append once by seq and the buffer keeps the newest', () => {
    const base = snapshot({ logs: [line(1), line(2)] });
    const { snapshot: next, trimmed } = mergeFollowUpdate(base, { key, logs: [line(2), line(3), line(4)] }, 3);
    assert.deepEqual(
      next.logs.map((l) => l.seq),
      [2, 3, 4],
    );
    assert.equal(trimmed, 1);
    assert.deepEqual(appendLogLines([], [line(5)], 0), { logs: [], trimmed: 1 });
  });
});

describe('holder changes', () => {
  const before = snapshot().lease!;
  const after = {
    ...before,
    spec: {
      ...before.spec,
      holderIdentity: 'cp-node-3_9b1d2c3e-0000-4c55-a0a1-6d2e8e3f4b21',
      acquireTime: '2026-11-21T00:41:22.124123Z',
      renewTime: '2026-11-21T00:41:22.124123Z',
      leaseTransitions: 8,
    },
  };

  test('a new holder with the failover gap', () => {
    const change = detectHolderChange(before, after);
    assert.ok(change);
    assert.equal(Math.round(change.gapMs ?? 0), 4200);
    assert.equal(holderChangeMessage(change), 'kube-system/kube-scheduler: cp-node-3 now leads (was cp-node-2), failover gap 4.2s');
  });

  test('a renewal is no change', () => {
    const renewed = { ...before, spec: { ...before.spec, renewTime: '2026-11-21T00:41:19.924123Z' } };
    assert.equal(detectHolderChange(before, renewed), undefined);
  });

  test('a release, a takeover after a release, and a re-election of the same holder', () => {
    const released = { ...before, spec: { ...before.spec, holderIdentity: '' } };
    assert.equal(
      holderChangeMessage(detectHolderChange(before, released)!),
      'kube-system/kube-scheduler: cp-node-2 released the lease; no one leads now',
    );
    assert.match(holderChangeMessage(detectHolderChange(released, after)!), /cp-node-3 now leads \(after a release\)/);
    const again = { ...before, spec: { ...before.spec, leaseTransitions: 8 } };
    assert.match(holderChangeMessage(detectHolderChange(before, again)!), /cp-node-2 now leads \(again/);
  });

  test('a hostile identity cannot become a link in the notification', () => {
    const hostile = { ...after, spec: { ...after.spec, holderIdentity: '[click](command:workbench.action.quit)\nx' } };
    const message = holderChangeMessage(detectHolderChange(before, hostile)!);
    assert.ok(!message.includes(']('));
    assert.ok(!message.includes('\n'));
  });
});

describe('status bar text', () => {
  const held = snapshot().lease!;

  test('holder and time left, ticking locally', () => {
    const now = schedulerRenew + 3000;
    assert.deepEqual(followStatusText(key, held, false, now, 5), {
      text: '$(eye) cp-node-2 · 12s',
      tooltip: 'kube-system/kube-scheduler in context kind-demo: held by cp-node-2 (12s). Click to show the Lease panel.',
      severity: 'normal',
      state: 'held',
      summary: 'kube-system/kube-scheduler in context kind-demo: held by cp-node-2 (12s).',
    });
    assert.equal(followStatusText(key, held, false, now + 1000, 5).text, '$(eye) cp-node-2 · 11s');
  });

  test('warning while expiring, error once expired or deleted', () => {
    assert.equal(followStatusText(key, held, false, schedulerRenew + 12_000, 5).severity, 'warning');
    assert.equal(followStatusText(key, held, false, schedulerRenew + 16_000, 5).severity, 'error');
    assert.equal(followStatusText(key, held, false, schedulerRenew + 16_000, 5).text, '$(eye) cp-node-2 · expired 1s ago');
    assert.equal(followStatusText(key, held, true, schedulerRenew, 5).severity, 'error');
    assert.equal(followStatusText(key, undefined, false, schedulerRenew, 5).text, '$(eye) kube-scheduler · loading…');
  });

  test('released, and icon syntax in a holder shows literally', () => {
    const released = { ...held, spec: { ...held.spec, holderIdentity: '' } };
    assert.equal(followStatusText(key, released, false, schedulerRenew, 5).text, '$(eye) kube-scheduler · released');
    const iconic = { ...held, spec: { ...held.spec, holderIdentity: '$(bug)' } };
    assert.equal(followStatusText(key, iconic, false, at('2026-11-21T00:41:18.924123Z'), 5).text, '$(eye) \\$(bug) · 14s');
  });
});
