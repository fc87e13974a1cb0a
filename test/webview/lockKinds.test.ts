// The panel for elections that are not a plain Lease (issue 17), in Chromium: the lock kind in the
// header, a migration lock's Records block with one disagreement alert, leader-for-life without a
// countdown, and a coordinated election's Candidates with the strategy's pick; cluster strings as text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness } from './harness';
import { microTime } from '../support/builders';
import { emptySnapshot, key, lease, settings, snapshotMessage } from '../support/followSnapshots';
import type { LeaseCandidateInfo, LeaseInfo } from '../../src/shared/types';

const hostile = '<img src=x onerror="document.body.dataset.pwned=1">';

function candidate(name: string, now: number, patch: Partial<LeaseCandidateInfo> = {}): LeaseCandidateInfo {
  return {
    name,
    uid: `uid-${name}`,
    apiVersion: 'coordination.k8s.io/v1beta1',
    leaseName: 'kube-controller-manager',
    binaryVersion: '1.34.0',
    emulationVersion: '1.34.0',
    strategy: 'OldestEmulationVersion',
    pingTime: microTime(now - 20_000),
    renewTime: microTime(now - 15_000),
    creationTimestamp: '2026-12-01T00:00:00Z',
    ...patch,
  };
}

function held(now: number, holder = 'cm-leader-1'): LeaseInfo['spec'] {
  return {
    holderIdentity: holder,
    leaseDurationSeconds: 15,
    acquireTime: microTime(now - 60_000),
    renewTime: microTime(now),
    leaseTransitions: 4,
  };
}

