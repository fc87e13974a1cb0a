// The log list with many lines: bounded buffer with a dropped notice, at most 2,000 lines in the
// DOM, follow-tail while at the bottom, "jump to newest" after scrolling up.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogLine } from '../../src/shared/types';
import { Harness } from './harness';
import { microTime } from '../support/builders';
import { emptySnapshot, ids, key, lease, settings, snapshotMessage } from '../support/followSnapshots';

describe('panel: log list', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  function many(from: number, count: number): LogLine[] {
    const start = Date.now() - 600_000;
    return Array.from({ length: count }, (_, i) => {
      const seq = from + i;
      const pod = `payments-operator-7d9f8b6c5-${['x2k9p', 'q8w7e', 'm4n5b'][seq % 3]}`;
      return {
        seq,
        pod,
        container: 'manager',
        time: start + seq * 50,
        text: `I1121 00:41:17.924123       1 controller.go:${seq}] "Reconciling" line=${seq} object="payments/invoice-${seq}"`,
        ...(seq % 10 === 0 ? { signal: 'attempting' as const } : {}),
      };
    });
  }

  test('5,000+ lines: bounded buffer, capped DOM, follow-tail and jump to newest', async () => {
    const panel = await harness.open({ height: 1000 });
    const page = panel.page;
    const now = Date.now();
    const l = lease({ holderIdentity: ids.node2, leaseDurationSeconds: 15, renewTime: microTime(now) }, now);
    await panel.send(snapshotMessage(emptySnapshot(l), now, settings({ logBufferLines: 5000 })));
    await panel.choosePreset('All');

    // Timed from delivery in the page (not the transfer of 6,000 lines from the test into it).
    const big = snapshotMessage(
      { ...emptySnapshot(l), logs: many(1, 6000), droppedLines: 250 },
      Date.now(),
      settings({ logBufferLines: 5000 }),
    );
    await page.evaluate((m) => {
      (window as unknown as Record<string, unknown>).__big = m;
    }, big);
    const started = Date.now();
    await page.evaluate(() => window.postMessage((window as unknown as Record<string, unknown>).__big, '*'));
    await page.waitForFunction(() => document.querySelectorAll('.log-line').length === 2000);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 2000, `rendered 6,000 lines in ${elapsed} ms`);
    assert.match(await page.locator('.log-status').innerText(), /^5,000 of 5,000 lines match · showing the newest 2,000/);
    assert.equal(
      await page.locator('.log-dropped').innerText(),
      '1,250 older lines were dropped (250 by the server, 1,000 by this panel): the panel keeps the newest 5,000 (setting leaseLens.logs.bufferLines).',
    );
    const atBottom = () =>
      page.evaluate(() => {
        const list = document.querySelector('.log-list') as HTMLElement;
        return list.scrollHeight - list.scrollTop - list.clientHeight <= 8;
      });
    assert.ok(await atBottom(), 'follows the tail');
    assert.match((await page.locator('.log-line .log-text').last().textContent()) ?? '', /line=6000 /);
    // Replicas are told apart by the last segment of their names.
    assert.deepEqual(
      new Set(await page.$$eval('.log-line .log-pod', (els) => els.slice(0, 3).map((e) => e.textContent))),
      new Set(['x2k9p', 'q8w7e', 'm4n5b']),
    );

    // Lines keep coming, in batches: still 2,000 in the DOM, still at the bottom.
    for (let batch = 0; batch < 10; batch++) {
      await panel.send({ type: 'update', update: { key, logs: many(6001 + batch * 50, 50) }, hostNow: Date.now() });
    }
    await page.waitForFunction(() => /line=6500 /.test(document.querySelector('.log-line:last-child .log-text')?.textContent ?? ''));
    assert.equal(await page.locator('.log-line').count(), 2000);
    assert.ok(await atBottom(), 'still following');
    assert.match(await page.locator('.log-dropped').innerText(), /^1,750 older lines were dropped/);

    // Scrolling up stops following; new lines do not pull the view down; the jump button counts them.
    await page.locator('.log-list').evaluate((el) => {
      el.scrollTop = 0;
    });
    await page.locator('vscode-button.log-jump').waitFor({ state: 'visible' });
    await panel.send({ type: 'update', update: { key, logs: many(6501, 5) }, hostNow: Date.now() });
    await page.waitForFunction(() => document.querySelector('vscode-button.log-jump')?.textContent?.includes('5 new'));
    assert.equal(await atBottom(), false, 'not pulled to the bottom');

    await page.locator('vscode-button.log-jump').click();
    await page.locator('vscode-button.log-jump').waitFor({ state: 'hidden' });
    assert.ok(await atBottom(), 'jumped to the newest line');
    assert.match((await page.locator('.log-line .log-text').last().textContent()) ?? '', /line=6505 /);

    // Filtering 5,000 buffered lines is quick too.
    const t0 = Date.now();
    await panel.setFilterText('line=4242 ');
    await panel.waitForLogs((t) => t.length === 1 && t[0].includes('line=4242 '), 'one match');
    assert.ok(Date.now() - t0 < 2000, `filtered in ${Date.now() - t0} ms`);
    assert.deepEqual(panel.pageErrors, []);
    await page.context().close();
  });
});
