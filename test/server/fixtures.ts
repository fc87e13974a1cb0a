// Builders for the objects server tests put into a local API server, and kubeconfig files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMicroTime } from '../../src/core/microTime';

export interface LeaseSeed {
  namespace: string;
  name: string;
  holder?: string;
  durationSeconds?: number;
  transitions?: number;
  acquireTime?: number;
  renewTime?: number;
  labels?: Record<string, string>;
}

export function leaseObject(seed: LeaseSeed): Record<string, unknown> {
  const now = Date.now();
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: seed.name, namespace: seed.namespace, labels: seed.labels },
    spec: {
      holderIdentity: seed.holder,
      leaseDurationSeconds: seed.durationSeconds ?? 15,
      acquireTime: formatMicroTime(seed.acquireTime ?? now),
      renewTime: formatMicroTime(seed.renewTime ?? now),
      leaseTransitions: seed.transitions ?? 0,
    },
  };
}

export function podObject(opts: {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  owner?: { kind: string; name: string; uid: string };
  node?: string;
  containers?: string[];
}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: opts.name,
      namespace: opts.namespace,
      labels: opts.labels ?? {},
      ownerReferences: opts.owner ? [{ apiVersion: 'apps/v1', ...opts.owner, controller: true }] : [],
    },
    spec: { nodeName: opts.node ?? 'node-1', containers: (opts.containers ?? ['manager']).map((name) => ({ name })) },
    status: { phase: 'Running', containerStatuses: (opts.containers ?? ['manager']).map((name) => ({ name, restartCount: 0, ready: true })) },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'lease-lens-server-test-'));
let n = 0;

/** Writes a kubeconfig text to a fresh file and returns its path. */
export function writeKubeconfig(text: string, name = `kubeconfig-${++n}.yaml`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
