// The selected Lease's charts in the Health view: a swimlane segment per term coloured per holder
// (Events-only terms marked, the current one open), a bar per failover gap, a point per renew
// interval against lines at the duration and at the renew deadline; each chart titled and summed
// up in text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthHarness } from './healthHarness';
import { healthDetail, healthRow, rowsMessage, term } from './healthRows';
import { waitFor } from '../../harness/waiting';

describe('Health view: charts', () => {
  let harness: HealthHarness;
  before(async () => {
    harness = await HealthHarness.start();
  });
  after(async () => harness?.close());

  test('swimlane, gaps and renew intervals for the selected Lease', async () => {
    const view = await harness.open();
    const now = Date.now();
    const row = healthRow('prod', 'kube-system', 'kube-scheduler', { flags: ['flapping', 'renewing-late'], terms: 4, eventTerms: 1 }, now);
    const other = healthRow('prod', 'kube-system', 'kube-controller-manager', {}, now);
    await view.send(rowsMessage([row, other]));
    await view.page.locator(`.hrow[data-key="${row.key}"] .col-namespace`).click();
    await view.waitForPosted({ type: 'select', key: row.key });
    assert.equal(await view.page.locator('.detail-note').textContent(), 'Loading the leadership record…');

    const terms = [
      term('cp-1_11111111-2222-3333-4444-555555555555', now - 600_000, {
        source: 'events',
        lostAt: now - 500_000,
        end: 'unknown',
        renewals: 0,
      }),
      term('cp-2_11111111-2222-3333-4444-555555555555', now - 480_000, { lostAt: now - 300_000, end: 'expired', gapBeforeMs: 20_000 }),
      term('cp-1_11111111-2222-3333-4444-555555555555', now - 290_000, { lostAt: now - 200_000, end: 'released', gapBeforeMs: 10_000 }),
      term('cp-3_11111111-2222-3333-4444-555555555555', now - 195_000, { gapBeforeMs: 5000 }),
    ];
    const intervals = [2000, 2100, 1900, 11_000, 2000, 2500];
    // A detail for another Lease is not drawn.
    await view.send({ type: 'detail', key: other.key, detail: healthDetail(other, terms.slice(0, 1)), hostNow: now });
    await view.send({ type: 'detail', key: row.key, detail: healthDetail(row, terms, intervals), hostNow: now });
    await view.page.waitForSelector('svg.chart-swimlane');

    const segments = await view.page.$$eval('svg.chart-swimlane rect.term-segment', (els) =>
      els.map((el) => ({
        cls: el.getAttribute('class') ?? '',
        x: Number(el.getAttribute('x')),
        width: Number(el.getAttribute('width')),
        title: el.querySelector('title')?.textContent ?? '',
      })),
    );
    assert.equal(segments.length, 4, 'one segment per term');
    const holderClass = (cls: string): string | undefined => /holder-\d/.exec(cls)?.[0];
    assert.deepEqual(
      segments.map((s) => holderClass(s.cls)),
      ['holder-0', 'holder-1', 'holder-0', 'holder-2'],
      'one colour per holder',
    );
    assert.match(segments[0].cls, /from-events/);
    assert.doesNotMatch(segments[1].cls, /from-events/);
    assert.match(segments[3].cls, /\bopen\b/, 'the current term is open to now');
    for (let i = 1; i < segments.length; i++) {
      assert.ok(segments[i - 1].x + segments[i - 1].width < segments[i].x, `the gap before term ${i} is empty space`);
    }
    assert.match(segments[1].title, /^cp-2_1111.*expired/);
    assert.match(segments[0].title, /from Events/);
    assert.deepEqual(await view.page.$$eval('svg.chart-swimlane text.lane-label', (els) => els.map((el) => el.lastChild?.textContent)), [
      'cp-1',
      'cp-2',
      'cp-3',
    ]);

    assert.equal(await view.page.locator('svg.chart-gaps rect.gap-bar').count(), 3, 'a bar per failover gap');
    const bars = await view.page.$$eval('svg.chart-gaps rect.gap-bar', (els) => els.map((el) => Number(el.getAttribute('height'))));
    assert.ok(bars[0] > bars[1] && bars[1] > bars[2], `bars as tall as the gaps: ${JSON.stringify(bars)}`);

    assert.equal(await view.page.locator('svg.chart-renew circle.renew-point').count(), intervals.length);
    assert.equal(await view.page.locator('svg.chart-renew circle.renew-point.late').count(), 1, 'one interval past 2/3 of 15 s');
    const lineY = async (cls: string): Promise<number> => Number(await view.page.getAttribute(`svg.chart-renew line.${cls}`, 'y1'));
    assert.ok((await lineY('deadline-line')) > (await lineY('duration-line')), 'the deadline (10 s) below the duration (15 s)');

    for (const kind of ['swimlane', 'gaps', 'renew']) {
      const svg = view.page.locator(`svg.chart-${kind}`);
      assert.equal(await svg.getAttribute('role'), 'img');
      const titleId = await svg.getAttribute('aria-labelledby');
      assert.ok(((await view.page.locator(`#${titleId}`).textContent()) ?? '').length > 0, `${kind} has a title`);
      const summary = (await view.page.locator(`.figure-${kind} figcaption.chart-summary`).textContent()) ?? '';
      assert.equal(
        await view.page.locator(`#${await svg.getAttribute('aria-describedby')}`).textContent(),
        summary,
        `${kind}: the summary is its description`,
      );
    }
    assert.match(
      (await view.page.locator('.figure-swimlane .chart-summary').textContent()) ?? '',
      /^Terms: 4, holders: 3, known from Events only: 1, /,
    );
    assert.match(
      (await view.page.locator('.figure-gaps .chart-summary').textContent()) ?? '',
      /^Failover gaps: 3; longest 20s, last 5s at /,
    );
    assert.match(
      (await view.page.locator('.figure-renew .chart-summary').textContent()) ?? '',
      /^Renew intervals of the current term: 6; median 2s, max 11s, late 1; duration 15s, renew deadline 10s\.$/,
    );
    assert.deepEqual(await view.page.$$eval('.detail .health-flags .flag', (els) => els.map((el) => el.className)), [
      'flag flag-flapping',
      'flag flag-renewing-late',
    ]);

    // null: no record kept.
    await view.send({ type: 'detail', key: row.key, detail: null, hostNow: now });
    await waitFor('no record', async () => (await view.page.locator('svg.chart').count()) === 0, 10_000);
    assert.equal(await view.page.locator('.detail-note').textContent(), 'No leadership record is kept for this Lease.');
    assert.deepEqual(await view.cspViolations(), []);
    assert.deepEqual(view.pageErrors, []);
  });

  test('long pod names fit their lane labels: the start and the distinctive end, the whole name in the tooltip', async () => {
    const view = await harness.open();
    const now = Date.now();
    const row = healthRow('prod', 'ingress-nginx', 'ingress-nginx-leader', {}, now);
    await view.send(rowsMessage([row]));
    await view.page.locator(`.hrow[data-key="${row.key}"] .col-namespace`).click();
    const holders = ['ingress-nginx-controller-7d9f8b6c5-abcde', 'ingress-nginx-controller-7d9f8b6c5-fghij'];
    const terms = [
      term(holders[0], now - 60_000, { lostAt: now - 30_000, end: 'taken-over' }),
      term(holders[1], now - 29_000, { gapBeforeMs: 1000 }),
    ];
    await view.send({ type: 'detail', key: row.key, detail: healthDetail(row, terms), hostNow: now });
    await view.page.waitForSelector('svg.chart-swimlane text.lane-label');
    const labels = await view.page.$$eval('svg.chart-swimlane text.lane-label', (els) =>
      els.map((el) => ({
        text: el.lastChild?.textContent ?? '',
        left: (el as SVGTextElement).getBBox().x,
        tip: el.querySelector('title')?.textContent ?? '',
      })),
    );
    assert.deepEqual(
      labels.map((l) => l.text),
      ['ingress-n…-7d9f8b6c5-abcde', 'ingress-n…-7d9f8b6c5-fghij'],
      'two distinct labels',
    );
    for (const label of labels) {
      assert.ok(label.left >= 0, `the label starts inside the chart (x ${label.left})`);
    }
    assert.match(labels[0].tip, /ingress-nginx-controller-7d9f8b6c5-abcde/);
    assert.deepEqual(view.pageErrors, []);
  });
});
