// The demo's workload with out-of-range leader election flags (kube-system/descheduler): its pods'
// specs carry the flags its electors run with, read through @kubernetes/client-node from the
// local API server, and the timing checks warn of them; its Lease has a holder with that duration.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CoordinationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { OUT_OF_RANGE_TIMING_WORKLOAD, startDemo, type Demo } from '../../demo';
import { waitFor } from '../../harness/waiting';
import { readElectionConfig, timingChecks } from '../../src/core/electionTiming';

let demo: Demo;
let dir: string;
let kc: KubeConfig;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lease-lens-demo-timing-'));
  demo = await startDemo({
    port: 0,
    kubeconfigPath: join(dir, 'kubeconfig.yaml'),
    crashEveryMs: 0,
    releaseEveryMs: 0,
    timing: { leaseDurationSeconds: 2, renewDeadlineMs: 1500, retryPeriodMs: 300 },
    nodeCount: 3,
    chatterEveryMs: 0,
  });
  kc = new KubeConfig();
  kc.loadFromFile(demo.kubeconfigPath);
});

after(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo: the workload whose election flags are out of range', () => {
  test("its pods carry the flags, the checks warn, and its Lease's duration is the flag's", async () => {
    const w = OUT_OF_RANGE_TIMING_WORKLOAD;
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedPod({ namespace: w.namespace, labelSelector: `app=${w.app}` });
    assert.equal(list.items.length, w.replicas);
    const pods = list.items.map((p) => ({
      name: p.metadata?.name ?? '',
      containers: (p.spec?.containers ?? []).map((c) => ({ name: c.name, items: [...(c.command ?? []), ...(c.args ?? [])] })),
    }));
    const config = readElectionConfig(pods);
    assert.deepEqual(
      [config.values.leaseDuration.ms, config.values.renewDeadline.ms, config.values.retryPeriod.ms],
      [15_000, 14_000, 5_000],
    );
    assert.equal(config.values.renewDeadline.source.kind, 'flag');
    const warnings = timingChecks(config, { leaseDurationSeconds: 15 }).filter((c) => c.level !== 'ok');
    assert.deepEqual(
      warnings.map((c) => c.id),
      ['deadline-margin'],
    );

    const coordination = kc.makeApiClient(CoordinationV1Api);
    const lease = await waitFor(
      'a holder of the descheduler Lease',
      async () => {
        const l = await coordination.readNamespacedLease({ namespace: w.namespace, name: w.lease });
        return l.spec?.holderIdentity ? l : undefined;
      },
      30_000,
    );
    assert.equal(lease.spec?.leaseDurationSeconds, 15, 'the electors run with the flags their pods carry');
  });
});
