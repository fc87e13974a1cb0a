// The panel's Timing section (values, their sources, the checks, worst first) and the API-server
// pressure under the countdown (client-side throttling lines of the last minutes), in Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness } from './harness';
import { microTime } from '../support/builders';
import { readFixture } from '../support/fixtures';
import { emptySnapshot, key, lease, logLine, settings, snapshotMessage } from '../support/followSnapshots';
import { electionTiming, readElectionConfig } from '../../src/core/electionTiming';

function timingOf(pod: string, items: string[], leaseDurationSeconds = 15): ReturnType<typeof electionTiming> {
  return electionTiming(readElectionConfig([{ name: pod, containers: [{ name: 'descheduler', items }] }]), { leaseDurationSeconds });
}

describe('panel: timing and API-server pressure', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  test('shows each value with its source and the checks, warnings first; an update replaces them', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const l = lease({ holderIdentity: 'descheduler-aaaaa_1', leaseDurationSeconds: 15, renewTime: microTime(now) }, now);
    const hostile = 'pod<img src=x onerror=alert(1)>';
    const timing = timingOf(hostile, [
      '--leader-elect-lease-duration=15s',
      '--leader-elect-renew-deadline=14s',
      '--leader-elect-retry-period',
      '5s',
    ]);
    await panel.send(snapshotMessage({ ...emptySnapshot(l), timing }, now, settings()));
    await panel.page.waitForSelector('.timing-check');
    const values = await panel.page.locator('.timing-values .fact').allTextContents();
    assert.equal(values.length, 3);
    assert.match(
      values[0] ?? '',
      /Lease duration\s*15s --leader-elect-lease-duration=15s in pod<img src=x onerror=alert\(1\)>\/descheduler/,
    );
    assert.match(values[2] ?? '', /Retry period\s*5s --leader-elect-retry-period=5s/);
    assert.equal(await panel.page.locator('.timing img').count(), 0, 'cluster strings are text');
    const levels = await panel.page
      .locator('.timing-check')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-check'), e.getAttribute('data-level')]));
    assert.deepEqual(levels[0], ['deadline-margin', 'warn'], 'the warning comes first');
    assert.ok(levels.slice(1).every(([, level]) => level === 'ok'));
    assert.equal(await panel.page.locator('.section-timing .count-badge').textContent(), '1');

    await panel.send({
      type: 'update',
      update: { key, timing: timingOf('descheduler-aaaaa', ['--leader-elect-lease-duration=30s']) },
      hostNow: Date.now(),
    });
    await panel.page.waitForFunction(() => document.querySelector('.timing-values .fact')?.textContent?.includes('30s') === true);
    assert.match((await panel.page.locator('.timing-values').textContent()) ?? '', /Renew deadline\s*10s client-go default/);
    assert.equal(await panel.page.locator('.timing-check[data-check="lease-seconds"]').getAttribute('data-level'), 'warn');
    assert.deepEqual(panel.pageErrors, []);
    assert.deepEqual(await panel.cspViolations(), []);
  });

  test('counts client-side throttling lines of the last minutes under the countdown, not older ones', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const l = lease({ holderIdentity: 'descheduler-aaaaa_1', leaseDurationSeconds: 15, renewTime: microTime(now) }, now);
    const throttling = readFixture('throttling-logs.txt')
      .split(/^# not$/m)[0]!
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    const old = logLine(throttling[0]!, { time: now - 10 * 60_000 });
    await panel.send(
      snapshotMessage({ ...emptySnapshot(l), logs: [old, logLine('successfully acquired lease kube-system/x')] }, now, settings()),
    );
    await panel.page.waitForFunction(
      () => document.querySelector('.pressure-throttling')?.textContent?.startsWith('No client-side throttling') === true,
    );
    await panel.send({
      type: 'update',
      update: { key, logs: throttling.map((text, i) => logLine(text, { time: now - i * 1000, pod: i % 2 === 0 ? 'a' : 'b' })) },
      hostNow: Date.now(),
    });
    await panel.page.waitForFunction(
      () => document.querySelector('.pressure-throttling')?.textContent?.startsWith('4 throttled') === true,
      undefined,
      {
        timeout: 5000,
      },
    );
    assert.equal(
      await panel.page.locator('.pressure-throttling').textContent(),
      '4 throttled requests in the last 5 min (longest wait 2.5s, 2 pods)',
    );
    assert.ok(await panel.page.locator('.hero-countdown .pressure-throttling.pressure-high').count());
    assert.deepEqual(panel.pageErrors, []);
  });
});
