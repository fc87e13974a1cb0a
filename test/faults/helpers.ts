// Shared helpers of the fault suite: an audit over every cluster request and every byte the Lease
// server says (GET only, no credentials, no crash), a heartbeat context that must keep updating
// while another context suffers, an exec plugin, and small waits. Kubeconfig files and temporary
// files: test/support/kubeconfig.ts; Lease objects: test/support/builders.ts.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startApiServer, type ApiServer, type ApiServerOptions, type ApiUser } from '../../demo/apiserver';
import { Diagnostics, Kubeconfig } from '../../src/shared/protocol';
import { leaseKey, type ContextState, type LeaseKey } from '../../src/shared/types';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { within } from '../../harness/waiting';
import { leaseObject } from '../support/builders';
import { apiContexts, writeTemp, type KcParts } from '../support/kubeconfig';

/** A random credential-looking string that cannot appear in output by accident. */
export function secretToken(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`;
}

// ------------------------------------------------------------------------------------- kubeconfig

/**
 * An exec credential plugin that hands out the token in `tokenFile` (read at every run), valid
 * for an hour: client-node caches it until then, so only a credentials reset makes it run again.
 * Every run appends a line to `runsFile`.
 */
export function tokenFilePlugin(tokenFile: string, runsFile: string): string {
  const expires = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return writeTemp(
    'token-plugin.sh',
    [
      '#!/bin/sh',
      `echo run >> '${runsFile}'`,
      `token=$(cat '${tokenFile}')`,
      `printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"${expires}"}}' "$token"`,
      '',
    ].join('\n'),
    0o755,
  );
}

// ------------------------------------------------------------------------------------------ audit

interface RequestLike {
  method: string;
  path: string;
  user?: string;
}

/** A Lease server process with everything it sent captured as raw IPC messages. */
export interface Watched {
  proc: LeaseServerProcess;
  /** Every message the server sent (JSON-RPC objects), in order. */
  raw: unknown[];
  /** Every ContextState the server sent for a context, in order. */
  states(context: string): ContextState[];
}

interface RpcMessage {
  method?: string;
  params?: unknown;
}

/**
 * Collects what the suite must prove over everything it ran: the Lease server sent only GET to
 * the clusters, never showed a credential, and never crashed or logged an uncaught error.
 */
export class Audit {
  private readonly sources: { name: string; requests: () => RequestLike[] }[] = [];
  private readonly watched: Watched[] = [];
  private readonly secrets = new Set<string>();

  /** Every request this API server records counts (the tests write in-process, never over HTTP). */
  api(name: string, api: { requests: RequestLike[] }): void {
    this.sources.push({ name, requests: () => api.requests });
  }

  secret(...values: string[]): void {
    for (const v of values) {
      if (v) {
        this.secrets.add(v);
      }
    }
  }

  /** A private key: any 24 characters of its base64 body count as a leak. */
  secretKey(pem: string): void {
    const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    for (let i = 0; i + 24 <= body.length; i += 12) {
      this.secrets.add(body.slice(i, i + 24));
    }
  }

  /** An API server for the suite: tracked, its users' tokens registered as secrets. */
  async startApi(name: string, opts: ApiServerOptions = {}): Promise<ApiServer> {
    const api = await startApiServer(opts);
    this.api(name, api);
    for (const u of opts.users ?? []) {
      this.secret(u.token);
    }
    return api;
  }

  async startServer(opts: Parameters<typeof startLeaseServer>[0] = {}): Promise<Watched> {
    const proc = await startLeaseServer(opts);
    const raw: unknown[] = [];
    proc.child.on('message', (m: unknown) => raw.push(m));
    const watched: Watched = {
      proc,
      raw,
      states: (context) =>
        raw
          .filter((m): m is RpcMessage => typeof m === 'object' && m !== null && (m as RpcMessage).method === 'leaseLens/contexts/state')
          .map((m) => m.params as ContextState)
          .filter((s) => s.context === context),
    };
    this.watched.push(watched);
    return watched;
  }

  /** Everything a server said: log lines, stderr/stdout, every message, the last kubeconfig state. */
  static output(w: Watched): string {
    return [
      ...w.proc.logLines.map((l) => l.message),
      ...w.proc.stderr,
      ...w.raw.map((m) => JSON.stringify(m)),
      JSON.stringify(w.proc.kubeconfig ?? {}),
    ].join('\n');
  }

