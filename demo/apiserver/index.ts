// A local Kubernetes API server in Node for tests and the demo: Leases, LeaseCandidates, Events (core/v1
// and events.k8s.io/v1), Pods with logs, ConfigMaps, Endpoints, Namespaces and discovery, over HTTP or HTTPS, with bearer
// token auth, per-namespace permissions, a request log and fault hooks. See README.md here.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { type ApiUser, Authenticator } from './auth';
import { type ApiFaults, Faults } from './faults';
import { buildKubeconfig, type KubeconfigRequest } from './kubeconfig';
import { Paginator } from './pagination';
import type { RequestRecord } from './requestLog';
import { servedGroupVersions } from './resources';
import { createRouter } from './router';
import { ClusterStore } from './store';
import { StreamRegistry } from './streams';
import { servingCerts } from './tls';

export type { ApiUser } from './auth';
export type { ApiFaults, RequestMatch } from './faults';
export type { RequestRecord } from './requestLog';
export { ClusterStore, type ClusterStoreOptions } from './store';
export type * from './types';
export { microTime, rfc3339 } from './time';

export interface ApiServerOptions {
  host?: string /* 127.0.0.1 */;
  port?: number /* 0 = free port */;
  tls?: boolean /* default false */;
  users?: ApiUser[] /* default [{name:'admin', token:'admin-token', admin:true, write:true}] */;
  /**
   * how often watches with allowWatchBookmarks=true get a BOOKMARK (default 60000 ms, kube-apiserver's
   * bookmark frequency; 0: never). Watches of Events never get one, as on a real cluster.
   */
  bookmarkIntervalMs?: number;
  /** changes kept per resource for watches from an older resourceVersion (default 10000) */
  historyLimit?: number;
  /**
   * Requests without a token: false (default) → 401; true → system:anonymous (may read /version and
   * /healthz only, 403 elsewhere); a user name → served as that user. kubectl sends no credentials
   * to a plain http:// server, so use `tls: true` or a user name here for kubectl.
   */
  anonymous?: boolean | string;
  /** log lines kept per container instance (default 50000) */
  logLinesLimit?: number;
  /** test hook: the `Date` header of every response is this far (ms) from the local clock (default 0: the real time) */
  clockOffsetMs?: number;
  /**
   * Resources not to serve, as on a cluster without them: requests get 404 and discovery omits them
   * (and a group version left empty). A plural name (`leasecandidates`: every version) or
   * `<group>/<version>/<name>` (`coordination.k8s.io/v1alpha2/leasecandidates`, `v1/endpoints`).
   */
  withoutResources?: string[];
}

export interface ApiServer {
  url: string; // e.g. http://127.0.0.1:34567
  caPem?: string; // when tls
  store: ClusterStore; // direct in-process access for the demo and tests (writes produce watch events like API writes)
  faults: ApiFaults;
  requests: RequestRecord[];
  /** The requests of the watches and log follows open right now. */
  openStreams(): RequestRecord[];
  /** kubeconfig YAML text pointing at this server: one context per entry, user tokens from options.users */
  kubeconfig(opts: { contexts: { name: string; user: string; namespace?: string }[]; current?: string; clusterName?: string }): string;
  restart(opts?: { keepStore?: boolean }): Promise<void>;
  close(): Promise<void>;
  /** test hook: how far (ms) the `Date` header of responses is from the local clock; may be changed at any time. */
  clockOffsetMs: number;
}

export const defaultUsers: ApiUser[] = [{ name: 'admin', token: 'admin-token', admin: true, write: true }];

class LocalApiServer implements ApiServer {
  url = '';
  caPem?: string;
  clockOffsetMs: number;
  readonly store: ClusterStore;
  readonly faults: Faults;
  readonly requests: RequestRecord[] = [];
  private readonly users: ApiUser[];
  private readonly host: string;
  private port: number;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly handler: ReturnType<typeof createRouter>;
  private readonly streams = new StreamRegistry();
  private closed = false;

  constructor(
    opts: ApiServerOptions,
    private readonly certs: { certPem: string; keyPem: string; caPem: string } | undefined,
  ) {
    this.users = opts.users ?? defaultUsers;
    this.host = opts.host ?? '127.0.0.1';
    this.port = opts.port ?? 0;
    this.caPem = certs?.caPem;
    this.clockOffsetMs = opts.clockOffsetMs ?? 0;
    this.store = new ClusterStore({ historyLimit: opts.historyLimit, logLinesLimit: opts.logLinesLimit });
    const paginator = new Paginator();
    const streams = this.streams;
    this.faults = new Faults(this.store, paginator, streams);
    this.handler = createRouter({
      store: this.store,
      auth: new Authenticator(this.users, opts.anonymous ?? false),
      faults: this.faults,
      paginator,
      streams,
      requests: this.requests,
      bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
      served: servedGroupVersions(opts.withoutResources),
      address: () => `${this.host}:${this.port}`,
      clockOffsetMs: () => this.clockOffsetMs,
    });
  }

  async listen(): Promise<void> {
    const server: Server = this.certs
      ? createHttpsServer({ cert: this.certs.certPem, key: this.certs.keyPem }, this.handler)
      : createHttpServer(this.handler);
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    this.url = `${this.certs ? 'https' : 'http'}://${host}:${this.port}`;
  }

  private async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) {
      return;
    }
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) {
      s.destroy();
    }
    this.sockets.clear();
    await done;
  }

  openStreams(): RequestRecord[] {
    return this.streams.all().map((s) => s.request);
  }

  kubeconfig(opts: KubeconfigRequest): string {
    return buildKubeconfig(this.url, this.caPem, this.users, opts);
  }

  async restart(opts: { keepStore?: boolean } = {}): Promise<void> {
    if (this.closed) {
      throw new Error('the API server is closed');
    }
    await this.stop();
    if (opts.keepStore === false) {
      this.store.reset();
    }
    await this.listen();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.faults.clear();
    await this.stop();
  }
}

/** Starts a server (HTTP by default; `tls: true` for HTTPS with a fresh self-signed CA in `caPem`). */
export async function startApiServer(opts: ApiServerOptions = {}): Promise<ApiServer> {
  const certs = opts.tls ? await servingCerts() : undefined;
  const server = new LocalApiServer(opts, certs);
  await server.listen();
  return server;
}
