// The fate of the old leader (issue 16 §1), in the packaged extension in code-server driven through
// Chromium: the demo's demo/oom-demo workload (demo/leaderFates.ts; its timer set far beyond the
// run, so the kill happens when this test asks) → Follow Lease from the tree's context menu → the
// test OOMKills the leader (the previous container's log ends with the lost election, exit 137,
// the container restarts, another pod takes the Lease) → the panel shows the new holder → under
// the ended term, the history's fate line says OOMKilled (exit 137), restarted → expanded, it
// shows the evidence: the container's last termination and the previous log's leadership lines,
// and it stays expanded while the new holder renews.
//
// Screenshots (test-results/e2e/): fate-followed.png, fate-line.png, fate-evidence.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { ADMIN_CONTEXT, type Demo } from '../../demo';
import { holderPod, oomKillLeader, type FateWorkload } from '../../demo/leaderFates';
import { endSession, openSession, type Session } from './session';
import { waitForValue } from '../../harness/workbench';

const VIEW = 'Leases';
const EXTENSION_ID = 'lease-lens.lease-lens';
/** The demo's OOMKilled workload (LeaderFates.oom): namespace demo, Deployment and Lease oom-demo. */
const NAMESPACE = 'demo';
const LEASE = 'oom-demo';
/** The demo's own fate timer, far beyond the run: the OOM kill comes when the test asks for it. */
const NEVER_BY_ITSELF_MS = 24 * 3_600_000;

const started = Date.now();
let session: Session | undefined;
const marks: Record<string, number> = {};

function current(): Session {
  assert.ok(session, 'the session did not start (see the before hook)');
  return session;
}

function workload(demo: Demo): FateWorkload {
  const oom = demo.leaderFates?.oom;
  assert.ok(oom, 'the demo runs the leader fates workloads');
  assert.equal(oom.namespace, NAMESPACE);
  assert.equal(oom.lease, LEASE);
  return oom;
}

/** The identity holding the workload's Lease in the cluster now. */
function holderIn(demo: Demo): string {
  return demo.server.store.getLease(NAMESPACE, LEASE)?.spec?.holderIdentity ?? '';
}

