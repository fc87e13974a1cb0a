// One context's HTTP access to its API server: GET for JSON, GET for streams (watch, logs).
// Authentication: exec credential plugins are run as kubectl runs them (execCredential.ts: time
// limit, KUBERNETES_EXEC_INFO, cached until expiry or a 401); everything else (tokens, client
// certificates, auth providers, the cluster's CA) comes from @kubernetes/client-node's KubeConfig.
// The transport is ours, with keep-alive agents per context — through the cluster's proxy-url
// or HTTPS_PROXY/HTTP_PROXY as kubectl chooses (proxy.ts) — inactivity timeouts on streams and
// errors returned as data. Only GET ever leaves here.
// Three pools of sockets per context (HTTP/1.1: an open stream holds its socket): watches, followed
// logs and short GETs (lists, gets, fate evidence, metrics) each have their own agent, so log streams
// can never keep a Lease watch or a GET waiting for a socket.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import { KubeConfig, type Cluster } from '@kubernetes/client-node';
import { httpError, timeoutError, transportError, type KubeError } from './errors';
import { ExecCredentialCache, type ExecClusterInfo, type ExecConfig, type ExecCredential } from './execCredential';
import { chooseProxy, describeProxy, proxyAgent, type ProxyChoice } from './proxy';
import { redact } from '../redact';
import { ServerClock } from './serverClock';
import { t } from '../../shared/l10n';

export type Query = Record<string, string | number | boolean | undefined>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: KubeError };

export type StreamEnd = { kind: 'closed' } | { kind: 'error'; error: KubeError };

/**
 * Which sockets a request uses: `watch` (watch streams), `logs` (followed logs) and `requests`
 * (everything short). Default: a stream with `watch` in its query is a watch, with `follow` a log
 * follow; anything else is a request.
 */
export type Pool = 'watch' | 'logs' | 'requests';

/**
 * Sockets per pool. A stream waiting for a socket is a dead stream, so the two stream pools are not
 * capped: their streams are bounded where they are opened (one watch per scope, at most
 * maxLogStreams per follow). Short GETs share 32.
 */
const poolSockets: Record<Pool, number> = { watch: Infinity, logs: Infinity, requests: 32 };

export interface StreamOptions {
  /** Called for every complete line (without the newline). */
  onLine(line: string): void;
  /** Called once the response headers arrived with status 200. */
  onOpen?(): void;
  /** Abort when no byte arrives for this long. */
  inactivityMs: number;
  signal?: AbortSignal;
  /** Bytes of one line kept at most; the rest of a longer line is dropped (default 16 MiB). */
  maxLineBytes?: number;
  /** The Accept header (default application/json), e.g. metadata-only PartialObjectMetadata. */
  accept?: string;
  /** The sockets to use (default: by the query, see Pool). */
  pool?: Pool;
}

/** The parts of a KubeConfig one context needs, so credentials can be rebuilt after a 401. */
export interface ContextConfig {
  context: string;
  make(): KubeConfig;
  /** The server process's exec credentials, shared by the contexts of a user (default: one of this client's own). */
  execCredentials?: ExecCredentialCache;
}

type Prepared = http.RequestOptions & { protocol: string };

const maxErrorBody = 64 * 1024;
const defaultMaxLineBytes = 16 * 1024 * 1024;
const defaultExecTimeoutMs = 30_000;

export class KubeClient {
  private kc: KubeConfig;
  /** The same context without its user's exec plugin and its cluster's proxy-url, which are ours to handle. */
  private authKc: KubeConfig;
  private readonly execCredentials: ExecCredentialCache;
  private readonly agents = new Map<Pool, http.Agent>();
  private agentKey = '';
  /** The TLS material of agentKey parsed once (CA, client certificate): each new connection reuses it. */
  private secureContext: SecureContext | undefined;
  /** The proxy requests go through (describeProxy: no password), for error messages. */
  private via: string | undefined;
  /** When the user's client certificate stops being valid (ms), when it has one. */
  private certNotAfter: number | undefined;
  /** The credentials last sent (token, password), so no error message can repeat them. */
  private credentials: string[] = [];
  /** The cluster's server URL as messages name it (without user information). */
  readonly server: string;
  /** Counts requests by verb, for tests and the read-only guarantee. */
  readonly sent = { get: 0 };
  /** The API server's clock against ours, from the Date header of every response. */
  readonly clock = new ServerClock();

  constructor(private readonly config: ContextConfig) {
    this.kc = config.make();
    this.authKc = withoutExecAndProxy(this.kc);
    this.execCredentials = config.execCredentials ?? new ExecCredentialCache(() => defaultExecTimeoutMs);
    // As shown in messages: a server URL's user information (https://user:password@host) never is.
    this.server = redact(this.kc.getCurrentCluster()?.server ?? '');
  }

