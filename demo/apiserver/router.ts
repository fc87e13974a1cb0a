// The request pipeline: record → authenticate → faults → authorize → discovery or resource handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Authenticator, authorize } from './auth';
import { apiGroupDoc, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery';
import type { FaultRequest, Faults } from './faults';
import { handleResource } from './handlers';
import type { Paginator } from './pagination';
import type { GroupVersion } from './resources';
import { asApiError, sendJson, sendStatus, sendText } from './respond';
import { parseBool, parseRequestInfo, type RequestInfo } from './requestInfo';
import type { RequestRecord } from './requestLog';
import type { ClusterStore } from './store';
import type { StreamRegistry } from './streams';

export interface RouterDeps {
  store: ClusterStore;
  auth: Authenticator;
  faults: Faults;
  paginator: Paginator;
  streams: StreamRegistry;
  requests: RequestRecord[];
  bookmarkIntervalMs: number;
  /** the group versions and resources this server serves (discovery and requests) */
  served: readonly GroupVersion[];
  /** host:port, for APIVersions */
  address(): string;
  /** How far (ms) the Date header is from the local clock (a skewed API server, for tests). */
  clockOffsetMs?(): number;
}

const maxRecords = 100_000;

export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    serve(deps, req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        sendStatus(res, asApiError(e).status);
      } else {
        res.destroy();
      }
    });
  };
}

async function serve(deps: RouterDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const method = req.method ?? 'GET';
  const offset = deps.clockOffsetMs?.() ?? 0;
  if (offset !== 0) {
    // Node writes the real time unless a Date header is set.
    res.setHeader('Date', new Date(Date.now() + offset).toUTCString());
  }
  const record: RequestRecord = {
    method,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    time: Date.now(),
    watch: parseBool(url.searchParams.get('watch')) === true,
  };
  if (req.headers['user-agent']) {
    record.userAgent = req.headers['user-agent'];
  }
  if (req.headers.accept) {
    record.accept = req.headers.accept;
  }
  deps.requests.push(record);
  if (deps.requests.length > maxRecords) {
    deps.requests.splice(0, deps.requests.length - maxRecords);
  }
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    record.status = args[0] as number;
    return writeHead(...args);
  }) as typeof res.writeHead;
  // What fault predicates see: the record's fields (live: user and status fill in later), url, headers.
  const request: FaultRequest = {
    url: req.url ?? '/',
    headers: req.headers,
    get method() {
      return record.method;
    },
    get path() {
      return record.path;
    },
    get query() {
      return record.query;
    },
    get user() {
      return record.user;
    },
    get status() {
      return record.status;
    },
    get time() {
      return record.time;
    },
    get watch() {
      return record.watch;
    },
  };
  const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
  req.on('error', () => res.destroy());

  try {
    const principal = deps.auth.authenticate(req.headers.authorization);
    record.user = principal.name;
    const info = parseRequestInfo(method, url.pathname, url.searchParams, deps.served);
    await deps.faults.gate({ request, info, principal, closed });
    if (res.destroyed || res.writableEnded) {
      return;
    }
    authorize(principal, info);
    if (!info.isResourceRequest) {
      serveNonResource(deps, info, res);
      return;
    }
    await handleResource({
      req,
      res,
      info,
      query: url.searchParams,
      request,
      record,
      store: deps.store,
      paginator: deps.paginator,
      streams: deps.streams,
      bookmarkIntervalMs: deps.bookmarkIntervalMs,
    });
  } catch (e) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendStatus(res, asApiError(e).status);
  }
}

function serveNonResource(deps: RouterDeps, info: RequestInfo, res: ServerResponse): void {
  const parts = info.path.split('/').filter(Boolean);
  const p = `/${parts.join('/')}`;
  if (p === '/version') {
    return sendJson(res, 200, versionInfo());
  }
  if (p === '/healthz' || p === '/livez' || p === '/readyz') {
    return sendText(res, 200, 'ok');
  }
  if (p === '/api') {
    return sendJson(res, 200, apiVersions(deps.address()));
  }
  if (p === '/apis') {
    return sendJson(res, 200, apiGroupList(deps.served));
  }
  if (parts[0] === 'api' && parts.length === 2) {
    const list = apiResourceList('', parts[1], deps.served);
    if (list) {
      return sendJson(res, 200, list);
    }
  }
  if (parts[0] === 'apis' && parts.length === 2) {
    const group = apiGroupDoc(parts[1], deps.served);
    if (group) {
      return sendJson(res, 200, group);
    }
  }
  if (parts[0] === 'apis' && parts.length === 3) {
    const list = apiResourceList(parts[1], parts[2], deps.served);
    if (list) {
      return sendJson(res, 200, list);
    }
  }
  sendText(res, 404, '404 page not found\n');
}
