// The Leadership Health view on the demo, in the packaged extension in code-server driven through
// Chromium (issue 15): the demo's flapping Lease (ingress-nginx/ingress-nginx-leader, here moving
// every few seconds) → the Leases view shows it with its flapping decoration → "Show Leadership
// Health" from the view's title bar opens the Health view → its row carries the flapping badge →
// sorting by a header changes the order → select the row, Follow → the Lease panel opens on it.
// Meanwhile the status bar counts the flapping Lease and a notification says it flaps.
//
// Screenshots (test-results/e2e/): health-tree.png, health-view.png, health-view-detail.png (the
// whole table: side bar hidden, window wider), health-followed.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { ADMIN_CONTEXT, FLAPPING_WORKLOAD } from '../../demo';
import { endSession, openSession, type Session } from './session';
import { exactly, waitForValue, type Workbench } from '../../harness/workbench';

const VIEW = 'Leases';
const EXTENSION_ID = 'lease-lens.lease-lens';
const NAMESPACE = FLAPPING_WORKLOAD.namespace;
const LEASE = FLAPPING_WORKLOAD.lease;
const KEY = `${ADMIN_CONTEXT}/${NAMESPACE}/${LEASE}`;
/** The view title bar's button (its aria-label is the command's title, without the category). */
const SHOW_HEALTH = 'Show Leadership Health';
/** The flapping rule's defaults: more than 3 changes within 10 minutes. */
const FLAP_CHANGES = 3;

const started = Date.now();
let session: Session | undefined;
const marks: Record<string, number> = {};

function current(): Session {
  assert.ok(session, 'the session did not start (see the before hook)');
  return session;
}

/** The Health view's document, once its table is drawn. */
function healthFrame(bench: Workbench, hasText?: string): Promise<Frame> {
  return bench.webviewFrame({ extensionId: EXTENSION_ID, readySelector: '.htable', hasText, timeoutMs: 60_000 });
}

/** The CSS selector of a Health row by its LeaseKey. */
function rowSelector(key: string): string {
  return `.hrow[data-key="${key.replace(/["\\]/g, '\\$&')}"]`;
}