  /** The checks over everything tracked so far; `minRequests` guards against auditing nothing. */
  verify(minRequests = 10): void {
    const all = this.sources.flatMap((s) => s.requests().map((r) => ({ ...r, source: s.name })));
    assert.ok(all.length >= minRequests, `the Lease servers made ${all.length} requests`);
    const notGet = all.filter((r) => r.method !== 'GET');
    assert.deepEqual(
      notGet.map((r) => `${r.source}: ${r.method} ${r.path}`),
      [],
      'the Lease server sends nothing but GET to clusters',
    );
    for (const w of this.watched) {
      const text = Audit.output(w);
      for (const s of this.secrets) {
        assert.ok(!text.includes(s), `a credential (${s.slice(0, 4)}…) appears in the server output`);
      }
      assert.doesNotMatch(text, /uncaught exception|unhandled rejection/i, 'the server logged no uncaught error');
    }
  }
}

/** The server still answers, is alive, and has logged no uncaught error. */
export async function assertHealthy(w: Watched): Promise<void> {
  const { proc } = w;
  assert.equal(proc.child.exitCode, null, 'the server process is running');
  const state = await within(proc.conn.sendRequest(Kubeconfig.get), 5000, 'an answer to kubeconfig/get');
  assert.ok(Array.isArray(state.contexts));
  const stats = await within(proc.conn.sendRequest(Diagnostics.stats, null), 5000, 'an answer to diagnostics/stats');
  assert.equal(stats.pid, proc.child.pid);
  const bad = proc.logLines.filter((l) => /uncaught exception|unhandled rejection/i.test(l.message));
  assert.deepEqual(bad, [], 'no uncaught exception or unhandled rejection');
  assert.doesNotMatch(proc.stderr.join(''), /uncaught|unhandled|Error:/i, 'nothing alarming on stderr');
}

/** A port nothing listens on (just released by the OS). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

// -------------------------------------------------------------------------------------- heartbeat

export const heartbeatNamespace = 'heartbeat';

/**
 * A healthy cluster whose Lease `heartbeat/beat` changes every 200 ms. Tests watch it from the
 * same Lease server as the context under fault and check it kept arriving all along.
 */
export class Heartbeat {
  private n = 0;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly api: ApiServer,
    readonly token: string,
  ) {}

  static async start(audit: Audit, opts: Omit<ApiServerOptions, 'users'> = {}): Promise<Heartbeat> {
    const token = secretToken('beat');
    const api = await audit.startApi('heartbeat', { ...opts, users: [{ name: 'beat-viewer', token, admin: true, write: false }] });
    const hb = new Heartbeat(api, token);
    hb.beat();
    hb.timer = setInterval(() => hb.beat(), 200);
    return hb;
  }

  kc(context = 'steady'): KcParts {
    return apiContexts(this.api, [{ name: context, token: this.token }]);
  }

  key(context = 'steady'): LeaseKey {
    return leaseKey(context, heartbeatNamespace, 'beat');
  }

  private beat(): void {
    this.n++;
    this.api.store.applyLease(leaseObject({ namespace: heartbeatNamespace, name: 'beat', holder: `beat-${this.n}`, transitions: this.n }));
  }

  /** Waits until the client sees a beat newer than the one it holds now. */
  async advances(w: Watched, context = 'steady', timeoutMs = 5000): Promise<void> {
    const key = this.key(context);
    const seen = w.proc.leases.get(key)?.spec.leaseTransitions ?? -1;
    await w.proc.waitFor(
      `the heartbeat of ${context} to move on`,
      () => (w.proc.leases.get(key)?.spec.leaseTransitions ?? -1) > seen,
      timeoutMs,
    );
  }

  /** Asserts the heartbeat reached the client at least every `maxGapMs` between `from` and `to`. */
  assertSteady(w: Watched, from: number, to: number, context = 'steady', maxGapMs = 2000): number {
    const key = this.key(context);
    const times = w.proc.batches
      .filter((b) => b.context === context && b.deltas.some((d) => d.type === 'upsert' && d.lease.key === key))
      .map((b) => b.sentAt)
      .filter((t) => t >= from && t <= to);
    const points = [from, ...times, to];
    let worst = 0;
    for (let i = 1; i < points.length; i++) {
      worst = Math.max(worst, points[i] - points[i - 1]);
    }
    assert.ok(
      worst <= maxGapMs,
      `the healthy context ${context} went ${worst} ms without an update (${times.length} updates in ${to - from} ms)`,
    );
    return worst;
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.api.close();
  }
}

/** A user of the local API server that may read everything and write nothing (what Lease Lens needs). */
export function viewer(name: string): ApiUser {
  return { name, token: secretToken(name), admin: true, write: false };
}

/** The keys the client holds for a context (and namespace). */
export function clientKeys(w: Watched, context: string, namespace?: string): string[] {
  const prefix = namespace ? `${context}/${namespace}/` : `${context}/`;
  return [...w.proc.leases.keys()].filter((k) => k.startsWith(prefix)).sort();
}
