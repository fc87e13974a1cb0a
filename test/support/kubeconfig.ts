// Files a test hands to the Lease server: a temporary directory per test process, kubeconfig files
// (written as kubectl writes them, or any text), and the kubeconfig entries for contexts on a local
// API server. Exec credential plugins are temporary files too (writeTemp with mode 0o755).
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import type { ApiServer } from '../../demo/apiserver';

const dir = mkdtempSync(join(tmpdir(), 'lease-lens-test-'));
let counter = 0;

/** A fresh path in this process's temporary directory. */
export function tempPath(name: string): string {
  return join(dir, `${++counter}-${name}`);
}

/** Writes a file in this process's temporary directory and returns its path. */
export function writeTemp(name: string, text: string, mode?: number): string {
  const path = tempPath(name);
  writeFileSync(path, text);
  if (mode !== undefined) {
    chmodSync(path, mode);
  }
  return path;
}

/** Writes a kubeconfig text to a fresh file and returns its path. */
export function writeKubeconfig(text: string, name = 'kubeconfig.yaml'): string {
  return writeTemp(name, text);
}

export interface KcCluster {
  name: string;
  server: string;
  /** certificate-authority-data; without it an http:// server (or `insecure`) gets insecure-skip-tls-verify */
  caPem?: string;
  insecure?: boolean;
  /** proxy-url (http, https or socks5) */
  proxyUrl?: string;
}

export interface KcUser {
  name: string;
  token?: string;
  /** An exec plugin; apiVersion client.authentication.k8s.io/v1beta1 and interactiveMode Never unless given. */
  exec?: {
    command: string;
    args?: string[];
    apiVersion?: string;
    interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
    provideClusterInfo?: boolean;
    env?: { name: string; value: string }[];
  };
  certPem?: string;
  keyPem?: string;
}

export interface KcContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

export interface KcParts {
  clusters: KcCluster[];
  users: KcUser[];
  contexts: KcContext[];
}

/** One context, `dead`, whose API server refuses connections (loopback port 9: nothing listens there). */
export function unreachableKc(): KcParts {
  return {
    clusters: [{ name: 'dead', server: 'http://127.0.0.1:9' }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'dead', cluster: 'dead', user: 'u' }],
  };
}

/** A kubeconfig file's text; current-context: `current`, else the first context (null: none). */
export function kubeconfigYaml(opts: KcParts & { current?: string | null }): string {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return dump(
    {
      apiVersion: 'v1',
      kind: 'Config',
      ...(opts.current === null ? {} : { 'current-context': opts.current ?? opts.contexts[0]?.name ?? '' }),
      clusters: opts.clusters.map((c) => ({
        name: c.name,
        cluster: {
          server: c.server,
          ...(c.caPem
            ? { 'certificate-authority-data': b64(c.caPem) }
            : c.insecure || c.server.startsWith('http:')
              ? { 'insecure-skip-tls-verify': true }
              : {}),
          ...(c.proxyUrl ? { 'proxy-url': c.proxyUrl } : {}),
        },
      })),
      users: opts.users.map((u) => ({
        name: u.name,
        user: {
          ...(u.token ? { token: u.token } : {}),
          ...(u.certPem ? { 'client-certificate-data': b64(u.certPem) } : {}),
          ...(u.keyPem ? { 'client-key-data': b64(u.keyPem) } : {}),
          ...(u.exec
            ? {
                exec: {
                  apiVersion: u.exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1',
                  command: u.exec.command,
                  args: u.exec.args ?? [],
                  interactiveMode: u.exec.interactiveMode ?? 'Never',
                  ...(u.exec.provideClusterInfo ? { provideClusterInfo: true } : {}),
                  ...(u.exec.env ? { env: u.exec.env } : {}),
                },
              }
            : {}),
        },
      })),
      contexts: opts.contexts.map((c) => ({
        name: c.name,
        context: { cluster: c.cluster, user: c.user, ...(c.namespace ? { namespace: c.namespace } : {}) },
      })),
    },
    { lineWidth: -1 },
  );
}

/**
 * A kubeconfig fragment for one context per entry against a local API server, each with its own
 * cluster entry (named after the context) and a token user.
 */
export function apiContexts(api: ApiServer, entries: { name: string; token: string; namespace?: string }[]): KcParts {
  return {
    clusters: entries.map((e) => ({ name: `cluster-${e.name}`, server: api.url, caPem: api.caPem })),
    users: entries.map((e) => ({ name: `user-${e.name}`, token: e.token })),
    contexts: entries.map((e) => ({ name: e.name, cluster: `cluster-${e.name}`, user: `user-${e.name}`, namespace: e.namespace })),
  };
}

export function mergeKc(...parts: Partial<KcParts>[]): KcParts {
  return {
    clusters: parts.flatMap((p) => p.clusters ?? []),
    users: parts.flatMap((p) => p.users ?? []),
    contexts: parts.flatMap((p) => p.contexts ?? []),
  };
}
