// kubeconfig YAML pointing at the local server: one cluster, a user entry per referenced user
// (bearer token), one context per entry.
import { dump } from 'js-yaml';
import type { ApiUser } from './auth';

export interface KubeconfigRequest {
  contexts: { name: string; user: string; namespace?: string }[];
  current?: string;
  clusterName?: string;
}

export function buildKubeconfig(url: string, caPem: string | undefined, users: ApiUser[], req: KubeconfigRequest): string {
  const clusterName = req.clusterName ?? 'lease-lens-local';
  const cluster: Record<string, unknown> = { server: url };
  if (caPem) {
    cluster['certificate-authority-data'] = Buffer.from(caPem).toString('base64');
  } else {
    cluster['insecure-skip-tls-verify'] = true;
  } // client-node refuses plain http:// without it
  const referenced = [...new Set(req.contexts.map((c) => c.user))];
  const userEntries = referenced.map((name) => {
    const u = users.find((x) => x.name === name);
    if (!u) {
      throw new Error(`kubeconfig: no user "${name}" in the server's users (${users.map((x) => x.name).join(', ')})`);
    }
    return { name, user: { token: u.token } };
  });
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: clusterName, cluster }],
    users: userEntries,
    contexts: req.contexts.map((c) => ({
      name: c.name,
      context: { cluster: clusterName, user: c.user, ...(c.namespace ? { namespace: c.namespace } : {}) },
    })),
    'current-context': req.current ?? req.contexts[0]?.name ?? '',
  };
  return dump(doc, { lineWidth: -1 });
}
