// LeaderElection Events on the lock's object (a Lease; a ConfigMap or Endpoints for the old locks),
// as client-go's LeaseLock/ConfigMapLock.RecordEvent writes them through an
// event recorder: `<identity> became leader` / `<identity> stopped leading`, reason LeaderElection,
// named `<lease>.<hex unix nanos>` (see test/fixtures/events.json).
import { CoreV1Api, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import { AbortScope } from './abortScope';
import { signalOptions, toKubeError } from './kubeError';
import type { LockRef } from './resourceLock';
import { KubeTime } from './microTime';

export interface EventSourceOptions {
  /** source.component and reportingComponent, e.g. `kube-scheduler` or a controller's name. */
  component: string;
  /** source.host; left out when not given. */
  host?: string;
}

let lastNanos = 0n;

/** `<name>.<hex>` with the hex of the current time in nanoseconds, unique within the process. */
export function eventName(leaseName: string, epochMs: number): string {
  let nanos = BigInt(Math.floor(epochMs * 1000)) * 1000n + BigInt(Math.floor(Math.random() * 1000));
  if (nanos <= lastNanos) {
    nanos = lastNanos + 1n;
  }
  lastNanos = nanos;
  return `${leaseName}.${nanos.toString(16)}`;
}

export function leaderElectionEvent(lease: LockRef, message: string, source: EventSourceOptions, epochMs: number): CoreV1Event {
  const at = new KubeTime(epochMs);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(lease.name, epochMs), namespace: lease.namespace },
    involvedObject: {
      kind: lease.kind,
      apiVersion: lease.apiVersion,
      namespace: lease.namespace,
      name: lease.name,
      ...(lease.uid ? { uid: lease.uid } : {}),
      ...(lease.resourceVersion ? { resourceVersion: lease.resourceVersion } : {}),
    },
    reason: 'LeaderElection',
    message,
    source: source.host ? { component: source.component, host: source.host } : { component: source.component },
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    type: 'Normal',
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  };
}

/** Posts events in the background like client-go's broadcaster; flush() waits for those in flight. */
export class EventRecorder {
  private readonly api: CoreV1Api;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly scope = new AbortScope([]);

  constructor(
    kubeconfig: KubeConfig,
    private readonly source: EventSourceOptions,
    private readonly timeoutMs: number,
    private readonly onError: (message: string) => void,
  ) {
    this.api = kubeconfig.makeApiClient(CoreV1Api);
  }

  record(lease: LockRef, message: string, epochMs: number): void {
    const body = leaderElectionEvent(lease, message, this.source, epochMs);
    const scope = new AbortScope([this.scope], this.timeoutMs);
    const url = `/api/v1/namespaces/${lease.namespace}/events`;
    const p = this.api
      .createNamespacedEvent({ namespace: lease.namespace, body }, signalOptions(scope.signal))
      .then(
        () => undefined,
        (err: unknown) => {
          if (scope.cause !== 'canceled') {
            this.onError(`Server rejected event (will not retry!): ${toKubeError(err, 'Post', url, () => scope.cause).message}`);
          }
        },
      )
      .finally(() => {
        scope.dispose();
        this.inFlight.delete(p);
      });
    this.inFlight.add(p);
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** Drops what is in flight (a killed process sends nothing more). */
  abort(): void {
    this.scope.abort('canceled');
  }
}
