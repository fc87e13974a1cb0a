// Every version of one Lease, seen through our own client-node watch: the truth the Lease server's
// timeline is checked against (the failover gap is computed from the Lease's own times).
import { KubeConfig, Watch, type V1Lease } from '@kubernetes/client-node';
import { parseMicroTime } from '../../src/core/microTime';
import type { LeaseRef } from './backends';

export interface LeaseVersions {
  versions: V1Lease[];
  /** Resolves once the watch delivered its first version. */
  ready: Promise<void>;
  stop(): void;
}

export function recordLeaseVersions(kubeconfigPath: string, context: string, ref: LeaseRef): LeaseVersions {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  kc.setCurrentContext(context);
  const versions: V1Lease[] = [];
  let abort: AbortController | undefined;
  let stopped = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const start = (): void => {
    // From "" (synthetic ADDED of the current version) the first time, later from the last one seen.
    const resourceVersion = versions.at(-1)?.metadata?.resourceVersion;
    void new Watch(kc)
      .watch(
        `/apis/coordination.k8s.io/v1/namespaces/${ref.namespace}/leases`,
        { fieldSelector: `metadata.name=${ref.name}`, resourceVersion },
        (type: string, obj: V1Lease) => {
          if (type === 'ADDED' || type === 'MODIFIED') {
            versions.push(obj);
            markReady();
          }
        },
        () => {
          if (!stopped) {
            start();
          }
        },
      )
      .then((a) => {
        abort = a;
        if (stopped) {
          a.abort();
        }
      });
  };
  start();
  return {
    versions,
    ready,
    stop() {
      stopped = true;
      abort?.abort();
    },
  };
}

export interface Failover {
  oldHolder: string;
  newHolder: string;
  /** The old holder's last renewTime (ms). */
  lastRenewMs: number;
  /** The new holder's acquireTime (ms). */
  acquireMs: number;
  gapMs: number;
}

/** The takeover from `oldHolder` in the recorded versions, once one happened. */
export function failoverIn(versions: readonly V1Lease[], oldHolder: string): Failover | undefined {
  let lastRenewMs: number | undefined;
  for (const v of versions) {
    const holder = v.spec?.holderIdentity ?? '';
    // client-node turns MicroTime strings into Date objects only for typed calls; the watch
    // delivers the wire JSON, so the strings keep their microseconds.
    const renew = parseMicroTime(v.spec?.renewTime as unknown as string);
    const acquire = parseMicroTime(v.spec?.acquireTime as unknown as string);
    if (holder === oldHolder) {
      if (renew !== undefined) {
        lastRenewMs = renew;
      }
    } else if (holder !== '' && lastRenewMs !== undefined && acquire !== undefined) {
      return { oldHolder, newHolder: holder, lastRenewMs, acquireMs: acquire, gapMs: acquire - lastRenewMs };
    }
  }
  return undefined;
}
