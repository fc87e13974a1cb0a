// The demo's Leases for the Leadership Health view, with short timings and watched through the
// local API server: ingress-nginx/ingress-nginx-leader flaps (more holder changes than
// leaseLens.flapping.changes within a spell) and then settles; kube-system/cluster-autoscaler's
// leader renews late (an interval over 2/3 of its duration) but never lets the lease run out.
// Both record LeaderElection Events, as every demo workload does.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { FLAPPING_WORKLOAD, LATE_RENEWER_WORKLOAD, startDemo, type Demo, type FlapPhase, type Flapping } from '../../demo';
import { waitFor, within } from '../../harness/waiting';
import { settingTable } from '../../src/shared/settings';
import { watchLease, type LeaseHistory, type LeaseState } from './elector/testing';

const FLAP = { moveEveryMs: 700, flapForMs: 8000, settleForMs: 4000, crashEvery: 5 };
// An 8 s lease: the late renewal comes about 0.9 s before it would run out, room for a loaded machine's timers.
const LATE_TIMING = { leaseDurationSeconds: 8, renewDeadlineMs: 7200, retryPeriodMs: 800 };

let demo: Demo;
let dir: string;
let kc: KubeConfig;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lease-lens-demo-health-'));
  demo = await startDemo({
    port: 0,
    kubeconfigPath: join(dir, 'kubeconfig.yaml'),
    crashEveryMs: 0,
    releaseEveryMs: 0,
    restartDelayMs: 300,
    timing: { leaseDurationSeconds: 2, renewDeadlineMs: 1500, retryPeriodMs: 300 },
    nodeCount: 3,
    chatterEveryMs: 0,
    flapping: FLAP,
    lateRenewal: { everyMs: 2500, timing: LATE_TIMING },
  });
  kc = new KubeConfig();
  kc.loadFromFile(demo.kubeconfigPath);
});

