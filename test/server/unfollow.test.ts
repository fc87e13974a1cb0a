// Unfollow frees everything Follow started, through the real server process: following a Lease in
// a context the client does not watch starts that context's connections (its Lease list/watch,
// the follow's own watches and log streams); unfollowing it ends every one of them, seen from the
// local API server's open streams, and the server's session count drops back. A watched context
// keeps its watches through the follow and the unfollow of one of its Leases.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { Diagnostics, Follow } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { leaseObject, podObject } from '../support/builders';
import { writeKubeconfig } from '../support/kubeconfig';

// One user per context, so that the API server tells the two contexts' requests apart.
const users = [
  { name: 'watched-user', token: 'watched-token', admin: true, write: false },
  { name: 'other-user', token: 'other-token', admin: true, write: false },
];

describe('unfollow frees what follow started', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;
  const other = leaseKey('other', 'apps', 'operator');
  const inWatched = leaseKey('watched', 'apps', 'operator');

  const open = (user: string): string[] =>
    api
      .openStreams()
      .filter((r) => r.user === user)
      .map((r) => `${r.path}?${r.query}`);
  const sessions = async (): Promise<number> => (await server.conn.sendRequest(Diagnostics.stats, {})).contexts;

  before(async () => {
    api = await startApiServer({ users });
    api.store.ensureNamespace('apps');
    api.store.upsertPod(podObject({ namespace: 'apps', name: 'operator-0' }));
    api.store.appendLog(
      'apps',
      'operator-0',
      'manager',
      'I1121 00:41:36.118002 1 leaderelection.go:268] successfully acquired lease apps/operator',
    );
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'operator', holder: 'operator-0_6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f' }));
    const kubeconfig = writeKubeconfig(
      api.kubeconfig({
        contexts: [
          { name: 'watched', user: 'watched-user' },
          { name: 'other', user: 'other-user' },
        ],
        current: 'watched',
      }),
    );
    server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig } });
    await server.watch(['watched']);
    await server.waitFor('the watched context synced', () => server.states.get('watched')?.synced);
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('following a Lease in an unwatched context opens its connections; unfollowing closes every one', async () => {
    assert.deepEqual(open('other-user'), [], 'nothing of the other context before following');
    assert.equal(await sessions(), 1);

    await server.follow(other);
    await server.waitFor('the followed Lease, its pod and its log line', () => {
      const s = server.follows.get(other);
      return s?.lease && s.pods.length === 1 && s.logs.length > 0;
    });
    // The follow's Lease watch, its Events watch, its pods watch and the log stream, plus the context's Lease watch.
    const opened = await server.waitFor('the other context streams', () => {
      const streams = open('other-user');
      return streams.some((s) => s.includes('/log?')) && streams.filter((s) => s.includes('watch=')).length >= 3 && streams;
    });
    assert.ok(opened.length >= 4, `the other context's streams: ${opened.join(', ')}`);
    assert.equal(await sessions(), 2, 'following started a session for the other context');

    const watchedBefore = open('watched-user');
    assert.ok(watchedBefore.length > 0, 'the watched context watches its Leases');

    server.conn.sendNotification(Follow.stop, { key: other }).catch(() => undefined);
    await server.waitFor('every stream of the other context closed', () => open('other-user').length === 0, 10_000);
    await server.waitFor('the other context session ended', async () => (await sessions()) === 1, 10_000);
    const closedAt = Date.now();

    // A change the watched context sees: by then nothing of the other context asked again.
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'after-unfollow', holder: 'x' }));
    await server.waitFor('the watched context sees the change', () => server.leases.has(leaseKey('watched', 'apps', 'after-unfollow')));
    const since = api.requests.filter((r) => r.user === 'other-user' && r.time > closedAt);
    assert.deepEqual(
      since.map((r) => r.path),
      [],
      'no request of the other context after the unfollow',
    );
    assert.ok(open('watched-user').length > 0, 'the watched context still watches');
  });

  test('unfollowing a Lease in a watched context keeps that context watched', async () => {
    await server.follow(inWatched);
    await server.waitFor('the follow in the watched context', () => server.follows.get(inWatched)?.lease);
    await server.waitFor('its log stream', () => open('watched-user').some((s) => s.includes('/log?')));
    server.conn.sendNotification(Follow.stop, { key: inWatched }).catch(() => undefined);
    await server.waitFor('its log stream closed', () => !open('watched-user').some((s) => s.includes('/log?')), 10_000);
    assert.equal(await sessions(), 1, 'the watched context keeps its session');
    const streams = open('watched-user');
    assert.ok(
      streams.some((s) => s.includes('/leases?') && s.includes('watch=')),
      `the watched context still watches its Leases: ${streams.join(', ')}`,
    );
  });
});
