// A followed Lease's picture as the host sends it to the panel: a kube-controller-manager Lease
// with three control-plane candidates, its history, Events and merged klog lines (texts from
// test/fixtures/controller-logs.txt). The Lease itself comes from builders.ts (the server's own
// conversion); the empty snapshot is the product's (src/core/followMerge).
import { emptyFollowSnapshot } from '../../src/core/followMerge';
import type { FollowSnapshot, LeadershipTerm, LeaseEvent, LeaseInfo, LeaseSpec, LogLine, PodRef } from '../../src/shared/types';
import { defaultPanelSettings, type HostToWebview, type PanelSettings } from '../../src/shared/webviewProtocol';
import { leaseInfo, microTime, type LeaseInfoMeta } from './builders';

export const context = 'prod-eu-west-1';
export const namespace = 'kube-system';
export const name = 'kube-controller-manager';
export const key = `${context}/${namespace}/${name}`;

export const ids = {
  node1: 'cp-node-1_77e6d5c4-b3a2-4918-8f7e-6d5c4b3a2918',
  node2: 'cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21',
  node3: 'cp-node-3_c4d5e6f7-0a1b-4c2d-9e3f-5a6b7c8d9e0f',
};

/** The followed Lease with `spec`, observed at `observedAt` (a resourceVersion that moves with it). */
export function lease(spec: LeaseSpec, observedAt: number, meta: LeaseInfoMeta = {}): LeaseInfo {
  return leaseInfo(spec, observedAt, {
    context,
    namespace,
    name,
    uid: '5c0e2a4e-8f43-4f07-9a55-0d8f1c2a9b11',
    resourceVersion: String(917_000 + (Math.floor(observedAt / 1000) % 100_000)),
    creationTimestamp: '2026-11-01T08:00:00Z',
    ...meta,
  });
}

export function pods(holder: 1 | 2 | 3 = 2): PodRef[] {
  return [1, 2, 3].map((n) => ({
    namespace,
    name: `kube-controller-manager-cp-node-${n}`,
    containers: ['kube-controller-manager'],
    node: `cp-node-${n}`,
    phase: 'Running',
    holder: n === holder,
    restarts: n === 1 ? 2 : 0,
  }));
}

export function settings(overrides: Partial<PanelSettings> = {}): PanelSettings {
  return { ...defaultPanelSettings, ...overrides };
}

export function snapshotMessage(snapshot: FollowSnapshot, now: number, s: PanelSettings = settings()): HostToWebview {
  return { type: 'snapshot', snapshot, settings: s, hostNow: now };
}

/** What the panel gets for the followed Lease before anything else is known: the candidate pods. */
export function emptySnapshot(l: LeaseInfo | undefined): FollowSnapshot {
  return { ...emptyFollowSnapshot(l?.key ?? key), lease: l, pods: pods(), podResolution: 'found' };
}

/** klog's `Lmmdd hh:mm:ss.uuuuuu` header for a time (UTC). */
export function klogHeader(level: string, ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  const micros = String(d.getUTCMilliseconds() * 1000 + 123).padStart(6, '0');
  return `${level}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${micros}`;
}

let seq = 0;
/** A log line of the holder's pod, now; `opts` overrides any field (a new seq each call). */
export function logLine(text: string, opts: Partial<LogLine> = {}): LogLine {
  seq++;
  return { seq, pod: 'kube-controller-manager-cp-node-2', container: 'kube-controller-manager', time: Date.now(), text, ...opts };
}

