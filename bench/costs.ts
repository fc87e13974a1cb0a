// Costs that grow with the cluster, not with what is shown (issue 18 §5), measured on the real
// dist/server.js against the local API server:
//   node        5,000 node Leases renewing every 10 s (500 updates/s) with nodeLeases: counted —
//               the Lease server's CPU and the bytes it receives (a counting TCP proxy in front of
//               the API server), the kube-node-lease watches open, and the count itself;
//   namespaces  cluster scope forbidden, the user may list namespaces: 200 namespaces, 20 readable —
//               the requests sent and the watches open;
//   logs        two follows whose replicas have 48 containers each, then a third follow and a
//               Lease update: does the update arrive while the logs stream (target: within 2 s)?
// Usage: npx tsx bench/costs.ts [--part node|namespaces|logs|all] [--seconds S] (after npm run build)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { microTime, startApiServer, type ApiServer, type ApiUser } from '../demo/apiserver';
import { startLeaseServer, type LeaseServerProcess } from '../harness/leaseServerProcess';
import { leaseKey, type ServerSettings } from '../src/shared/types';
import { cpuSeconds } from './proc';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const part = option('part', 'all');
const seconds = Number(option('seconds', '30'));
const context = 'costs';
const users: ApiUser[] = [
  { name: 'admin', token: 'admin-token', admin: true, write: true },
  { name: 'viewer', token: 'viewer-token', admin: true, write: false },
];

/** A TCP proxy in front of the API server that counts the bytes going each way. */
async function countingProxy(target: string): Promise<{ url: string; down: () => number; up: () => number; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  let down = 0;
  let up = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: hostname, port: Number(port) });
    sockets.add(client).add(upstream);
    client.on('data', (c: Buffer) => (up += c.length));
    upstream.on('data', (c: Buffer) => (down += c.length));
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const proxyPort = typeof address === 'object' && address ? address.port : 0;
  return {
    url: target.replace(`:${port}`, `:${proxyPort}`),
    down: () => down,
    up: () => up,
    close: async () => {
      for (const s of sockets) {
        s.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function kubeconfigFile(api: ApiServer, user: string, url = api.url): string {
  const dir = mkdtempSync(join(tmpdir(), 'lease-lens-costs-'));
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    api
      .kubeconfig({ contexts: [{ name: context, user }], current: context })
      .split(api.url)
      .join(url),
  );
  return file;
}

function lease(namespace: string, name: string, holder: string, durationSeconds: number, now = Date.now()): Record<string, unknown> {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace },
    spec: { holderIdentity: holder, leaseDurationSeconds: durationSeconds, acquireTime: microTime(now), renewTime: microTime(now) },
  };
}

async function withServer<T>(
  kubeconfig: string,
  settings: Partial<ServerSettings>,
  run: (s: LeaseServerProcess) => Promise<T>,
): Promise<T> {
  const server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig }, settings });
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

async function nodeLeases(): Promise<void> {
  const nodes = 5000;
  const rate = 500;
  const api = await startApiServer({ users, tls: true });
  const proxy = await countingProxy(api.url);
  const objects = Array.from({ length: nodes }, (_, i) => lease('kube-node-lease', `node-${String(i).padStart(4, '0')}`, `node-${i}`, 40));
  for (const o of objects) {
    api.store.applyLease(o);
  }
  api.store.applyLease(lease('kube-system', 'kube-scheduler', 'cp-1_0f3c', 15));
  // Every node renews every 10 s: 500 writes a second, spread over 20 ms ticks.
  let written = 0;
  const started = Date.now();
  const writer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) * rate) / 1000);
    for (; written < due; written++) {
      const o = objects[written % nodes] as { spec: { renewTime: string } };
      o.spec.renewTime = microTime(Date.now());
      api.store.applyLease(o);
    }
  }, 20);
  try {
    await withServer(kubeconfigFile(api, 'viewer', proxy.url), { nodeLeases: 'counted' }, async (server) => {
      await server.watch([context]);
      await server.waitFor('the node Lease count', () => server.states.get(context)?.nodeLeaseCount === nodes, 60_000);
      // Settle (first list, first watch), then measure a window.
      await pause(2000);
      const pid = server.child.pid ?? 0;
      const cpu0 = cpuSeconds(pid) ?? 0;
      const down0 = proxy.down();
      const requests0 = api.requests.length;
      const t0 = performance.now();
      await pause(seconds * 1000);
      const ms = performance.now() - t0;
      const cpuPercent = (((cpuSeconds(pid) ?? 0) - cpu0) * 100_000) / ms;
      const bytesPerSecond = ((proxy.down() - down0) * 1000) / ms;
      const window = api.requests.slice(requests0);
      const nodeWatches = api.openStreams().filter((r) => r.path.includes('/kube-node-lease/')).length;
      const nodeRequests = window.filter((r) => r.path.includes('/kube-node-lease/')).length;
      const count = server.states.get(context)?.nodeLeaseCount;
      console.log(`node Leases: ${nodes}, renewals: ${rate}/s, window ${(ms / 1000).toFixed(1)} s, nodeLeases: counted`);
      console.log(`  nodeLeaseCount                      ${count}`);
      console.log(`  kube-node-lease watches open        ${nodeWatches}`);
      console.log(`  kube-node-lease requests in window  ${nodeRequests}`);
      console.log(`  bytes received by the Lease server  ${Math.round(bytesPerSecond)} B/s`);
      console.log(`  Lease server CPU                    ${cpuPercent.toFixed(2)} % of a core`);
      console.log(`  ${verdict(nodeWatches === 0)} the count costs no events while counted (no kube-node-lease watch)`);
      console.log(`  ${verdict(cpuPercent <= 1)} Lease server CPU <= 1 % of a core`);
      console.log(`  ${verdict(count === nodes)} the count is right (${count} = ${nodes})`);
    });
  } finally {
    clearInterval(writer);
    await proxy.close();
    await api.close();
  }
}

