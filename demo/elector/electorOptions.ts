// Options of an Elector, with client-go's defaults (15 s lease, 10 s renew deadline, 2 s retry).
import { KubeConfig } from '@kubernetes/client-node';
import type { EventSourceOptions } from './eventRecorder';
import type { LogFormat } from './logFormat';
import type { ChatterProfile } from './ordinaryLines';
import type { LockType } from './resourceLock';

export interface ElectorOptions {
  /** A KubeConfig, or kubeconfig YAML. */
  kubeconfig: KubeConfig | string;
  /** Context to use instead of the kubeconfig's current one. */
  context?: string;
  namespace: string;
  name: string;
  /**
   * What holds the record (client-go's `--leader-elect-resource-lock`): `leases` (default), the old
   * `configmaps` / `endpoints` annotation locks, or the migration locks `configmapsleases` /
   * `endpointsleases` (the old object first, then the Lease).
   */
  lock?: LockType;
  /** Holder identity, client-go style `<hostname>_<uuid>`. */
  identity: string;
  leaseDurationSeconds?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Timeout of each API request; default half the renew deadline. */
  requestTimeoutMs?: number;
  /** Record LeaderElection Events on the Lease with this source. */
  recordEvents?: EventSourceOptions;
  /** Receives every log line, with the time it carries. */
  log: (line: string, at: Date) => void;
  logFormat: LogFormat;
  /** Ordinary lines between leadership lines: one every this many ms (0: none, the default). */
  chatterEveryMs?: number;
  /** Names in the ordinary lines; default derived from the lease. */
  chatter?: ChatterProfile;
  /** File of the program's own lines ("leaderelection lost"), e.g. `server.go`; default `main.go`. */
  appFile?: string;
  /** Wall clock in epoch ms (fraction = microseconds) for written times, logs and observation. */
  clock?: () => number;
}

export interface ResolvedElectorOptions extends Required<Omit<ElectorOptions, 'kubeconfig' | 'context' | 'recordEvents'>> {
  kubeconfig: KubeConfig;
  recordEvents: EventSourceOptions | undefined;
}

/** Wall-clock epoch ms with microseconds, monotonic within the process. */
export function defaultClock(): number {
  return performance.timeOrigin + performance.now();
}

export function loadKubeConfig(kubeconfig: KubeConfig | string, context?: string): KubeConfig {
  if (typeof kubeconfig !== 'string' && context === undefined) {
    return kubeconfig;
  }
  const kc = new KubeConfig();
  kc.loadFromString(typeof kubeconfig === 'string' ? kubeconfig : kubeconfig.exportConfig());
  if (context !== undefined) {
    kc.setCurrentContext(context);
  }
  return kc;
}

export function resolveElectorOptions(o: ElectorOptions): ResolvedElectorOptions {
  const renewDeadlineMs = o.renewDeadlineMs ?? 10_000;
  const resolved: ResolvedElectorOptions = {
    kubeconfig: loadKubeConfig(o.kubeconfig, o.context),
    namespace: o.namespace,
    name: o.name,
    lock: o.lock ?? 'leases',
    identity: o.identity,
    leaseDurationSeconds: o.leaseDurationSeconds ?? 15,
    renewDeadlineMs,
    retryPeriodMs: o.retryPeriodMs ?? 2_000,
    requestTimeoutMs: o.requestTimeoutMs ?? Math.max(250, renewDeadlineMs / 2),
    recordEvents: o.recordEvents,
    log: o.log,
    logFormat: o.logFormat,
    chatterEveryMs: o.chatterEveryMs ?? 0,
    chatter: o.chatter ?? { controller: o.name.split('.')[0], namespace: o.namespace },
    appFile: o.appFile ?? 'main.go',
    clock: o.clock ?? defaultClock,
  };
  // client-go's NewLeaderElector validation.
  if (resolved.leaseDurationSeconds * 1000 <= renewDeadlineMs) {
    throw new Error('leaseDuration must be greater than renewDeadline');
  }
  if (renewDeadlineMs <= 1.2 * resolved.retryPeriodMs) {
    throw new Error('renewDeadline must be greater than retryPeriod*JitterFactor');
  }
  if (!o.identity) {
    throw new Error('Lock identity is empty');
  }
  return resolved;
}
