// When a context's leadership records are saved: a term that began or ended at the next save tick
// (30 s), renewals alone at most every 5 minutes, since at 10,000 Leases every record renews and
// each save rewrites the whole file.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContextHealth, renewalsSaveIntervalMs, saveDue } from '../../src/server/health/contextHealth';
import type { LeaseSpec } from '../../src/shared/types';
import { leaseInfo, microTime } from '../support/builders';

const A = 'pod-a_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
const B = 'pod-b_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const T0 = Date.parse('2026-12-01T00:00:00Z');

function held(holder: string, acquireMs: number, renewMs: number, transitions: number): LeaseSpec {
  return {
    holderIdentity: holder,
    leaseDurationSeconds: 15,
    acquireTime: microTime(T0 + acquireMs),
    renewTime: microTime(T0 + renewMs),
    leaseTransitions: transitions,
  };
}

describe('saving leadership records', () => {
  test('saveDue: terms at once, renewals after the renewals interval, nothing never', () => {
    assert.equal(saveDue('terms', 0), true);
    assert.equal(saveDue('renewals', renewalsSaveIntervalMs - 1), false);
    assert.equal(saveDue('renewals', renewalsSaveIntervalMs), true);
    assert.equal(saveDue('nothing', 10 * renewalsSaveIntervalMs), false);
  });

  test('a renewal leaves only renewals unsaved; a new holder, a deletion or a new Lease leave terms unsaved', () => {
    const health = new ContextHealth('ctx', () => []);
    assert.equal(health.unsaved, 'nothing');
    health.observed(leaseInfo(held(A, 0, 0, 1), T0));
    assert.equal(health.unsaved, 'terms', 'a Lease seen for the first time starts a record');

    health.saved(T0 + 100);
    assert.equal(health.unsaved, 'nothing');
    assert.equal(health.savedAt, T0 + 100);
    health.observed(leaseInfo(held(A, 0, 2000, 1), T0 + 2000));
    health.observed(leaseInfo(held(A, 0, 4000, 1), T0 + 4000));
    assert.equal(health.unsaved, 'renewals');

    health.observed(leaseInfo(held(B, 20_000, 20_000, 2), T0 + 20_000));
    assert.equal(health.unsaved, 'terms', 'a new holder ends a term and begins one');
    health.observed(leaseInfo(held(B, 20_000, 22_000, 2), T0 + 22_000));
    assert.equal(health.unsaved, 'terms', 'a renewal after a term change keeps the change unsaved');

    // Released by client-go and never held while watched: written again, no term begins or ends.
    health.saved(T0 + 22_500);
    const idle: LeaseSpec = { holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(T0) };
    health.observed(leaseInfo(idle, T0 + 1000, { name: 'idle' }));
    assert.equal(health.unsaved, 'terms', 'a new Lease, even one nobody holds');
    health.saved(T0 + 22_600);
    health.observed(leaseInfo({ ...idle, renewTime: microTime(T0 + 2000) }, T0 + 2000, { name: 'idle' }));
    assert.equal(health.unsaved, 'renewals', 'a Lease nobody holds written again');

    health.saved(T0 + 23_000);
    health.gone(leaseInfo(held(B, 20_000, 22_000, 2), T0).key, T0 + 24_000, true);
    assert.equal(health.unsaved, 'terms', 'a deletion ends the term');
  });
});
