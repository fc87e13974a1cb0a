// The follow panel's history with the Lease server's leadership record (a `health` message):
// terms from before the follow appear, those known from Events only say "from Events", each term
// says how it ended (deletion and unknown ends too) and its failover gap, and the Lease's health
// flags show as badges above the history. A record of another Lease is ignored.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LeadershipTerm } from '../../src/shared/types';
import type { HealthDetail, HealthTerm } from '../../src/shared/health';
import { Harness } from './harness';
import { healthRow } from './healthRows';
import { microTime } from '../support/builders';
import { context, emptySnapshot, ids, key, lease, name, namespace, snapshotMessage } from '../support/followSnapshots';
import { waitFor } from '../../harness/waiting';

describe('panel: history with the leadership record', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  test('ends, "from Events", gaps and flags from a health message', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const current = now - 100_000;
    // The follow saw one term: node2's, current.
    const followed: LeadershipTerm[] = [
      { holder: ids.node2, acquiredAt: current, lastRenewedAt: now - 2000, gapBeforeMs: 12_000, transitions: 7, renewals: 40 },
    ];
    const l = lease(
      {
        holderIdentity: ids.node2,
        leaseDurationSeconds: 15,
        acquireTime: microTime(current),
        renewTime: microTime(now - 2000),
        leaseTransitions: 7,
      },
      now - 2000,
    );
    await panel.send(
      snapshotMessage(
        { ...emptySnapshot(l), timeline: { terms: followed, renew: { count: 40, meanMs: 2000, maxMs: 2100, lastMs: 2000 } } },
        now,
      ),
    );
    await panel.page.waitForSelector(`.history-table tbody tr[data-holder="${ids.node2}"]`);
    assert.equal(await panel.page.locator('.history-table tbody tr').count(), 1);
    assert.equal(await panel.page.locator('.health-flags').isVisible(), false, 'no flags before a record');

    // The record knows two earlier terms: one from Events only (end unknown), one that expired.
    const record: HealthTerm[] = [
      { holder: ids.node1, acquiredAt: now - 900_000, lostAt: now - 600_000, end: 'unknown', source: 'events', renewals: 0 },
      {
        holder: ids.node3,
        acquiredAt: now - 500_000,
        lostAt: now - 112_000,
        end: 'expired',
        source: 'watch',
        gapBeforeMs: 100_000,
        renewals: 190,
        transitions: 6,
      },
      { holder: ids.node2, acquiredAt: current + 300, source: 'watch', gapBeforeMs: 12_000, renewals: 39, transitions: 7 },
    ];
    const detail: HealthDetail = {
      row: healthRow(context, namespace, name, { holder: ids.node2, flags: ['renewing-late', 'flapping'], terms: 3, eventTerms: 1 }, now),
      terms: record,
      renewIntervals: [2000, 2100],
      droppedTerms: 0,
    };
    assert.equal(detail.row.key, key);
    // Another Lease's record first: ignored.
    await panel.send({ type: 'health', detail: { ...detail, row: { ...detail.row, key: `${context}/${namespace}/other` } }, hostNow: now });
    await panel.send({ type: 'health', detail, hostNow: now });
    await waitFor('three terms', async () => (await panel.page.locator('.history-table tbody tr').count()) === 3, 10_000);

    const rows = panel.page.locator('.history-table tbody tr');
    // Newest first: node2 (current), node3 (expired), node1 (from Events, end unknown).
    assert.deepEqual(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-holder'))), [ids.node2, ids.node3, ids.node1]);
    assert.match(await rows.nth(0).innerText(), /current/);
    assert.equal(await rows.nth(0).locator('td.gap').textContent(), '12s without a leader');
    assert.equal(await rows.nth(0).locator('.source-events').count(), 0);
    assert.match(await rows.nth(1).locator('td').nth(3).innerText(), /expired/);
    assert.equal(await rows.nth(1).locator('td.gap').textContent(), '1m 40s without a leader');
    assert.equal(await rows.nth(2).getAttribute('data-source'), 'events');
    assert.equal(await rows.nth(2).locator('.source-events').textContent(), 'from Events');
    assert.match(await rows.nth(2).locator('td').nth(3).innerText(), /\(10 minutes ago\) end unknown$/);
    assert.equal(await panel.page.locator('.section-history .count-badge').textContent(), '3');
    // The changes in the flapping window count the record's terms too (node3's start, 8 minutes ago, and node2's).
    await waitFor(
      'the record counted in the flapping line',
      async () => /^2 leadership changes in the last 10 minutes/.test((await panel.page.locator('.history .flapping').textContent()) ?? ''),
      10_000,
    );

    // Flags above the history, worst first, each explained.
    assert.deepEqual(await panel.page.$$eval('.history .health-flags .flag', (els) => els.map((el) => el.className)), [
      'flag flag-flapping',
      'flag flag-renewing-late',
    ]);
    assert.match((await panel.page.locator('.history .flag-renewing-late').getAttribute('title')) ?? '', /2\/3 of the lease duration/);

    // The Lease is deleted: the record says so, the term ends "deleted".
    const deleted: HealthDetail = {
      ...detail,
      row: { ...detail.row, deleted: true, flags: [] },
      terms: [...record.slice(0, 2), { ...record[2], lostAt: now - 1000, end: 'deleted' }],
    };
    await panel.send({ type: 'health', detail: deleted, hostNow: now });
    await waitFor('ended by deletion', async () => (await rows.nth(0).getAttribute('data-end')) === 'deleted', 10_000);
    assert.match(await rows.nth(0).locator('td').nth(3).innerText(), /deleted/);
    assert.equal(await panel.page.locator('.history .health-flags').isVisible(), false, 'no flags: the badges go');

    // null: no record kept: back to the follow's own terms.
    await panel.send({ type: 'health', detail: null, hostNow: now });
    await waitFor('the follow alone', async () => (await rows.count()) === 1, 10_000);
    assert.deepEqual(await panel.cspViolations(), []);
    assert.deepEqual(panel.pageErrors, []);
    await panel.page.context().close();
  });
});
