// What keeps the Lease server's memory small (issue 18 §3): the V8 flags it is started with, and a
// new version of a Lease holding the previous version's unchanged values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { startLeaseServer } from '../../harness/leaseServerProcess';
import { shareUnchanged, toLeaseInfo, type RawLease } from '../../src/server/leases/convert';
import { leaseServerExecArgv } from '../../src/shared/constants';

function raw(resourceVersion: string, renewTime: string, labels: Record<string, string> = { app: 'payments' }): RawLease {
  return {
    metadata: { name: 'ctrl', namespace: 'demo', uid: 'u-1', resourceVersion, creationTimestamp: '2026-01-01T00:00:00Z', labels },
    spec: { holderIdentity: 'pod-a_1', leaseDurationSeconds: 15, acquireTime: '2026-01-01T00:00:00.000000Z', renewTime },
  };
}

describe('Lease server memory', () => {
  test('the server process runs with the V8 flags that bound its heap', async () => {
    assert.ok(leaseServerExecArgv.some((flag) => flag.startsWith('--max-old-space-size=')));
    assert.ok(leaseServerExecArgv.some((flag) => flag.startsWith('--max-semi-space-size=')));
    const server = await startLeaseServer({ execArgv: ['--expose-gc'] });
    try {
      const args = readFileSync(`/proc/${server.child.pid}/cmdline`, 'utf8').split('\0');
      for (const flag of leaseServerExecArgv) {
        assert.ok(args.includes(flag), `${flag} in ${args.join(' ')}`);
      }
      // The caller's flags come after the shared ones.
      assert.ok(args.includes('--expose-gc'));
    } finally {
      await server.close();
    }
  });

  test('a renewal keeps the previous version’s labels object and takes what changed', () => {
    const first = toLeaseInfo(raw('1', '2026-01-01T00:00:01.000000Z'), 'ctx', 1000);
    const renewed = toLeaseInfo(raw('2', '2026-01-01T00:00:03.000000Z'), 'ctx', 3000);
    assert.ok(first && renewed);
    const shared = shareUnchanged(renewed, first);
    assert.equal(shared.labels, first.labels);
    assert.equal(shared.resourceVersion, '2');
    assert.equal(shared.spec.renewTime, '2026-01-01T00:00:03.000000Z');
    assert.equal(shared.spec.holderIdentity, 'pod-a_1');
    assert.equal(shared.observedAt, 3000);
  });

  test('changed labels, another Lease, or no previous version: nothing is taken over', () => {
    const first = toLeaseInfo(raw('1', '2026-01-01T00:00:01.000000Z'), 'ctx', 1000);
    const relabelled = toLeaseInfo(raw('2', '2026-01-01T00:00:03.000000Z', { app: 'billing' }), 'ctx', 3000);
    assert.ok(first && relabelled);
    assert.notEqual(shareUnchanged(relabelled, first).labels, first.labels);
    assert.deepEqual(relabelled.labels, { app: 'billing' });
    const other = toLeaseInfo(
      { ...raw('3', '2026-01-01T00:00:04.000000Z'), metadata: { ...raw('3', 'x').metadata, name: 'other' } },
      'ctx',
      4000,
    );
    assert.ok(other);
    assert.notEqual(shareUnchanged(other, first).labels, first.labels);
    const alone = toLeaseInfo(raw('4', '2026-01-01T00:00:05.000000Z'), 'ctx', 5000);
    assert.ok(alone);
    assert.equal(shareUnchanged(alone, undefined), alone);
  });
});