  /** Reads the credentials again (token and certificate files), e.g. after a 401. */
  resetCredentials(): void {
    this.kc = this.config.make();
    this.authKc = withoutExecAndProxy(this.kc);
  }

  dispose(): void {
    for (const agent of this.agents.values()) {
      agent.destroy();
    }
    this.agents.clear();
  }

  async getJson<T>(
    path: string,
    query: Query = {},
    opts: { timeoutMs?: number; signal?: AbortSignal; accept?: string; pool?: Pool } = {},
  ): Promise<Result<T>> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    let prepared: Prepared;
    let credential: ExecCredential | undefined;
    try {
      ({ prepared, credential } = await this.prepare(path, query, opts.signal, opts.accept, opts.pool ?? 'requests'));
    } catch (err) {
      return { ok: false, error: transportError(err, this.server) };
    }
    return new Promise<Result<T>>((resolve) => {
      let settled = false;
      const finish = (result: Result<T>): void => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
          resolve(result);
        }
      };
      const started = this.send(prepared, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => finish({ ok: false, error: transportError(err, this.server, this.via) }));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            finish({
              ok: false,
              error: this.explain(httpError(res.statusCode ?? 0, body.slice(0, maxErrorBody), this.server), credential),
            });
            return;
          }
          try {
            finish({ ok: true, value: JSON.parse(body) as T });
          } catch {
            finish({
              ok: false,
              error: {
                kind: 'protocol',
                message: t('The answer from {0} is not JSON.', `${this.server}${path}`),
                hint: t('Check that the kubeconfig points at a Kubernetes API server.'),
              },
            });
          }
        });
      });
      if ('error' in started) {
        resolve({ ok: false, error: started.error });
        return;
      }
      const req = started.req;
      const timer = setTimeout(() => {
        req.destroy();
        finish({ ok: false, error: timeoutError(this.server, `GET ${path}`, timeoutMs) });
      }, timeoutMs);
      const onAbort = (): void => {
        req.destroy();
        finish({ ok: false, error: { kind: 'aborted', message: t('The request was cancelled.'), hint: '' } });
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => finish({ ok: false, error: transportError(err, this.server, this.via) }));
      req.end();
    });
  }

  /** A long GET whose body is read line by line (watch streams, followed logs). */
  async stream(path: string, query: Query, opts: StreamOptions): Promise<StreamEnd> {
    let prepared: Prepared;
    let credential: ExecCredential | undefined;
    try {
      ({ prepared, credential } = await this.prepare(path, query, opts.signal, opts.accept, opts.pool ?? streamPool(query)));
    } catch (err) {
      return opts.signal?.aborted ? { kind: 'closed' } : { kind: 'error', error: transportError(err, this.server) };
    }
    if (opts.signal?.aborted) {
      return { kind: 'closed' };
    }
    return new Promise<StreamEnd>((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (end: StreamEnd): void => {
        if (!settled) {
          settled = true;
          if (timer) {
            clearTimeout(timer);
          }
          opts.signal?.removeEventListener('abort', onAbort);
          req.destroy();
          resolve(end);
        }
      };
      const arm = (): void => {
        if (timer) {
          clearTimeout(timer);
        }
        timer = setTimeout(
          () => finish({ kind: 'error', error: timeoutError(this.server, `GET ${path}`, opts.inactivityMs) }),
          opts.inactivityMs,
        );
      };
      const started = this.send(prepared, (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            finish({
              kind: 'error',
              error: this.explain(
                httpError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8').slice(0, maxErrorBody), this.server),
                credential,
              ),
            }),
          );
          res.on('error', (err) => finish({ kind: 'error', error: transportError(err, this.server, this.via) }));
          return;
        }
        opts.onOpen?.();
        arm();
        // Lines are decoded from bytes one by one: a line kept in a buffer must not be a slice
        // that holds a whole network chunk alive. An unfinished line is kept up to maxLineBytes;
        // the rest of a longer one is dropped, so a line without end costs bounded memory and time.
        const maxLine = opts.maxLineBytes ?? defaultMaxLineBytes;
        let rest: Buffer | undefined;
        let clipped = false;
        const keep = (part: Buffer): void => {
          if (clipped || part.length === 0) {
            return;
          }
          const joined = rest ? Buffer.concat([rest, part]) : Buffer.from(part);
          clipped = joined.length > maxLine;
          rest = clipped ? Buffer.from(joined.subarray(0, maxLine)) : joined;
        };
        const emit = (bytes: Buffer, start: number, end: number): void => {
          if (end <= start) {
            return;
          }
          try {
            opts.onLine(bytes.toString('utf8', start, end));
          } catch {
            // A consumer fault must not end the stream.
          }
        };
        res.on('data', (chunk: Buffer) => {
          arm();
          let start = 0;
          let nl = chunk.indexOf(10, start);
          while (nl >= 0) {
            if (rest) {
              keep(chunk.subarray(start, nl));
              const line = rest;
              rest = undefined;
              clipped = false;
              emit(line, 0, line.length);
            } else {
              emit(chunk, start, Math.min(nl, start + maxLine));
            }
            start = nl + 1;
            nl = chunk.indexOf(10, start);
          }
          if (start < chunk.length) {
            keep(chunk.subarray(start));
          }
        });
        res.on('end', () => {
          if (rest) {
            emit(rest, 0, rest.length);
          }
          finish({ kind: 'closed' });
        });
        res.on('error', (err) => finish({ kind: 'error', error: transportError(err, this.server, this.via) }));
        res.on('close', () => finish({ kind: 'closed' }));
      });
      if ('error' in started) {
        resolve({ kind: 'error', error: started.error });
        return;
      }
      const req = started.req;
      const onAbort = (): void => finish({ kind: 'closed' });
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => finish({ kind: 'error', error: transportError(err, this.server, this.via) }));
      arm();
      req.end();
    });
  }

  /**
   * An API server's error as shown: without the credentials we sent, should its message quote them
   * (some proxies' error pages do); a 401 for a user whose client certificate has expired says so.
   * A 401 for an exec plugin's credential makes the next request run the plugin again.
   */
  private explain(given: KubeError, credential?: ExecCredential): KubeError {
    if (given.status === 401 && credential) {
      this.execCredentials.invalidate(this.kc.getCurrentUser()?.name ?? '', credential);
    }
    let error = given;
    for (const secret of this.credentials) {
      if (error.message.includes(secret)) {
        error = { ...error, message: error.message.split(secret).join('<redacted>') };
      }
    }
    if (error.status !== 401 || this.certNotAfter === undefined || this.certNotAfter > Date.now()) {
      return error;
    }
    return {
      ...error,
      message: t(
        "{0}: the client certificate of this context's user expired on {1}.",
        error.message,
        new Date(this.certNotAfter).toISOString(),
      ),
      hint: t(
        'Renew the client certificate of the user in the kubeconfig (client-certificate-data or client-certificate), then choose Refresh.',
      ),
    };
  }

  /**
   * Starts a GET. What Node refuses to send (a client key that does not match its certificate, a
   * token with characters a header cannot hold) is an error like any other, not a throw.
   */
  private send(prepared: Prepared, onResponse: (res: http.IncomingMessage) => void): { req: http.ClientRequest } | { error: KubeError } {
    this.sent.get++;
    const received = (res: http.IncomingMessage): void => {
      this.clock.note(res.headers.date, Date.now());
      onResponse(res);
    };
    try {
      return { req: prepared.protocol === 'https:' ? https.request(prepared, received) : http.request(prepared, received) };
    } catch (err) {
      return { error: transportError(err, this.server) };
    }
  }

  private async prepare(
    path: string,
    query: Query,
    signal?: AbortSignal,
    accept = 'application/json',
    pool: Pool = 'requests',
  ): Promise<{ prepared: Prepared; credential?: ExecCredential }> {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) {
      throw new Error(t('context {0} has no cluster', this.config.context));
    }
    const base = new URL(cluster.server);
    const opts: https.RequestOptions = { headers: {} };
    await this.authKc.applyToHTTPSOptions(opts);
    // client-node makes a new agent per call; ours is kept per context and reused.
    (opts.agent as http.Agent | undefined)?.destroy();
    const user = this.kc.getCurrentUser();
    let credential: ExecCredential | undefined;
    if (user?.exec) {
      const exec = user.exec as ExecConfig;
      credential = await untilAborted(this.execCredentials.get(user.name, this.config.context, exec, clusterInfo(cluster, exec)), signal);
      if (credential.token) {
        opts.headers = { ...opts.headers, Authorization: `Bearer ${credential.token}` };
      }
      if (credential.clientCertificateData && credential.clientKeyData) {
        opts.cert = credential.clientCertificateData;
        opts.key = credential.clientKeyData;
      }
    }
    const proxy = chooseProxy(base, cluster.proxyUrl);
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined) {
        search.set(k, String(v));
      }
    }
    const qs = search.toString();
    const sentHeaders = (opts.headers ?? {}) as Record<string, string | undefined>;
    const headers = { ...sentHeaders, Accept: accept, 'User-Agent': 'lease-lens/0.1' };
    const authorization = sentHeaders.Authorization ?? sentHeaders.authorization;
    this.credentials = [
      typeof authorization === 'string' ? authorization.replace(/^\S+\s+/, '') : '',
      opts.auth?.split(':').slice(1).join(':') ?? '',
    ].filter((c) => c.length >= 4);
    const prepared: Prepared = {
      protocol: base.protocol,
      hostname: base.hostname.replace(/^\[|\]$/g, ''),
      port: base.port || (base.protocol === 'https:' ? 443 : 80),
      path: `${base.pathname.replace(/\/$/, '')}${path}${qs ? `?${qs}` : ''}`,
      method: 'GET',
      headers,
      auth: opts.auth,
      agent: this.agentFor(base.protocol, opts, proxy, pool),
    };
    return { prepared, credential };
  }

  /**
   * One SecureContext for the context's connections (without it, every TLS connection parses the
   * CA and the client certificate again). Material Node refuses is left to the connection, whose
   * error is then reported as any other.
   */
  private sharedSecureContext(tls: Pick<https.RequestOptions, 'ca' | 'cert' | 'key'>): { secureContext?: SecureContext } {
    try {
      this.secureContext ??= createSecureContext({ ca: tls.ca, cert: tls.cert, key: tls.key });
      return { secureContext: this.secureContext };
    } catch {
      return {};
    }
  }

  /** The keep-alive agent of one of the context's pools, made again only when its TLS material or its proxy changes. */
  private agentFor(protocol: string, opts: https.RequestOptions, proxy: ProxyChoice | undefined, pool: Pool): http.Agent {
    const tls = { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername };
    const key = [
      protocol,
      pem(tls.ca),
      pem(tls.cert),
      pem(tls.key),
      String(tls.rejectUnauthorized),
      tls.servername ?? '',
      proxy?.url.href ?? '',
    ].join('|');
    if (key !== this.agentKey) {
      this.dispose();
      this.agentKey = key;
      this.secureContext = undefined;
      this.certNotAfter = notAfter(tls.cert);
      this.via = proxy ? describeProxy(proxy) : undefined;
    }
    let agent = this.agents.get(pool);
    if (!agent) {
      const common = { keepAlive: true, maxSockets: poolSockets[pool], maxFreeSockets: 4 };
      if (proxy) {
        agent = proxyAgent(proxy, protocol, { ...common, ...tls });
      } else {
        agent = protocol === 'https:' ? new https.Agent({ ...common, ...tls, ...this.sharedSecureContext(tls) }) : new http.Agent(common);
      }
      this.agents.set(pool, agent);
    }
    return agent;
  }
}