describe('panel: lock kinds and coordinated election', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  test('a ConfigMap lock: marked in the header, counts down; a plain Lease is not marked', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const l: LeaseInfo = { ...lease(held(now), now), lock: 'configmap' };
    await panel.send(snapshotMessage(emptySnapshot(l), now, settings()));
    await panel.page.waitForSelector('.lock-badge[data-lock="configmap"]:not([hidden])');
    assert.equal(await panel.page.locator('.lock-badge').textContent(), 'ConfigMap lock');
    assert.match((await panel.page.locator('.countdown-value').textContent()) ?? '', /^1\d?s$|^\ds$/);
    assert.equal(await panel.page.locator('.countdown-bar').isVisible(), true);
    assert.equal(await panel.page.locator('.section-candidates').isHidden(), true);
    assert.equal(await panel.page.locator('.lock-records').isHidden(), true);

    await panel.send({ type: 'update', update: { key, lease: lease(held(now), now) }, hostNow: Date.now() });
    await panel.page.waitForSelector('.lock-badge[hidden]', { state: 'attached' });
    assert.deepEqual(panel.pageErrors, []);
  });

  test('leader-for-life: the leader pod, "Never expires", no countdown bar, never expired an hour later', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const l: LeaseInfo = {
      ...lease({ holderIdentity: 'memcached-operator-5b8d9-x7k2q' }, now - 3_600_000),
      lock: 'leader-for-life',
      ownerPod: 'memcached-operator-5b8d9-x7k2q',
    };
    await panel.send(snapshotMessage(emptySnapshot(l), now, settings()));
    await panel.page.waitForSelector('.lock-badge[data-lock="leader-for-life"]');
    assert.equal(await panel.page.locator('.countdown-value').textContent(), 'Never expires');
    assert.equal(
      await panel.page.locator('.countdown-caption').textContent(),
      'Never expires: a dead leader holds it until its pod is deleted.',
    );
    assert.equal(await panel.page.locator('.countdown-bar').isHidden(), true, 'no countdown bar');
    assert.equal(await panel.page.locator('.state-badge').getAttribute('data-state'), 'held');
    assert.match(
      (await panel.page.locator('.holder-pod').textContent()) ?? '',
      /leader pod memcached-operator-5b8d9-x7k2q: it owns the lock ConfigMap/,
    );
    // Ticks go on: still never expires (the status has no expiry at all).
    await panel.settle();
    await panel.page.waitForFunction(() => document.querySelector('.countdown-value')?.textContent === 'Never expires');
    assert.equal(await panel.page.locator('.countdown-value').getAttribute('data-ms-left'), null);
    assert.deepEqual(panel.pageErrors, []);
  });

  test('a migration lock: both records, and one alert when they disagree, re-worded not re-created', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const base = lease(held(now, 'ctrl-a_1'), now);
    const l: LeaseInfo = {
      ...base,
      otherRecords: [{ lock: 'configmap', uid: 'cm', resourceVersion: '9', spec: held(now - 5000, 'ctrl-a_1'), observedAt: now - 5000 }],
    };
    await panel.send(snapshotMessage(emptySnapshot(l), now, settings()));
    await panel.page.waitForSelector('.lock-records:not([hidden]) .record-row');
    assert.equal(await panel.page.locator('.lock-badge').textContent(), 'Lease + ConfigMap lock');
    const rows = await panel.page.locator('.record-row').allTextContents();
    assert.equal(rows.length, 2);
    assert.match(rows[0] ?? '', /^Leasectrl-a_1.*4$/);
    assert.match(rows[1] ?? '', /^ConfigMapctrl-a_1.*4$/);
    assert.equal(await panel.page.locator('.lock-records [role="alert"]').count(), 1);
    assert.equal(await panel.page.locator('.banner-records').isHidden(), true, 'they agree: no warning');

    const disagreeing: LeaseInfo = {
      ...l,
      otherRecords: [{ lock: 'configmap', uid: 'cm', resourceVersion: '10', spec: held(now, hostile), observedAt: now }],
      recordsDisagree: [`holder: ctrl-a_1 in the Lease, ${hostile} in the ConfigMap`],
    };
    await panel.send({ type: 'update', update: { key, lease: disagreeing }, hostNow: Date.now() });
    await panel.page.waitForSelector('.banner-records:not([hidden])');
    const alert = panel.page.locator('.lock-records [role="alert"]');
    assert.equal(await alert.count(), 1, 'one alert');
    const handle = await alert.elementHandle();
    assert.match((await alert.textContent()) ?? '', /The records disagree: holder: ctrl-a_1 in the Lease, <img src=x onerror=/);
    await panel.send({
      type: 'update',
      update: { key, lease: { ...disagreeing, recordsDisagree: ['renewTime: 5s apart'] } },
      hostNow: Date.now(),
    });
    await panel.page.waitForFunction(
      () => document.querySelector('.lock-records [role="alert"]')?.textContent?.includes('5s apart') === true,
    );
    assert.equal(await panel.page.locator('.lock-records [role="alert"]').count(), 1);
    assert.equal(await handle?.evaluate((el) => el.isConnected), true, 'the same alert element, re-worded');
    assert.equal(await panel.page.locator('.lock-records img').count(), 0, 'cluster strings are text');
    assert.equal(await panel.page.evaluate(() => document.body.dataset.pwned), undefined);
    assert.deepEqual(panel.pageErrors, []);
    assert.deepEqual(await panel.cspViolations(), []);
  });

  test('coordinated election: the candidates table, the pick marked, the preferred holder next to the holder; hostile strings as text', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const l: LeaseInfo = {
      ...lease({ ...held(now, 'kcm-b_1'), strategy: 'OldestEmulationVersion', preferredHolder: `kcm-a ${hostile}` }, now),
      candidates: [
        candidate('kcm-b', now),
        candidate('kcm-a', now, { emulationVersion: '1.33.0' }),
        candidate(`kcm-${hostile}`, now, { emulationVersion: '1.32.0', renewTime: microTime(now - 40 * 60_000) }),
      ],
    };
    await panel.send(snapshotMessage(emptySnapshot(l), now, settings()));
    await panel.page.waitForSelector('.section-candidates:not([hidden]) .candidate-row');
    assert.equal(await panel.page.locator('.section-candidates .count-badge').textContent(), '3');
    assert.equal(await panel.page.locator('.candidates-summary').textContent(), 'Strategy OldestEmulationVersion would pick kcm-a.');
    const headers = await panel.page.locator('.candidates-table thead th').allTextContents();
    assert.deepEqual(headers, ['Name', 'Binary version', 'Emulation version', 'Ping', 'Renew', 'Strategy']);
    const picked = panel.page.locator('.candidate-row[data-picked="true"]');
    assert.equal(await picked.count(), 1);
    assert.match((await picked.textContent()) ?? '', /^kcm-a strategy pick1\.34\.01\.33\.0.*ago.*agoOldestEmulationVersion$/);
    const stale = panel.page.locator('.candidate-row', { hasText: 'kcm-<img' });
    assert.match((await stale.textContent()) ?? '', /not eligible/);
    assert.equal(await panel.page.locator('.holder-preferred').textContent(), `Preferred holder: kcm-a ${hostile}`);
    assert.equal(await panel.page.locator('.section-candidates img, .hero img').count(), 0, 'cluster strings are text');
    assert.equal(await panel.page.evaluate(() => document.body.dataset.pwned), undefined);

    // An unknown strategy: no pick, the reason said.
    await panel.send({
      type: 'update',
      update: { key, lease: { ...l, spec: { ...l.spec, strategy: 'example.com/Custom' } } },
      hostNow: Date.now(),
    });
    await panel.page.waitForFunction(() => document.querySelector('.candidates-summary')?.textContent?.startsWith('No pick') === true);
    assert.equal(await panel.page.locator('.candidate-row[data-picked="true"]').count(), 0);
    assert.deepEqual(panel.pageErrors, []);
    assert.deepEqual(await panel.cspViolations(), []);
  });
});
