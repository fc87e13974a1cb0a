// The split-brain banner and the candidate pods' metrics in the panel (headless Chromium): shown
// from the snapshot, changed by updates, hostile pod names and notes kept as text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness } from './harness';
import { microTime } from '../support/builders';
import { emptySnapshot, ids, key, lease, pods, snapshotMessage } from '../support/followSnapshots';
import type { PodMetrics, SplitBrainState } from '../../src/shared/splitBrain';

describe('panel: split brain and pod metrics', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  const [p1, p2, p3] = pods().map((p) => p.name) as [string, string, string];

  test('per-pod metrics in the pods section; the banner appears with the alarm and says what it rests on', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const l = lease({ holderIdentity: ids.node2, leaseDurationSeconds: 15, renewTime: microTime(now) }, now);
    const metrics: PodMetrics[] = [
      { pod: p2, port: 10257, portSource: 'container-port', readAt: now - 1000, masterStatus: 1, renewRequests: 1234, workqueueDepth: 7 },
      { pod: p1, port: 10257, portSource: 'annotation', readAt: now - 1000, masterStatus: 0 },
      { pod: p3, readAt: now - 1000, note: 'No metrics port: no container port named like "metrics"' },
    ];
    await panel.send(
      snapshotMessage({ ...emptySnapshot(l), podMetrics: metrics, splitBrain: { alarm: false, retryPeriodMs: 2000, evidence: [] } }, now),
    );
    await panel.page.waitForSelector('.pod-metrics-item');
    await panel.settle();
    const item = (pod: string) => panel.page.locator(`.pod-metrics-item[data-pod="${pod}"]`);
    assert.match((await item(p2).textContent()) ?? '', /master status 1/);
    assert.match((await item(p2).textContent()) ?? '', /1,234 lease renew requests/);
    assert.match((await item(p2).textContent()) ?? '', /work queue depth 7/);
    assert.match((await item(p1).textContent()) ?? '', /master status 0/);
    assert.equal(await item(p3).locator('.pod-metrics-note').textContent(), 'No metrics port: no container port named like "metrics"');
    assert.equal(await panel.page.locator('.section-pods .pod-metrics').count(), 1, 'in the candidate pods section');
    assert.equal(await panel.page.locator('.banner-split-brain').isVisible(), false, 'no alarm: no banner');

    const alarm: SplitBrainState = {
      alarm: true,
      alarmSince: now,
      retryPeriodMs: 2000,
      evidence: [
        {
          kind: 'metrics-two-leaders',
          pods: [p1, p2],
          since: now - 3000,
          detail: `leader_election_master_status is 1 on 2 pods: ${p1}, ${p2}`,
        },
        { kind: 'logs-two-leaders', pods: [p1, p2], since: now - 2500, detail: 'The latest leadership log lines of 2 pods say they lead' },
      ],
    };
    await panel.send({
      type: 'update',
      update: { key, splitBrain: alarm, podMetrics: metrics.map((m) => (m.pod === p1 ? { ...m, masterStatus: 1 } : m)) },
      hostNow: now,
    });
    await panel.page.locator('.banner-split-brain').waitFor({ state: 'visible' });
    const banner = (await panel.page.locator('.banner-split-brain').textContent()) ?? '';
    assert.match(banner, /Split brain/);
    assert.match(banner, /Metrics: leader_election_master_status is 1 on 2 pods/);
    assert.match(banner, /Logs: The latest leadership log lines/);
    assert.match(banner, /retry period \(2\.0 s\)/);
    assert.deepEqual(
      await panel.page.locator('.split-brain-evidence li').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))),
      ['metrics-two-leaders', 'logs-two-leaders'],
    );
    assert.match((await item(p1).textContent()) ?? '', /master status 1/, 'the update replaced the readings');

    await panel.send({
      type: 'update',
      update: { key, splitBrain: { alarm: false, retryPeriodMs: 2000, evidence: [] } },
      hostNow: now + 5000,
    });
    await panel.page.locator('.banner-split-brain').waitFor({ state: 'hidden' });
    assert.deepEqual(panel.pageErrors, []);
    await panel.page.context().close();
  });

  test('hostile pod names, notes and evidence stay text', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const evil = '<img src=x onerror=alert(1)>';
    const l = lease({ holderIdentity: ids.node2, leaseDurationSeconds: 15, renewTime: microTime(now) }, now);
    await panel.send(
      snapshotMessage(
        {
          ...emptySnapshot(l),
          podMetrics: [{ pod: `pod${evil}`, readAt: now, masterStatus: 1, note: `note ${evil}` }],
          splitBrain: {
            alarm: true,
            alarmSince: now,
            retryPeriodMs: 2000,
            evidence: [{ kind: 'event-other-leader', pods: [evil], since: now - 5000, detail: `An Event says ${evil} became leader` }],
          },
        },
        now,
      ),
    );
    await panel.page.locator('.banner-split-brain').waitFor({ state: 'visible' });
    assert.equal(await panel.page.locator('.pod-metrics-item .pod-name').textContent(), `pod${evil}`);
    assert.equal(await panel.page.locator('.pod-metrics-note').textContent(), `note ${evil}`);
    assert.equal(await panel.page.locator('.split-brain-detail').textContent(), `An Event says ${evil} became leader`);
    assert.equal(await panel.page.evaluate(() => document.querySelectorAll('img').length), 0);
    assert.deepEqual(panel.dialogs, []);
    assert.deepEqual(await panel.cspViolations(), []);
    await panel.page.context().close();
  });
});