/** The names of the rows the table draws now, top to bottom (drawn rows are in display order). */
async function drawnNames(frame: Frame): Promise<string[]> {
  return frame.locator('.hrows .hrow[data-key]:visible .col-name').allTextContents();
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function inOrder(names: readonly string[], descending: boolean): boolean {
  return names.every((name, i) => i === 0 || (descending ? -1 : 1) * collator.compare(names[i - 1] ?? '', name) <= 0);
}

/** Clicks a column's sort button and waits until the header says it sorts that way. */
async function sortBy(frame: Frame, column: string, direction: 'ascending' | 'descending'): Promise<void> {
  const header = frame.locator(`.hhead [role="columnheader"][data-column="${column}"]`);
  await header.locator('button.sort-button').click();
  await waitForValue(
    () => header.getAttribute('aria-sort'),
    (sort) => sort === direction,
    { timeoutMs: 10_000, what: `${column} sorted ${direction}` },
  );
}

/** Every notification so far, from the notification center (toasts hide; the center keeps them). */
async function allNotifications(bench: Workbench): Promise<string[]> {
  await bench.runCommand('Notifications: Show Notifications');
  const center = bench.page.locator('.notifications-center');
  await center.waitFor({ state: 'visible' });
  const texts = await center.locator('.notification-list-item-message').allInnerTexts();
  await bench.page.keyboard.press('Escape');
  await center.waitFor({ state: 'hidden' }).catch(() => undefined);
  return texts;
}

/**
 * Runs `take` with the whole table in view: the side bar hidden and the window wider (the table is
 * wider than the editor beside a 480 px side bar, and scrolls sideways); then puts both back.
 */
async function wideTable(bench: Workbench, frame: Frame, take: () => Promise<void>): Promise<void> {
  const sidebar = bench.page.locator('#workbench\\.parts\\.sidebar');
  const viewport = bench.page.viewportSize();
  await bench.runCommand('View: Toggle Primary Side Bar Visibility');
  await sidebar.waitFor({ state: 'hidden' });
  await bench.page.setViewportSize({ width: 1600, height: viewport?.height ?? 900 });
  try {
    await frame.waitForFunction(() => {
      const table = document.querySelector('.htable');
      return table !== null && table.scrollWidth <= table.clientWidth;
    });
    await take();
  } finally {
    if (viewport) {
      await bench.page.setViewportSize(viewport);
    }
    await bench.runCommand('View: Toggle Primary Side Bar Visibility');
    await sidebar.waitFor({ state: 'visible' });
  }
}

describe('e2e: the Leadership Health view flags the flapping Lease, and a click follows it', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    session = await openSession({
      name: 'health',
      // Leadership of the flapping Lease moves by clean hand-overs every ~4 s for the whole run.
      demo: { flapping: { moveEveryMs: 4_000, flapForMs: 30 * 60_000, settleForMs: 60_000, crashEvery: 0 } },
      settings: {
        // A toast per holder change of the followed (flapping) Lease would cover the workbench.
        'leaseLens.notifications.holderChange': false,
      },
    });
  });

  after(async () => {
    const s = session;
    session = undefined;
    await endSession(s, { name: 'health', screenshot: 'health-final', numbers: { ...marks, testMs: Date.now() - started } });
  });

  test('the Leases view shows the flapping Lease with its flapping decoration', async () => {
    const { bench, demo } = current();
    assert.equal(demo.flapping?.phase, 'flapping', 'the demo flaps from the start');
    const t = Date.now();
    await bench.openViewContainer('Lease Lens');
    await bench.setSideBarWidth(480);
    await bench.expand(await bench.shownTreeItem(VIEW, ADMIN_CONTEXT));
    await bench.expand(await bench.shownTreeItem(VIEW, NAMESPACE));
    const row = await bench.shownTreeItem(VIEW, LEASE);
    // "ingress-nginx-controller-… · ≤15s · flapping", with the flapping icon.
    const description = await waitForValue(
      async () => (await bench.treeItemText(row)).description,
      (text) => /\bflapping\b/.test(text),
      { timeoutMs: 120_000, what: `the tree row of ${LEASE} says flapping` },
    );
    marks.flaggedInTreeMs = Date.now() - t;
    // Not before the rule holds: more than 3 changes (the demo counts a move once its new leader is
    // in place, so the 4th may still be counting when the tree already shows it).
    const moves = demo.flapping?.moves ?? 0;
    assert.ok(moves >= FLAP_CHANGES, `flagged after more than ${FLAP_CHANGES} moves (the demo made ${moves})`);
    assert.match(description, /·\s*flapping/);
    assert.ok((await row.locator('.codicon-pulse').count()) > 0, 'the row shows the flapping icon');
    await bench.screenshot('health-tree', bench.page.locator('#workbench\\.parts\\.sidebar'));
  });

  test('the status bar counts the flapping Lease, and one notification says it flaps', async () => {
    const { bench } = current();
    const item = bench.statusBarItem(/\b1 Lease flapping\b/).first();
    await item.waitFor({ timeout: 30_000 });
    const texts = await bench.statusBarTexts();
    assert.ok(
      texts.some((text) => /\b1 Lease flapping\b/.test(text)),
      `the status bar counts one flapping Lease: ${JSON.stringify(texts)}`,
    );
    const told = await waitForValue(
      async () => (await allNotifications(bench)).filter((text) => text.includes(`${NAMESPACE}/${LEASE}`)),
      (texts) => texts.length > 0,
      { timeoutMs: 30_000, what: 'the flapping notification', everyMs: 1_000 },
    );
    assert.equal(told.length, 1, `one notification: ${JSON.stringify(told)}`);
    assert.match(told[0] ?? '', new RegExp(`${NAMESPACE}/${LEASE} in context ${ADMIN_CONTEXT} is flapping`));
  });

  let frame: Frame | undefined;

  test("the view's title bar opens the Health view; the flapping Lease's row carries the flapping badge", async () => {
    const { bench } = current();
    const t = Date.now();
    const button = bench.page
      .locator(`#workbench\\.parts\\.sidebar a.action-label[aria-label^="${SHOW_HEALTH}"]`)
      .filter({ visible: true });
    await button.first().click();
    await bench.editorTab('Leadership Health').first().waitFor();
    frame = await healthFrame(bench);
    const badge = frame.locator(`${rowSelector(KEY)} .col-flags .flag-flapping`);
    await badge.first().waitFor({ timeout: 60_000 });
    marks.healthRowMs = Date.now() - t;
    const row = frame.locator(rowSelector(KEY));
    assert.equal((await row.locator('.col-namespace').textContent())?.trim(), NAMESPACE);
    assert.equal((await row.locator('.col-name').textContent())?.trim(), LEASE);
    assert.equal((await badge.first().textContent())?.trim(), 'flapping');
    assert.match((await badge.first().getAttribute('title')) ?? '', /More than 3 leadership changes within 10 min/);
    // Changes in the last hour: more than the rule's count.
    const changes = ((await row.locator('.col-transitions').textContent()) ?? '').trim();
    assert.ok(Number(changes.split('/')[0]?.trim()) > FLAP_CHANGES, `changes (hour / day): ${changes}`);
    assert.match(await frame.locator('.row-count').innerText(), /\d+ of \d+ Leases/);
    await wideTable(bench, frame, async () => {
      await bench.screenshot('health-view');
    });
  });

  test('clicking a header sorts the table by that column, both ways', async () => {
    assert.ok(frame, 'no Health view');
    const before = await drawnNames(frame);
    assert.ok(before.length >= 3, `rows drawn: ${JSON.stringify(before)}`);

    await sortBy(frame, 'name', 'ascending');
    const ascending = await waitForValue(
      () => drawnNames(frame as Frame),
      (names) => names.length > 0 && inOrder(names, false),
      { timeoutMs: 10_000, what: 'rows by name, A to Z' },
    );
    assert.notDeepEqual(ascending, before, 'sorting by name changed the order');

    await sortBy(frame, 'name', 'descending');
    const descending = await waitForValue(
      () => drawnNames(frame as Frame),
      (names) => names.length > 0 && inOrder(names, true),
      { timeoutMs: 10_000, what: 'rows by name, Z to A' },
    );
    assert.notDeepEqual(descending, ascending);
    assert.ok(collator.compare(descending[0] ?? '', ascending[0] ?? '') > 0, 'the other end of the list comes first');

    // Back to the worst first: the flapping Lease is at the top among the flagged.
    await sortBy(frame, 'flags', 'ascending');
    await frame
      .locator(`${rowSelector(KEY)} .flag-flapping`)
      .first()
      .waitFor();
    const flags = await frame.locator('.hrows .hrow[data-key]:visible .col-flags').allTextContents();
    const firstUnflagged = flags.findIndex((f) => f.trim() === '');
    assert.ok(
      firstUnflagged === -1 || flags.slice(firstUnflagged).every((f) => f.trim() === ''),
      `flagged rows first: ${JSON.stringify(flags)}`,
    );
  });

  test('select the flapping row and Follow: the Lease panel opens on that Lease', async () => {
    const { bench } = current();
    assert.ok(frame, 'no Health view');
    const t = Date.now();
    const row = frame.locator(rowSelector(KEY));
    await row.locator('.col-namespace').click();
    await waitForValue(
      () => row.getAttribute('aria-selected'),
      (selected) => selected === 'true',
      { timeoutMs: 10_000, what: 'the row selected' },
    );
    const title = frame.locator('.detail .detail-title');
    await waitForValue(
      async () => (await title.textContent()) ?? '',
      (text) => text.includes(`${NAMESPACE}/${LEASE}`),
      { timeoutMs: 10_000, what: 'the detail of the selected Lease' },
    );
    await frame.locator('.detail .health-flags .flag-flapping').first().waitFor();
    // The holder swimlane is drawn from the record's terms.
    await frame.locator('.detail .charts svg').first().waitFor({ timeout: 30_000 });
    const shown = frame;
    await wideTable(bench, shown, async () => {
      await shown.locator('.detail').scrollIntoViewIfNeeded();
      await bench.screenshot('health-view-detail');
    });

    await frame.locator('.detail .follow-button').click();
    const panel = await bench.webviewFrame({ extensionId: EXTENSION_ID, readySelector: '.lease-name', hasText: LEASE, timeoutMs: 60_000 });
    marks.followedMs = Date.now() - t;
    assert.equal((await panel.locator('.lease-name').first().textContent())?.trim(), LEASE);
    await bench.editorTab(exactly(LEASE)).first().waitFor();
    const holder = await waitForValue(
      async () => ((await panel.locator('.holder-identity').first().textContent()) ?? '').trim(),
      (text) => text.startsWith(FLAPPING_WORKLOAD.app),
      { timeoutMs: 30_000, what: 'the panel shows a holder of the flapping Lease' },
    );
    assert.ok(holder.length > 0);
    // Followed and still flapping: the status bar shows the followed Lease and the count.
    await bench
      .statusBarItem(/\b1 Lease flapping\b/)
      .first()
      .waitFor();
    await bench.screenshot('health-followed');
  });
});
