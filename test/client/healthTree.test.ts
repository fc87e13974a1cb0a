// Leadership health on the Leases view's rows: flags after the description with the worst flag's
// icon, and "unknown since HH:mm:ss" (never "expired") while the context's connection is lost.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LeaseCache } from '../../src/client/leases/leaseCache';
import { LeaseTreeModel } from '../../src/client/tree/treeModel';
import { treeId } from '../../src/client/tree/treeIds';
import { clockTime, healthDescription, healthIcon } from '../../src/client/health/healthDecoration';
import { contextState, fixtureLeases, kubeconfigState, leaseSnapshot, schedulerRenew } from '../support/builders';

const demo = 'kind-demo';
const now = schedulerRenew + 3000;
const scheduler = `${demo}/kube-system/kube-scheduler`;

function model(): LeaseTreeModel {
  const m = new LeaseTreeModel(new LeaseCache(), { nodeLeases: 'counted', expiringSeconds: 5 });
  m.cache.setServerStatus({ state: 'running' });
  m.cache.setKubeconfig(kubeconfigState([contextState(demo, { current: true })]));
  m.cache.applySnapshot(leaseSnapshot(demo, fixtureLeases(demo), { current: true, nodeLeaseCount: undefined }));
  return m;
}

describe('health on the Leases view', () => {
  test('flags follow the description, worst first, with the worst flag’s icon; healthy again: as before', () => {
    const m = model();
    assert.equal(m.row(scheduler, now)?.description, 'cp-node-2 · ≤15s');
    const change = m.setHealthFlags([[scheduler, ['renewing-late', 'flapping']]]);
    assert.deepEqual(change.ids, [scheduler], 'only the flagged row is redrawn');
    const row = m.row(scheduler, now);
    assert.equal(row?.description, 'cp-node-2 · ≤15s · flapping, renewing late');
    assert.deepEqual(row?.icon, { id: 'pulse', color: 'charts.orange' });
    assert.equal(m.description(scheduler, now), 'cp-node-2 · ≤15s · flapping, renewing late', 'the per-second tick says the same');
    assert.match(m.tooltip(scheduler, now) ?? '', /\*\*Health:\*\* flapping, renewing late/);
    m.setHealthFlags([[scheduler, []]]);
    assert.equal(m.row(scheduler, now)?.description, 'cp-node-2 · ≤15s');
    assert.deepEqual(m.row(scheduler, now)?.icon, { id: 'pass', color: 'charts.green' });
    assert.deepEqual(m.setHealthFlags([[`${demo}/nowhere/unknown`, ['flapping']]]).ids, [], 'a Lease without a row redraws nothing');
  });

  test('a context that lost its connection: its Leases say "unknown since", never expired, whatever time passes', () => {
    const m = model();
    const since = now - 1000;
    const before = m.cache.contextState(demo)!;
    const change = m.changed(m.cache.setContextState({ ...before, phase: 'unreachable', unknownSince: since }));
    assert.deepEqual(change.ids, [treeId.context(demo)], 'the context row (and its subtree) is redrawn');
    const later = now + 10 * 60_000; // long past the Lease's expiry
    const row = m.row(scheduler, later);
    assert.equal(row?.description, `cp-node-2 · unknown since ${clockTime(since)}`);
    assert.doesNotMatch(row?.description ?? '', /expired/);
    assert.deepEqual(row?.icon, { id: 'question', color: 'disabledForeground' });
    assert.equal(m.description(scheduler, later), row?.description);
    assert.match(m.tooltip(scheduler, later) ?? '', /Unknown since/);
    // Connected again: the countdown is back.
    m.changed(m.cache.setContextState({ ...before, phase: 'connected', unknownSince: undefined }));
    assert.match(m.row(scheduler, later)?.description ?? '', /expired/);
  });

  test('pure parts: clock time, description and icon', () => {
    const at = new Date(2026, 10, 21, 9, 5, 7).getTime();
    assert.equal(clockTime(at), '09:05:07');
    assert.equal(healthDescription('a · ≤15s', 'a', undefined), 'a · ≤15s');
    assert.equal(healthDescription('a · ≤15s', 'a', { flags: ['stale-unknown'] }), 'a · ≤15s', 'stale-unknown is said by "unknown since"');
    assert.equal(healthDescription('released', undefined, { flags: [], unknownSince: at }), 'unknown since 09:05:07');
    assert.deepEqual(healthIcon({ id: 'pass' }, { flags: ['never-held', 'expired-no-taker'] }), { id: 'error', color: 'errorForeground' });
    assert.deepEqual(healthIcon({ id: 'pass' }, { flags: ['never-held'] }), { id: 'pass' });
  });
});