/** A stream's pool by its query: a watch, a followed log, else a short read (a previous container's log, metrics). */
function streamPool(query: Query): Pool {
  if (query.watch) {
    return 'watch';
  }
  return query.follow ? 'logs' : 'requests';
}

/** The context as client-node should apply it: without the user's exec plugin and the cluster's proxy-url (ours to handle). */
function withoutExecAndProxy(kc: KubeConfig): KubeConfig {
  const context = kc.getContextObject(kc.getCurrentContext());
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!context || !cluster || !user) {
    return kc;
  }
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: [{ ...cluster, proxyUrl: undefined }],
    users: [{ ...user, exec: undefined }],
    contexts: [context],
    currentContext: context.name,
  });
  return out;
}

/** What an exec plugin is told about the cluster (ExecCredential.spec.cluster), when it asks (provideClusterInfo). */
function clusterInfo(cluster: Cluster, exec: ExecConfig): ExecClusterInfo {
  if (!exec.provideClusterInfo) {
    return { server: cluster.server };
  }
  let ca = cluster.caData;
  if (!ca && cluster.caFile) {
    try {
      ca = readFileSync(cluster.caFile).toString('base64');
    } catch {
      // Unreadable: the request itself reports it.
    }
  }
  return {
    server: cluster.server,
    'certificate-authority-data': ca,
    'insecure-skip-tls-verify': cluster.skipTLSVerify || undefined,
    'proxy-url': cluster.proxyUrl,
    'tls-server-name': cluster.tlsServerName,
  };
}

/** `promise`, or an AbortError as soon as `signal` aborts (the promise itself runs on, e.g. a plugin shared with others). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) {
    return promise;
  }
  const aborted = (): Error => Object.assign(new Error(t('The request was cancelled.')), { name: 'AbortError' });
  if (signal.aborted) {
    return Promise.reject(aborted());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The end of a client certificate's validity (ms since the epoch), when there is one to read. */
function notAfter(cert: unknown): number | undefined {
  if (typeof cert !== 'string' && !Buffer.isBuffer(cert)) {
    return undefined;
  }
  try {
    const end = Date.parse(new X509Certificate(cert).validTo);
    return Number.isNaN(end) ? undefined : end;
  } catch {
    return undefined;
  }
}

/** A comparable text for TLS material as client-node hands it over (Buffer or string). */
function pem(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (Buffer.isBuffer(value)) {
    return value.toString('base64');
  }
  if (typeof value === 'string') {
    return value;
  }
  return JSON.stringify(value);
}
