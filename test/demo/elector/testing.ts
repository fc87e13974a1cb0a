// Helpers for tests that drive electors: wait on an event, never a fixed sleep (the timeout is
// harness/waiting.ts's `within`; conditions: its `waitFor`), and record every state of a Lease
// through a watch.
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { Elector, ElectorEvents } from '../../../demo/elector/elector';
import { within } from '../../../harness/waiting';

/** The next emission of `event`, or a rejection after `timeoutMs`. */
export async function nextEvent<K extends keyof ElectorEvents>(elector: Elector, event: K, timeoutMs = 5000): Promise<ElectorEvents[K]> {
  let listener: ((...args: ElectorEvents[K]) => void) | undefined;
  const emitted = new Promise<ElectorEvents[K]>((resolve) => {
    listener = (...args: ElectorEvents[K]): void => resolve(args);
    (elector.once as (e: K, l: typeof listener) => Elector)(event, listener);
  });
  try {
    return await within(emitted, timeoutMs, `${elector.identity} to emit ${event}`);
  } finally {
    (elector.off as (e: K, l: typeof listener) => Elector)(event, listener);
  }
}

export interface LeaseState {
  type: string;
  resourceVersion: string;
  holderIdentity: string | undefined;
  leaseDurationSeconds: number | undefined;
  acquireTime: string | undefined;
  renewTime: string | undefined;
  leaseTransitions: number | undefined;
}

export interface LeaseHistory {
  readonly states: LeaseState[];
  last(): LeaseState | undefined;
  stop(): void;
}

interface WatchedLease {
  metadata?: { resourceVersion?: string };
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

/** Every ADDED/MODIFIED/DELETED state of one Lease from now on (a watch on the API server). */
export async function watchLease(kubeconfig: KubeConfig, namespace: string, name: string): Promise<LeaseHistory> {
  const states: LeaseState[] = [];
  const controller = await new Watch(kubeconfig).watch(
    `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`,
    { fieldSelector: `metadata.name=${name}`, allowWatchBookmarks: true },
    (type: string, obj: WatchedLease) => {
      if (type === 'BOOKMARK') {
        return;
      }
      const s = obj.spec ?? {};
      states.push({
        type,
        resourceVersion: obj.metadata?.resourceVersion ?? '',
        holderIdentity: s.holderIdentity,
        leaseDurationSeconds: s.leaseDurationSeconds,
        acquireTime: s.acquireTime,
        renewTime: s.renewTime,
        leaseTransitions: s.leaseTransitions,
      });
    },
    () => undefined,
  );
  // The watch is established once watch() resolves (the server answered); an existing lease
  // arrives as ADDED first.
  return { states, last: () => states[states.length - 1], stop: () => controller.abort() };
}

/** The first of several electors to emit `event` (listeners removed once one does, or on timeout). */
export async function firstToEmit<K extends keyof ElectorEvents>(
  electors: readonly Elector[],
  event: K,
  timeoutMs = 5000,
): Promise<Elector> {
  let listeners: { elector: Elector; listener: () => void }[] = [];
  const first = new Promise<Elector>((resolve) => {
    listeners = electors.map((elector) => {
      const listener = (): void => resolve(elector);
      (elector.once as (e: K, l: () => void) => Elector)(event, listener);
      return { elector, listener };
    });
  });
  try {
    return await within(first, timeoutMs, `one of ${electors.map((e) => e.identity).join(', ')} to emit ${event}`);
  } finally {
    for (const { elector, listener } of listeners) {
      (elector.off as (e: K, l: () => void) => Elector)(event, listener);
    }
  }
}
