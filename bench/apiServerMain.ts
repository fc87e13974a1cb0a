// The benchmark's API server process: the local API server, the seeded fleet, and the writers
// (lease renewals, controller log lines), driven by the benchmark over IPC (apiServerProtocol.ts).
// Started by apiServerProcess.ts; the JSON of ApiServerStart is its only argument.
import { performance } from 'node:perf_hooks';
import { microTime, startApiServer, type ApiServer } from '../demo/apiserver';
import type { ApiServerStart, ChildMessage, ChurnResult, FleetCluster, OpName, Ops, Request } from './apiServerProtocol';
import { lockRequests, seedConfigMaps } from './configMaps';
import {
  followTarget,
  gatherNamespace,
  leaseDigest,
  logLine,
  newHolder,
  prng,
  seedLeases,
  seedPods,
  type LeaseSeedObject,
} from './workload';

/** Calls `write(i)` `rate` times a second, spread evenly over ticks, catching up after a stall. */
class Pacer {
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private last = 0;
  done = 0;
  busyMs = 0;

  constructor(
    private readonly rate: number,
    private readonly tickMs: number,
    private readonly write: (i: number, now: number) => void,
  ) {}

  start(): void {
    this.started = Date.now();
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  stop(): { count: number; ms: number; busyMs: number } {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = undefined;
    return { count: this.done, ms: this.last - this.started, busyMs: this.busyMs };
  }

  private tick(): void {
    const now = Date.now();
    const due = Math.floor(((now - this.started) * this.rate) / 1000);
    // After a long stall, catch up at most one second's worth (a burst, as a real API server sees).
    if (due - this.done > this.rate) {
      this.done = due - this.rate;
    }
    const t0 = performance.now();
    while (this.done < due) {
      this.write(this.done, now);
      this.done++;
    }
    this.busyMs += performance.now() - t0;
    this.last = now;
  }
}

const start = JSON.parse(process.argv[2] ?? '{}') as ApiServerStart;
let api: ApiServer | undefined;
let leases: LeaseSeedObject[] = [];
let churn: Pacer | undefined;
let logs: Pacer | undefined;
/** With `clusters`: every cluster's API server (the first is `api`) and its Leases. */
let fleet: { api: ApiServer; leases: LeaseSeedObject[] }[] = [];
let fleetChurn: Pacer | undefined;

function send(message: ChildMessage): void {
  process.send?.(message);
}

function need(): ApiServer {
  if (!api) {
    throw new Error('the API server is not running');
  }
  return api;
}

type Handlers = { [K in OpName]: (args: Ops[K]['args']) => Ops[K]['result'] | Promise<Ops[K]['result']> };

const handlers: Handlers = {
  seed: ({ leases: count, seed, wideNamespace }) => {
    const t0 = performance.now();
    const store = need().store;
    leases = gatherNamespace(seedLeases(count, seed), wideNamespace ?? 0);
    for (const lease of leases) {
      store.applyLease(lease);
    }
    const pods = seedPods();
    for (const pod of pods) {
      store.upsertPod(pod);
    }
    for (const [i, text] of [
      'payments-operator-7d9f8b6c5-p5w7r_1 stopped leading',
      'payments-operator-7d9f8b6c5-x2k4q_2 became leader',
    ].entries()) {
      store.createEvent({
        involvedObject: {
          kind: 'Lease',
          namespace: followTarget.namespace,
          name: followTarget.lease,
          apiVersion: 'coordination.k8s.io/v1',
        },
        reason: 'LeaderElection',
        message: text,
        source: { component: 'payments-operator' },
        lastTimestamp: new Date(Date.now() - (2 - i) * 60_000).toISOString(),
      });
    }
    // Some history in each followed pod's log, for the follow's tail.
    for (let n = 0; n < 300; n++) {
      const at = Date.now() - (300 - n) * 100;
      store.appendLog(followTarget.namespace, followTarget.pods[n % 3], followTarget.container, logLine(n + 1, at), new Date(at));
    }
    return { leases: leases.length, pods: pods.length, ms: performance.now() - t0 };
  },
  startChurn: ({ rate, tickMs }) => {
    const store = need().store;
    churn?.stop();
    churn = new Pacer(rate, tickMs, (i, now) => {
      const lease = leases[i % leases.length];
      // The write's time goes into renewTime: the client's receipt time minus it is the latency.
      lease.spec.renewTime = microTime(now);
      store.applyLease(lease);
    });
    churn.start();
    return null;
  },
  changeHolders: ({ rounds, rate, tickMs, seed }) => {
    const store = need().store;
    const total = rounds * leases.length;
    const rand = prng(seed + 1);
    const started = Date.now();
    let done = 0;
    let busyMs = 0;
    // Paced like the churn, but nothing is skipped after a stall: every Lease gets every term.
    return new Promise<ChurnResult>((resolve) => {
      const tick = (): void => {
        const now = Date.now();
        const due = Math.min(total, Math.floor(((now - started) * rate) / 1000));
        const t0 = performance.now();
        const at = microTime(now);
        for (; done < due; done++) {
          const lease = leases[done % leases.length];
          // Mutated in place: the churn that follows renews the new holder, not the seeded one.
          lease.spec.holderIdentity = newHolder(lease.spec.holderIdentity || lease.metadata.name, rand);
          lease.spec.acquireTime = at;
          lease.spec.renewTime = at;
          lease.spec.leaseTransitions = (lease.spec.leaseTransitions ?? 0) + 1;
          store.applyLease(lease);
        }
        busyMs += performance.now() - t0;
        if (done >= total) {
          clearInterval(timer);
          resolve({ writes: done, ms: now - started, writeMs: busyMs });
        }
      };
      const timer = setInterval(tick, tickMs);
    });
  },
  stopChurn: (): ChurnResult => {
    const r = churn?.stop() ?? { count: 0, ms: 0, busyMs: 0 };
    churn = undefined;
    return { writes: r.count, ms: r.ms, writeMs: r.busyMs };
  },
  startLogs: ({ rate, tickMs }) => {
    const store = need().store;
    logs?.stop();
    logs = new Pacer(rate, tickMs, (i, now) => {
      store.appendLog(followTarget.namespace, followTarget.pods[i % 3], followTarget.container, logLine(1000 + i, now), new Date(now));
    });
    logs.start();
    return null;
  },
  stopLogs: () => {
    const r = logs?.stop() ?? { count: 0, ms: 0 };
    logs = undefined;
    return { lines: r.count, ms: r.ms };
  },
  watchers: () => {
    const server = need();
    const leaseWatchRequests = server.requests.filter((r) => r.watch && r.path === '/apis/coordination.k8s.io/v1/leases').length;
    return { watchers: server.store.hub.watcherCount(), leaseWatchRequests, requests: server.requests.length };
  },
  seedConfigMaps: (args) => {
    const t0 = performance.now();
    const r = seedConfigMaps(need().store, args);
    return { ...r, ms: performance.now() - t0 };
  },
  lockRequests: () => lockRequests(need().requests),
  digest: () => {
    const items = need().store.list('leases') as {
      metadata: { namespace?: string; name?: string };
      spec?: { renewTime?: string | null };
    }[];
    return leaseDigest(
      items.map((l) => ({ namespace: l.metadata.namespace ?? '', name: l.metadata.name ?? '', renewTime: l.spec?.renewTime ?? undefined })),
    );
  },
  fleetSeed: ({ leases: count, seed }) => {
    const t0 = performance.now();
    for (const [i, cluster] of fleet.entries()) {
      cluster.leases = seedLeases(count, seed + i);
      for (const lease of cluster.leases) {
        cluster.api.store.applyLease(lease);
      }
    }
    return { clusters: fleet.length, leases: count * fleet.length, ms: performance.now() - t0 };
  },
  fleetChurn: ({ rate, tickMs }) => {
    fleetChurn?.stop();
    const n = fleet.length;
    fleetChurn = new Pacer(rate * n, tickMs, (i, now) => {
      const cluster = fleet[i % n];
      const lease = cluster.leases[Math.floor(i / n) % cluster.leases.length];
      lease.spec.renewTime = microTime(now);
      cluster.api.store.applyLease(lease);
    });
    fleetChurn.start();
    return null;
  },
  fleetStopChurn: (): ChurnResult => {
    const r = fleetChurn?.stop() ?? { count: 0, ms: 0, busyMs: 0 };
    fleetChurn = undefined;
    return { writes: r.count, ms: r.ms, writeMs: r.busyMs };
  },
  fleetRequests: () => fleet.map((c) => ({ requests: c.api.requests.length, watchers: c.api.store.hub.watcherCount() })),
  fleetDigest: ({ cluster }) => {
    const c = fleet[cluster];
    if (!c) {
      throw new Error(`no cluster ${cluster}`);
    }
    const items = c.api.store.list('leases') as { metadata: { namespace?: string; name?: string }; spec?: { renewTime?: string | null } }[];
    return leaseDigest(
      items.map((l) => ({ namespace: l.metadata.namespace ?? '', name: l.metadata.name ?? '', renewTime: l.spec?.renewTime ?? undefined })),
    );
  },
  close: async () => {
    churn?.stop();
    logs?.stop();
    fleetChurn?.stop();
    await Promise.all(fleet.slice(1).map((c) => c.api.close()));
    await api?.close();
    api = undefined;
    setImmediate(() => process.exit(0));
    return null;
  },
};

async function handle<K extends OpName>(req: Request<K>): Promise<void> {
  try {
    const handler = handlers[req.op] as (args: Ops[K]['args']) => Ops[K]['result'] | Promise<Ops[K]['result']>;
    const value = await handler(req.args);
    send({ reply: { id: req.id, ok: true, value } });
  } catch (err) {
    send({ reply: { id: req.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } });
  }
}

async function main(): Promise<void> {
  api = await startApiServer({
    tls: start.tls,
    // kubectl sends no credentials to a plain http:// server: serve those requests as admin.
    anonymous: start.tls ? false : 'admin',
  });
  const count = Math.max(1, start.clusters ?? 1);
  let clusters: FleetCluster[] | undefined;
  if (start.clusters !== undefined) {
    // More clusters in the same process: each its own server, store and port (fleet.ts).
    fleet = [{ api, leases: [] }];
    for (let i = 1; i < count; i++) {
      fleet.push({ api: await startApiServer({ tls: start.tls, anonymous: start.tls ? false : 'admin' }), leases: [] });
    }
    clusters = fleet.map((c, i) => {
      const name = `fleet-${String(i + 1).padStart(2, '0')}`;
      return {
        name,
        url: c.api.url,
        kubeconfig: c.api.kubeconfig({ contexts: [{ name, user: 'admin' }], current: name, clusterName: name }),
      };
    });
  }
  process.on('message', (message: Request) => void handle(message));
  process.on('disconnect', () => process.exit(0));
  send({
    ready: { url: api.url, kubeconfig: api.kubeconfig({ contexts: [{ name: 'bench', user: 'admin' }], current: 'bench' }), clusters },
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
