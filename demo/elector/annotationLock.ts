// client-go's old resourcelock.ConfigMapLock and EndpointsLock over client-node: the record is the
// JSON annotation `control-plane.alpha.kubernetes.io/leader` of a ConfigMap or an Endpoints object
// (annotationRecord.ts); Get / Create / Update keep the last object seen, so Update sends its
// resourceVersion (a stale one earns a 409 Conflict) and keeps its other fields.
import { CoreV1Api, type KubeConfig, type V1ConfigMap, type V1Endpoints } from '@kubernetes/client-node';
import type { AbortScope } from './abortScope';
import { annotationFromRecord, leaderAnnotationKey, recordFromAnnotation } from './annotationRecord';
import { KubeRequestError, signalOptions, toKubeError } from './kubeError';
import type { LeaderElectionRecord } from './leaderElectionRecord';
import type { LockRef, ResourceLock } from './resourceLock';

type LockObject = V1ConfigMap | V1Endpoints;

export class AnnotationLock implements ResourceLock {
  private readonly api: CoreV1Api;
  private readonly url: string;
  private object: LockObject | undefined;
  private rawText = '';

  constructor(
    readonly kind: 'ConfigMap' | 'Endpoints',
    kubeconfig: KubeConfig,
    readonly namespace: string,
    readonly name: string,
  ) {
    this.api = kubeconfig.makeApiClient(CoreV1Api);
    const server = kubeconfig.getCurrentCluster()?.server ?? '';
    this.url = `${server}/api/v1/namespaces/${namespace}/${kind === 'ConfigMap' ? 'configmaps' : 'endpoints'}/${name}`;
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }

  refs(): LockRef[] {
    return [
      {
        kind: this.kind,
        apiVersion: 'v1',
        namespace: this.namespace,
        name: this.name,
        uid: this.object?.metadata?.uid,
        resourceVersion: this.object?.metadata?.resourceVersion,
      },
    ];
  }

  raw(): string {
    return this.rawText;
  }

  async get(scope: AbortScope): Promise<LeaderElectionRecord | undefined> {
    try {
      const ref = { namespace: this.namespace, name: this.name };
      this.object =
        this.kind === 'ConfigMap'
          ? await this.api.readNamespacedConfigMap(ref, signalOptions(scope.signal))
          : await this.api.readNamespacedEndpoints(ref, signalOptions(scope.signal));
    } catch (err) {
      const e = toKubeError(err, 'Get', this.url, () => scope.cause);
      if (e.notFound) {
        return undefined;
      }
      throw e;
    }
    const text = this.object.metadata?.annotations?.[leaderAnnotationKey];
    this.rawText = text ?? '';
    try {
      return recordFromAnnotation(text);
    } catch (err) {
      throw new KubeRequestError(undefined, undefined, err instanceof Error ? err.message : String(err));
    }
  }

  async create(record: LeaderElectionRecord, scope: AbortScope): Promise<void> {
    const metadata = { namespace: this.namespace, name: this.name, annotations: { [leaderAnnotationKey]: annotationFromRecord(record) } };
    const url = this.url.slice(0, this.url.lastIndexOf('/'));
    try {
      this.object =
        this.kind === 'ConfigMap'
          ? await this.api.createNamespacedConfigMap(
              { namespace: this.namespace, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata } },
              signalOptions(scope.signal),
            )
          : await this.api.createNamespacedEndpoints(
              { namespace: this.namespace, body: { apiVersion: 'v1', kind: 'Endpoints', metadata } },
              signalOptions(scope.signal),
            );
      this.rawText = metadata.annotations[leaderAnnotationKey];
    } catch (err) {
      throw toKubeError(err, 'Post', url, () => scope.cause);
    }
  }

  /** PUT the last object seen with the record in its annotation. */
  async update(record: LeaderElectionRecord, scope: AbortScope): Promise<void> {
    if (!this.object) {
      throw new KubeRequestError(
        undefined,
        undefined,
        `${this.kind === 'ConfigMap' ? 'configmap' : 'endpoint'} not initialized, call get or create first`,
      );
    }
    const text = annotationFromRecord(record);
    const metadata = {
      ...this.object.metadata,
      annotations: { ...(this.object.metadata?.annotations ?? {}), [leaderAnnotationKey]: text },
    };
    const ref = { namespace: this.namespace, name: this.name };
    try {
      this.object =
        this.kind === 'ConfigMap'
          ? await this.api.replaceNamespacedConfigMap(
              { ...ref, body: { ...(this.object as V1ConfigMap), apiVersion: 'v1', kind: 'ConfigMap', metadata } },
              signalOptions(scope.signal),
            )
          : await this.api.replaceNamespacedEndpoints(
              { ...ref, body: { ...(this.object as V1Endpoints), apiVersion: 'v1', kind: 'Endpoints', metadata } },
              signalOptions(scope.signal),
            );
      this.rawText = text;
    } catch (err) {
      throw toKubeError(err, 'Put', this.url, () => scope.cause);
    }
  }
}