/** A realistic picture mid-incident: cp-node-1 lost the lease, cp-node-2 took over after a gap. */
export function realisticSnapshot(now: number): FollowSnapshot {
  const s = 1000;
  const min = 60 * s;
  const acquired2 = now - 4 * min - 12.4 * s;
  const terms: LeadershipTerm[] = [
    {
      holder: ids.node3,
      acquiredAt: now - 52 * min,
      lastRenewedAt: now - 31 * min - 40 * s,
      lostAt: now - 31 * min - 21 * s,
      end: 'taken-over',
      gapBeforeMs: 1200,
      transitions: 5,
      renewals: 612,
    },
    {
      holder: ids.node1,
      acquiredAt: now - 31 * min - 21 * s,
      lastRenewedAt: now - 4 * min - 30 * s,
      lostAt: acquired2,
      end: 'expired',
      gapBeforeMs: 19_300,
      transitions: 6,
      renewals: 804,
    },
    { holder: ids.node2, acquiredAt: acquired2, lastRenewedAt: now - 1.3 * s, gapBeforeMs: 17_600, transitions: 7, renewals: 124 },
  ];
  const events: LeaseEvent[] = [
    {
      uid: 'e1',
      time: now - 31 * min - 21 * s,
      type: 'Normal',
      reason: 'LeaderElection',
      message: `${ids.node1} became leader`,
      source: 'kube-controller-manager',
      count: 1,
    },
    {
      uid: 'e2',
      time: now - 4 * min - 30 * s,
      type: 'Warning',
      reason: 'LeaderElection',
      message: `${ids.node1} stopped leading`,
      source: 'kube-controller-manager',
      count: 1,
    },
    {
      uid: 'e3',
      time: acquired2,
      type: 'Normal',
      reason: 'LeaderElection',
      message: `${ids.node2} became leader`,
      source: 'kube-controller-manager',
      count: 1,
    },
  ];
  const p = (n: number): string => `kube-controller-manager-cp-node-${n}`;
  // [pod, seconds ago, klog level, file:line] message, signal]
  const lines: Array<[number, number, string, string, LogLine['signal']?]> = [
    [
      1,
      300,
      'I',
      'leaderelection.go:257] "Attempting to acquire leader lease..." lock="kube-system/kube-controller-manager"',
      'attempting',
    ],
    [
      3,
      298,
      'I',
      'leaderelection.go:257] "Attempting to acquire leader lease..." lock="kube-system/kube-controller-manager"',
      'attempting',
    ],
    [1, 290, 'I', 'garbagecollector.go:153] "Garbage collector: all resource monitors have synced"'],
    [
      1,
      275,
      'E',
      'leaderelection.go:429] Failed to update lock optimitically: Put "https://10.0.0.1:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s": context deadline exceeded, falling back to slow path',
      'lock-update-failed',
    ],
    [
      1,
      270,
      'E',
      'leaderelection.go:436] error retrieving resource lock kube-system/kube-controller-manager: Get "https://10.0.0.1:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s": context deadline exceeded',
      'lock-get-failed',
    ],
    [
      1,
      265,
      'I',
      'leaderelection.go:297] failed to renew lease kube-system/kube-controller-manager: timed out waiting for the condition',
      'renew-failed',
    ],
    [1, 265, 'E', 'controllermanager.go:339] "leaderelection lost"', 'lost'],
    [
      3,
      258,
      'W',
      'reflector.go:561] k8s.io/client-go/informers/factory.go:160: failed to list *v1.Node: Get "https://10.0.0.1:6443/api/v1/nodes?limit=500": net/http: TLS handshake timeout',
    ],
    [2, 252.4, 'I', 'leaderelection.go:271] "Successfully acquired lease" lease="kube-system/kube-controller-manager"', 'acquired'],
    [3, 252, 'I', 'leaderelection.go:354] "New leader elected" identity="cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21"', 'new-leader'],
    [
      2,
      251,
      'I',
      'event.go:389] "Event occurred" object="kube-system/kube-controller-manager" kind="Lease" apiVersion="coordination.k8s.io/v1" type="Normal" reason="LeaderElection" message="cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21 became leader"',
    ],
    [2, 250, 'I', 'controllermanager.go:797] "Started controller" controller="serviceaccount-token-controller"'],
    [2, 249, 'I', 'shared_informer.go:313] Waiting for caches to sync for tokens'],
    [
      1,
      240,
      'I',
      'leaderelection.go:257] "Attempting to acquire leader lease..." lock="kube-system/kube-controller-manager"',
      'attempting',
    ],
    [2, 180, 'I', 'range_allocator.go:241] "Successfully synced" key="cp-node-3"'],
    [
      2,
      120,
      'W',
      'garbagecollector.go:828] "failed to discover some groups" groups="map[metrics.k8s.io/v1beta1:stale GroupVersion discovery: metrics.k8s.io/v1beta1]"',
    ],
    [2, 20, 'I', 'node_lifecycle_controller.go:1070] "Controller detected that some Nodes are Ready. Exiting master disruption mode"'],
  ];
  const logs: LogLine[] = lines.map(([n, ago, level, text, signal], i) => {
    const time = now - ago * s;
    return {
      seq: 1000 + i,
      pod: p(n),
      container: 'kube-controller-manager',
      time,
      text: `${klogHeader(level, time)}       1 ${text}`,
      ...(signal ? { signal } : {}),
    };
  });
  return {
    key,
    lease: lease(
      {
        holderIdentity: ids.node2,
        leaseDurationSeconds: 15,
        acquireTime: microTime(acquired2),
        renewTime: microTime(now - 1.3 * s),
        leaseTransitions: 7,
      },
      now - 1.1 * s,
    ),
    deleted: false,
    events,
    timeline: { terms, renew: { count: 123, meanMs: 2004.2, maxMs: 2611.8, lastMs: 1998.7 } },
    pods: pods(2),
    podResolution: 'found',
    logs,
    droppedLines: 0,
  };
}
