// Hostile cluster strings in the Health view stay text: markup in context, namespace, name and
// holder (a table row and the charts) creates no element and runs nothing, bidi and control
// characters are removed, and a 1 MB holder is clipped; the CSP reports nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthHarness } from './healthHarness';
import { healthDetail, healthRow, rowsMessage, term } from './healthRows';
import { shortHolder } from '../../src/core/identity';
import { clipText } from '../../src/core/untrustedText';

// As webview/health/viewRow.ts clips them (the test project does not import webview/).
const clipField = (text: string): string => clipText(text, 253);
const maxHolderLength = 256;

const markup = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><svg onload="window.__pwned=3">';

describe('Health view: hostile strings', () => {
  let harness: HealthHarness;
  before(async () => {
    harness = await HealthHarness.start();
  });
  after(async () => harness?.close());

  test('markup, bidi overrides and a 1 MB holder stay clipped text in the table and the charts', async () => {
    const view = await harness.open();
    const now = Date.now();
    const context = `ctx ${markup}\u202egnp.exe`;
    const namespace = 'ns';
    const name = `name${markup}`;
    const holder = `${markup}\u202e\u0007${'H'.repeat(1_000_000)}`;
    const row = healthRow(context, namespace, name, { holder, flags: ['flapping'] }, now);
    await view.send(rowsMessage([row]));
    const rowEl = view.page.locator('.hrows .hrow:not([hidden])').first();
    await rowEl.waitFor();

    assert.equal(await rowEl.locator('.col-context').textContent(), clipField(context));
    assert.ok(!(await rowEl.locator('.col-context').textContent())?.includes('\u202e'), 'no bidi override');
    assert.equal(await rowEl.locator('.col-name').textContent(), clipField(name));
    assert.equal(await rowEl.locator('.col-holder').textContent(), shortHolder(holder));
    assert.equal(await rowEl.locator('.col-holder').getAttribute('title'), clipText(holder, maxHolderLength));
    assert.ok(((await rowEl.locator('.col-holder').getAttribute('title')) ?? '').length <= maxHolderLength);

    await rowEl.locator('.col-namespace').click();
    await view.waitForPosted({ type: 'select', key: row.key });
    const terms = [
      term(holder, now - 100_000, { lostAt: now - 60_000, end: 'expired' }),
      term(`b${markup}`, now - 50_000, { gapBeforeMs: 10_000 }),
    ];
    await view.send({ type: 'detail', key: row.key, detail: healthDetail(row, terms, [2000]), hostNow: now });
    await view.page.waitForSelector('svg.chart-swimlane');
    const labels = await view.page.$$eval('svg.chart-swimlane text.lane-label', (els) => els.map((el) => el.lastChild?.textContent ?? ''));
    // The lane labels: the short holder, middle-elided to 26 code points (webview/health/charts/swimlane.ts laneLabel).
    const laneLabel = (id: string): string => {
      const points = [...shortHolder(id)];
      return points.length <= 26 ? points.join('') : `${points.slice(0, 9).join('')}…${points.slice(-16).join('')}`;
    };
    assert.deepEqual(labels, [laneLabel(holder), laneLabel(`b${markup}`)]);
    const titles = await view.page.$$eval('svg.chart-swimlane rect.term-segment title', (els) => els.map((el) => el.textContent ?? ''));
    assert.ok(
      titles.every((title) => title.length <= 400),
      'tooltips clipped',
    );
    assert.ok(titles[0].startsWith(clipText(holder, 200)));
    assert.equal(await view.page.locator('.detail-title').evaluate((el) => el.firstChild?.textContent), `${namespace}/${clipField(name)}`);

    // Nothing injected anywhere: no img, script or foreign svg, nothing ran.
    assert.equal(await view.page.locator('#app img').count(), 0);
    assert.equal(await view.page.locator('#app script').count(), 0);
    assert.equal(await view.page.locator('#app svg:not(.chart)').count(), 0);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(view.dialogs, []);
    assert.deepEqual(await view.cspViolations(), []);
    assert.deepEqual(view.pageErrors, []);
  });
});
