// A followed election's records besides its Lease (issue 17): the ConfigMap and the Endpoints
// object of the same namespace and name, watched by metadata.name and metadata-only, when the
// server serves them and leaseLens.lockKinds allows them. FollowSession merges them with the Lease
// (src/core/lockRecords.ts).
import type { KubeClient } from '../kube/client';
import { discoverLocks } from '../kube/discovery';
import { ListWatch } from '../kube/listWatch';
import { listPageSize } from '../../shared/constants';
import { lockObject, type LockObject } from '../../core/lockRecords';
export { electionEventKinds } from '../../core/lockRecords';
import { metadataAccept, metadataListAccept } from '../leases/lockScopes';
import { lockKindSettings } from '../../shared/settings';

type LockResource = 'configmaps' | 'endpoints';

interface Slim {
  metadata: { name: string; namespace: string; resourceVersion?: string };
  lock?: LockObject;
}

export interface FollowLocksOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  /** leaseLens.lockKinds. */
  kinds?: readonly string[];
  /** The records changed. */
  changed(): void;
  note(text: string): void;
}

export class FollowLocks {
  private readonly records = new Map<LockResource, LockObject>();
  private readonly watches: ListWatch<Slim>[] = [];
  private stopped = false;
  private starting: Promise<void> | undefined;

  constructor(private readonly opts: FollowLocksOptions) {}

  start(): void {
    this.starting = this.startServed();
  }

  locks(): LockObject[] {
    return [...this.records.values()];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await Promise.all(this.watches.map((w) => w.stop()));
  }

  private async startServed(): Promise<void> {
    const kinds = new Set(this.opts.kinds ?? lockKindSettings);
    const wanted = (['configmaps', 'endpoints'] as const).filter((k) => kinds.has(k));
    if (wanted.length === 0) {
      return;
    }
    const found = await discoverLocks(this.opts.client);
    for (const resource of wanted) {
      if (!this.stopped && found[resource]) {
        this.watch(resource);
      }
    }
  }

  private watch(resource: LockResource): void {
    const kind = resource === 'configmaps' ? 'configmap' : 'endpoints';
    const path = `/api/v1/namespaces/${encodeURIComponent(this.opts.namespace)}/${resource}`;
    let lastError = '';
    const lw = new ListWatch<Slim>(
      {
        client: this.opts.client,
        path,
        query: { fieldSelector: `metadata.name=${this.opts.name}` },
        pageSize: listPageSize,
        bookmarks: true,
        accept: metadataListAccept,
        watchAccept: metadataAccept,
        slim: (raw) => {
          const meta = (raw as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
          if (meta?.name !== this.opts.name || typeof meta.namespace !== 'string') {
            return undefined;
          }
          const result = lockObject(raw, kind, Date.now());
          return { metadata: { name: this.opts.name, namespace: meta.namespace }, ...('lock' in result ? { lock: result.lock } : {}) };
        },
      },
      {
        replace: (items) => this.set(resource, items.find((i) => i.lock)?.lock),
        event: (type, item) => this.set(resource, type === 'DELETED' ? undefined : item.lock),
        state: (state) => {
          if (state.phase === 'error') {
            const text = `${state.error.status ?? state.error.kind} ${state.error.message}`;
            if (text !== lastError) {
              lastError = text;
              this.opts.note(`${path}: ${text}`);
            }
          }
        },
        note: (text) => this.opts.note(text),
      },
    );
    this.watches.push(lw);
    lw.start();
  }

  private set(resource: LockResource, lock: LockObject | undefined): void {
    const before = this.records.get(resource);
    if (before?.uid === lock?.uid && before?.resourceVersion === lock?.resourceVersion) {
      return;
    }
    if (lock) {
      this.records.set(resource, lock);
    } else {
      this.records.delete(resource);
    }
    if (!this.stopped) {
      this.opts.changed();
    }
  }
}
