// client-go's resourcelock.LeaseLock over client-node: Get / Create / Update of one Lease, keeping
// the last Lease seen so Update sends its resourceVersion (a stale one earns a 409 Conflict).
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { AbortScope } from './abortScope';
import { rawRecord, recordFromSpec, specFromRecord, type LeaderElectionRecord } from './leaderElectionRecord';
import { KubeRequestError, signalOptions, toKubeError } from './kubeError';
import type { LockRef, ResourceLock } from './resourceLock';

export class LeaseLock implements ResourceLock {
  private readonly api: CoordinationV1Api;
  private readonly url: string;
  private lease: V1Lease | undefined;

  constructor(
    kubeconfig: KubeConfig,
    readonly namespace: string,
    readonly name: string,
  ) {
    this.api = kubeconfig.makeApiClient(CoordinationV1Api);
    const server = kubeconfig.getCurrentCluster()?.server ?? '';
    this.url = `${server}/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${name}`;
  }

  /** `namespace/name`, as client-go's Describe(). */
  describe(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** The Lease as last read or written, for Events' involvedObject. */
  refs(): LockRef[] {
    return [
      {
        kind: 'Lease',
        apiVersion: 'coordination.k8s.io/v1',
        namespace: this.namespace,
        name: this.name,
        uid: this.lease?.metadata?.uid,
        resourceVersion: this.lease?.metadata?.resourceVersion,
      },
    ];
  }

  raw(): string {
    return this.lease ? rawRecord(recordFromSpec(this.lease.spec)) : '';
  }

  /** The record, or undefined when the Lease does not exist. Other failures throw KubeRequestError. */
  async get(scope: AbortScope): Promise<LeaderElectionRecord | undefined> {
    try {
      this.lease = await this.api.readNamespacedLease({ namespace: this.namespace, name: this.name }, signalOptions(scope.signal));
      return recordFromSpec(this.lease.spec);
    } catch (err) {
      const e = toKubeError(err, 'Get', this.url, () => scope.cause);
      if (e.notFound) {
        return undefined;
      }
      throw e;
    }
  }

  async create(record: LeaderElectionRecord, scope: AbortScope): Promise<void> {
    const body: V1Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { namespace: this.namespace, name: this.name },
      spec: specFromRecord(record),
    };
    const url = this.url.slice(0, this.url.lastIndexOf('/'));
    try {
      this.lease = await this.api.createNamespacedLease({ namespace: this.namespace, body }, signalOptions(scope.signal));
    } catch (err) {
      throw toKubeError(err, 'Post', url, () => scope.cause);
    }
  }

  /** PUT the last Lease seen with the record as its spec. */
  async update(record: LeaderElectionRecord, scope: AbortScope): Promise<void> {
    if (!this.lease) {
      throw new KubeRequestError(undefined, undefined, 'lease not initialized, call get or create first');
    }
    const body: V1Lease = { ...this.lease, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec: specFromRecord(record) };
    try {
      this.lease = await this.api.replaceNamespacedLease({ namespace: this.namespace, name: this.name, body }, signalOptions(scope.signal));
    } catch (err) {
      throw toKubeError(err, 'Put', this.url, () => scope.cause);
    }
  }
}
