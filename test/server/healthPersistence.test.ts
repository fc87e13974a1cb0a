// Leadership records kept across restarts of the real server process under a storage path: a record
// goes on where it stopped, a deleted Lease is pruned from the file, a corrupt file is ignored.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { waitFor } from '../../harness/waiting';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { recordFilePath, recordFolder } from '../../src/server/health/recordFiles';
import { Diagnostics, Health } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { tempPath, writeKubeconfig } from '../support/kubeconfig';
import { writeLease } from './healthSupport';

const A = 'pod-a_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
const B = 'pod-b_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('leadership records across restarts of the Lease server', () => {
  let api: ApiServer;
  let kubeconfig: string;
  const storagePath = tempPath('storage');
  const kept = leaseKey('demo', 'apps', 'kept');
  const gone = leaseKey('demo', 'apps', 'gone');
  const live = leaseKey('demo', 'apps', 'live');
  const servers: LeaseServerProcess[] = [];

  async function start(): Promise<LeaseServerProcess> {
    const server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig }, storagePath });
    servers.push(server);
    return server;
  }

  async function terms(server: LeaseServerProcess, key: string, count: number): Promise<void> {
    await waitFor(
      `${key}: ${count} terms`,
      async () => (await server.conn.sendRequest(Health.detail, { key }))?.terms.length === count,
      15_000,
    );
  }

  before(async () => {
    api = await startApiServer();
    api.store.ensureNamespace('apps');
    kubeconfig = writeKubeconfig(
      api.kubeconfig({
        contexts: [
          { name: 'demo', user: 'admin' },
          { name: 'corrupt', user: 'admin' },
        ],
        current: 'demo',
      }),
    );
  });

  after(async () => {
    for (const server of servers) {
      await server.close();
    }
    await api?.close();
  });

  test('a record survives a restart and goes on; a Lease deleted meanwhile or while watched is pruned', async () => {
    const t0 = Date.now();
    writeLease(api, 'apps', 'kept', { holder: A, acquired: t0 - 5000, renewed: t0 - 4000, durationSeconds: 15 });
    writeLease(api, 'apps', 'gone', { holder: A, acquired: t0 - 5000, renewed: t0 - 4000, durationSeconds: 15 });
    writeLease(api, 'apps', 'live', { holder: A, acquired: t0 - 5000, renewed: t0 - 4000, durationSeconds: 15 });
    const first = await start();
    await first.watch(['demo']);
    await terms(first, kept, 1);
    writeLease(api, 'apps', 'kept', { holder: B, acquired: t0 - 2000, renewed: t0 - 2000, transitions: 1, durationSeconds: 15 });
    await terms(first, kept, 2);
    await first.close();
    assert.ok(existsSync(recordFilePath(storagePath, 'demo')), 'saved at shutdown');
    const saved = readFileSync(recordFilePath(storagePath, 'demo'), 'utf8');
    assert.ok(saved.includes('"gone"') && saved.includes('"kept"'));

    api.store.deleteLease('apps', 'gone');
    writeLease(api, 'apps', 'kept', { holder: B, acquired: t0 - 2000, renewed: Date.now(), transitions: 1, durationSeconds: 15 });
    const restartedAt = Date.now();
    const second = await start();
    await second.watch(['demo']);
    await second.waitFor('connected', () => second.states.get('demo')?.phase === 'connected');
    const detail = await waitFor(
      'the record of kept',
      async () => {
        const d = await second.conn.sendRequest(Health.detail, { key: kept });
        return d?.row.holder === B ? d : undefined;
      },
      15_000,
    );
    assert.deepEqual(
      detail.terms.map((term) => [term.holder, term.end]),
      [
        [A, 'taken-over'],
        [B, undefined],
      ],
      'the terms from before the restart are there, the open one goes on',
    );
    assert.ok(detail.firstObservedAt !== undefined && detail.firstObservedAt < restartedAt, 'first observed by the first server');
    assert.equal(detail.terms[1]?.renewMaxMs, undefined, 'the time the server was away is no renew interval');
    assert.equal(await second.conn.sendRequest(Health.detail, { key: gone }), null, 'absent from the first list: dropped');
    const stats = await second.conn.sendRequest(Diagnostics.stats, null);
    assert.ok(stats.health.persistedBytes > 0, 'the loaded file counts');

    api.store.deleteLease('apps', 'live');
    await waitFor('live deleted', async () => (await second.conn.sendRequest(Health.detail, { key: live }))?.row.deleted === true, 15_000);
    await second.close();
    const after = readFileSync(recordFilePath(storagePath, 'demo'), 'utf8');
    assert.ok(after.includes('"kept"'), after);
    assert.ok(!after.includes('"gone"'), 'a Lease deleted while the server was away is pruned');
    assert.ok(!after.includes('"live"'), 'a Lease deleted while watched is pruned');
  });

  test('a corrupt or hostile file is ignored with one log line; the context is watched as if new', async () => {
    mkdirSync(recordFolder(storagePath), { recursive: true });
    writeFileSync(
      recordFilePath(storagePath, 'corrupt'),
      JSON.stringify({
        format: 1,
        context: 'corrupt',
        records: [{ namespace: '../../etc', name: 'kept', record: { format: 1, terms: 'boom', droppedTerms: 0 } }],
      }),
    );
    const server = await start();
    await server.watch(['corrupt']);
    const row = await waitFor(
      'a fresh record',
      async () => (await server.conn.sendRequest(Health.rows, { contexts: ['corrupt'] })).find((r) => r.name === 'kept'),
      15_000,
    );
    assert.equal(row.terms, 1);
    const lines = server.logLines.filter((l) => l.message.includes('leadership records not loaded'));
    assert.equal(lines.length, 1, 'one log line');
    assert.equal(lines[0]?.level, 'warn');
  });
});
