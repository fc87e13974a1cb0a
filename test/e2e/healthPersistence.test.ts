// Leadership records outlive a reload of the window (issue 15): the extension host and its Lease
// server end, the server saves the records into the extension's global storage as it shuts down,
// and the new server loads them when the context is watched again. On the demo's flapping Lease
// (ingress-nginx/ingress-nginx-leader, here moving every ~3 s): open the Health view, select the
// Lease, let it change hands a few times while watched, stop the flapping right after a move
// (so no move is under way and no new term comes), note the swimlane's terms, reload the window,
// and the restored Health view shows the same watch terms — terms Events alone could not give
// (a term known only from Events is drawn with the class from-events).
//
// Screenshots (test-results/e2e/): persistence-before.png, persistence-after.png.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { ADMIN_CONTEXT, FLAPPING_WORKLOAD } from '../../demo';
import { waitFor } from '../../harness/waiting';
import { endSession, openSession, type Session } from './session';
import { waitForValue, type Workbench } from '../../harness/workbench';

const VIEW = 'Leases';
const EXTENSION_ID = 'lease-lens.lease-lens';
const NAMESPACE = FLAPPING_WORKLOAD.namespace;
const LEASE = FLAPPING_WORKLOAD.lease;
const WORKLOAD = `${NAMESPACE}/${LEASE}`;
const KEY = `${ADMIN_CONTEXT}/${WORKLOAD}`;
const SHOW_HEALTH = 'Show Leadership Health';
/** Watch terms to see before the flapping stops: more than the current one Events would leave after a lost record. */
const WATCH_TERMS = 4;

const started = Date.now();
let session: Session | undefined;
const marks: Record<string, number> = {};

function current(): Session {
  assert.ok(session, 'the session did not start (see the before hook)');
  return session;
}

/** One bar of the swimlane, as its element and its tooltip say. */
interface Segment {
  holder: string;
  /** The acquisition's clock time (HH:mm:ss). */
  from: string;
  fromEvents: boolean;
  open: boolean;
}

function healthFrame(bench: Workbench): Promise<Frame> {
  return bench.webviewFrame({ extensionId: EXTENSION_ID, readySelector: '.htable', timeoutMs: 60_000 });
}

function rowSelector(key: string): string {
  return `.hrow[data-key="${key.replace(/["\\]/g, '\\$&')}"]`;
}

/** The swimlane's bars, oldest first (terms are drawn in order). Tooltip: `<holder>: <from> – <until> (<lasted>) <how>`. */
async function segments(frame: Frame): Promise<Segment[]> {
  const raw = await frame
    .locator('.detail svg.chart-swimlane rect.term-segment')
    .evaluateAll((rects) =>
      rects.map((rect) => ({ title: rect.querySelector('title')?.textContent ?? '', classes: rect.getAttribute('class') ?? '' })),
    );
  return raw.map(({ title, classes }) => {
    const colon = title.indexOf(': ');
    const dash = title.indexOf(' – ', colon);
    const from = colon < 0 || dash < 0 ? '' : title.slice(colon + 2, dash);
    const list = classes.split(/\s+/);
    return {
      holder: colon < 0 ? title : title.slice(0, colon),
      // A term of another day says its date too; the clock time is its last 8 characters.
      from: from.slice(-8),
      fromEvents: list.includes('from-events'),
      open: list.includes('open'),
    };
  });
}

const watchTerms = (all: readonly Segment[]): Segment[] => all.filter((s) => !s.fromEvents);

/** Filters the table to the Lease, selects its row (a click; a selected row stays selected) and waits for its detail's swimlane. */
async function selectLease(frame: Frame): Promise<void> {
  // Only this Lease's row: the table re-sorts as flags and times change, and a virtualised row element
  // shows another Lease after a re-sort, so a click on a moving row could select another Lease.
  await frame.locator('input.filter-input').fill(LEASE);
  const row = frame.locator(rowSelector(KEY));
  await row.first().waitFor({ timeout: 60_000 });
  await row.locator('.col-namespace').click();
  await waitForValue(
    () => row.getAttribute('aria-selected'),
    (selected) => selected === 'true',
    { timeoutMs: 10_000, what: 'the row selected' },
  );
  await waitForValue(
    async () => (await frame.locator('.detail .detail-title').textContent()) ?? '',
    (text) => text.includes(WORKLOAD),
    { timeoutMs: 10_000, what: 'the detail of the selected Lease' },
  );
  await frame.locator('.detail svg.chart-swimlane').first().waitFor({ timeout: 30_000 });
}

/** The leadership record files in the extension's global storage (code-server's user data dir), with when each was written. */
function recordFiles(s: Session): { name: string; writtenAt: number }[] {
  const folder = join(s.server.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'leadership');
  if (!existsSync(folder)) {
    return [];
  }
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, writtenAt: statSync(join(folder, name)).mtimeMs }));
}