async function namespaces(): Promise<void> {
  const total = 200;
  const readable = 20;
  const names = Array.from({ length: total }, (_, i) => `ns-${String(i).padStart(3, '0')}`);
  const narrow: ApiUser = { name: 'narrow', token: 'narrow-token', namespaces: names.slice(0, readable), clusterRead: ['namespaces'] };
  const api = await startApiServer({ users: [...users, narrow] });
  for (const ns of names) {
    api.store.applyLease(lease(ns, 'controller', 'pod-0_1a2b', 15));
  }
  try {
    // The other lock kinds (issue 17: ConfigMaps, Endpoints, LeaseCandidates) are on, as by default:
    // their cluster-scope 403 goes through the same once-per-namespace probe.
    await withServer(kubeconfigFile(api, 'narrow'), {}, async (server) => {
      const t0 = performance.now();
      const requests0 = api.requests.length;
      await server.watch([context]);
      const state = await server.waitFor(
        'the readable namespaces listed',
        () => {
          const s = server.states.get(context);
          return s?.synced && [...server.leases.keys()].filter((k) => k.startsWith(`${context}/`)).length === readable ? s : undefined;
        },
        120_000,
      );
      const syncedMs = performance.now() - t0;
      const atSync = api.requests.length - requests0;
      await pause(seconds * 1000);
      const window = api.requests.slice(requests0);
      const leaseWatches = api.openStreams().filter((r) => r.path.includes('/leases')).length;
      const forbidden403 = window.filter((r) => r.status === 403).length;
      const latest = server.states.get(context) ?? state;
      const listed = api.store.listNamespaces().filter((n) => n.metadata.name !== 'kube-node-lease').length;
      const leaseRefusals = window.filter((r) => r.status === 403 && r.path.endsWith('/leases') && !r.watch).length;
      const byKind = new Map<string, number>();
      for (const r of window) {
        const kind = `${r.path.replace(/\/namespaces\/[^/]+/, '/namespaces/*')}${r.watch ? ' (watch)' : ''} ${r.status ?? ''}`;
        byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      }
      console.log(`namespaces: ${total}, readable: ${readable}, cluster scope forbidden, the user may list namespaces`);
      console.log(`  synced after                        ${Math.round(syncedMs)} ms (${atSync} requests)`);
      console.log(`  requests in ${seconds} s after the watch      ${window.length} (${forbidden403} answered 403)`);
      for (const [kind, count] of [...byKind].sort((x, y) => y[1] - x[1]).slice(0, 6)) {
        console.log(`    ${String(count).padStart(6)}  ${kind}`);
      }
      const refusedPaths = window.filter((r) => r.status === 403 && r.path.endsWith('/leases') && !r.watch).map((r) => r.path);
      const twice = [...new Set(refusedPaths.filter((p, i) => refusedPaths.indexOf(p) !== i))];
      console.log(`  Lease lists refused twice           ${twice.length}${twice.length ? ` (${twice.slice(0, 3).join(', ')})` : ''}`);
      console.log(`  Lease watches open                  ${leaseWatches}`);
      console.log(`  forbiddenNamespaces                 ${latest.forbiddenNamespaces.length}, phase ${latest.phase}`);
      console.log(
        `  ${verdict(leaseWatches <= readable + 2)} watches only for the namespaces that answer (<= ${readable} + node Leases + Events)`,
      );
      console.log(
        `  ${verdict(leaseRefusals <= listed + 1)} no forbidden namespace asked twice in the window (${leaseRefusals} Lease lists refused, ${listed} namespaces)`,
      );
      console.log(`  ${verdict(latest.forbiddenNamespaces.length === listed - readable)} the forbidden namespaces are listed`);
    });
  } finally {
    await api.close();
  }
}

