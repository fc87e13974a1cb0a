// The copied kubectl command, run as copied (through /bin/sh, with the real kubectl) where two
// kubeconfigs define a context of the same name on two clusters: it reads the Lease from the
// cluster Lease Lens reads (the kubeconfig it loaded), never from the other. kubectl: an installed
// one, $LEASE_LENS_KUBECTL, or one built from k8s.io/kubectl (realcluster/kubectl.ts).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { findKubectl } from '../../realcluster/kubectl';
import { kubectlGetLease } from '../../src/client/commands/shellQuote';
import { leaseObject } from '../support/builders';

const run = promisify(execFile);
const uuid = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';

describe('the copied kubectl command', () => {
  let kubectl: string;
  let ours: ApiServer;
  let theirs: ApiServer;
  let dir: string;
  let home: string;
  let loaded: string;
  const users = [{ name: 'admin', token: 'admin-token', admin: true, write: true }];

  /** Runs a command line as a user's shell would, with ~/.kube/config defining the other "prod". */
  const shell = async (command: string, env: NodeJS.ProcessEnv = {}): Promise<string> => {
    const { stdout } = await run('/bin/sh', ['-c', command], {
      timeout: 15_000,
      env: { PATH: `${join(kubectl, '..')}:/usr/bin:/bin`, HOME: home, ...env },
    });
    return stdout;
  };

  before(async () => {
    kubectl = await findKubectl();
    // kubectl sends no credentials to a plain http:// server: both speak TLS.
    ours = await startApiServer({ tls: true, users });
    theirs = await startApiServer({ tls: true, users });
    ours.store.applyLease(leaseObject({ namespace: 'kube-system', name: 'kube-scheduler', holder: `ours-node_${uuid}` }));
    theirs.store.applyLease(leaseObject({ namespace: 'kube-system', name: 'kube-scheduler', holder: `theirs-node_${uuid}` }));
    dir = mkdtempSync(join(tmpdir(), 'lease-lens-kubectl-command-'));
    home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeFileSync(join(home, '.kube', 'config'), theirs.kubeconfig({ contexts: [{ name: 'prod', user: 'admin' }], current: 'prod' }));
    loaded = join(dir, 'lease lens sees this one.yaml');
    writeFileSync(loaded, ours.kubeconfig({ contexts: [{ name: 'prod', user: 'admin' }], current: 'prod' }));
  });

  after(async () => {
    await ours?.close();
    await theirs?.close();
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reads the Lease from the kubeconfig Lease Lens loaded, not the same-named context in ~/.kube/config', async () => {
    const command = kubectlGetLease('prod', 'kube-system', 'kube-scheduler', [loaded]);
    assert.match(command, /--kubeconfig '.*lease lens sees this one\.yaml' --context prod /);
    assert.match(await shell(command), new RegExp(`holderIdentity: ours-node_${uuid}`));
    // Without --kubeconfig the same context name reaches the other cluster: what the old command did.
    assert.match(await shell(kubectlGetLease('prod', 'kube-system', 'kube-scheduler')), new RegExp(`holderIdentity: theirs-node_${uuid}`));
  });

  test('several files (KUBECONFIG=a:b) are merged as Lease Lens merged them: the first definition wins', async () => {
    const command = kubectlGetLease('prod', 'kube-system', 'kube-scheduler', [loaded, join(home, '.kube', 'config')]);
    assert.match(command, /^KUBECONFIG=/);
    assert.match(await shell(command, { KUBECONFIG: join(home, '.kube', 'config') }), new RegExp(`holderIdentity: ours-node_${uuid}`));
    assert.equal(ours.requests.filter((r) => r.method !== 'GET').length, 0, 'only GETs');
  });
});
