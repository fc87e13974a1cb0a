// `npm run cluster:real`: builds the harness if needed, starts the real control plane on loopback,
// writes its kubeconfig to .demo/real-kubeconfig.yaml and runs until Ctrl+C, then stops it all.
import { join } from 'node:path';
import { startRealCluster } from './cluster';
import { REPO_ROOT } from '../harness/repoRoot';

const repo = REPO_ROOT;
const kubeconfigPath = join(repo, '.demo', 'real-kubeconfig.yaml');

async function main(): Promise<void> {
  const cluster = await startRealCluster({ kubeconfigPath, log: (line) => console.log(line) });
  const memory = await cluster.memory();
  console.log(`
Real Kubernetes control plane (etcd, kube-apiserver, 3 kube-scheduler replicas, client-go electors)
  API server   ${cluster.server}   ready in ${(cluster.startMs / 1000).toFixed(1)} s, ${(memory.pssBytes / 1048576).toFixed(0)} MiB (PSS)
  kubeconfig   ${kubeconfigPath}
               contexts: ${cluster.adminContext} (admin), ${cluster.devContext} (dev, namespaces demo and team-b)
Follow kube-system/kube-scheduler in Lease Lens, or watch: kubectl --kubeconfig ${kubeconfigPath} get leases -A -w
Ctrl+C stops everything.`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log('stopping the cluster…');
    cluster.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`the real cluster did not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
