// Fault hooks for tests: drop open streams, compact history, stall / delay / fail requests,
// silence streams, expire continue tokens. Rules match a RegExp (tested against `path?query`) or a
// predicate over the RequestRecord; each returns a function that removes it.
import type { Paginator } from './pagination';
import { grOf } from './resources';
import type { RequestInfo } from './requestInfo';
import type { IncomingHttpHeaders } from 'node:http';
import { type RequestRecord, requestTarget } from './requestLog';
import { ApiError, conflict, failure, notFound, reasonFor, unauthorized } from './status';
import { forbiddenFor, type Principal } from './auth';
import type { ClusterStore } from './store';
import type { StreamRegistry } from './streams';

/** What a fault rule's predicate sees: the request's record plus the raw URL and headers. */
export interface FaultRequest extends RequestRecord {
  /** path and query as sent, like IncomingMessage.url */
  url: string;
  headers: IncomingHttpHeaders;
}

/** A RegExp is tested against `path?query`; a function gets the request. */
export type RequestMatch = RegExp | ((req: FaultRequest) => boolean);

export interface ApiFaults {
  /** Ends every open watch and log follow (default: the connection breaks; `graceful`: the response ends cleanly). */
  dropWatches(opts?: { graceful?: boolean }): void;
  /** Compacts the history: every resourceVersion handed out so far is too old for a watch (410 Expired). */
  expireHistory(): void;
  /** Matching requests are accepted and get no answer at all until the returned function is called. */
  stall(match: RequestMatch): () => void;
  /**
   * Matching watches and log follows (open ones and new ones) send their headers and then nothing
   * (no events, no bookmarks) until the returned function is called; held output then flows.
   */
  stallStreams(match: RequestMatch): () => void;
  /** Matching requests wait `ms` before they are served. */
  delay(match: RequestMatch, ms: number): () => void;
  /**
   * Matching requests fail with this HTTP status and a real-looking Status body (`message` or,
   * for 401/403/404/409, the real message for the request; 429 adds Retry-After).
   */
  failWith(match: RequestMatch, status: number, message?: string): () => void;
  /** Continue tokens issued so far answer 410 Expired ("The provided continue parameter is too old ..."). */
  expireContinueTokens(): void;
  /** Removes every rule and releases stalled requests and streams. */
  clear(): void;
}

interface Rule {
  test: (r: FaultRequest) => boolean;
}
interface DelayRule extends Rule {
  ms: number;
}
interface FailRule extends Rule {
  status: number;
  message?: string;
}

function toTest(match: RequestMatch): (r: FaultRequest) => boolean {
  if (typeof match === 'function') {
    return match;
  }
  return (r) => {
    match.lastIndex = 0;
    return match.test(requestTarget(r));
  };
}

export interface GateContext {
  request: FaultRequest;
  info: RequestInfo;
  principal: Principal;
  /** resolves when the client goes away */
  closed: Promise<void>;
}

export class Faults implements ApiFaults {
  private readonly stalls = new Set<Rule>();
  private readonly streamStalls = new Set<Rule>();
  private readonly delays = new Set<DelayRule>();
  private readonly failures = new Set<FailRule>();
  private waiters = new Set<() => void>();

  constructor(
    private readonly store: ClusterStore,
    private readonly paginator: Paginator,
    private readonly streams: StreamRegistry,
  ) {
    streams.isSilenced = (r) => [...this.streamStalls].some((s) => s.test(r));
  }

  dropWatches(opts: { graceful?: boolean } = {}): void {
    for (const s of this.streams.all()) {
      s.drop(opts.graceful ?? false);
    }
  }

  expireHistory(): void {
    this.store.compact();
  }

  stall(match: RequestMatch): () => void {
    const rule: Rule = { test: toTest(match) };
    this.stalls.add(rule);
    return () => {
      this.stalls.delete(rule);
      this.wake();
    };
  }

  stallStreams(match: RequestMatch): () => void {
    const rule: Rule = { test: toTest(match) };
    this.streamStalls.add(rule);
    for (const s of this.streams.all()) {
      if (rule.test(s.request)) {
        s.setSilenced(true);
      }
    }
    return () => {
      this.streamStalls.delete(rule);
      for (const s of this.streams.all()) {
        if (!this.streams.isSilenced(s.request)) {
          s.setSilenced(false);
        }
      }
    };
  }

  delay(match: RequestMatch, ms: number): () => void {
    const rule: DelayRule = { test: toTest(match), ms };
    this.delays.add(rule);
    return () => this.delays.delete(rule);
  }

  failWith(match: RequestMatch, status: number, message?: string): () => void {
    const rule: FailRule = { test: toTest(match), status, message };
    this.failures.add(rule);
    return () => this.failures.delete(rule);
  }

  expireContinueTokens(): void {
    this.paginator.expireAll(Number(this.store.resourceVersion()));
    this.store.tick(); // lists from now on hand out tokens that are not expired
  }

  clear(): void {
    this.stalls.clear();
    this.delays.clear();
    this.failures.clear();
    this.streamStalls.clear();
    for (const s of this.streams.all()) {
      s.setSilenced(false);
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = new Set();
    for (const f of w) {
      f();
    }
  }

  /** Applies stall, delay and failure rules to a request before it is served. */
  async gate(ctx: GateContext): Promise<void> {
    let gone = false;
    void ctx.closed.then(() => {
      gone = true;
      this.wake();
    });
    while (!gone && [...this.stalls].some((s) => s.test(ctx.request))) {
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
    if (gone) {
      return;
    }
    let wait = 0;
    for (const d of this.delays) {
      if (d.test(ctx.request)) {
        wait = Math.max(wait, d.ms);
      }
    }
    if (wait > 0) {
      await Promise.race([new Promise((r) => setTimeout(r, wait).unref()), ctx.closed]);
    }
    for (const f of this.failures) {
      if (f.test(ctx.request)) {
        throw failureFor(f, ctx);
      }
    }
  }
}

function failureFor(f: FailRule, ctx: GateContext): ApiError {
  const { info, principal } = ctx;
  if (f.message !== undefined) {
    return new ApiError(failure(f.status, f.message, reasonFor(f.status)));
  }
  const gr = info.def ? grOf(info.def) : { group: info.group, resource: info.resource };
  switch (f.status) {
    case 401:
      return unauthorized();
    case 403:
      return forbiddenFor(principal, info);
    case 404:
      return info.name
        ? notFound(gr, info.name)
        : new ApiError(failure(404, 'the server could not find the requested resource', 'NotFound', {}));
    case 409:
      return conflict(gr, info.name);
    case 410:
      return new ApiError(failure(410, 'The resourceVersion for the provided list is too old.', 'Expired'));
    case 429:
      return new ApiError(failure(429, 'Too many requests, please try again later.', 'TooManyRequests', { retryAfterSeconds: 1 }));
    case 500:
      return new ApiError(
        failure(500, 'Internal error occurred: injected fault', 'InternalError', { causes: [{ message: 'injected fault' }] }),
      );
    case 503:
      return new ApiError(failure(503, 'the server is currently unable to handle the request', 'ServiceUnavailable', {}));
    case 504:
      return new ApiError(
        failure(
          504,
          'the server was unable to return a response in the time allotted, but may still be processing the request',
          'Timeout',
          {},
        ),
      );
    default:
      return new ApiError(failure(f.status, `injected fault (HTTP ${f.status})`, reasonFor(f.status)));
  }
}
