// Pod objects of the demo workloads: Deployment replicas (owned by ReplicaSet `<deploy>-<hash>`)
// and control-plane static (mirror) pods `<component>-<node>` owned by their Node.
import type { Pod } from './apiserver/types';
import { uid } from './names';
import type { WorkloadSpec } from './workloads';

export interface ReplicaSetRef {
  name: string;
  uid: string;
  hash: string;
}

function runningStatus(w: WorkloadSpec, startedAt: string, ip: string, hostIP: string): Pod['status'] {
  return {
    phase: 'Running',
    podIP: ip,
    hostIP,
    startTime: startedAt,
    conditions: [
      { type: 'Initialized', status: 'True', lastTransitionTime: startedAt },
      { type: 'Ready', status: 'True', lastTransitionTime: startedAt },
      { type: 'ContainersReady', status: 'True', lastTransitionTime: startedAt },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: startedAt },
    ],
    containerStatuses: [
      {
        name: w.container,
        restartCount: 0,
        ready: true,
        started: true,
        image: w.image,
        imageID: `${w.image.split(':')[0]}@sha256:${uid().replace(/-/g, '')}${uid().replace(/-/g, '').slice(0, 32)}`,
        containerID: `containerd://${uid().replace(/-/g, '')}${uid().replace(/-/g, '')}`,
        state: { running: { startedAt } },
      },
    ],
  };
}

export function deploymentPod(
  w: WorkloadSpec,
  rs: ReplicaSetRef,
  name: string,
  node: string,
  ip: string,
  hostIP: string,
  createdAt: string,
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: w.namespace,
      uid: uid(),
      creationTimestamp: createdAt,
      labels: { app: w.app, 'pod-template-hash': rs.hash },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.name, uid: rs.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      nodeName: node,
      serviceAccountName: w.app,
      containers: [
        {
          name: w.container,
          image: w.image,
          args: w.flags ? [...w.flags] : ['--leader-elect=true', `--leader-election-namespace=${w.namespace}`],
        },
      ],
    },
    status: runningStatus(w, createdAt, ip, hostIP),
  };
}

export function staticPod(w: WorkloadSpec, node: string, nodeUid: string, hostIP: string, createdAt: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${w.app}-${node}`,
      namespace: w.namespace,
      uid: uid(),
      creationTimestamp: createdAt,
      labels: { component: w.app, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.mirror': uid().replace(/-/g, '') },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node, uid: nodeUid, controller: true }],
    },
    spec: {
      nodeName: node,
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      containers: [{ name: w.container, image: w.image, command: [w.app, '--leader-elect=true'] }],
    },
    status: runningStatus(w, createdAt, hostIP, hostIP),
  };
}
