// The Health table at 10,000 Leases: only the rows in view (and a small overscan) exist in the
// DOM, the scrollbar spans every row, each scroll step is redrawn by the next animation frame, and
// the last row is reachable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthHarness } from './healthHarness';
import { manyRows, rowsMessage } from './healthRows';
import { waitFor } from '../../harness/waiting';

const count = 10_000;
/** webview/health/healthTable.ts rowHeight. */
const rowHeight = 26;

describe('Health view: 10,000 rows', () => {
  let harness: HealthHarness;
  before(async () => {
    harness = await HealthHarness.start();
  });
  after(async () => harness?.close());

  test('virtualised: ≤ 100 row elements, every scroll step right within one frame, the last row reachable', async () => {
    const view = await harness.open({ height: 900 });
    const rows = manyRows(count);
    await view.send(rowsMessage(rows));
    await waitFor('first rows drawn', async () => (await view.renderedKeys())[0] === rows[0].key, 20_000);
    assert.equal(await view.page.locator('.row-count').textContent(), '10,000 of 10,000 Leases');
    assert.ok((await view.page.locator('.hrows .hrow').count()) <= 100, 'only the rows in view exist');
    assert.equal(await view.page.getAttribute('.htable', 'aria-rowcount'), String(count + 1));
    const scrollHeight = await view.page.$eval('.hviewport', (el) => el.scrollHeight);
    assert.equal(scrollHeight, count * rowHeight, 'the scrollbar spans every row');

    // Scroll in steps through the whole list; after each step, one animation frame later, the row
    // at the top of the view is the right one and no more than ~100 rows exist.
    // (No named functions inside: tsx would wrap them in a helper the page does not have.)
    const result = await view.page.evaluate(
      async ({ rowHeight, keys }) => {
        const viewport = document.querySelector<HTMLElement>('.hviewport');
        if (!viewport) {
          throw new Error('no viewport');
        }
        const wrong: string[] = [];
        const frameTimes: number[] = [];
        let maxRows = 0;
        const max = viewport.scrollHeight - viewport.clientHeight;
        const clientTop = viewport.clientTop;
        let previous = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        for (let step = 0; step <= 80; step++) {
          const top = Math.round((max * step) / 80);
          viewport.scrollTop = top;
          const at = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
          frameTimes.push(at - previous);
          previous = at;
          const box = viewport.getBoundingClientRect();
          // The middle of the first row wholly in view.
          const index = Math.ceil(viewport.scrollTop / rowHeight);
          const y = box.top + clientTop + index * rowHeight - viewport.scrollTop + rowHeight / 2;
          const probe = document.elementFromPoint(box.left + 40, y)?.closest<HTMLElement>('.hrow');
          const expected = keys[index];
          if (probe?.dataset.key !== expected) {
            wrong.push(`${top}: ${probe?.dataset.key ?? 'nothing'} instead of ${expected}`);
          }
          maxRows = Math.max(maxRows, viewport.querySelectorAll('.hrow').length);
        }
        frameTimes.sort((a, b) => a - b);
        return { wrong, maxRows, medianFrame: frameTimes[Math.floor(frameTimes.length / 2)] };
      },
      { rowHeight, keys: rows.map((r) => r.key) },
    );
    assert.deepEqual(result.wrong, [], 'each scroll step shows the right rows in the next frame');
    assert.ok(result.maxRows <= 100, `at most ~100 row elements, saw ${result.maxRows}`);
    // Generous for a shared 2-core machine: a frame at 60 Hz is 17 ms; a stutter would be far more.
    assert.ok(result.medianFrame < 100, `median frame ${result.medianFrame} ms`);

    const visible = await view.visibleKeys();
    assert.equal(visible.at(-1), rows.at(-1)?.key, 'the last row shows at the bottom');
    assert.equal(await view.page.locator(`.hrow[data-key="${rows.at(-1)?.key}"] .col-name`).textContent(), 'lease-09999');

    // End from the keyboard selects the last row; Home the first, and scrolls back.
    await view.page.locator('.hviewport').focus();
    await view.page.keyboard.press('Home');
    await view.waitForPosted({ type: 'select', key: rows[0].key });
    assert.equal((await view.visibleKeys())[0], rows[0].key);
    await view.page.keyboard.press('End');
    await view.waitForPosted({ type: 'select', key: rows.at(-1)?.key });

    // Sorting 10,000 rows by a header redraws the top.
    await view.page.locator('.hcell.col-name .sort-button').click();
    await view.page.locator('.hcell.col-name .sort-button').click();
    await view.page.locator('.hviewport').focus();
    await view.page.keyboard.press('Home');
    await waitFor('sorted descending', async () => (await view.visibleKeys())[0] === rows.at(-1)?.key, 10_000);

    // The host shows a Lease far down (a flapping alert's "Show"): it is selected and scrolled into view.
    const far = rows[1234]?.key;
    await view.send({ type: 'select', key: far });
    await view.waitForPosted({ type: 'select', key: far });
    await waitFor('the selected Lease is in view', async () => (await view.visibleKeys()).includes(far ?? ''), 10_000);
    assert.equal(await view.page.locator(`.hrow[data-key="${far}"]`).getAttribute('aria-selected'), 'true');
    assert.deepEqual(view.pageErrors, []);
  });
});
