// The churn's writer: an admin client of the real control plane (the kubeconfig's admin context,
// a bearer token) over HTTPS with keep-alive sockets, so 200 writes a second cost no TLS handshakes.
// It is the benchmark's, never Lease Lens' (whose server only sends GET).
import { Agent, request } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

export interface AdminResponse {
  status: number;
  body: string;
}

export interface AdminClient {
  send(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, contentType?: string): Promise<AdminResponse>;
  close(): void;
}

export function adminClient(kubeconfigPath: string, context: string, maxSockets = 16): AdminClient {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  const token = kc.getCurrentUser()?.token;
  if (!cluster || !token) {
    throw new Error(`context ${context} of ${kubeconfigPath} has no cluster or no token`);
  }
  const ca = cluster.caData ? Buffer.from(cluster.caData, 'base64') : undefined;
  const server = new URL(cluster.server);
  const agent = new Agent({ keepAlive: true, maxSockets, ca });
  return {
    send(method, path, body, contentType = 'application/json') {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      return new Promise((resolve, reject) => {
        const req = request(
          {
            agent,
            host: server.hostname,
            port: server.port,
            method,
            path,
            headers: {
              Authorization: `Bearer ${token}`,
              Accept: 'application/json',
              ...(payload ? { 'Content-Type': contentType, 'Content-Length': payload.length } : {}),
            },
            timeout: 30_000,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
