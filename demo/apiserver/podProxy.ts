// GET pods/{name}:{port}/proxy/{path} as the API server answers it: the pod must exist (404
// NotFound otherwise), and the request goes on to whatever listens on that port of the pod. Here
// nothing listens unless the demo or a test registered a handler for the pod and port (503, as a
// refused connection is); a handler answers for the pod (e.g. a metrics page). Only GET reaches here.
import type { ServerResponse } from 'node:http';
import { sendText } from './respond';
import { errorWith, notFound } from './status';
import type { ClusterStore } from './store';

/** What a pod's port answers: a status, a body and its content type. */
export interface ProxyAnswer {
  status: number;
  body: string;
  contentType?: string;
}

/** Serves a path on a pod's port (the path after `/proxy`, e.g. `/metrics`). */
export type PodPortHandler = (path: string) => ProxyAnswer;

/** The Prometheus text format's content type. */
export const promContentType = 'text/plain; version=0.0.4; charset=utf-8';

/** What listens on which pod's port. Registrations outlive pods: a pod recreated with the same name answers again. */
export class PodProxies {
  private readonly handlers = new Map<string, PodPortHandler>();

  /** Registers a handler for `namespace/pod:port`; returns its removal. */
  register(namespace: string, pod: string, port: number, handler: PodPortHandler): () => void {
    const key = `${namespace}/${pod}:${port}`;
    this.handlers.set(key, handler);
    return () => {
      if (this.handlers.get(key) === handler) {
        this.handlers.delete(key);
      }
    };
  }

  handler(namespace: string, pod: string, port: number): PodPortHandler | undefined {
    return this.handlers.get(`${namespace}/${pod}:${port}`);
  }
}

/** `name`, `name:port` or `scheme:name:port` → the pod's name and port (undefined: none given). */
function target(name: string): { pod: string; port?: number } {
  const parts = name.split(':');
  if (parts.length === 3 && (parts[0] === 'http' || parts[0] === 'https')) {
    parts.shift();
  }
  const port = parts.length === 2 && /^\d{1,5}$/.test(parts[1]!) ? Number(parts[1]) : undefined;
  return { pod: parts[0]!, port };
}

export function servePodProxy(
  res: ServerResponse,
  store: ClusterStore,
  proxies: PodProxies,
  namespace: string,
  parts: readonly string[],
): void {
  const { pod, port } = target(parts[1] ?? '');
  if (!store.get('pods', namespace, pod)) {
    throw notFound({ group: '', resource: 'pods' }, pod);
  }
  const path = `/${parts.slice(3).join('/')}`;
  const handler = port === undefined ? undefined : proxies.handler(namespace, pod, port);
  if (!handler) {
    throw errorWith(503, `error trying to reach service: dial tcp 10.244.0.1:${port ?? 80}: connect: connection refused`);
  }
  const answer = handler(path);
  if (answer.contentType) {
    if (res.headersSent || res.destroyed) {
      return;
    }
    res.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Content-Length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
    return;
  }
  sendText(res, answer.status, answer.body);
}