describe('e2e: leadership records survive a reload of the window', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    session = await openSession({
      name: 'health-persistence',
      // Leadership of the flapping Lease moves by clean hand-overs every ~3 s until the test stops it.
      demo: { flapping: { moveEveryMs: 3_000, flapForMs: 30 * 60_000, settleForMs: 60_000, crashEvery: 0 } },
      settings: {
        'leaseLens.notifications.holderChange': false,
        // Toasts would cover the workbench; this test is about the records.
        'leaseLens.notifications.flapping': false,
      },
    });
  });

  after(async () => {
    const s = session;
    session = undefined;
    await endSession(s, {
      name: 'health-persistence',
      screenshot: 'persistence-final',
      numbers: { ...marks, testMs: Date.now() - started },
    });
  });

  let noted: Segment[] = [];

  test('the Health view shows the flapping Lease changing hands while watched; then the flapping stops', async () => {
    const { bench, demo } = current();
    const flapping = demo.flapping;
    assert.ok(flapping, 'the demo flaps');
    await bench.openViewContainer('Lease Lens');
    await bench.expand(await bench.shownTreeItem(VIEW, ADMIN_CONTEXT));
    await bench.page
      .locator(`#workbench\\.parts\\.sidebar a.action-label[aria-label^="${SHOW_HEALTH}"]`)
      .filter({ visible: true })
      .first()
      .click();
    await bench.editorTab('Leadership Health').first().waitFor();
    const frame = await healthFrame(bench);
    await selectLease(frame);

    const t = Date.now();
    await waitForValue(
      async () => watchTerms(await segments(frame)),
      (terms) => terms.length >= WATCH_TERMS,
      { timeoutMs: 120_000, what: `${WATCH_TERMS} watch terms in the swimlane` },
    );
    marks.watchTermsMs = Date.now() - t;

    // Stop right after a move: its new leader is in place and the next move is ~3 s away, so no
    // hand-over is under way when the flapping stops.
    const moves = flapping.moves;
    await waitFor('the next move of the flapping Lease', () => flapping.moves > moves, 60_000, { everyMs: 10 });
    await flapping.stop();
    const leader = demo.leaderIdentity(WORKLOAD);
    assert.ok(leader, 'a leader is in place after the last move');

    // The swimlane catches up: its open term is the last leader's, observed by the watch.
    noted = await waitForValue(
      () => segments(frame),
      (all) => {
        const last = all[all.length - 1];
        return last !== undefined && last.open && !last.fromEvents && last.holder === leader;
      },
      { timeoutMs: 30_000, what: `the swimlane's open term held by ${leader}` },
    );
    assert.equal(demo.leaderIdentity(WORKLOAD), leader, 'the leadership stays put once the flapping stopped');
    assert.ok(watchTerms(noted).length >= WATCH_TERMS + 1, `watch terms: ${JSON.stringify(watchTerms(noted))}`);
    await bench.screenshot('persistence-before');
  });

  test('after "Developer: Reload Window" the restored Health view shows the same watch terms', async () => {
    const { bench, demo } = current();
    assert.ok(noted.length > 0, 'no terms noted before the reload (see the test before)');
    const t = Date.now();
    const reloadAt = Date.now();
    const navigated = bench.page.waitForEvent('framenavigated', { predicate: (f) => f === bench.page.mainFrame(), timeout: 60_000 });
    await bench.runCommand('Developer: Reload Window');
    await navigated;
    await bench.waitReady();
    // The Lease server saved the records as it shut down (not only on its 30 s timer), into the
    // extension's global storage.
    await waitForValue(
      () => Promise.resolve(recordFiles(current())),
      (files) => files.some((file) => file.writtenAt >= reloadAt),
      { timeoutMs: 30_000, what: 'a leadership record file in the global storage written during the reload' },
    );

    // The serializer restores the view (and with it, its selection); select the Lease again.
    await bench.editorTab('Leadership Health').first().waitFor({ timeout: 60_000 });
    const frame = await healthFrame(bench);
    await selectLease(frame);
    const expected = watchTerms(noted);
    const restored = await waitForValue(
      async () => watchTerms(await segments(frame)),
      (terms) => terms.length >= expected.length,
      { timeoutMs: 60_000, what: `${expected.length} watch terms after the reload (noted: ${JSON.stringify(expected)})` },
    );
    marks.restoredMs = Date.now() - t;
    assert.equal(restored.length, expected.length, `same number of watch terms: ${JSON.stringify({ before: expected, after: restored })}`);
    assert.deepEqual(
      restored.map((s) => s.holder),
      expected.map((s) => s.holder),
      'the same holders in the same order',
    );
    assert.deepEqual(
      restored.map((s) => s.from),
      expected.map((s) => s.from),
      'the terms began at the same times',
    );
    assert.ok(restored[restored.length - 1]?.open, 'the last leader still holds: its term goes on');
    assert.equal(demo.leaderIdentity(WORKLOAD), expected[expected.length - 1]?.holder, 'nobody took over meanwhile');
    await bench.screenshot('persistence-after');
  });
});
