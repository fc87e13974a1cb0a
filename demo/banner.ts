// What the demo prints when it is up.
import type { Demo } from './scenario';
import { DEV_FORBIDDEN_NAMESPACE } from './users';
import { DEFAULT_FLAPPING, DEFAULT_LATE_RENEWAL, FLAPPING_WORKLOAD, LATE_RENEWER_WORKLOAD } from './healthWorkloads';
import { WORKLOADS, workloadKey, type WorkloadSpec } from './workloads';
import { OUT_OF_RANGE_TIMING_WORKLOAD } from './timingWorkload';
import { COORDINATED_LEASE, COORDINATED_STRATEGY } from './coordinatedElection';
import { DEMO_CONFIGMAP_COUNT } from './demoConfigMaps';
import { LEADER_FOR_LIFE_LOCK } from './leaderForLife';
import { LEGACY_LOCK_WORKLOADS, LEGACY_NAMESPACE } from './legacyLocks';

export function banner(demo: Demo, o: { crashEverySeconds: number; crashTarget: string; nodeCount: number }): string {
  const workloads = [
    ...WORKLOADS,
    FLAPPING_WORKLOAD,
    LATE_RENEWER_WORKLOAD,
    OUT_OF_RANGE_TIMING_WORKLOAD,
    ...(demo.legacyLocks ? LEGACY_LOCK_WORKLOADS : []),
  ].map((w: WorkloadSpec) => {
    const pods = w.kind === 'static' ? `${w.replicas} static pods ${w.app}-cp-node-N` : `Deployment ${w.app}, ${w.replicas} replicas`;
    return `    ${`${w.namespace}/${w.lease}`.padEnd(44)} ${pods}; ${w.logFormat} logs; lease ${w.timing.leaseDurationSeconds}s`;
  });
  return [
    '',
    'Lease Lens demo cluster',
    `  API server   ${demo.server.url}   (users: admin; dev, read-only, forbidden in ${DEV_FORBIDDEN_NAMESPACE})`,
    `  kubeconfig   ${demo.kubeconfigPath}`,
    `               contexts: ${demo.contexts.admin} (admin, current), ${demo.contexts.dev} (dev, namespace demo)`,
    '  leader-elected workloads:',
    ...workloads,
    `  also         ${o.nodeCount} node heartbeat leases in kube-node-lease, an API server identity lease,`,
    '               a released lease (kube-system/cloud-controller-manager), a never-held one (jobs/nightly-report)',
    o.crashEverySeconds > 0
      ? `  failovers    the leader of ${o.crashTarget} crashes about every ${o.crashEverySeconds}s; now and then another leader hands over cleanly`
      : '  failovers    no automatic crashes',
    ...(demo.flapping
      ? [
          `  flapping     ${workloadKey(FLAPPING_WORKLOAD)}: leadership moves about every ${DEFAULT_FLAPPING.moveEveryMs / 1000}s for ${DEFAULT_FLAPPING.flapForMs / 60_000} min, then settles for ${DEFAULT_FLAPPING.settleForMs / 60_000} min`,
        ]
      : []),
    ...(demo.lateRenewer
      ? [
          `  late renewer ${workloadKey(LATE_RENEWER_WORKLOAD)}: about every ${DEFAULT_LATE_RENEWAL.everyMs / 1000}s its leader renews after more than 2/3 of its ${LATE_RENEWER_WORKLOAD.timing.leaseDurationSeconds}s lease (writes fail for a while), never past it`,
        ]
      : []),
    ...(demo.legacyLocks
      ? [
          `  other locks  ${LEGACY_NAMESPACE}: legacy-controller (ConfigMap lock), old-endpoints-controller (Endpoints lock),`,
          `               migrating-controller (configmapsleases; its ConfigMap record lags ${demo.legacyLocks.schedule.lagForMs / 1000}s every ${demo.legacyLocks.schedule.lagEveryMs / 60_000} min),`,
          `               ${LEADER_FOR_LIFE_LOCK.name} (leader-for-life); ${DEMO_CONFIGMAP_COUNT} ordinary ConfigMaps with data`,
        ]
      : []),
    ...(demo.coordinated
      ? [
          `  coordinated  ${COORDINATED_LEASE.namespace}/${COORDINATED_LEASE.name}: strategy ${COORDINATED_STRATEGY}, 3 LeaseCandidates, a preferredHolder`,
        ]
      : []),
    '  Ctrl+C stops everything.',
    '',
  ].join('\n');
}
