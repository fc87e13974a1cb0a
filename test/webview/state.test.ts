// The ready handshake, and the persisted state (filter, paused) surviving a reload of the webview.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PanelPersistedState } from '../../src/shared/webviewProtocol';
import type { LogLine } from '../../src/shared/types';
import { Harness, type PanelPage } from './harness';
import { microTime } from '../support/builders';
import { emptySnapshot, ids, key, lease, logLine, snapshotMessage } from '../support/followSnapshots';

describe('panel: ready handshake and persisted state', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  async function persisted(panel: PanelPage): Promise<PanelPersistedState | undefined> {
    return panel.page.evaluate(() => {
      const saved = sessionStorage.getItem('__leaseLensWebviewState');
      return saved === null ? undefined : (JSON.parse(saved) as PanelPersistedState);
    });
  }

  function snapshotWith(logs: LogLine[]) {
    const now = Date.now();
    return snapshotMessage(
      { ...emptySnapshot(lease({ holderIdentity: ids.node1, leaseDurationSeconds: 15, renewTime: microTime(now) }, now)), logs },
      now,
    );
  }

  test('ready is sent once on load, before anything else', async () => {
    const panel = await harness.open();
    assert.deepEqual(await panel.posted(), [{ type: 'ready' }]);
    assert.equal(await persisted(panel), undefined, 'nothing persisted before the first snapshot');
    await panel.page.context().close();
  });

  test('the filter and the paused state survive a reload', async () => {
    const panel = await harness.open();
    const lines = [
      logLine('I1121 00:52:00.000000       1 leaderelection.go:283] successfully renewed lease kube-system/x'),
      logLine('I1121 00:52:01.000000       1 reflector.go:351] Caches populated for *v1.Pod'),
      logLine(
        'I1121 00:52:13.554120       1 leaderelection.go:297] failed to renew lease kube-system/x: timed out waiting for the condition',
        { signal: 'renew-failed' },
      ),
    ];
    await panel.send(snapshotWith(lines));
    await panel.waitForLogs((t) => t.length === 1, 'Leadership preset');
    assert.deepEqual(await persisted(panel), {
      key,
      filter: { preset: 'leadership', text: '', regex: false, caseSensitive: false, invert: false },
      paused: false,
    });

    await panel.choosePreset('All');
    await panel.setFilterText('renew');
    await panel.toggle('Invert');
    await panel.waitForLogs((t) => t.length === 1 && t[0] === lines[1].text, 'All, not "renew"');
    await panel.page.locator('vscode-button.log-pause').click();
    await panel.page.locator('.log-pending').waitFor({ state: 'visible' });
    const expected: PanelPersistedState = {
      key,
      filter: { preset: 'all', text: 'renew', regex: false, caseSensitive: false, invert: true },
      paused: true,
    };
    assert.deepEqual(await persisted(panel), expected);

    // Reload the webview (as VS Code does when a hidden panel's webview is restored).
    await panel.page.reload();
    await panel.waitForPosted('ready');
    assert.deepEqual(await panel.posted(), [{ type: 'ready' }], 'ready again after the reload');
    const restored = await panel.page.evaluate(() => ({
      text: (document.querySelector('vscode-text-field.filter-text') as HTMLInputElement | null)?.value,
      preset: (document.querySelector('vscode-dropdown.filter-preset') as HTMLSelectElement | null)?.value,
      invert: (document.querySelector('vscode-checkbox[title^="Show the lines that do NOT"]') as HTMLInputElement | null)?.checked,
      pause: document.querySelector('vscode-button.log-pause')?.textContent,
    }));
    assert.deepEqual(restored, { text: 'renew', preset: 'all', invert: true, pause: '▶ Resume' });

    // The host answers `ready` with a snapshot: it is shown through the restored filter.
    await panel.send(snapshotWith(lines));
    await panel.waitForLogs((t) => t.length === 1 && t[0] === lines[1].text, 'restored filter applied');

    // Still paused: new lines wait, counted.
    const later = [
      logLine('I1121 00:53:00.000000       1 controller.go:10] "Starting workers" count=5'),
      logLine('I1121 00:53:01.000000       1 controller.go:11] synced'),
    ];
    await panel.send({ type: 'update', update: { key, logs: later }, hostNow: Date.now() });
    await panel.page.waitForFunction(() => document.querySelector('.log-pending')?.textContent?.startsWith('Paused: 2 new lines waiting'));
    await panel.settle();
    assert.equal((await panel.logTexts()).length, 1);

    await panel.page.locator('vscode-button.log-pause').click();
    await panel.waitForLogs((t) => t.length === 3, 'resumed: waiting lines shown');
    assert.equal(await panel.page.locator('.log-pending').isVisible(), false);
    assert.equal((await persisted(panel))?.paused, false);
    assert.deepEqual(panel.pageErrors, []);
    await panel.page.context().close();
  });
});
