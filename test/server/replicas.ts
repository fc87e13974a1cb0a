// A leader-elected Deployment on a local API server: Pod objects owned by a ReplicaSet, and one
// client-go style Elector per pod whose log lines the pods/log endpoint serves.
import { randomUUID } from 'node:crypto';
import type { ApiServer } from '../../demo/apiserver';
import { Elector, type LogFormat } from '../../demo/elector';
import { podObject } from '../support/builders';

export interface Replicas {
  pods: string[];
  electors: Map<string, Elector>;
  leader(): Elector | undefined;
  stop(): Promise<void>;
}

export function startReplicas(
  api: ApiServer,
  opts: {
    namespace: string;
    deployment: string;
    lease: string;
    replicas?: number;
    logFormat?: LogFormat;
    chatterEveryMs?: number;
    durationSeconds?: number;
  },
): Replicas {
  const { namespace, deployment, lease } = opts;
  const rs = `${deployment}-7d9f8c6b5`;
  const owner = { kind: 'ReplicaSet', name: rs, uid: randomUUID() };
  const kubeconfig = api.kubeconfig({ contexts: [{ name: 'writer', user: 'admin' }], current: 'writer' });
  const pods: string[] = [];
  const electors = new Map<string, Elector>();
  for (let i = 0; i < (opts.replicas ?? 3); i++) {
    const pod = `${rs}-${'abcdefghij'[i]}x${i}q${i}`;
    pods.push(pod);
    api.store.upsertPod(podObject({ namespace, name: pod, labels: { app: deployment, 'pod-template-hash': '7d9f8c6b5' }, owner }));
    const elector = new Elector({
      kubeconfig,
      namespace,
      name: lease,
      identity: `${pod}_${randomUUID()}`,
      leaseDurationSeconds: opts.durationSeconds ?? 2,
      renewDeadlineMs: ((opts.durationSeconds ?? 2) * 1000 * 3) / 4,
      retryPeriodMs: 250,
      recordEvents: { component: deployment },
      log: (line, at) => api.store.appendLog(namespace, pod, 'manager', line, at),
      logFormat: opts.logFormat ?? 'klog-printf',
      chatterEveryMs: opts.chatterEveryMs ?? 200,
    });
    electors.set(pod, elector);
    elector.start();
  }
  return {
    pods,
    electors,
    leader: () => [...electors.values()].find((e) => e.isLeader()),
    async stop() {
      await Promise.all([...electors.values()].map((e) => e.stop({ release: false })));
    },
  };
}
