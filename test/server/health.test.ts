// Leadership records of every watched Lease, through the real server process against the local
// API server: terms and how each ended, changed rows and flags, a lost connection, clock skew, memory.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { waitFor } from '../../harness/waiting';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { Diagnostics, Health } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { writeKubeconfig } from '../support/kubeconfig';
import { recordHealth, writeLease, type HealthRecorder } from './healthSupport';

const A = 'pod-a_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
const B = 'pod-b_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const C = 'pod-c_0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8';
const D = 'pod-d_5e4f4a3b-8c2d-1e0f-9a8b-7c6d9a8b7c6d';

describe('leadership records', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;
  let health: HealthRecorder;
  const key = leaseKey('demo', 'apps', 'lock');
  const stale = leaseKey('demo', 'apps', 'stale');

  before(async () => {
    api = await startApiServer();
    api.store.ensureNamespace('apps');
    // Stale since an hour: not clock skew, only expired with nobody taking over.
    writeLease(api, 'apps', 'stale', { holder: C, acquired: Date.now() - 3_700_000, renewed: Date.now() - 3_600_000 });
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'demo', user: 'admin' }], current: 'demo' }));
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig }, settings: { flapChanges: 2, flapWindowMinutes: 10 } });
    health = recordHealth(server);
    void server.conn.sendNotification(Health.subscribe, { rows: true });
    await server.watch(['demo']);
    await server.waitFor('demo synced', () => server.states.get('demo')?.phase === 'connected');
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('holder changes make terms with failover gaps, each ended released, taken over, expired or deleted', async () => {
    const t0 = Date.now();
    const seen = async (check: (holder: string, terms: number) => boolean, what: string): Promise<void> => {
      await waitFor(
        what,
        async () => {
          const detail = await server.conn.sendRequest(Health.detail, { key });
          return detail !== null && check(detail.row.holder, detail.terms.length);
        },
        15_000,
      );
    };
    writeLease(api, 'apps', 'lock', { holder: A, acquired: t0 - 10_000, renewed: t0 - 1000 });
    await seen((h) => h === A, 'A holds');
    writeLease(api, 'apps', 'lock', { holder: A, acquired: t0 - 10_000, renewed: t0 });
    writeLease(api, 'apps', 'lock', { holder: '', acquired: t0 + 500, renewed: t0 + 500, durationSeconds: 1 });
    writeLease(api, 'apps', 'lock', { holder: B, acquired: t0 + 1500, renewed: t0 + 1500, transitions: 1 });
    writeLease(api, 'apps', 'lock', { holder: B, acquired: t0 + 1500, renewed: t0 + 2500, transitions: 1 });
    // C takes over within B's duration; then C stops renewing and D takes over after C expired.
    writeLease(api, 'apps', 'lock', { holder: C, acquired: t0 + 3000, renewed: t0 + 3000, transitions: 2 });
    writeLease(api, 'apps', 'lock', { holder: D, acquired: t0 + 8000, renewed: t0 + 8000, transitions: 3 });
    await seen((h, terms) => h === D && terms === 4, 'D holds, four terms');
    api.store.deleteLease('apps', 'lock');
    const detail = await waitFor(
      'the deletion',
      async () => {
        const d = await server.conn.sendRequest(Health.detail, { key });
        return d?.row.deleted ? d : undefined;
      },
      15_000,
    );
    assert.deepEqual(
      detail.terms.map((term) => [term.holder, term.end, term.source]),
      [
        [A, 'released', 'watch'],
        [B, 'taken-over', 'watch'],
        [C, 'expired', 'watch'],
        [D, 'deleted', 'watch'],
      ],
    );
    assert.deepEqual(
      detail.terms.map((term) => term.gapBeforeMs),
      [undefined, 1000, 500, 5000],
      'the gap runs from the release or last renewal to the next acquireTime',
    );
    assert.equal(detail.terms[1]?.renewMedianMs, 1000, "B's term keeps its renew summary after it ended");
    assert.equal(detail.row.longestGapMs, 5000);
    assert.equal(detail.row.lastGapMs, 5000);
    assert.equal(detail.row.transitionsHour, 3);
    const pushed = await server.waitFor('the deleted row pushed to the subscribed client', () =>
      health.rows.flatMap((change) => change.rows).find((row) => row.key === key && row.deleted),
    );
    assert.equal(pushed.terms, 4);
  });

  test('the flags say once that a Lease flaps, not once per renewal, riding with the Lease batches', async () => {
    const flappy = leaseKey('demo', 'apps', 'flappy');
    const t0 = Date.now();
    [A, B, A, B].forEach((holder, i) => {
      writeLease(api, 'apps', 'flappy', { holder, acquired: t0 + i * 100, renewed: t0 + i * 100, transitions: i, durationSeconds: 15 });
    });
    await server.waitFor('flapping', () =>
      health.flags.flatMap((f) => f.changes).find((c) => c.key === flappy && c.flags.includes('flapping')),
    );
    for (let r = 1; r <= 5; r++) {
      writeLease(api, 'apps', 'flappy', {
        holder: B,
        acquired: t0 + 300,
        renewed: t0 + 300 + r * 200,
        transitions: 3,
        durationSeconds: 15,
      });
    }
    // A Lease written after the renewals: once its flag is out, so would be any the renewals caused.
    writeLease(api, 'apps', 'empty', { holder: '' });
    const marker = leaseKey('demo', 'apps', 'empty');
    await server.waitFor('the later Lease flagged never-held', () =>
      health.flags.flatMap((f) => f.changes).find((c) => c.key === marker && c.flags.includes('never-held')),
    );
    const detail = await server.conn.sendRequest(Health.detail, { key: flappy });
    assert.equal(detail?.terms.at(-1)?.renewals, 5, 'the renewals were seen');
    const changes = health.flags.flatMap((f) => f.changes).filter((c) => c.key === flappy);
    assert.deepEqual(
      changes.map((c) => c.flags),
      [['flapping']],
    );
    // No message of their own: every flag change came in a Lease batch of the context.
    const inBatches = server.batches.flatMap((b) => b.flags ?? []).filter((c) => c.key === flappy);
    assert.deepEqual(inBatches, changes);
  });

  test('a Lease merely stale is not clock skew; the API server clock agrees', async () => {
    const row = await waitFor(
      'the stale row',
      async () => (await server.conn.sendRequest(Health.rows, { contexts: ['demo'] })).find((r) => r.key === stale),
      15_000,
    );
    assert.deepEqual(row.flags, ['expired-no-taker']);
    assert.equal(server.states.get('demo')?.clockSkewMs, undefined);
  });

  test('Diagnostics.stats reports the records and their bytes', async () => {
    const stats = await server.conn.sendRequest(Diagnostics.stats, null);
    assert.ok(stats.health.leases >= 3, `leases ${stats.health.leases}`);
    assert.ok(stats.health.terms >= 7, `terms ${stats.health.terms}`);
    assert.ok(stats.health.bytes > 0 && stats.health.bytes / stats.health.leases < 4096, `bytes ${stats.health.bytes}`);
    assert.equal(stats.health.persistedBytes, 0, 'no storage path: nothing persisted');
  });

  test('a lost connection: the context is unknown since then, its rows stale-unknown and never expired; back when synced', async () => {
    const lost = api.faults.failWith(() => true, 503, 'the API server is gone');
    api.faults.dropWatches();
    const state = await server.waitFor('unknownSince', () => {
      const s = server.states.get('demo');
      return s?.unknownSince !== undefined ? s : undefined;
    });
    assert.ok(state.unknownSince! <= Date.now());
    const rows = await server.conn.sendRequest(Health.rows, { contexts: ['demo'] });
    const row = rows.find((r) => r.key === stale);
    assert.deepEqual(row?.flags, ['stale-unknown']);
    assert.equal(row?.unknownSince, state.unknownSince);
    await server.waitFor('the flags pushed', () =>
      health.flags.flatMap((f) => f.changes).find((c) => c.key === stale && c.flags.join() === 'stale-unknown'),
    );
    lost();
    await server.waitFor('synced again', () => {
      const s = server.states.get('demo');
      return s?.phase === 'connected' && s.unknownSince === undefined;
    });
    const back = await server.conn.sendRequest(Health.rows, { contexts: ['demo'] });
    assert.deepEqual(back.find((r) => r.key === stale)?.flags, ['expired-no-taker']);
  });
});

describe('clock skew', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;

  before(async () => {
    api = await startApiServer({ clockOffsetMs: 90_000 });
    writeLease(api, 'apps', 'lock', { holder: A, acquired: Date.now(), renewed: Date.now(), durationSeconds: 3600 });
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'skewed', user: 'admin' }], current: 'skewed' }));
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig } });
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test("an API server whose Date header is 90 s ahead: the context's clockSkewMs and the rows' flag", async () => {
    await server.watch(['skewed']);
    const state = await server.waitFor(
      'clock skew',
      () => server.states.get('skewed')?.clockSkewMs !== undefined && server.states.get('skewed'),
    );
    assert.ok(Math.abs(state.clockSkewMs! - 90_000) <= 1000, `clockSkewMs ${state.clockSkewMs}`);
    const row = await waitFor(
      'the row',
      async () => (await server.conn.sendRequest(Health.rows, {})).find((r) => r.name === 'lock'),
      15_000,
    );
    assert.deepEqual(row.flags, ['clock-skew']);
  });
});
