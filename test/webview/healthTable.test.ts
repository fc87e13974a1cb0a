// The Leadership Health view's table in Chromium: sorting by a header (order and aria-sort),
// filtering, flagged only, selecting and following (click, keys, buttons) and the state kept
// across a reload.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthHarness, type HealthPage } from './healthHarness';
import { healthRow, rowsMessage } from './healthRows';
import type { HealthRow } from '../../src/shared/health';
import { waitFor } from '../../harness/waiting';

/** The four Leases, renewed 2 s before `now`. */
function freshRows(now = Date.now()): HealthRow[] {
  return [
    healthRow(
      'prod',
      'kube-system',
      'kube-scheduler',
      { transitionsHour: 5, transitionsDay: 9, flags: ['flapping'], lastGapMs: 4000 },
      now,
    ),
    healthRow('prod', 'kube-system', 'kube-controller-manager', { transitionsHour: 0, transitionsDay: 2, lastGapMs: 12_000 }, now),
    healthRow('staging', 'cert-manager', 'cert-manager-controller', { holder: 'cm-7d9f_abc', transitionsHour: 2, transitionsDay: 3 }, now),
    healthRow('staging', 'apps', 'orders-leader', { holder: '', renewedAt: undefined, terms: 0, flags: ['never-held'] }, now),
  ];
}
const rows = freshRows();
const keyOf = (name: string): string => rows.find((r) => r.name === name)?.key ?? '';

async function waitForOrder(view: HealthPage, expected: string[], what: string): Promise<void> {
  let seen: string[] = [];
  await waitFor(
    what,
    async () => {
      seen = await view.renderedKeys();
      return JSON.stringify(seen) === JSON.stringify(expected);
    },
    10_000,
    { detail: () => `showing ${JSON.stringify(seen)}` },
  );
}

