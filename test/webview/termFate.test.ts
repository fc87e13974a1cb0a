// The fate of the old leader in the panel's history: under an ended term, one line that expands
// (a <details>) to the evidence; updated by `fates` in an update; hostile strings stay text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LeadershipTerm } from '../../src/shared/types';
import type { TermFate } from '../../src/shared/fate';
import { Harness } from './harness';
import { microTime } from '../support/builders';
import { emptySnapshot, ids, key, lease, snapshotMessage } from '../support/followSnapshots';
import { waitFor } from '../../harness/waiting';

const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

describe('panel: the fate of the old leader', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  test('the fate line under the ended term, expandable to its evidence; hostile strings stay text', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const oomAt = now - 62_000;
    const terms: LeadershipTerm[] = [
      { holder: ids.node1, acquiredAt: now - 600_000, lastRenewedAt: oomAt - 1_000, lostAt: now - 45_000, end: 'expired', renewals: 200 },
      { holder: ids.node2, acquiredAt: now - 45_000, lastRenewedAt: now - 1_000, gapBeforeMs: 17_000, renewals: 20 },
    ];
    const fate: TermFate = {
      holder: ids.node1,
      acquiredAt: now - 600_000,
      lostAt: now - 45_000,
      end: 'expired',
      pod: 'kube-controller-manager-cp-node-1',
      cause: 'oom-killed',
      at: oomAt,
      exitCode: 137,
      reason: 'OOMKilled',
      restarted: true,
      node: 'cp-node-1',
      evidence: [
        { source: 'container', at: oomAt, text: 'Container kube-controller-manager terminated: OOMKilled, exit code 137' },
        { source: 'event', at: oomAt, text: `Node/cp-node-1 OOMKilling: ${hostile}` },
        {
          source: 'log',
          at: oomAt - 2_000,
          text: 'E1206 failed to renew lease kube-system/kube-controller-manager: context deadline exceeded',
          previous: true,
        },
        { source: 'log', at: oomAt - 1_000, text: 'F1206 leaderelection lost', previous: true },
        { source: 'note', text: `Lease Lens may not read the node ${hostile}` },
      ],
      settled: true,
    };
    const l = lease(
      { holderIdentity: ids.node2, leaseDurationSeconds: 15, acquireTime: microTime(now - 45_000), renewTime: microTime(now - 1_000) },
      now - 1_000,
    );
    await panel.send(snapshotMessage({ ...emptySnapshot(l), timeline: { terms, renew: { count: 20 } }, fates: [fate] }, now));

    const row = panel.page.locator('.history-table tbody tr.term-fate');
    await row.waitFor();
    assert.equal(await row.count(), 1, 'one fate: the current term has none');
    assert.equal(await row.getAttribute('data-holder'), ids.node1);
    assert.equal(await row.getAttribute('data-cause'), 'oom-killed');
    // Right under node1's row (newest first: node2, node1, node1's fate).
    const holders = await panel.page
      .locator('.history-table tbody tr')
      .evaluateAll((els) => els.map((el) => `${el.className}:${el.getAttribute('data-holder')}`));
    assert.deepEqual(holders, [`term current:${ids.node2}`, `term:${ids.node1}`, `term-fate:${ids.node1}`]);
    const summary = row.locator('summary');
    assert.match((await summary.textContent()) ?? '', /^expired: pod OOMKilled at \d\d:\d\d:\d\d \(exit 137\), restarted$/);

    // Closed at first: the evidence shows when the line is expanded.
    assert.equal(await row.locator('details').getAttribute('open'), null);
    assert.equal(await row.locator('.fate-evidence').isVisible(), false);
    await summary.click();
    await waitFor('the evidence shown', () => row.locator('.fate-evidence').isVisible(), 10_000);
    const items = row.locator('.fate-evidence li');
    assert.equal(await items.count(), 5);
    assert.deepEqual(await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-source'))), [
      'container',
      'event',
      'log',
      'log',
      'note',
    ]);
    assert.match((await items.nth(2).textContent()) ?? '', /\[log · previous container\] E1206 failed to renew lease/);
    assert.equal(await items.nth(1).locator('.fate-text').textContent(), `Node/cp-node-1 OOMKilling: ${hostile}`);
    assert.equal(await panel.page.locator('.history img, .history script').count(), 0, 'no markup from cluster strings');
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);

    // An update brings a later look: the line follows.
    const later: TermFate = {
      ...fate,
      crashLoop: true,
      evidence: [...fate.evidence, { source: 'event', at: now - 30_000, text: 'Pod/x BackOff: Back-off restarting failed container' }],
    };
    await panel.send({ type: 'update', update: { key, fates: [later] }, hostNow: now });
    await waitFor(
      'the line updated',
      async () => /, now in CrashLoopBackOff$/.test((await panel.page.locator('tr.term-fate summary').textContent()) ?? ''),
      10_000,
    );

    // A malformed fate list is refused with the message, the panel keeps going.
    await panel.send({
      type: 'update',
      update: { key, fates: [{ holder: ids.node1, cause: 'oom-killed', evidence: 'nope' }] },
      hostNow: now,
    } as never);
    await panel.send({ type: 'update', update: { key, fates: [] }, hostNow: now });
    await waitFor('the fate gone', async () => (await panel.page.locator('tr.term-fate').count()) === 0, 10_000);
    assert.deepEqual(await panel.cspViolations(), []);
    assert.deepEqual(panel.pageErrors, []);
    await panel.page.context().close();
  });
});
