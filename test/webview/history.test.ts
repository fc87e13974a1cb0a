// A holder change (an update with the new Lease and timeline) shows in the header and in the
// leadership history, with the failover gap; flapping is called out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceTimeline, emptyTimeline } from '../../src/core/timeline';
import { formatDuration } from '../../src/core/leaseStatus';
import type { LeadershipTerm } from '../../src/shared/types';
import { Harness } from './harness';
import { microTime } from '../support/builders';
import { emptySnapshot, ids, key, lease, settings, snapshotMessage } from '../support/followSnapshots';

describe('panel: leadership history', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  test('a holder change appears in the history with the right gap text', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const first = lease(
      {
        holderIdentity: ids.node1,
        leaseDurationSeconds: 15,
        acquireTime: microTime(now - 120_000),
        renewTime: microTime(now - 20_000),
        leaseTransitions: 4,
      },
      now - 20_000,
    );
    const timeline1 = advanceTimeline(emptyTimeline(), undefined, first);
    await panel.send(
      snapshotMessage(
        {
          ...emptySnapshot(first),
          pods: emptySnapshot(first).pods.map((p) => ({ ...p, holder: p.node === 'cp-node-1' })),
          timeline: timeline1,
        },
        now,
      ),
    );
    await panel.page.waitForSelector(`.history-table tbody tr[data-holder="${ids.node1}"]`);
    assert.equal(await panel.page.locator('.holder-name').textContent(), 'cp-node-1');

    // cp-node-2 takes over 17.25 s after cp-node-1's last renewal.
    const takeover = now - 2750;
    const second = lease(
      {
        holderIdentity: ids.node2,
        leaseDurationSeconds: 15,
        acquireTime: microTime(takeover),
        renewTime: microTime(takeover),
        leaseTransitions: 5,
      },
      takeover + 40,
    );
    const timeline2 = advanceTimeline(timeline1, first, second);
    const gap = timeline2.terms[1].gapBeforeMs;
    assert.ok(gap !== undefined && Math.abs(gap - 17_250) < 1, `core computes the gap, got ${gap}`);
    await panel.send({ type: 'update', update: { key, lease: second, timeline: timeline2 }, hostNow: Date.now() });

    const newest = panel.page.locator('.history-table tbody tr').first();
    await panel.page.waitForSelector(`.history-table tbody tr:first-child[data-holder="${ids.node2}"]`);
    assert.equal(await newest.locator('td.gap').textContent(), `${formatDuration(gap)} without a leader`);
    assert.equal(await newest.locator('td.gap').textContent(), '17s without a leader');
    assert.match(await newest.innerText(), /current/);
    const previous = panel.page.locator('.history-table tbody tr').nth(1);
    assert.equal(await previous.getAttribute('data-holder'), ids.node1);
    assert.match(await previous.locator('td').nth(3).innerText(), /expired/, 'not renewed within its duration: ended by expiry');
    assert.equal(await panel.page.locator('.holder-name').textContent(), 'cp-node-2');
    assert.equal(await panel.page.locator('.holder-identity').textContent(), ids.node2);
    // Both terms began in the window; the first counts too, its leaseTransitions (4) say it was a change.
    assert.match(await panel.page.locator('.callout.flapping').innerText(), /^2 leadership changes in the last 10 minutes\.$/);

    // A renewal redraws the current term's row only: the ended term's row is the same element
    // (a click or a selection in it survives), the current one shows the new count.
    await previous.evaluate((el) => el.setAttribute('data-probe', 'kept'));
    await newest.evaluate((el) => el.setAttribute('data-probe', 'old'));
    const renewed = lease(
      {
        holderIdentity: ids.node2,
        leaseDurationSeconds: 15,
        acquireTime: microTime(takeover),
        renewTime: microTime(takeover + 2000),
        leaseTransitions: 5,
      },
      takeover + 2040,
    );
    const timeline3 = advanceTimeline(timeline2, second, renewed);
    await panel.send({ type: 'update', update: { key, lease: renewed, timeline: timeline3 }, hostNow: Date.now() });
    await panel.page.waitForFunction(
      (renewals) => document.querySelector('.history-table tbody tr:first-child td.num')?.textContent === renewals,
      String(timeline3.terms[1].renewals),
    );
    assert.equal(await panel.page.locator('.history-table tbody tr').nth(1).getAttribute('data-probe'), 'kept');
    assert.equal(await newest.getAttribute('data-probe'), null, 'the current row was drawn again');

    // The holder's Copy button and Show Events ask the host.
    await panel.page.locator('vscode-button.copy-holder').click();
    assert.deepEqual(await panel.waitForPosted('copy'), { type: 'copy', text: ids.node2 });
    await panel.page.locator('vscode-button', { hasText: 'Show Events' }).click();
    assert.deepEqual(await panel.waitForPosted('showEvents'), { type: 'showEvents', key });
    await panel.page.context().close();
  });

  test('flapping (more than flapChanges changes within the window) is called out', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const holders = [ids.node1, ids.node2, ids.node3, ids.node1, ids.node2];
    const terms: LeadershipTerm[] = holders.map((holder, i) => {
      const acquiredAt = now - (holders.length - i) * 60_000;
      const last = i === holders.length - 1;
      return {
        holder,
        acquiredAt,
        lastRenewedAt: acquiredAt + 40_000,
        ...(last ? {} : { lostAt: acquiredAt + 60_000, end: 'taken-over' as const }),
        gapBeforeMs: i === 0 ? undefined : 20_000,
        transitions: 10 + i,
        renewals: 20,
      };
    });
    const l = lease({ holderIdentity: ids.node2, leaseDurationSeconds: 15, renewTime: microTime(now), leaseTransitions: 14 }, now);
    await panel.send(
      snapshotMessage(
        { ...emptySnapshot(l), timeline: { terms, renew: { count: 3, meanMs: 2000, maxMs: 2100, lastMs: 1900 } } },
        now,
        settings({ flapChanges: 3, flapWindowMinutes: 10 }),
      ),
    );
    await panel.page.waitForSelector('.callout.flapping.is-flapping');
    assert.match(
      await panel.page.locator('.callout.flapping').innerText(),
      /Flapping: 5 leadership changes in the last 10 minutes \(more than 3\)/,
    );
    assert.equal(await panel.page.locator('.history-table tbody tr').count(), 5);

    // A wider threshold from the settings message: no longer flapping.
    await panel.send({ type: 'settings', settings: settings({ flapChanges: 5, flapWindowMinutes: 10 }) });
    await panel.page.waitForSelector('.callout.flapping:not(.is-flapping)');
    await panel.page.context().close();
  });
});