async function logs(): Promise<void> {
  const api = await startApiServer({ users });
  const ns = 'apps';
  const containers = ['manager', 'proxy', 'metrics', 'audit'];
  const deployments = ['alpha', 'beta'];
  const podsOf = (d: string): string[] => Array.from({ length: 12 }, (_, i) => `${d}-7d9f8b6c5-p${String(i).padStart(2, '0')}`);
  for (const d of deployments) {
    api.store.applyLease(lease(ns, d, `${podsOf(d)[0]}_1a2b`, 60));
    for (const pod of podsOf(d)) {
      api.store.upsertPod({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: pod,
          namespace: ns,
          labels: { app: d },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${d}-7d9f8b6c5`, uid: `rs-${d}`, controller: true }],
        },
        spec: { nodeName: 'node-1', containers: containers.map((name) => ({ name })) },
        status: { phase: 'Running', containerStatuses: containers.map((name) => ({ name, restartCount: 0, ready: true })) },
      });
    }
  }
  api.store.applyLease(lease(ns, 'gamma', 'elsewhere_9f8e', 60));
  let n = 0;
  const writer = setInterval(() => {
    for (const d of deployments) {
      for (const pod of podsOf(d)) {
        for (const c of containers) {
          api.store.appendLog(ns, pod, c, `I1206 02:00:00.000000       1 ${c}.go:42] line ${n}`, new Date());
        }
      }
    }
    n++;
  }, 200);
  try {
    await withServer(kubeconfigFile(api, 'viewer'), {}, async (server) => {
      await server.watch([context]);
      for (const d of deployments) {
        await server.follow(leaseKey(context, ns, d));
      }
      const streaming = await server
        .waitFor(
          'log streams open',
          () => {
            const open = api.openStreams().filter((r) => r.path.endsWith('/log')).length;
            return open >= deployments.length * 24 ? open : undefined;
          },
          30_000,
        )
        .catch(() => api.openStreams().filter((r) => r.path.endsWith('/log')).length);
      const gamma = leaseKey(context, ns, 'gamma');
      const t0 = performance.now();
      void server.follow(gamma).catch(() => undefined);
      const followed = await server
        .waitFor('the third follow has its Lease', () => server.follows.get(gamma)?.lease, 10_000)
        .then(() => performance.now() - t0)
        .catch(() => undefined);
      const t1 = performance.now();
      const renewed = microTime(Date.now());
      api.store.applyLease({
        ...lease(ns, 'gamma', 'elsewhere_9f8e', 60),
        spec: { ...(lease(ns, 'gamma', 'elsewhere_9f8e', 60).spec as object), renewTime: renewed },
      });
      const arrival = (what: string, check: () => boolean): Promise<number | undefined> =>
        server
          .waitFor(what, () => check(), 10_000)
          .then(() => performance.now() - t1)
          .catch(() => undefined);
      const [inFollow, inTree] = await Promise.all([
        arrival('the update in the third follow', () => server.follows.get(gamma)?.lease?.spec.renewTime === renewed),
        arrival('the update in the tree', () => server.leases.get(gamma)?.spec.renewTime === renewed),
      ]);
      const logStreams = api.openStreams().filter((r) => r.path.endsWith('/log')).length;
      const message = server.follows.get(leaseKey(context, ns, 'alpha'))?.logsMessage ?? '';
      const ms = (v: number | undefined): string => (v === undefined ? 'not within 10 s' : `${Math.round(v)} ms`);
      console.log(`follows: 2 × 12 replicas × 4 containers (${deployments.length * 48} containers), then a third follow`);
      console.log(`  log streams open                    ${logStreams} (${streaming} when the third follow started)`);
      console.log(`  third follow got its Lease          ${ms(followed)}`);
      console.log(`  Lease update in the third follow    ${ms(inFollow)}`);
      console.log(`  Lease update in the tree            ${ms(inTree)}`);
      console.log(`  alpha's logsMessage                 ${message.slice(0, 160)}${message.length > 160 ? '…' : ''}`);
      console.log(
        `  ${verdict(inFollow !== undefined && inFollow <= 2000 && inTree !== undefined && inTree <= 2000)} a Lease update arrives within 2 s while the logs stream`,
      );
      console.log(
        `  ${verdict(logStreams === deployments.length * 24 && message.includes('not streamed'))} 24 log streams per follow, the message names the others`,
      );
    });
  } finally {
    clearInterval(writer);
    await api.close();
  }
}

async function main(): Promise<void> {
  if (part === 'node' || part === 'all') {
    await nodeLeases();
  }
  if (part === 'namespaces' || part === 'all') {
    await namespaces();
  }
  if (part === 'logs' || part === 'all') {
    await logs();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
