// Errors of API calls, told the way a Go client prints them: the Status message for API errors
// (`Operation cannot be fulfilled on leases.coordination.k8s.io "x": the object has been
// modified; …`), `Put "<url>": context deadline exceeded` for timeouts, and so on.
import {
  ApiException,
  Observable,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';

export class KubeRequestError extends Error {
  constructor(
    /** HTTP status of an API error; undefined when no response came back. */
    readonly code: number | undefined,
    /** Status.reason, e.g. Conflict, AlreadyExists, NotFound. */
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'KubeRequestError';
  }
  get notFound(): boolean {
    return this.code === 404;
  }
  get conflict(): boolean {
    return this.code === 409;
  }
}

interface StatusBody {
  message?: unknown;
  reason?: unknown;
}

function parseStatus(body: unknown): StatusBody | undefined {
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return parsed && typeof parsed === 'object' ? (parsed as StatusBody) : undefined;
    } catch {
      return undefined;
    }
  }
  return body && typeof body === 'object' ? (body as StatusBody) : undefined;
}

/** Why a signal was aborted, as Go's context errors say it. */
export type AbortCause = 'deadline' | 'canceled';

export function toKubeError(err: unknown, verb: string, url: string, abortCause: () => AbortCause | undefined): KubeRequestError {
  if (err instanceof ApiException) {
    const status = parseStatus(err.body);
    const message =
      typeof status?.message === 'string'
        ? status.message
        : `the server responded with the status code ${err.code} but did not return more information`;
    const reason = typeof status?.reason === 'string' ? status.reason : undefined;
    return new KubeRequestError(err.code, reason, message);
  }
  const cause = abortCause();
  if (cause) {
    return new KubeRequestError(
      undefined,
      undefined,
      `${verb} "${url}": context ${cause === 'deadline' ? 'deadline exceeded' : 'canceled'}`,
    );
  }
  const text = err instanceof Error ? err.message : String(err);
  const refused = /ECONNREFUSED (\S+)/.exec(text);
  if (refused) {
    return new KubeRequestError(undefined, undefined, `${verb} "${url}": dial tcp ${refused[1]}: connect: connection refused`);
  }
  if (/ECONNRESET|socket hang up/.test(text)) {
    return new KubeRequestError(undefined, undefined, `${verb} "${url}": read: connection reset by peer`);
  }
  return new KubeRequestError(undefined, undefined, `${verb} "${url}": ${text}`);
}

/** Per-call options that attach an AbortSignal to the request (client-node's call-time middleware). */
export function signalOptions(signal: AbortSignal): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (ctx: RequestContext) => {
      ctx.setSignal(signal);
      return new Observable(Promise.resolve(ctx));
    },
    post: (ctx: ResponseContext) => new Observable(Promise.resolve(ctx)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}
