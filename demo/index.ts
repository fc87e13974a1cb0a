// The demo scenario, for tests and end-to-end runs: startDemo() runs it in-process.
export { startDemo, DEFAULT_PORT, DEFAULT_KUBECONFIG, REPO_ROOT, type Demo, type DemoOptions } from './scenario';
export type { LeaderExit } from './workloadRun';
export { WORKLOADS, DEFAULT_CRASH_TARGET, type Timing, type WorkloadSpec } from './workloads';
export { ADMIN_CONTEXT, DEV_CONTEXT, DEMO_NAMESPACES, DEV_NAMESPACES } from './users';
export { RELEASED_LEASE, NEVER_HELD_LEASE } from './staticLeases';
export {
  FLAPPING_WORKLOAD,
  LATE_RENEWER_WORKLOAD,
  HEALTH_WORKLOADS,
  DEFAULT_FLAPPING,
  DEFAULT_LATE_RENEWAL,
  lateWindowMs,
} from './healthWorkloads';
export { OUT_OF_RANGE_TIMING_WORKLOAD, timingFlags } from './timingWorkload';
export type { Flapping, FlapPhase } from './flapping';
export type { LateRenewer } from './lateRenewer';
export {
  LEGACY_NAMESPACE,
  LEGACY_CONTROLLER_WORKLOAD,
  OLD_ENDPOINTS_WORKLOAD,
  MIGRATING_WORKLOAD,
  LEGACY_LOCK_WORKLOADS,
  DEFAULT_LEGACY_LOCKS,
  type LegacyLocks,
  type LegacyLocksSchedule,
} from './legacyLocks';
export { LEADER_FOR_LIFE_LOCK, LEADER_FOR_LIFE_WORKLOAD, type LeaderForLife } from './leaderForLife';
export { COORDINATED_LEASE, COORDINATED_STRATEGY, COORDINATED_VERSIONS, type CoordinatedElection } from './coordinatedElection';
export { DEMO_CONFIGMAP_COUNT } from './demoConfigMaps';
