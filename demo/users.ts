// The demo's users: `admin` (cluster admin, may write) and `dev` (read-only, every demo namespace
// but `payments`, so listing Leases at cluster scope is forbidden for it).
import { randomBytes } from 'node:crypto';
import type { ApiUser } from './apiserver';

export const DEMO_NAMESPACES = ['kube-system', 'kube-node-lease', 'payments', 'jobs', 'cert-manager', 'demo', 'ingress-nginx'] as const;
export const DEV_FORBIDDEN_NAMESPACE = 'payments';
export const DEV_NAMESPACES = DEMO_NAMESPACES.filter((ns) => ns !== DEV_FORBIDDEN_NAMESPACE);

export const ADMIN_CONTEXT = 'lease-lens-demo';
export const DEV_CONTEXT = 'lease-lens-demo-dev';

/** New tokens every run: the server listens for anyone who can reach the port. */
export function demoUsers(): ApiUser[] {
  const token = (): string => randomBytes(24).toString('base64url');
  return [
    { name: 'admin', token: token(), admin: true, write: true },
    { name: 'dev', token: token(), namespaces: [...DEV_NAMESPACES], write: false },
  ];
}

export function demoKubeconfigYaml(
  kubeconfig: (opts: { contexts: { name: string; user: string; namespace?: string }[]; current?: string; clusterName?: string }) => string,
): string {
  return kubeconfig({
    contexts: [
      { name: ADMIN_CONTEXT, user: 'admin' },
      { name: DEV_CONTEXT, user: 'dev', namespace: 'demo' },
    ],
    current: ADMIN_CONTEXT,
    clusterName: 'lease-lens-demo',
  });
}
