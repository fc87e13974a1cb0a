// The Health view tells ConfigMap and Endpoints locks and leader-for-life from Leases (issue 17):
// a marker beside the name, found by the filter; a leader-for-life row never counts down.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthHarness } from './healthHarness';
import { healthRow, rowsMessage } from './healthRows';

describe('Health view: lock kinds', () => {
  let harness: HealthHarness;
  before(async () => {
    harness = await HealthHarness.start();
  });
  after(async () => harness?.close());

  test('ConfigMap, Endpoints and leader-for-life rows are marked; Leases are not; for life never expires', async () => {
    const view = await harness.open();
    const now = Date.now();
    const rows = [
      healthRow('demo', 'legacy-locks', 'a-configmap', { lock: 'configmap' }, now),
      healthRow('demo', 'legacy-locks', 'b-endpoints', { lock: 'endpoints' }, now),
      healthRow('demo', 'legacy-locks', 'c-for-life', { lock: 'leader-for-life', durationMs: undefined, renewedAt: undefined }, now),
      healthRow('demo', 'legacy-locks', 'd-lease', {}, now),
    ];
    await view.send(rowsMessage(rows));
    await view.page.locator('.hrows .hrow:not([hidden])').nth(3).waitFor();
    const names = await view.page.locator('.hrows .hrow:not([hidden]) .col-name').allTextContents();
    assert.deepEqual(names.sort(), ['a-configmapConfigMap', 'b-endpointsEndpoints', 'c-for-lifefor life', 'd-lease']);
    const forLife = view.page.locator('.hrows .hrow:not([hidden])', { hasText: 'c-for-life' });
    assert.equal(await forLife.locator('.col-timeLeft').textContent(), 'never expires');
    assert.equal(await view.page.locator('.lock-marker', { hasText: 'ConfigMap' }).getAttribute('title'), 'Lock: ConfigMap');
  });
});