/** A CSS attribute selector's quoted value. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

async function waitForFrameText(
  frame: Frame,
  selector: string,
  ok: (text: string) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<string> {
  return waitForValue(async () => (await frame.locator(selector).allTextContents()).join('\n'), ok, {
    timeoutMs,
    what: `${what} (${selector})`,
  });
}

describe('e2e: the history tells what happened to the OOMKilled leader', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    session = await openSession({
      name: 'fate',
      demo: { leaderFates: { everyMs: NEVER_BY_ITSELF_MS } },
      settings: {
        // The holder-change toast would cover the panel in screenshots; the panel is what this test reads.
        'leaseLens.notifications.holderChange': false,
      },
    });
  });

  after(async () => {
    const s = session;
    session = undefined;
    await endSession(s, { name: 'fate', screenshot: 'fate-final', numbers: { ...marks, testMs: Date.now() - started } });
  });

  let panel: Frame | undefined;
  let oldHolder = '';
  let oldPod = '';

  test('Follow Lease (context menu) on the OOM demo workload: the panel shows its leader', async () => {
    const { bench, demo } = current();
    const w = workload(demo);
    oldPod = holderPod(demo.server.store, w) ?? '';
    oldHolder = holderIn(demo);
    assert.ok(oldPod !== '' && oldHolder.startsWith(`${oldPod}_`), `a pod of ${LEASE} leads: ${oldHolder}`);
    const t = Date.now();
    await bench.openViewContainer('Lease Lens');
    await bench.setSideBarWidth(480);
    await bench.expand(await bench.shownTreeItem(VIEW, ADMIN_CONTEXT));
    await bench.expand(await bench.shownTreeItem(VIEW, NAMESPACE));
    const row = await bench.shownTreeItem(VIEW, LEASE);
    await waitForValue(
      async () => (await bench.treeItemText(row)).description,
      (text) => text.includes(oldPod),
      { timeoutMs: 30_000, what: `the tree row of ${LEASE} names the holder's pod` },
    );
    await bench.contextMenu(row, 'Follow Lease');
    panel = await bench.webviewFrame({ extensionId: EXTENSION_ID, readySelector: '.lease-name', hasText: LEASE, timeoutMs: 60_000 });
    await waitForFrameText(panel, '.holder-identity', (s) => s === oldHolder, 'the panel shows the holder');
    // The follow found the workload's pods: the old holder's pod is among them before it is killed.
    await waitForFrameText(panel, '.section-logs .log-line .log-text', (s) => s.includes(`${NAMESPACE}/${LEASE}`), 'leadership log lines');
    marks.followedMs = Date.now() - t;
    assert.equal(await panel.locator('.section-history tr.term-fate').count(), 0, 'no fate before a term ended');
    await bench.screenshot('fate-followed', bench.page.locator('.part.editor'));
  });

  test('the leader is OOMKilled: the panel shows the new holder, and the fate line under the ended term', async () => {
    const { bench, demo } = current();
    assert.ok(panel, 'no panel');
    const frame = panel;
    const t = Date.now();
    const killed = oomKillLeader(demo.server.store, workload(demo));
    assert.equal(killed.oldPod, oldPod);
    assert.notEqual(killed.newPod, oldPod, 'another pod takes the Lease');
    const newHolder = holderIn(demo);
    assert.ok(newHolder.startsWith(`${killed.newPod}_`), `the new holder is ${killed.newPod}: ${newHolder}`);
    await waitForFrameText(frame, '.holder-identity', (s) => s === newHolder, 'the panel shows the new holder');
    marks.newHolderShownMs = Date.now() - t;

    const fateRow = frame.locator(`.section-history tr.term-fate[data-holder=${quoted(oldHolder)}]`);
    const line = await waitForValue(
      async () => ((await fateRow.locator('.term-fate-line').allTextContents()).at(0) ?? '').trim(),
      (text) => /pod OOMKilled at \S.* \(exit 137\), restarted\b/.test(text),
      { timeoutMs: 60_000, what: `the fate line of ${oldHolder} says OOMKilled (exit 137), restarted` },
    );
    marks.fateLineShownMs = Date.now() - t;
    assert.match(line, /^taken over: pod OOMKilled at /, `the line starts with how the term ended: ${line}`);
    assert.equal(await fateRow.getAttribute('data-cause'), 'oom-killed');
    // The line sits right under the ended term's row (the history is newest first: the new term above).
    // Read until it holds: each renewal redraws the history, and a row read as it is replaced has no sibling.
    await waitForValue(
      () =>
        fateRow.evaluate((tr) => {
          const prev = tr.previousElementSibling;
          return { holder: prev?.getAttribute('data-holder') ?? '', isTerm: prev?.classList.contains('term') === true };
        }),
      (under) => under.holder === oldHolder && under.isTerm,
      { timeoutMs: 10_000, what: 'the fate row right under the ended term of the old holder' },
    );
    const newTerm = frame.locator(`.section-history tr.term.current[data-holder=${quoted(newHolder)}]`);
    await newTerm.waitFor();
    assert.equal(
      await frame.locator(`.section-history tr.term-fate[data-holder=${quoted(newHolder)}]`).count(),
      0,
      'no fate for the running term',
    );
    assert.equal(await fateRow.locator('details').getAttribute('open'), null, 'collapsed to one line at first');
    // The history section, not the fate row: the row is replaced at each redraw.
    await frame.locator('.section-history').scrollIntoViewIfNeeded();
    await bench.screenshot('fate-line', bench.page.locator('.part.editor'));
  });

  test('expanded, the fate shows its evidence: the container’s last termination and the previous log’s leadership lines', async () => {
    const { bench, demo } = current();
    assert.ok(panel, 'no panel');
    const frame = panel;
    const fateRow = frame.locator(`.section-history tr.term-fate[data-holder=${quoted(oldHolder)}]`);
    // A click that lands as a renewal redraws the history hits a row on its way out and is lost;
    // click again then, as a reader would.
    const details = fateRow.locator('details');
    await waitForValue(
      async () => {
        if ((await details.getAttribute('open')) === null) {
          await fateRow.locator('summary.term-fate-line').click();
        }
        return details.getAttribute('open');
      },
      (open) => open !== null,
      { timeoutMs: 15_000, what: 'the fate line expanded', everyMs: 500 },
    );
    const evidence = fateRow.locator('ul.fate-evidence');
    await evidence.waitFor({ state: 'visible', timeout: 10_000 });

    const container = await waitForFrameText(
      frame,
      `.section-history tr.term-fate[data-holder=${quoted(oldHolder)}] .fate-evidence-item.fate-container .fate-text`,
      (s) => s.includes('Container manager terminated: OOMKilled, exit code 137'),
      "the container's lastState",
    );
    assert.match(container, /Container manager: 1 restarts|Container manager running again/, `the restart: ${container}`);

    const previousLog = fateRow.locator('.fate-evidence-item.fate-log').filter({ hasText: 'previous container' });
    const logs = await waitForValue(
      async () => previousLog.locator('.fate-text').allTextContents(),
      (texts) => texts.some((s) => s.endsWith('leaderelection lost')),
      { timeoutMs: 10_000, what: "the previous container's log ends with the lost election" },
    );
    assert.ok(
      logs.some((s) => s.includes(`failed to renew lease ${NAMESPACE}/${LEASE}`)),
      `the previous container said it failed to renew: ${JSON.stringify(logs)}`,
    );
    assert.match(logs.at(-1) ?? '', /leaderelection lost$/, 'the lost election is the last leadership line before the kill');
    const event = await fateRow.locator('.fate-evidence-item.fate-event .fate-text').allTextContents();
    assert.ok(
      event.some((s) => s.includes('OOMKilling')),
      `the node's OOMKilling Event: ${JSON.stringify(event)}`,
    );

    // Each renewal of the new holder redraws the history: the evidence stays open for the reader.
    const renewals = (): Promise<number> =>
      frame
        .locator('.section-history tr.term.current td.num')
        .first()
        .textContent()
        .then((s) => Number((s ?? '').replace(/\D/g, '')));
    const before = await renewals();
    const renewedAt = demo.server.store.getLease(NAMESPACE, LEASE)?.spec?.renewTime;
    await waitForValue(
      async () => ({ count: await renewals(), renewTime: demo.server.store.getLease(NAMESPACE, LEASE)?.spec?.renewTime }),
      (v) => v.count > before && v.renewTime !== renewedAt,
      { timeoutMs: 30_000, what: 'the new holder renewed and the panel redrew its term' },
    );
    assert.equal(await fateRow.locator('details').getAttribute('open'), '', 'the fate stays expanded across a redraw');
    assert.ok(await evidence.isVisible(), 'the evidence is still shown');

    // The history section, not the fate row: the row is replaced at each redraw. The click may have
    // scrolled the wide table sideways (long evidence lines); the picture starts at the holder column.
    await frame.locator('.section-history').scrollIntoViewIfNeeded();
    await frame.locator('.section-history .wide-scroll').evaluate((el) => el.scrollTo({ left: 0 }));
    await bench.screenshot('fate-evidence', bench.page.locator('.part.editor'));
  });
});