after(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function nextPhase(flapping: Flapping, phase: FlapPhase, timeoutMs: number): Promise<unknown> {
  const ac = new AbortController();
  const wanted = (async () => {
    for (;;) {
      const [p] = (await once(flapping, 'phase', { signal: ac.signal })) as [FlapPhase];
      if (p === phase) {
        return;
      }
    }
  })();
  return within(wanted, timeoutMs, `the flapping Lease to be ${phase}`).finally(() => ac.abort());
}

/** Waits until the watch has delivered the store's current version of the Lease; returns how many states it holds then. */
async function caughtUp(history: LeaseHistory, namespace: string, name: string): Promise<number> {
  return waitFor(`the watch of ${namespace}/${name} to catch up`, () => {
    const rv = demo.server.store.getLease(namespace, name)?.metadata.resourceVersion;
    return history.last()?.resourceVersion === rv && history.states.length;
  });
}

/** Holder changes: a holder other than the previous one (an empty holder, a release, is no holder). */
function holderChanges(states: readonly LeaseState[]): number {
  let last = '';
  let changes = 0;
  for (const s of states) {
    const h = s.holderIdentity ?? '';
    if (h === '') {
      continue;
    }
    if (last !== '' && h !== last) {
      changes++;
    }
    last = h;
  }
  return changes;
}

function leaderElectionMessages(namespace: string, name: string): string[] {
  return demo.server.store
    .listEvents(namespace)
    .filter((e) => e.involvedObject?.kind === 'Lease' && e.involvedObject.name === name && e.reason === 'LeaderElection')
    .map((e) => e.message ?? '');
}

describe('demo Leases for the Leadership Health view', () => {
  test(
    'the flapping Lease changes holder more than leaseLens.flapping.changes times in a spell, then settles',
    { timeout: 60_000 },
    async (t) => {
      const flapping = demo.flapping;
      assert.ok(flapping, 'the demo drives a flapping Lease');
      const { namespace, lease: name } = FLAPPING_WORKLOAD;
      const history = await watchLease(kc, namespace, name);
      try {
        assert.equal(flapping.phase, 'flapping', 'the demo starts with a flapping spell');
        await nextPhase(flapping, 'settled', FLAP.flapForMs + 20_000);
        const spellEnd = await caughtUp(history, namespace, name);
        const spell = history.states.slice(0, spellEnd);
        const changes = holderChanges(spell);
        t.diagnostic(`holder changes in the spell: ${changes}`);
        assert.ok(
          changes > settingTable.flapChanges.default,
          `more than ${settingTable.flapChanges.default} holder changes in one spell (got ${changes}: ${spell.map((s) => s.holderIdentity).join(', ')})`,
        );
        const transitions = spell.map((s) => s.leaseTransitions ?? 0);
        assert.ok(transitions[transitions.length - 1] - transitions[0] >= changes, 'each change bumped leaseTransitions');
        const settledHolder = history.states[spellEnd - 1].holderIdentity;
        assert.ok(settledHolder, 'a leader holds the Lease when it settles');

        await nextPhase(flapping, 'flapping', FLAP.settleForMs + 10_000);
        const settleEnd = await caughtUp(history, namespace, name);
        const quiet = history.states.slice(spellEnd, settleEnd);
        assert.ok(quiet.length > 0, 'the leader kept renewing while settled');
        assert.deepEqual([...new Set(quiet.map((s) => s.holderIdentity))], [settledHolder], 'no holder change while settled');
      } finally {
        history.stop();
      }
      const messages = leaderElectionMessages(namespace, name);
      assert.ok(
        messages.filter((m) => m.endsWith(' became leader')).length > settingTable.flapChanges.default,
        'a became-leader Event per term',
      );
      assert.ok(
        messages.some((m) => m.endsWith(' stopped leading')),
        'stopped-leading Events of the leaders that handed over',
      );
    },
  );

  test('the late renewer renews after more than 2/3 of its duration, and its Lease never expires', { timeout: 120_000 }, async (t) => {
    const lateRenewer = demo.lateRenewer;
    assert.ok(lateRenewer, 'the demo drives a late renewer');
    const { namespace, lease: name } = LATE_RENEWER_WORKLOAD;
    const durationMs = LATE_TIMING.leaseDurationSeconds * 1000;
    const history = await watchLease(kc, namespace, name);
    const intervals = (): number[] => {
      const held = history.states.filter((s) => s.holderIdentity);
      return held.slice(1).map((s, i) => Date.parse(s.renewTime ?? '') - Date.parse(held[i].renewTime ?? ''));
    };
    try {
      await waitFor('two late renewals', () => intervals().filter((ms) => ms > (2 / 3) * durationMs).length >= 2, 60_000, {
        everyMs: 50,
        detail: () => `intervals: ${intervals().join(', ')}`,
      });
    } finally {
      history.stop();
    }
    const all = intervals();
    t.diagnostic(`renew intervals (ms, lease ${durationMs} ms): ${all.join(', ')}`);
    assert.ok(
      all.every((ms) => ms < durationMs),
      `every renewal before the lease ran out (${durationMs} ms): ${all.join(', ')}`,
    );
    assert.ok(
      all.some((ms) => ms < durationMs / 3),
      'on-time renewals in between',
    );
    const holders = new Set(history.states.map((s) => s.holderIdentity).filter(Boolean));
    assert.equal(holders.size, 1, `one holder throughout, nobody took over: ${[...holders].join(', ')}`);
    assert.ok(lateRenewer.count >= 1, 'the driver counted its late renewals');

    const holder = [...holders][0] ?? '';
    const pod = holder.split('_')[0];
    const log = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedPodLog({ namespace, name: pod, container: LATE_RENEWER_WORKLOAD.container });
    assert.match(log, /Failed to update lease lock|Failed to update lock/, "the leader's log shows its failed writes");
    assert.ok(leaderElectionMessages(namespace, name).includes(`${holder} became leader`), 'the became-leader Event');
  });
});
