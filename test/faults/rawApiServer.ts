// A tiny HTTP server that speaks just enough of the Kubernetes API for the Lease server (Lease
// list and watch, empty Events and Pods) to serve what a real API server would refuse to store
// or never send: Lease JSON the test writes as it likes, and raw lines in watch streams.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RawRequest {
  method: string;
  path: string;
  query: string;
  user?: string;
  watch: boolean;
}

interface OpenWatch {
  res: ServerResponse;
  namespace?: string;
  name?: string;
}

export class RawApiServer {
  url = '';
  readonly requests: RawRequest[] = [];
  /** The Lease list: any JSON values at all. */
  items: unknown[] = [];
  resourceVersion = '100';
  private readonly watches = new Set<OpenWatch>();
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => this.serve(req, res));

  /**
   * `users`: token → user name. `echoAuth`: answer everything 401 with the Authorization header
   * quoted in the message, as some proxies' error pages do.
   */
  constructor(
    private readonly users: Record<string, string>,
    private readonly opts: { echoAuth?: boolean } = {},
  ) {
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Open Lease watches (outside kube-node-lease). */
  get leaseWatches(): number {
    return this.watches.size;
  }

  /**
   * Writes `line` and a newline to every open Lease watch; a watch with a name in its
   * fieldSelector only gets events about that name (or `name`), as a real server does. A Buffer
   * goes out as it is, invalid UTF-8 and all. Returns how many got it.
   */
  send(line: string | Buffer, name: string | undefined = eventName(line)): number {
    let n = 0;
    for (const w of this.watches) {
      if (name !== undefined && w.name !== undefined && w.name !== name) {
        continue;
      }
      w.res.write(Buffer.concat([typeof line === 'string' ? Buffer.from(line) : line, Buffer.from('\n')]));
      n++;
    }
    return n;
  }

  async close(): Promise<void> {
    for (const w of this.watches) {
      w.res.destroy();
    }
    for (const s of this.sockets) {
      s.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://raw');
    const watch = url.searchParams.get('watch') === '1' || url.searchParams.get('watch') === 'true';
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const user = token ? this.users[token] : undefined;
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.search.slice(1), user, watch });
    if (this.opts.echoAuth) {
      return this.status(
        res,
        401,
        'Unauthorized',
        `Unauthorized: rejected "Authorization: ${req.headers.authorization ?? ''}" (token ${token ?? ''} expired)`,
      );
    }
    if (!user) {
      return this.status(res, 401, 'Unauthorized', 'Unauthorized');
    }
    if (req.method !== 'GET') {
      return this.status(res, 405, 'MethodNotAllowed', `${req.method} is not served here`);
    }
    const lease = /^\/apis\/coordination\.k8s\.io\/v1\/(?:namespaces\/([^/]+)\/)?leases$/.exec(url.pathname);
    const empty = /^\/api\/v1\/namespaces\/[^/]+\/(events|pods)$|^\/apis\/events\.k8s\.io\/v1\/namespaces\/[^/]+\/events$/.test(
      url.pathname,
    );
    if (!lease && !empty) {
      return this.status(res, 404, 'NotFound', 'the server could not find the requested resource');
    }
    const namespace = lease?.[1];
    const name = /(?:^|,)metadata\.name=([^,]+)/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
    if (watch) {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      if (!lease || namespace === 'kube-node-lease') {
        return;
      } // open, silent
      const open: OpenWatch = { res, namespace, name };
      this.watches.add(open);
      res.on('close', () => this.watches.delete(open));
      return;
    }
    let items = lease && namespace !== 'kube-node-lease' ? this.items : [];
    // Junk without metadata stays in every list, filtered or not: a broken server sends it anywhere.
    if (namespace) {
      items = items.filter((i) => !metaOf(i) || metaOf(i)?.namespace === namespace);
    }
    if (name) {
      items = items.filter((i) => !metaOf(i) || metaOf(i)?.name === name);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: this.resourceVersion }, items }));
  }

  private status(res: ServerResponse, code: number, reason: string, message: string): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
  }
}

function metaOf(item: unknown): { name?: unknown; namespace?: unknown } | undefined {
  if (typeof item !== 'object' || item === null) {
    return undefined;
  }
  const m = (item as { metadata?: unknown }).metadata;
  return typeof m === 'object' && m !== null ? (m as { name?: unknown; namespace?: unknown }) : undefined;
}

/** The object name of a watch event line, when the line is one. */
function eventName(line: string | Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(line.toString());
    const object = typeof parsed === 'object' && parsed !== null ? (parsed as { object?: unknown }).object : undefined;
    const name = metaOf(object)?.name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