describe('Health view: table', () => {
  let harness: HealthHarness;
  before(async () => {
    harness = await HealthHarness.start();
  });
  after(async () => harness?.close());

  test('clicking a header sorts by it, again reverses, and aria-sort says so', async () => {
    const view = await harness.open();
    await view.send(rowsMessage(rows));
    // Default: flags, worst first.
    await waitFor('rows drawn', async () => (await view.renderedKeys()).length === 4, 10_000);
    assert.equal((await view.renderedKeys())[0], keyOf('kube-scheduler'), 'flapping first by default');

    await view.page.locator('.hcell.col-name .sort-button').click();
    await waitForOrder(
      view,
      ['cert-manager-controller', 'kube-controller-manager', 'kube-scheduler', 'orders-leader'].map(keyOf),
      'by name',
    );
    assert.equal(await view.page.getAttribute('.hhead .col-name', 'aria-sort'), 'ascending');
    assert.equal(await view.page.getAttribute('.hhead .col-transitions', 'aria-sort'), 'none');

    await view.page.locator('.hcell.col-name .sort-button').click();
    await waitForOrder(
      view,
      ['orders-leader', 'kube-scheduler', 'kube-controller-manager', 'cert-manager-controller'].map(keyOf),
      'by name, descending',
    );
    assert.equal(await view.page.getAttribute('.hhead .col-name', 'aria-sort'), 'descending');

    await view.page.locator('.hcell.col-transitions .sort-button').click();
    await view.page.locator('.hcell.col-transitions .sort-button').click();
    await waitForOrder(
      view,
      ['kube-scheduler', 'cert-manager-controller', 'kube-controller-manager', 'orders-leader'].map(keyOf),
      'most changes first',
    );
    assert.equal(await view.page.getAttribute('.hhead .col-transitions', 'aria-sort'), 'descending');
    assert.equal(await view.page.getAttribute('.hhead .col-name', 'aria-sort'), 'none');

    // Gaps: values a row lacks sort last in either direction.
    await view.page.locator('.hcell.col-lastGap .sort-button').click();
    const byGap = await view.renderedKeys();
    assert.deepEqual(byGap.slice(0, 2), [keyOf('kube-scheduler'), keyOf('kube-controller-manager')]);
    assert.deepEqual(view.pageErrors, []);
  });

  test('the filter matches context, namespace, name and holder; flagged only keeps flagged rows; odd input never throws', async () => {
    const view = await harness.open();
    await view.send(rowsMessage(rows));
    await waitFor('rows drawn', async () => (await view.renderedKeys()).length === 4, 10_000);
    const filter = view.page.locator('.filter-input');

    await filter.fill('staging');
    await waitFor('context filter', async () => (await view.renderedKeys()).length === 2, 10_000);
    // The rows the filter hid name no Lease any more: only the shown rows carry a key.
    assert.deepEqual(await view.page.$$eval('.hrows .hrow[hidden][data-key]', (els) => els.length), 0);
    await filter.fill('KUBE-SYSTEM scheduler');
    await waitForOrder(view, [keyOf('kube-scheduler')], 'namespace and name words');
    await filter.fill('cm-7d9f');
    await waitForOrder(view, [keyOf('cert-manager-controller')], 'holder');
    assert.match((await view.page.locator('.row-count').textContent()) ?? '', /^1 of 4 Leases$/);
    for (const odd of ['(', '[a-', '\\', '.*+?^${}()|[]', '\u202e', 'x'.repeat(5000)]) {
      await filter.fill(odd);
      await waitForOrder(view, [], `no match for ${JSON.stringify(odd.slice(0, 20))}`);
    }
    assert.equal(await view.page.locator('.table-empty').textContent(), 'No Lease matches the filter.');
    await filter.fill('');
    await waitFor('all again', async () => (await view.renderedKeys()).length === 4, 10_000);

    await view.page.locator('.flagged-label').click();
    await waitFor(
      'flagged only',
      async () => {
        const keys = await view.renderedKeys();
        return keys.length === 2 && keys.includes(keyOf('kube-scheduler')) && keys.includes(keyOf('orders-leader'));
      },
      10_000,
    );
    assert.equal(await view.page.locator('.hrows .hrow.flagged:not([hidden])').count(), 2);
    assert.equal(await view.page.locator('.hrows .hrow:not([hidden]) .flag.flag-flapping').count(), 1);
    assert.ok(((await view.page.locator('.flag-flapping').getAttribute('title')) ?? '').includes('leadership changes'));
    assert.deepEqual(view.pageErrors, []);
  });

  test('click selects, Up/Down move, Enter and double click follow, the buttons follow and copy the summary', async () => {
    const view = await harness.open();
    await view.send(rowsMessage(rows));
    await view.page.locator('.hcell.col-name .sort-button').click();
    await waitForOrder(
      view,
      ['cert-manager-controller', 'kube-controller-manager', 'kube-scheduler', 'orders-leader'].map(keyOf),
      'by name',
    );

    await view.page.locator(`.hrow[data-key="${keyOf('kube-controller-manager')}"] .col-namespace`).click();
    assert.deepEqual(await view.waitForPosted({ type: 'select', key: keyOf('kube-controller-manager') }), {
      type: 'select',
      key: keyOf('kube-controller-manager'),
    });
    assert.equal(await view.page.getAttribute(`.hrow[data-key="${keyOf('kube-controller-manager')}"]`, 'aria-selected'), 'true');

    await view.page.keyboard.press('ArrowDown');
    await view.waitForPosted({ type: 'select', key: keyOf('kube-scheduler') });
    const active = await view.page.getAttribute('.hviewport', 'aria-activedescendant');
    assert.equal(await view.page.getAttribute(`#${active}`, 'data-key'), keyOf('kube-scheduler'));
    await view.page.keyboard.press('ArrowUp');
    await view.page.keyboard.press('ArrowUp');
    await view.waitForPosted({ type: 'select', key: keyOf('cert-manager-controller') });
    await view.page.keyboard.press('Enter');
    await view.waitForPosted({ type: 'follow', key: keyOf('cert-manager-controller') });

    await view.page.locator(`.hrow[data-key="${keyOf('orders-leader')}"] .col-holder`).dblclick();
    await view.waitForPosted({ type: 'follow', key: keyOf('orders-leader') });

    // A click on the Lease's name follows it (and selects it).
    const namesBefore = (await view.posted()).filter((m) => m.type === 'follow').length;
    await view.page.locator(`.hrow[data-key="${keyOf('kube-scheduler')}"] .col-name .follow-link`).click();
    await view.waitForPosted({ type: 'follow', key: keyOf('kube-scheduler') });
    assert.equal((await view.posted()).filter((m) => m.type === 'follow').length, namesBefore + 1);
    await view.page.locator(`.hrow[data-key="${keyOf('orders-leader')}"] .col-namespace`).click();
    await view.waitForPosted({ type: 'select', key: keyOf('orders-leader') });
    assert.equal((await view.posted()).filter((m) => m.type === 'follow').length, namesBefore + 1, 'a click elsewhere only selects');

    await view.page.locator('.copy-incident-button').click();
    await view.waitForPosted({ type: 'copyIncident', key: keyOf('orders-leader') });
    const before = (await view.posted()).filter((m) => m.type === 'follow').length;
    await view.page.locator('.follow-button').click();
    await waitFor(
      'the Follow button posts follow',
      async () => (await view.posted()).filter((m) => m.type === 'follow').length === before + 1,
      10_000,
    );
    assert.deepEqual((await view.posted()).filter((m) => m.type === 'follow').at(-1), { type: 'follow', key: keyOf('orders-leader') });
    assert.deepEqual(view.pageErrors, []);
  });

  test('sort, filter, flagged only and the selection survive a reload (vscode.setState)', async () => {
    const view = await harness.open();
    await view.send(rowsMessage(rows));
    await view.page.locator('.hcell.col-holder .sort-button').click();
    await view.page.locator('.hcell.col-holder .sort-button').click();
    await view.page.locator('.filter-input').fill('kube');
    await view.page.locator('.flagged-label').click();
    await waitForOrder(view, [keyOf('kube-scheduler')], 'filtered and flagged');
    await view.page.locator(`.hrow[data-key="${keyOf('kube-scheduler')}"] .col-namespace`).click();
    await view.waitForPosted({ type: 'select', key: keyOf('kube-scheduler') });

    await view.page.reload();
    await view.waitForPosted({ type: 'ready' });
    // The restored selection asks for its detail again.
    await view.waitForPosted({ type: 'select', key: keyOf('kube-scheduler') });
    await view.send(rowsMessage(rows));
    await waitForOrder(view, [keyOf('kube-scheduler')], 'restored filter');
    assert.equal(await view.page.locator('.filter-input').inputValue(), 'kube');
    assert.equal(await view.page.locator('.flagged-only').isChecked(), true);
    assert.equal(await view.page.getAttribute('.hhead .col-holder', 'aria-sort'), 'descending');
    assert.equal(await view.page.getAttribute(`.hrow[data-key="${keyOf('kube-scheduler')}"]`, 'aria-selected'), 'true');
    const state = await view.page.evaluate(() => JSON.parse(sessionStorage.getItem('__leaseLensWebviewState') ?? 'null') as unknown);
    assert.deepEqual(state, {
      sortColumn: 'holder',
      sortDescending: true,
      filter: 'kube',
      flaggedOnly: true,
      selected: keyOf('kube-scheduler'),
    });
  });

  test('rows update in place, removed rows go, the state and time left tick; contexts show unknown since and clock skew', async () => {
    const view = await harness.open();
    const t0 = Date.now();
    await view.send(rowsMessage(freshRows(t0)));
    await view.page.locator('.hcell.col-name .sort-button').click();
    const scheduler = view.page.locator(`.hrow[data-key="${keyOf('kube-scheduler')}"]`);
    assert.equal(await scheduler.locator('.col-state').textContent(), 'Held');
    // Renewed 14.5 s ago with a 15 s duration: it runs out within a second or two, and the cell ticks.
    await view.send(
      rowsMessage([healthRow('prod', 'kube-system', 'kube-scheduler', { renewedAt: t0 - 14_500 }, t0)], false, [keyOf('orders-leader')]),
    );
    await waitFor('orders-leader removed', async () => !(await view.renderedKeys()).includes(keyOf('orders-leader')), 10_000);
    await waitFor('expired by the tick', async () => (await scheduler.locator('.col-state').textContent()) === 'Expired', 10_000);
    assert.match((await scheduler.locator('.col-timeLeft').textContent()) ?? '', /^expired \d+s ago$/);

    await view.send(
      rowsMessage([healthRow('prod', 'kube-system', 'kube-scheduler', { unknownSince: t0 - 60_000, flags: ['stale-unknown'] }, t0)], false),
    );
    await waitFor(
      'unknown since',
      async () => ((await scheduler.locator('.col-state').textContent()) ?? '').startsWith('unknown since '),
      10_000,
    );
    assert.equal(await scheduler.locator('.col-state').getAttribute('data-state'), 'unknown');

    await view.send({
      type: 'contexts',
      contexts: [
        { context: 'prod', phase: 'unreachable', synced: true, unknownSince: t0 - 60_000, message: 'dial tcp: refused' },
        { context: 'staging', phase: 'connected', synced: true, clockSkewMs: 4200 },
        { context: 'dev', phase: 'connected', synced: true, clockSkewMs: 1200 },
      ],
    });
    await view.page.waitForSelector('.context-line[data-context="prod"] .unknown-since');
    assert.match(
      await view.page.locator('.context-line[data-context="prod"]').innerText(),
      /prod unreachable · unknown since \d\d:\d\d:\d\d · dial tcp: refused/,
    );
    assert.equal(await view.page.locator('.context-line[data-context="staging"] .clock-skew').textContent(), 'API server clock 4s ahead');
    assert.equal(await view.page.locator('.context-line[data-context="dev"] .clock-skew').count(), 0, 'below 3 s is not shown');
  });
});
