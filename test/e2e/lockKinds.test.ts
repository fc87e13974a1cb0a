// A ConfigMap lock in the packaged extension in code-server driven through Chromium (issue 17): on
// the demo cluster, the elector of legacy-locks/legacy-controller keeps its election in a
// ConfigMap's `control-plane.alpha.kubernetes.io/leader` annotation. The Leases view lists it next
// to Leases, marked as a ConfigMap lock (description, icon, tooltip); Follow Lease opens the panel,
// whose header says "ConfigMap lock" and whose countdown ticks.
//
// Screenshots (test-results/e2e/): lock-kinds-tree.png, lock-kinds-panel.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { ADMIN_CONTEXT } from '../../demo';
import { endSession, openSession, type Session } from './session';
import { waitForValue } from '../../harness/workbench';

const VIEW = 'Leases';
const EXTENSION_ID = 'lease-lens.lease-lens';
const NAMESPACE = 'legacy-locks';
const LOCK = 'legacy-controller';

const started = Date.now();
let session: Session | undefined;
const marks: Record<string, number> = {};

function current(): Session {
  assert.ok(session, 'the session did not start (see the before hook)');
  return session;
}

async function frameText(frame: Frame, selector: string, ok: (text: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  return waitForValue(async () => (await frame.locator(selector).allTextContents()).join('\n'), ok, {
    timeoutMs,
    what: `${what} (${selector})`,
  });
}

describe('e2e: a ConfigMap lock shows in the tree, marked, and its panel counts down', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    session = await openSession({ name: 'lockKinds', settings: { 'leaseLens.notifications.holderChange': false } });
  });

  after(async () => {
    const s = session;
    session = undefined;
    await endSession(s, { name: 'lockKinds', screenshot: 'lock-kinds-final', numbers: { ...marks, testMs: Date.now() - started } });
  });

  test('the Leases view lists the ConfigMap lock in its namespace, marked as a ConfigMap lock', async () => {
    const { bench } = current();
    const t = Date.now();
    await bench.openViewContainer('Lease Lens');
    await bench.setSideBarWidth(480);
    await bench.expand(await bench.shownTreeItem(VIEW, ADMIN_CONTEXT));
    await bench.expand(await bench.shownTreeItem(VIEW, NAMESPACE));
    const row = await bench.shownTreeItem(VIEW, LOCK);
    // "ConfigMap lock · legacy-controller-… · ≤15s"
    const description = await waitForValue(
      async () => (await bench.treeItemText(row)).description,
      (text) => /^ConfigMap lock · .+ · (≤|expiring )?\d/.test(text),
      { timeoutMs: 60_000, what: `the tree row of ${LOCK} marked as a ConfigMap lock with its time left` },
    );
    marks.treeRowMs = Date.now() - t;
    assert.ok((await row.locator('.codicon-file-code').count()) > 0, `the row shows the ConfigMap lock icon (${description})`);
    const hover = await bench.hoverContent(row, `${NAMESPACE}/${LOCK}`, { timeoutMs: 20_000 });
    assert.match(hover.text, /ConfigMap lock · held|ConfigMap lock · expiring/, `the tooltip names the lock: ${hover.text}`);
    await bench.dismissHover();
    await bench.screenshot('lock-kinds-tree', bench.page.locator('#workbench\\.parts\\.sidebar'));
  });

  test('Follow Lease opens the panel on the ConfigMap lock: marked in its header, its countdown ticks', async () => {
    const { bench } = current();
    const t = Date.now();
    await bench.contextMenu(await bench.shownTreeItem(VIEW, LOCK), 'Follow Lease');
    const panel = await bench.webviewFrame({ extensionId: EXTENSION_ID, readySelector: '.lease-name', hasText: LOCK });
    await frameText(panel, '.lock-badge', (s) => s === 'ConfigMap lock', 'the header marks the ConfigMap lock');
    const holder = await frameText(panel, '.holder-identity', (s) => s !== '', 'the panel shows the holder');
    assert.match(holder, /^legacy-controller/);
    marks.panelReadyMs = Date.now() - t;
    const first = await frameText(panel, '.countdown-value', (s) => /^\d+s$/.test(s), 'a countdown in seconds');
    await frameText(panel, '.countdown-value', (s) => s !== first && /\d/.test(s), 'the countdown ticks', 5_000);
    assert.equal(await panel.locator('.countdown-bar').isVisible(), true, 'the countdown bar is drawn');
    await bench.screenshot('lock-kinds-panel', bench.page.locator('.part.editor'));
  });
});
