// Real proxies on loopback for the tests: an HTTP proxy (CONNECT tunnels, and plain forwarding of
// absolute-URI requests) and a SOCKS5 proxy (no authentication, CONNECT only). Each resolves host
// names through `hosts` first, so a test cluster can have a name only the proxy knows, and records
// every target it was asked for.
import * as http from 'node:http';
import * as net from 'node:net';

export interface TestProxy {
  url: string;
  /** `host:port` of every target the proxy connected to, in order. */
  targets: string[];
  close(): Promise<void>;
}

function resolveHost(hosts: Record<string, string>, host: string): string {
  return hosts[host] ?? host;
}

function tunnel(client: net.Socket, host: string, port: number, onConnected: (upstream: net.Socket) => void, onFailed: () => void): void {
  const upstream = net.connect(port, host, () => onConnected(upstream));
  upstream.on('error', () => {
    onFailed();
    client.destroy();
  });
  client.on('error', () => upstream.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
}

function trackSockets(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

function listen(server: net.Server, scheme: string, targets: string[], extra: Set<net.Socket>): Promise<TestProxy> {
  const sockets = trackSockets(server);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `${scheme}://127.0.0.1:${port}`,
        targets,
        close: () =>
          new Promise<void>((done) => {
            for (const s of [...sockets, ...extra]) {
              s.destroy();
            }
            server.close(() => done());
          }),
      });
    });
  });
}

/** An HTTP proxy: CONNECT for https targets, absolute-URI forwarding for http ones. */
export function startHttpProxy(hosts: Record<string, string> = {}): Promise<TestProxy> {
  const targets: string[] = [];
  const upstreams = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    // Plain http through a proxy: the request line holds the absolute URL.
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URL expected');
      return;
    }
    targets.push(`${target.hostname}:${target.port || 80}`);
    const upstream = http.request(
      {
        host: resolveHost(hosts, target.hostname),
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    targets.push(`${host}:${port}`);
    tunnel(
      client,
      resolveHost(hosts, host),
      Number(port),
      (upstream) => {
        upstreams.add(upstream);
        upstream.on('close', () => upstreams.delete(upstream));
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) {
          upstream.write(head);
        }
        upstream.pipe(client);
        client.pipe(upstream);
      },
      () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'),
    );
  });
  return listen(server, 'http', targets, upstreams);
}

/** A SOCKS5 proxy (RFC 1928): no authentication, CONNECT to an IPv4 address or a domain name. */
export function startSocks5Proxy(hosts: Record<string, string> = {}): Promise<TestProxy> {
  const targets: string[] = [];
  const upstreams = new Set<net.Socket>();
  const server = net.createServer((client) => {
    let buffered = Buffer.alloc(0);
    let stage: 'greeting' | 'request' | 'open' = 'greeting';
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      if (stage === 'greeting') {
        if (buffered.length < 2 || buffered.length < 2 + buffered[1]) {
          return;
        }
        if (buffered[0] !== 5) {
          return void client.destroy();
        }
        buffered = buffered.subarray(2 + buffered[1]);
        client.write(Buffer.from([5, 0])); // no authentication
        stage = 'request';
      }
      if (stage === 'request') {
        if (buffered.length < 5) {
          return;
        }
        const type = buffered[3];
        let host: string;
        let end: number;
        if (type === 1) {
          end = 4 + 4;
          if (buffered.length < end + 2) {
            return;
          }
          host = [...buffered.subarray(4, 8)].join('.');
        } else if (type === 3) {
          end = 5 + buffered[4];
          if (buffered.length < end + 2) {
            return;
          }
          host = buffered.subarray(5, end).toString('latin1');
        } else {
          client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0])); // address type not supported
          return;
        }
        const port = buffered.readUInt16BE(end);
        const rest = buffered.subarray(end + 2);
        stage = 'open';
        client.off('data', onData);
        targets.push(`${host}:${port}`);
        tunnel(
          client,
          resolveHost(hosts, host),
          port,
          (upstream) => {
            upstreams.add(upstream);
            upstream.on('close', () => upstreams.delete(upstream));
            client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
            if (rest.length) {
              upstream.write(rest);
            }
            upstream.pipe(client);
            client.pipe(upstream);
          },
          () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])), // connection refused
        );
      }
    };
    client.on('data', onData);
    client.on('error', () => client.destroy());
  });
  return listen(server, 'socks5', targets, upstreams);
}
