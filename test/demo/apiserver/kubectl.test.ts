// kubectl (/usr/bin/kubectl) against the local API server over HTTPS: discovery fallback, get
// -o json / -o yaml / table, -w, logs (tail, timestamps, follow, default container), and 403s.
// kubectl: an installed one, or one built from k8s.io/kubectl (realcluster/kubectl.ts).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { type ApiServer, microTime, type RequestRecord, startApiServer } from '../../../demo/apiserver/index';
import { waitFor } from '../../../harness/waiting';
import { AsyncQueue } from './testkit';
import { findKubectl } from '../../../realcluster/kubectl';

let kubectlPath = '';
const run = promisify(execFile);

describe('local API server: kubectl', () => {
  let server: ApiServer;
  let dir: string;
  let kubeconfig: string;

  const kubectl = async (...args: string[]) => {
    const { stdout, stderr } = await run(kubectlPath, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], {
      timeout: 15000,
      env: { ...process.env, KUBECONFIG: '' },
    });
    return { stdout, stderr };
  };
  const failure = async (...args: string[]) => {
    try {
      await kubectl(...args);
    } catch (e) {
      return (e as { stderr: string }).stderr;
    }
    throw new Error(`kubectl ${args.join(' ')} succeeded`);
  };
  /** Runs a long-lived kubectl (-w, -f); its stdout lines queue up. */
  const stream = (...args: string[]) => {
    const child = spawn(kubectlPath, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = new AsyncQueue<string>();
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        lines.push(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return {
      lines,
      stop: async () => {
        child.kill();
        await exited;
      },
    };
  };
  const nextMatching = async (q: AsyncQueue<string>, re: RegExp, what: string) => {
    for (;;) {
      const line = await q.next(10000, what);
      if (re.test(line)) {
        return line;
      }
    }
  };

  before(async () => {
    kubectlPath = await findKubectl();
    server = await startApiServer({
      tls: true,
      users: [
        { name: 'admin', token: 'admin-token', admin: true, write: true },
        { name: 'dev@example.com', token: 'dev-token', namespaces: ['payments'] },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'apiserver-kubectl-'));
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(
      kubeconfig,
      server.kubeconfig({
        contexts: [
          { name: 'admin', user: 'admin' },
          { name: 'dev', user: 'dev@example.com', namespace: 'payments' },
        ],
        current: 'admin',
      }),
    );
    const t = microTime();
    server.store.applyLease({
      metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
      spec: {
        holderIdentity: 'cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21',
        leaseDurationSeconds: 15,
        acquireTime: t,
        renewTime: t,
        leaseTransitions: 7,
      },
    });
    server.store.applyLease({
      metadata: { name: 'a3f1c2d4.payments.example.com', namespace: 'payments' },
      spec: { holderIdentity: 'payments-operator-7d9f8c6b5-x2k4p_9a8b' },
    });
    server.store.upsertPod({
      metadata: { name: 'payments-operator-7d9f8c6b5-x2k4p', namespace: 'payments', labels: { app: 'payments-operator' } },
      spec: { nodeName: 'node-a', containers: [{ name: 'manager' }, { name: 'kube-rbac-proxy' }] },
    });
    for (let i = 1; i <= 3; i++) {
      server.store.appendLog('payments', 'payments-operator-7d9f8c6b5-x2k4p', 'manager', `manager line ${i}`);
    }
  });
  after(async () => {
    await server?.close();
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('kubectl get leases -A -o json lists every Lease', async () => {
    const { stdout } = await kubectl('get', 'leases', '-A', '-o', 'json');
    const list = JSON.parse(stdout) as { kind: string; items: { kind: string; metadata: { namespace: string; name: string } }[] };
    assert.equal(list.kind, 'List');
    assert.deepEqual(
      list.items.map((l) => `${l.metadata.namespace}/${l.metadata.name}`),
      ['kube-system/kube-scheduler', 'payments/a3f1c2d4.payments.example.com'],
    );
    assert.equal(list.items[0].kind, 'Lease');
  });

  test('kubectl get leases -A prints the Lease table; get -o yaml prints one Lease', async () => {
    const { stdout } = await kubectl('get', 'leases', '-A');
    const [header, first] = stdout.trim().split('\n');
    assert.match(header, /^NAMESPACE\s+NAME\s+HOLDER\s+AGE$/);
    assert.match(first, /^kube-system\s+kube-scheduler\s+cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21\s+\d+s$/);
    const yaml = (await kubectl('get', 'lease', '-n', 'kube-system', 'kube-scheduler', '-o', 'yaml')).stdout;
    assert.match(yaml, /^kind: Lease$/m);
    assert.match(yaml, /^ {2}leaseTransitions: 7$/m);
    assert.match(yaml, /^ {2}renewTime: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"$/m);
  });

  test('kubectl get leases -A -w prints changes as they happen', async () => {
    const w = stream('get', 'leases', '-A', '-w', '-o', 'name');
    try {
      await nextMatching(w.lines, /kube-scheduler/, 'the initial list');
      const isWatch = (r: RequestRecord) => r.watch && r.path === '/apis/coordination.k8s.io/v1/leases' && r.status === 200;
      await waitFor('kubectl to open its watch', () => server.requests.some(isWatch), 10000);
      assert.match(server.requests.find(isWatch)?.query ?? '', /resourceVersion=\d+/);
      server.store.applyLease({ metadata: { name: 'watched-lease', namespace: 'default' }, spec: { holderIdentity: 'x' } });
      await nextMatching(w.lines, /lease.coordination.k8s.io\/watched-lease/, 'the new lease on the watch');
    } finally {
      await w.stop();
    }
  });

  test('kubectl logs: tail, timestamps, default container, follow', async () => {
    const pod = 'payments-operator-7d9f8c6b5-x2k4p';
    const { stdout } = await kubectl('logs', '-n', 'payments', pod, '-c', 'manager', '--tail=2');
    assert.equal(stdout, 'manager line 2\nmanager line 3\n');
    const stamped = (await kubectl('logs', '-n', 'payments', pod, '-c', 'manager', '--tail=1', '--timestamps')).stdout;
    assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z manager line 3\n$/);
    const defaulted = await kubectl('logs', '-n', 'payments', pod, '--tail=1');
    assert.equal(defaulted.stdout, 'manager line 3\n');
    assert.match(defaulted.stderr, /Defaulted container "manager" out of: manager, kube-rbac-proxy/);

    const f = stream('logs', '-n', 'payments', pod, '-c', 'manager', '-f', '--tail=1');
    try {
      assert.equal(await f.lines.next(10000, 'the tail line'), 'manager line 3');
      server.store.appendLog(
        'payments',
        pod,
        'manager',
        'I1121 00:41:36.118002       1 leaderelection.go:260] successfully acquired lease payments/a3f1c2d4',
      );
      assert.match(await f.lines.next(10000, 'the followed line'), /successfully acquired lease/);
    } finally {
      await f.stop();
    }
  });

  test('kubectl shows the real 403 messages for a namespaced user', async () => {
    assert.match((await kubectl('--context', 'dev', 'get', 'leases', '-o', 'name')).stdout, /a3f1c2d4\.payments\.example\.com/);
    const err = await failure('--context', 'dev', 'get', 'leases', '-A');
    assert.match(
      err,
      /Error from server \(Forbidden\): leases\.coordination\.k8s\.io is forbidden: User "dev@example\.com" cannot list resource "leases" in API group "coordination\.k8s\.io" at the cluster scope/,
    );
  });
});
