// What the demo prints when it is up.
import type { Demo } from './scenario';
import { DEV_FORBIDDEN_NAMESPACE } from './users';
import { WORKLOADS } from './workloads';

export function banner(demo: Demo, o: { crashEverySeconds: number; crashTarget: string; nodeCount: number }): string {
  const workloads = WORKLOADS.map((w) => {
    const pods = w.kind === 'static' ? `${w.replicas} static pods ${w.app}-cp-node-N` : `Deployment ${w.app}, ${w.replicas} replicas`;
    return `    ${`${w.namespace}/${w.lease}`.padEnd(44)} ${pods}; ${w.logFormat} logs; lease ${w.timing.leaseDurationSeconds}s`;
  });
  return [
    '',
    'Lease Lens demo cluster',
    `  API server   ${demo.server.url}   (users: admin; dev, read-only, forbidden in ${DEV_FORBIDDEN_NAMESPACE})`,
    `  kubeconfig   ${demo.kubeconfigPath}`,
    `               contexts: ${demo.contexts.admin} (admin, current), ${demo.contexts.dev} (dev, namespace demo)`,
    '  leader-elected workloads:',
    ...workloads,
    `  also         ${o.nodeCount} node heartbeat leases in kube-node-lease, an API server identity lease,`,
    '               a released lease (kube-system/cloud-controller-manager), a never-held one (jobs/nightly-report)',
    o.crashEverySeconds > 0
      ? `  failovers    the leader of ${o.crashTarget} crashes about every ${o.crashEverySeconds}s; now and then another leader hands over cleanly`
      : '  failovers    no automatic crashes',
    '  Ctrl+C stops everything.',
    '',
  ].join('\n');
}
