// The peers benchmark's workload on the real control plane: Leases created by an admin client in
// namespaces `peers-00`…, then renewed round-robin as merge patches of spec.renewTime at a fixed rate.
import type { AdminClient } from './adminClient';

export const leaseNamespacePrefix = 'peers-';

export interface Fleet {
  /** `namespace/name` of every Lease created, in renewal order. */
  leases: { namespace: string; name: string }[];
  namespaces: string[];
}

/** MicroTime as the API server writes it: six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

async function must(what: string, p: Promise<{ status: number; body: string }>, ok: number[] = [200, 201]): Promise<void> {
  const res = await p;
  if (!ok.includes(res.status)) {
    throw new Error(`${what}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  }
}

/** Runs `work` over `items` with at most `parallel` at a time. */
async function eachParallel<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      await work(items[next++]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
}

/** Creates `count` Leases (client-go shaped: `<pod>_<uuid>` holder, 15 s) in `namespaceCount` namespaces; existing ones are kept. */
export async function createFleet(client: AdminClient, count: number, namespaceCount: number): Promise<Fleet> {
  const namespaces = Array.from({ length: namespaceCount }, (_, i) => `${leaseNamespacePrefix}${String(i).padStart(2, '0')}`);
  await eachParallel(namespaces, 8, (ns) =>
    must(
      `create namespace ${ns}`,
      client.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }),
      [201, 409],
    ),
  );
  const leases = Array.from({ length: count }, (_, i) => ({
    namespace: namespaces[i % namespaceCount],
    name: `controller-${String(i).padStart(5, '0')}`,
  }));
  const now = microTime(Date.now());
  await eachParallel(leases, 16, (l) => {
    const holder = `${l.name}-7d9f8b6c5-abcde_00000000-0000-4000-8000-${l.name.slice(-5).padStart(12, '0')}`;
    return must(
      `create lease ${l.namespace}/${l.name}`,
      client.send('POST', `/apis/coordination.k8s.io/v1/namespaces/${l.namespace}/leases`, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: l.name, namespace: l.namespace },
        spec: { holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: now, renewTime: now, leaseTransitions: 0 },
      }),
      [201, 409],
    );
  });
  return { leases, namespaces };
}

export interface ChurnCounts {
  writes: number;
  /** Writes not sent because `maxInFlight` were still waiting for the API server. */
  skipped: number;
  errors: number;
  lastError?: string;
}

/**
 * Renews the fleet's Leases round-robin at `rate` per second: every 10 ms a tick sends the patches
 * that are due (`{"spec":{"renewTime":…}}` as application/merge-patch+json), each stamped with the
 * time it is sent. At most `maxInFlight` at once: when the API server falls behind, writes are
 * skipped rather than queued, and counted as not written.
 */
export class Churn {
  readonly counts: ChurnCounts = { writes: 0, skipped: 0, errors: 0 };
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private due = 0;
  private last = 0;
  private inFlight = 0;
  private readonly settled = new Set<Promise<void>>();

  constructor(
    private readonly client: AdminClient,
    private readonly fleet: Fleet,
    private readonly rate: number,
    private readonly maxInFlight = 64,
  ) {}

  start(): void {
    this.last = performance.now();
    this.timer = setInterval(() => this.tick(), 10);
  }

  async stop(): Promise<ChurnCounts> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = undefined;
    await Promise.all([...this.settled]);
    return this.counts;
  }

  private tick(): void {
    const now = performance.now();
    this.due += ((now - this.last) / 1000) * this.rate;
    this.last = now;
    while (this.due >= 1) {
      this.due -= 1;
      if (this.inFlight >= this.maxInFlight) {
        this.counts.skipped++;
        continue;
      }
      const l = this.fleet.leases[this.next];
      this.next = (this.next + 1) % this.fleet.leases.length;
      this.inFlight++;
      const p = this.client
        .send(
          'PATCH',
          `/apis/coordination.k8s.io/v1/namespaces/${l.namespace}/leases/${l.name}`,
          { spec: { renewTime: microTime(Date.now()) } },
          'application/merge-patch+json',
        )
        .then(
          (res) => {
            if (res.status === 200) {
              this.counts.writes++;
            } else {
              this.counts.errors++;
              this.counts.lastError = `HTTP ${res.status} ${res.body.slice(0, 200)}`;
            }
          },
          (err: unknown) => {
            this.counts.errors++;
            this.counts.lastError = err instanceof Error ? err.message : String(err);
          },
        )
        .finally(() => {
          this.inFlight--;
          this.settled.delete(p);
        });
      this.settled.add(p);
    }
  }
}
