// The one status bar item for every followed Lease: its text, tooltip, background and what a
// screen reader says, for none, one and several Leases, as of a given time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { followStatusSummary, type FollowedLease } from '../../src/client/statusBar/followStatusSummary';
import { leaseInfo, schedulerRenew } from '../support/builders';

const uuid = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
const expiringSeconds = 5;

/** A followed Lease held by `holder`, renewed at schedulerRenew for 15 s. */
function followed(namespace: string, name: string, holder: string, patch: Partial<FollowedLease> = {}): FollowedLease {
  const key = `kind-demo/${namespace}/${name}`;
  const lease = leaseInfo(
    { holderIdentity: `${holder}_${uuid}`, leaseDurationSeconds: 15, renewTime: '2026-11-21T00:41:17.924123Z' },
    schedulerRenew,
    { context: 'kind-demo', namespace, name },
  );
  return { key, lease, deleted: false, ...patch };
}

describe('the status bar summary', () => {
  test('no Lease followed: no item', () => {
    assert.equal(followStatusSummary([], schedulerRenew, expiringSeconds), undefined);
  });

  test('one Lease: its holder and time left, its panel on click, words for screen readers', () => {
    const one = followed('kube-system', 'kube-scheduler', 'cp-node-2');
    const summary = followStatusSummary([one], schedulerRenew + 1_000, expiringSeconds);
    assert.ok(summary);
    assert.equal(summary.text, '$(eye) cp-node-2 · 14s');
    assert.equal(summary.severity, 'normal');
    assert.equal(summary.key, one.key, 'a click shows this Lease');
    assert.match(
      summary.tooltip,
      /kube-system\/kube-scheduler in context kind-demo: held by cp-node-2 \(14s\)\. Click to show the Lease panel\./,
    );
    assert.equal(summary.accessibilityLabel, 'Lease Lens: kube-system/kube-scheduler in context kind-demo: held by cp-node-2 (14s).');
    assert.doesNotMatch(summary.accessibilityLabel, /\$\(/, 'no icon syntax read aloud');

    // Colours mean what the tree's icons mean: expiring → warning, expired → error.
    assert.equal(followStatusSummary([one], schedulerRenew + 12_000, expiringSeconds)?.severity, 'warning');
    assert.equal(followStatusSummary([one], schedulerRenew + 20_000, expiringSeconds)?.severity, 'error');
    assert.equal(followStatusSummary([{ ...one, deleted: true }], schedulerRenew, expiringSeconds)?.severity, 'error');
  });

  test('several Leases: one item counting them and those that need a look, the tooltip listing each', () => {
    const now = schedulerRenew + 12_000;
    const fresh = leaseInfo(
      { holderIdentity: `operator-0_${uuid}`, leaseDurationSeconds: 60, renewTime: '2026-11-21T00:41:27.924123Z' },
      schedulerRenew + 10_000,
      { context: 'kind-demo', namespace: 'apps', name: 'operator' },
    );
    const leases = [
      followed('kube-system', 'kube-scheduler', 'cp-node-2'), // 3 s left: expiring
      { key: 'kind-demo/apps/operator', lease: fresh, deleted: false }, // held
      followed('kube-system', 'kube-controller-manager', 'cp-node-1', { lease: undefined }), // loading
    ];
    const summary = followStatusSummary(leases, now, expiringSeconds);
    assert.ok(summary);
    assert.equal(summary.text, '$(eye) 3 Leases · 1 expiring');
    assert.equal(summary.severity, 'warning', 'the worst of them');
    assert.equal(summary.key, undefined, 'a click lets the user pick');
    const lines = summary.tooltip.split('\n');
    assert.equal(lines[0], 'Following 3 Leases (1 expiring):');
    assert.deepEqual(lines.slice(1, 4), [
      '• kube-system/kube-scheduler in context kind-demo: held by cp-node-2 (expiring 3s).',
      '• apps/operator in context kind-demo: held by operator-0 (58s).',
      '• Following kube-system/kube-controller-manager in context kind-demo.',
    ]);
    assert.match(
      summary.accessibilityLabel,
      /^Lease Lens: Following 3 Leases \(1 expiring\)\. kube-system\/kube-scheduler .* held by cp-node-2/,
    );

    const expired = followStatusSummary(leases, schedulerRenew + 16_000, expiringSeconds);
    assert.equal(expired?.text, '$(eye) 3 Leases · 1 expired');
    assert.equal(expired?.severity, 'error');
    const calm = followStatusSummary([leases[1]!, leases[1]!], now, expiringSeconds);
    assert.equal(calm?.text, '$(eye) 2 Leases');
    assert.equal(calm?.severity, 'normal');
  });
});
