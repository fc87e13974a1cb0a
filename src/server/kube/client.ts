// One context's HTTP access to its API server: GET for JSON, GET for streams (watch, logs).
// Authentication comes from @kubernetes/client-node's KubeConfig (tokens, client certificates,
// exec plugins, auth providers); the transport is ours, with one keep-alive agent per context,
// inactivity timeouts on streams and errors returned as data. Only GET ever leaves here.
import { X509Certificate } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { httpError, timeoutError, transportError, type KubeError } from './errors';

export type Query = Record<string, string | number | boolean | undefined>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: KubeError };

export type StreamEnd = { kind: 'closed' } | { kind: 'error'; error: KubeError };

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
}

/** The parts of a KubeConfig one context needs, so credentials can be rebuilt after a 401. */
export interface ContextConfig {
  context: string;
  make(): KubeConfig;
}

const maxErrorBody = 64 * 1024;
const defaultMaxLineBytes = 16 * 1024 * 1024;

export class KubeClient {
  private kc: KubeConfig;
  private agent: http.Agent | undefined;
  private agentKey = '';
  /** When the user's client certificate stops being valid (ms), when it has one. */
  private certNotAfter: number | undefined;
  /** The credentials last sent (token, password), so no error message can repeat them. */
  private credentials: string[] = [];
  readonly server: string;
  /** Counts requests by verb, for tests and the read-only guarantee. */
  readonly sent = { get: 0 };

  constructor(private readonly config: ContextConfig) {
    this.kc = config.make();
    this.server = this.kc.getCurrentCluster()?.server ?? '';
  }

  /** Forgets cached credentials (exec plugin tokens), e.g. after a 401. */
  resetCredentials(): void {
    this.kc = this.config.make();
  }

  dispose(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  async getJson<T>(path: string, query: Query = {}, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Result<T>> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    let prepared: http.RequestOptions & { protocol: string };
    try {
      prepared = await this.prepare(path, query);
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
        res.on('error', (err) => finish({ ok: false, error: transportError(err, this.server) }));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            finish({ ok: false, error: this.explain(httpError(res.statusCode ?? 0, body.slice(0, maxErrorBody), this.server)) });
            return;
          }
          try {
            finish({ ok: true, value: JSON.parse(body) as T });
          } catch {
            finish({
              ok: false,
              error: {
                kind: 'protocol',
                message: `The answer from ${this.server}${path} is not JSON.`,
                hint: 'Check that the kubeconfig points at a Kubernetes API server.',
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
        finish({ ok: false, error: { kind: 'aborted', message: 'The request was cancelled.', hint: '' } });
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => finish({ ok: false, error: transportError(err, this.server) }));
      req.end();
    });
  }

  /** A long GET whose body is read line by line (watch streams, followed logs). */
  async stream(path: string, query: Query, opts: StreamOptions): Promise<StreamEnd> {
    let prepared: http.RequestOptions & { protocol: string };
    try {
      prepared = await this.prepare(path, query);
    } catch (err) {
      return { kind: 'error', error: transportError(err, this.server) };
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
              ),
            }),
          );
          res.on('error', (err) => finish({ kind: 'error', error: transportError(err, this.server) }));
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
        res.on('error', (err) => finish({ kind: 'error', error: transportError(err, this.server) }));
        res.on('close', () => finish({ kind: 'closed' }));
      });
      if ('error' in started) {
        resolve({ kind: 'error', error: started.error });
        return;
      }
      const req = started.req;
      const onAbort = (): void => finish({ kind: 'closed' });
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => finish({ kind: 'error', error: transportError(err, this.server) }));
      arm();
      req.end();
    });
  }

  /**
   * An API server's error as shown: without the credentials we sent, should its message quote them
   * (some proxies' error pages do); a 401 for a user whose client certificate has expired says so.
   */
  private explain(given: KubeError): KubeError {
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
      message: `${error.message}: the client certificate of this context's user expired on ${new Date(this.certNotAfter).toISOString()}.`,
      hint: 'Renew the client certificate of the user in the kubeconfig (client-certificate-data or client-certificate), then choose Refresh.',
    };
  }

  /**
   * Starts a GET. What Node refuses to send (a client key that does not match its certificate, a
   * token with characters a header cannot hold) is an error like any other, not a throw.
   */
  private send(
    prepared: http.RequestOptions & { protocol: string },
    onResponse: (res: http.IncomingMessage) => void,
  ): { req: http.ClientRequest } | { error: KubeError } {
    this.sent.get++;
    try {
      return { req: prepared.protocol === 'https:' ? https.request(prepared, onResponse) : http.request(prepared, onResponse) };
    } catch (err) {
      return { error: transportError(err, this.server) };
    }
  }

  private async prepare(path: string, query: Query): Promise<http.RequestOptions & { protocol: string }> {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) {
      throw new Error(`context ${this.config.context} has no cluster`);
    }
    const base = new URL(cluster.server);
    const opts: https.RequestOptions = { headers: {} };
    await this.kc.applyToHTTPSOptions(opts);
    // client-node makes a new agent per call; ours is kept per context and reused.
    (opts.agent as http.Agent | undefined)?.destroy();
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined) {
        search.set(k, String(v));
      }
    }
    const qs = search.toString();
    const sentHeaders = (opts.headers ?? {}) as Record<string, string | undefined>;
    const headers = { ...sentHeaders, Accept: 'application/json', 'User-Agent': 'lease-lens/0.1' };
    const authorization = sentHeaders.Authorization ?? sentHeaders.authorization;
    this.credentials = [
      typeof authorization === 'string' ? authorization.replace(/^\S+\s+/, '') : '',
      opts.auth?.split(':').slice(1).join(':') ?? '',
    ].filter((c) => c.length >= 4);
    return {
      protocol: base.protocol,
      hostname: base.hostname.replace(/^\[|\]$/g, ''),
      port: base.port || (base.protocol === 'https:' ? 443 : 80),
      path: `${base.pathname.replace(/\/$/, '')}${path}${qs ? `?${qs}` : ''}`,
      method: 'GET',
      headers,
      auth: opts.auth,
      agent: this.agentFor(base.protocol, opts),
    };
  }

  private agentFor(protocol: string, opts: https.RequestOptions): http.Agent {
    const tls = { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername };
    const key = [protocol, pem(tls.ca), pem(tls.cert), pem(tls.key), String(tls.rejectUnauthorized), tls.servername ?? ''].join('|');
    if (!this.agent || key !== this.agentKey) {
      this.agent?.destroy();
      this.agentKey = key;
      this.certNotAfter = notAfter(tls.cert);
      const common = { keepAlive: true, maxSockets: 32, maxFreeSockets: 4 };
      this.agent = protocol === 'https:' ? new https.Agent({ ...common, ...tls }) : new http.Agent(common);
    }
    return this.agent;
  }
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
