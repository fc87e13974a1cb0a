// A bare GET against a backend's API server with a kubeconfig context's credentials: status,
// headers and the body as sent (or what a stream sent within a time), for wire comparisons.
import { request, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

export interface RawAnswer {
  status: number;
  contentType: string;
  chunked: boolean;
  body: string;
}

export async function rawGet(
  kubeconfigPath: string,
  context: string,
  path: string,
  opts: { streamMs?: number; token?: string } = {},
): Promise<RawAnswer> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  kc.setCurrentContext(context);
  const tls: RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(tls);
  if (opts.token !== undefined) {
    tls.headers = { ...tls.headers, Authorization: `Bearer ${opts.token}` };
  }
  const server = new URL(kc.getCurrentCluster()?.server ?? '');
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = request(
      {
        ...tls,
        hostname: server.hostname,
        port: server.port,
        path,
        method: 'GET',
        headers: { ...tls.headers, Accept: 'application/json' },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let done = false;
        const finish = (): void => {
          if (done) {
            return;
          }
          done = true;
          clearTimeout(timer);
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            contentType: (res.headers['content-type'] ?? '').split(';')[0],
            chunked: res.headers['transfer-encoding'] === 'chunked',
            body: Buffer.concat(chunks).toString('utf8'),
          });
        };
        // A stream (watch, follow) is read for streamMs, then cut.
        const timer = setTimeout(finish, opts.streamMs ?? 15_000);
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', finish);
        res.on('close', finish);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
