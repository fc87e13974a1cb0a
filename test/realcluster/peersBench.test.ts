// The peers benchmark's pipeline (bench/peers, `npm run bench:peers`) on a small scale on the real
// control plane: 100 Leases, 20 renewals/s, a 3 s window. kubectl -w and the Lease server run and see
// the churn, and every figure is measured. No timing targets here: the full run prints PASS/MISS.
// k9s is the benchmark's peer, not part of `npm test`: its first build from its Go module (grype and
// syft, about 2,200 packages) would add tens of minutes to a cold CI run; `npm run bench:peers` builds
// and measures it (its build is cached).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRealCluster, type RealCluster } from '../../realcluster/cluster';
import { formatPeersTable, runPeers, type PeerFigures } from '../../bench/peers/run';

describe('peers benchmark on the real control plane (small)', { timeout: 15 * 60_000 }, () => {
  let cluster: RealCluster;

  before(async () => {
    cluster = await startRealCluster();
  });

  after(async () => {
    await cluster?.stop();
  });

  test('measures kubectl -w and the Lease server side by side on the same churn', async () => {
    const leases = 100;
    const r = await runPeers({ leases, namespaces: 4, rate: 20, seconds: 3, cluster, k9s: false });
    const table = formatPeersTable(r);
    console.error(table);

    const c = r.counts;
    assert.equal(c.fleetLeases, leases);
    assert.equal(c.leaseServerFleetLeases, leases, 'the Lease server held every fleet Lease');
    assert.ok(c.clusterLeases > leases, `the cluster's own Leases are counted too (${c.clusterLeases})`);
    assert.ok(c.windowRenewals >= 20, `renewals were written in the window (${c.windowRenewals})`);
    assert.equal(c.windowWriteErrors, 0, `no renewal failed (${c.lastWriteError ?? ''})`);
    assert.ok(c.kubectlObjects > 0, 'kubectl -w printed renewals in the window');
    assert.ok(c.leaseServerVersionsSent > 0, 'the Lease server sent renewals in the window');
    assert.equal(r.k9s, null, 'k9s was not started');
    assert.ok(c.ipcBytes !== null && c.ipcBytes > 0, 'IPC bytes were counted');

    const peers: [string, PeerFigures][] = [
      ['Lease server', r.leaseServer],
      ['kubectl', r.kubectl],
      ['writer', r.writer],
    ];
    for (const [name, p] of peers) {
      for (const key of ['cpuPercent', 'cpuSeconds', 'cpuSecondsPer1kRenewals', 'peakRssMb', 'vmHwmMb'] as const) {
        assert.ok(Number.isFinite(p[key]), `${name} ${key} is finite (got ${p[key]})`);
      }
      assert.ok(p.peakRssMb > 1, `${name} has a peak RSS (${p.peakRssMb} MB)`);
    }
    assert.ok(r.kubectl.cpuSeconds > 0, 'kubectl used CPU in the window');
    assert.ok(r.apiServer && Number.isFinite(r.apiServer.cpuPercent), 'kube-apiserver measured');

    const target = r.targets.find((t) => t.name === 'leaseServerCpuVsKubectl');
    assert.ok(target && target.pass !== null, 'the CPU target is judged');
    assert.match(table, /Lease server ≤ kubectl -w (PASS|MISS)/);
    assert.match(table, /targets: \d pass, \d miss, 0 n\/a/);
  });
});
