// Which kubectl the tests and the benchmark run: $LEASE_LENS_KUBECTL, else an installed
// /usr/bin/kubectl, else kubectl built from k8s.io/kubectl (Go module proxy) into the real-cluster
// harness. Debian's archive has no kubectl package, so a machine without one still has a kubectl.
import { existsSync } from 'node:fs';
import { buildHarness, kubectlLinkPath } from './build';

export const installedKubectl = '/usr/bin/kubectl';

export async function findKubectl(): Promise<string> {
  const chosen = process.env.LEASE_LENS_KUBECTL;
  if (chosen) {
    return chosen;
  }
  if (existsSync(installedKubectl)) {
    return installedKubectl;
  }
  await buildHarness();
  return kubectlLinkPath;
}
