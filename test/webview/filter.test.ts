// The log filter in the panel: presets, plain text, regex, case, invert, highlighting, an invalid
// regex (inline error, lines untouched), and lines arriving after the filter is set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogLine } from '../../src/shared/types';
import { Harness } from './harness';
import { microTime } from '../support/builders';
import { emptySnapshot, ids, key, lease, logLine, snapshotMessage } from '../support/followSnapshots';

describe('panel: log filter', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  const acquired = 'I1121 00:41:36.118002       1 leaderelection.go:260] successfully acquired lease kube-system/kube-scheduler';
  const caches =
    'I1121 00:41:17.925871       1 reflector.go:351] Caches populated for *v1.Pod from k8s.io/client-go/informers/factory.go:160';
  const watchError = 'E1121 00:45:02.001234       1 reflector.go:158] Failed to watch *v1.Node: connection refused';
  const renewFailed =
    'I1121 00:52:13.554120       1 leaderelection.go:297] failed to renew lease kube-system/kube-scheduler: timed out waiting for the condition';
  const lost = 'E1121 00:52:13.554201       1 server.go:274] "Leaderelection lost"';
  const throttled =
    'W1121 00:52:20.000100       1 request.go:697] Waited for 1.04s due to client-side throttling, not priority and fairness';
  const started = 'I1121 00:41:36.120417       1 scheduler.go:461] "Starting Kubernetes Scheduler" version="v1.34.2"';

  function lines(): LogLine[] {
    return [
      logLine(acquired, { signal: 'acquired' }),
      logLine(caches),
      logLine(watchError, { pod: 'kube-scheduler-cp-node-1' }),
      logLine(renewFailed, { signal: 'renew-failed' }),
      logLine(lost, { signal: 'lost' }),
      logLine(throttled, { pod: 'kube-scheduler-cp-node-3' }),
      logLine(started),
    ];
  }

  test('filter semantics: presets, text, regex, case, invert, invalid regex, new lines', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const l = lease({ holderIdentity: ids.node2, leaseDurationSeconds: 15, renewTime: microTime(now) }, now);
    await panel.send(snapshotMessage({ ...emptySnapshot(l), logs: lines() }, now));
    const same = (expected: string[]) => (texts: string[]) => JSON.stringify(texts) === JSON.stringify(expected);

    // Default preset: Leadership (lines with a signal).
    await panel.waitForLogs(same([acquired, renewFailed, lost]), 'Leadership preset');
    assert.match(await panel.page.locator('.log-status').innerText(), /^3 of 7 lines match/);

    await panel.choosePreset('Errors');
    await panel.waitForLogs(same([watchError, renewFailed, lost, throttled]), 'Errors preset');

    await panel.choosePreset('All');
    await panel.waitForLogs(same(lines().map((x) => x.text)), 'All preset');

    // Plain text, case-insensitive by default; matches highlighted.
    await panel.setFilterText('LEASE');
    await panel.waitForLogs(same([acquired, renewFailed]), 'plain text');
    assert.deepEqual(await panel.page.$$eval('.log-line mark', (els) => els.map((e) => e.textContent)), ['lease', 'lease']);

    // Plain text is literal: regex characters mean themselves.
    await panel.setFilterText('*v1.');
    await panel.waitForLogs(same([caches, watchError]), 'literal text with regex characters');

    // Match case.
    await panel.setFilterText('caches');
    await panel.waitForLogs(same([caches]), 'case-insensitive');
    await panel.toggle('Match case');
    await panel.waitForLogs(same([]), 'case-sensitive, no match');
    assert.equal(await panel.page.locator('.log-empty').isVisible(), true);
    await panel.toggle('Match case');
    await panel.waitForLogs(same([caches]), 'case-insensitive again');

    // Regex.
    await panel.toggle('Regex');
    await panel.setFilterText('renew|acquired');
    await panel.waitForLogs(same([acquired, renewFailed]), 'regex');
    assert.deepEqual(await panel.page.$$eval('.log-line mark', (els) => els.map((e) => e.textContent)), ['acquired', 'renew']);

    // Invert: the lines that do not match; nothing highlighted.
    await panel.toggle('Invert');
    await panel.waitForLogs(same([caches, watchError, lost, throttled, started]), 'inverted regex');
    assert.equal(await panel.page.locator('.log-line mark').count(), 0);
    await panel.toggle('Invert');
    await panel.waitForLogs(same([acquired, renewFailed]), 'regex again');

    // An invalid regex: an inline error that says what is wrong; the lines stay as they were.
    await panel.setFilterText('(renew|acquired');
    const error = panel.page.locator('.filter-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /Invalid regular expression "\(renew\|acquired": Unterminated group/);
    assert.equal(await panel.page.locator('vscode-text-field.filter-text').getAttribute('aria-invalid'), 'true');
    await panel.settle();
    assert.deepEqual(await panel.logTexts(), [acquired, renewFailed]);

    // Fixing it clears the error.
    await panel.setFilterText('(renew|acquired)');
    await error.waitFor({ state: 'hidden' });
    await panel.waitForLogs(same([acquired, renewFailed]), 'fixed regex');

    // New lines after the filter is set are filtered too.
    const fresh = [
      logLine('I1121 00:53:00.000001       1 leaderelection.go:260] successfully acquired lease kube-system/kube-scheduler', {
        signal: 'acquired',
        pod: 'kube-scheduler-cp-node-3',
      }),
      logLine('I1121 00:53:00.100000       1 reflector.go:351] Caches populated for *v1.Node'),
    ];
    await panel.send({ type: 'update', update: { key, logs: fresh }, hostNow: Date.now() });
    await panel.waitForLogs(same([acquired, renewFailed, fresh[0].text]), 'new matching line appended, the other filtered out');
    assert.match(await panel.page.locator('.log-status').innerText(), /^3 of 9 lines match/);

    // Clearing the text (Escape) shows the preset again.
    await panel.page.locator('vscode-text-field.filter-text input').press('Escape');
    await panel.waitForLogs((t) => t.length === 9, 'All preset, no text');

    // Open in Editor carries the current filter.
    await panel.page.locator('vscode-button.log-open').click();
    const open = await panel.waitForPosted('openLogsInEditor');
    assert.deepEqual(open, {
      type: 'openLogsInEditor',
      key,
      filter: { preset: 'all', text: '', regex: true, caseSensitive: false, invert: false },
    });
    assert.deepEqual(panel.pageErrors, []);
    await panel.page.context().close();
  });
});
