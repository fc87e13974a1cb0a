// The status bar item and leadership health: the count of flapping Leases (alone when nothing is
// followed, a click then shows the Health view), and "unknown since" for a followed Lease whose
// context lost its connection — in the text, the tooltip and what a screen reader says.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clockTime } from '../../src/client/health/healthDecoration';
import { followStatusSummary, type FollowedLease } from '../../src/client/statusBar/followStatusSummary';
import { leaseInfo, schedulerRenew } from '../support/builders';

const uuid = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';

function followed(name: string, patch: Partial<FollowedLease> = {}): FollowedLease {
  const lease = leaseInfo(
    { holderIdentity: `cp-node-2_${uuid}`, leaseDurationSeconds: 15, renewTime: '2026-11-21T00:41:17.924123Z' },
    schedulerRenew,
    { context: 'kind-demo', namespace: 'kube-system', name },
  );
  return { key: `kind-demo/kube-system/${name}`, lease, deleted: false, ...patch };
}

describe('the status bar and leadership health', () => {
  test('nothing followed, nothing flapping: no item', () => {
    assert.equal(followStatusSummary([], schedulerRenew, 5, 0), undefined);
  });

  test('nothing followed, Leases flapping: the count alone, a warning, the Health view on click', () => {
    const summary = followStatusSummary([], schedulerRenew, 5, 2);
    assert.ok(summary);
    assert.equal(summary.text, '$(pulse) 2 Leases flapping');
    assert.equal(summary.severity, 'warning');
    assert.equal(summary.healthOnly, true);
    assert.equal(summary.key, undefined);
    assert.equal(summary.accessibilityLabel, 'Lease Lens: 2 watched Leases are flapping (leadership moves too often).');
    assert.match(summary.tooltip, /Click to show the Leadership Health view\./);
  });

  test('a followed Lease and a flapping one: both, the count after the Lease', () => {
    const summary = followStatusSummary([followed('kube-scheduler')], schedulerRenew + 1000, 5, 1);
    assert.ok(summary);
    assert.equal(summary.text, '$(eye) cp-node-2 · 14s · $(pulse) 1 Lease flapping');
    assert.equal(summary.severity, 'warning');
    assert.equal(summary.key, 'kind-demo/kube-system/kube-scheduler', 'a click still shows the followed Lease');
    assert.match(summary.accessibilityLabel, /held by cp-node-2 \(14s\)\. 1 watched Lease is flapping/);
    assert.doesNotMatch(summary.accessibilityLabel, /\$\(/);
  });

  test('a followed Lease whose context lost its connection: "unknown since", never expired', () => {
    const since = schedulerRenew + 2000;
    const later = schedulerRenew + 10 * 60_000;
    const summary = followStatusSummary([followed('kube-scheduler', { unknownSince: since })], later, 5, 0);
    assert.ok(summary);
    assert.equal(summary.text, `$(eye) kube-scheduler · unknown since ${clockTime(since)}`);
    assert.equal(summary.severity, 'warning');
    assert.doesNotMatch(`${summary.text} ${summary.tooltip} ${summary.accessibilityLabel}`, /expired/);
    assert.match(summary.accessibilityLabel, /unknown since .* \(the connection to the context was lost\)/);
    const without = followStatusSummary([followed('kube-scheduler')], later, 5, 0);
    assert.match(without?.text ?? '', /expired/, 'with the connection, the same time reads expired');
  });
});
