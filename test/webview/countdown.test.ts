// The countdown ticks locally (no messages to the host) and the state badge follows it:
// held → expiring → expired. Also: the host's clock is used, skew is shown, deletion is shown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, type PanelPage } from './harness';
import { microTime } from '../support/builders';
import { emptySnapshot, ids, key, lease, settings, snapshotMessage } from '../support/followSnapshots';
import { healthDetail, healthRow } from './healthRows';

describe('panel: countdown and state badge', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  async function shownSeconds(panel: PanelPage): Promise<number> {
    const text = await panel.page.locator('.countdown-value').textContent();
    const m = /^(\d+)s$/.exec(text ?? '');
    assert.ok(m, `countdown shows whole seconds, got ${JSON.stringify(text)}`);
    return Number(m[1]);
  }

  test('the countdown ticks down locally and the badge goes held → expiring → expired', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const l = lease(
      {
        holderIdentity: ids.node2,
        leaseDurationSeconds: 5,
        acquireTime: microTime(now - 60_000),
        renewTime: microTime(now),
        leaseTransitions: 3,
      },
      now,
    );
    // Expiring at ≤ max(1 s, 5 s / 3): held for about 3.3 s, expiring for 1.7 s.
    await panel.send(snapshotMessage(emptySnapshot(l), now, settings({ expiringSeconds: 1 })));
    await panel.page.waitForSelector('.state-badge[data-state="held"]');
    const first = await shownSeconds(panel);
    assert.ok(first >= 3 && first <= 5, `starts near the lease duration, got ${first}s`);

    await panel.page.waitForFunction((start) => {
      const m = /^(\d+)s$/.exec(document.querySelector('.countdown-value')?.textContent ?? '');
      return m !== null && Number(m[1]) < start;
    }, first);
    assert.ok((await shownSeconds(panel)) < first, 'the displayed seconds decreased');

    await panel.page.waitForSelector('.state-badge[data-state="expiring"]', { timeout: 10_000 });
    assert.equal(await panel.page.locator('.state-badge').textContent(), 'Expiring');
    assert.ok((await shownSeconds(panel)) <= 2);

    await panel.page.waitForSelector('.state-badge[data-state="expired"]', { timeout: 10_000 });
    assert.equal(await panel.page.locator('.state-badge').textContent(), 'Expired');
    assert.match((await panel.page.locator('.countdown-value').textContent()) ?? '', /^expired \d+s ago$/);
    assert.equal(await panel.page.locator('.countdown-bar').getAttribute('aria-valuenow'), '0');

    // Ticking needed nothing from the host: the only message ever posted is `ready`.
    assert.deepEqual(await panel.posted(), [{ type: 'ready' }]);
    assert.deepEqual(panel.pageErrors, []);
    await panel.page.context().close();
  });

  test('the countdown runs on the host clock (hostNow), and shows clock skew over a second', async () => {
    const panel = await harness.open();
    // The host's clock is an hour ahead of the webview's: times in the Lease are host times.
    const hostNow = Date.now() + 3_600_000;
    const l = lease(
      {
        holderIdentity: ids.node1,
        leaseDurationSeconds: 40,
        acquireTime: microTime(hostNow - 600_000),
        renewTime: microTime(hostNow + 4000),
      },
      hostNow,
    );
    await panel.send(snapshotMessage(emptySnapshot(l), hostNow, settings()));
    await panel.page.waitForSelector('.state-badge[data-state="held"]');
    const seconds = await shownSeconds(panel);
    assert.ok(seconds > 40 && seconds <= 44, `by renewTime on the host clock: about 44s left, got ${seconds}s`);
    const clocks = await panel.page.locator('.clocks').innerText();
    assert.match(clocks, /By renewTime\s+4\ds left/);
    assert.match(clocks, /By observation\s+(39|40)s left/);
    assert.match(clocks, /renewTime is 4s ahead of the observation/);
    await panel.page.context().close();
  });

  test('a deleted Lease shows the banner, and the countdown says so', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const l = lease({ holderIdentity: ids.node2, leaseDurationSeconds: 15, renewTime: microTime(now) }, now);
    await panel.send(snapshotMessage(emptySnapshot(l), now));
    await panel.page.waitForSelector('.state-badge[data-state="held"]');
    assert.equal(await panel.page.locator('.banner-deleted').isVisible(), false);

    await panel.send({ type: 'update', update: { key, deleted: true }, hostNow: Date.now() });
    await panel.page.waitForSelector('.state-badge[data-state="deleted"]');
    assert.equal(await panel.page.locator('.banner-deleted').innerText(), 'This Lease was deleted; its history is kept.');
    assert.equal(await panel.page.locator('.countdown-value').textContent(), 'Deleted');
    assert.match((await panel.page.locator('.countdown-caption').textContent()) ?? '', /deleted/);
    await panel.page.context().close();
  });

  test('a context that lost its connection: "unknown since …", never expired, and the countdown resumes when it is back', async () => {
    const panel = await harness.open();
    const now = Date.now();
    // A 5 s Lease last renewed now: without its connection it would show "expired" within seconds.
    const l = lease({ holderIdentity: ids.node2, leaseDurationSeconds: 5, renewTime: microTime(now) }, now);
    await panel.send(snapshotMessage(emptySnapshot(l), now, settings({ expiringSeconds: 1 })));
    await panel.page.waitForSelector('.state-badge[data-state="held"]');
    const lostAt = now + 500;
    const lost = healthRow('ctx', 'kube-system', 'kube-scheduler', { flags: ['stale-unknown'], unknownSince: lostAt }, now);
    await panel.send({ type: 'health', detail: healthDetail({ ...lost, key }, []), hostNow: Date.now() });
    await panel.page.waitForSelector('.state-badge[data-state="unknown"]');
    assert.equal(await panel.page.locator('.state-badge').textContent(), 'Unknown');
    assert.equal(await panel.page.locator('.countdown-value').textContent(), 'Unknown');
    assert.match((await panel.page.locator('.countdown-caption').textContent()) ?? '', /^Unknown since \d\d:\d\d:\d\d: the connection/);
    // Past the Lease's duration it still says unknown, never expired.
    await panel.page.waitForFunction((deadline) => Date.now() > deadline, now + 6000, { timeout: 10_000 });
    assert.equal(await panel.page.locator('.state-badge').getAttribute('data-state'), 'unknown');

    // Connected again, with a fresh renewal: the countdown is back.
    const back = Date.now();
    await panel.send({
      type: 'update',
      update: { key, lease: lease({ holderIdentity: ids.node2, leaseDurationSeconds: 5, renewTime: microTime(back) }, back) },
      hostNow: back,
    });
    await panel.send({ type: 'health', detail: healthDetail({ ...lost, key, flags: [], unknownSince: undefined }, []), hostNow: back });
    await panel.page.waitForSelector('.state-badge[data-state="held"]');
    assert.match((await panel.page.locator('.countdown-value').textContent()) ?? '', /^\ds$/);
    assert.deepEqual(panel.pageErrors, []);
    await panel.page.context().close();
  });
});
