// The demo scenario: in-process with short timings, seen through the real kubectl; a crashed
// leader hands leadership to another replica; main.ts stops cleanly (exit 0, port closed).
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Lease, Pod } from '../../demo/apiserver';
import { DEV_CONTEXT, NEVER_HELD_LEASE, RELEASED_LEASE, REPO_ROOT, startDemo, WORKLOADS, type Demo } from '../../demo';
import { parseDemoArgs } from '../../demo/cli';
import { waitFor } from '../../harness/waiting';

/** Conditions here run kubectl: check them ten times a second. */
const every100 = { everyMs: 100 };
import { findKubectl } from '../../realcluster/kubectl';

let KUBECTL = '';
const NODES = 12;

let demo: Demo;
let dir: string;

interface Kubectl {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(...args: string[]): Promise<Kubectl> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', demo.kubeconfigPath, '--cache-dir', join(dir, 'kube-cache'), ...args],
      { timeout: 15_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function kubectlJson<T>(...args: string[]): Promise<T> {
  const r = await kubectl(...args, '-o', 'json');
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

before(async () => {
  KUBECTL = await findKubectl();
  dir = mkdtempSync(join(tmpdir(), 'lease-lens-demo-test-'));
  demo = await startDemo({
    port: 0,
    kubeconfigPath: join(dir, 'kubeconfig.yaml'),
    crashEveryMs: 0,
    releaseEveryMs: 0,
    restartDelayMs: 300,
    timing: { leaseDurationSeconds: 2, renewDeadlineMs: 1500, retryPeriodMs: 300 },
    nodeCount: NODES,
    nodeLeasePeriodMs: 1000,
    chatterEveryMs: 200,
  });
});

after(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo scenario', () => {
  test('writes a kubeconfig with the admin and dev contexts', () => {
    const text = readFileSync(demo.kubeconfigPath, 'utf8');
    assert.match(text, /current-context: lease-lens-demo\n/);
    assert.match(text, /name: lease-lens-demo-dev/);
    assert.match(text, /namespace: demo/);
    assert.match(text, /certificate-authority-data: /);
  });

  test('serves every lease to kubectl, each workload lease held by one of its pods', async () => {
    const keys = WORKLOADS.map((w) => `${w.namespace}/${w.lease}`);
    const list = await waitFor(
      'every workload lease to have a holder',
      async () => {
        const l = await kubectlJson<{ items: Lease[] }>('get', 'leases', '-A');
        const held = keys.every((k) => l.items.some((x) => `${x.metadata.namespace}/${x.metadata.name}` === k && x.spec?.holderIdentity));
        return held && l;
      },
      8000,
      every100,
    );
    const byKey = new Map(list.items.map((l) => [`${l.metadata.namespace}/${l.metadata.name}`, l]));
    assert.equal(list.items.filter((l) => l.metadata.namespace === 'kube-node-lease').length, NODES, 'one heartbeat lease per node');
    const node = byKey.get('kube-node-lease/cp-node-1');
    assert.equal(node?.spec?.holderIdentity, 'cp-node-1');
    assert.equal(node?.spec?.leaseDurationSeconds, 40);
    assert.equal(node?.metadata.ownerReferences?.[0]?.kind, 'Node');

    const pods = await kubectlJson<{ items: Pod[] }>('get', 'pods', '-A');
    for (const w of WORKLOADS) {
      const spec = byKey.get(`${w.namespace}/${w.lease}`)?.spec;
      const holder = spec?.holderIdentity ?? '';
      assert.match(spec?.renewTime ?? '', /\.\d{6}Z$/);
      const mine = pods.items.filter(
        (p) =>
          p.metadata.namespace === w.namespace &&
          (w.kind === 'static' ? p.metadata.labels?.component === w.app : p.metadata.labels?.app === w.app),
      );
      assert.equal(mine.length, w.replicas, `${w.app}: ${w.replicas} pods`);
      if (w.kind === 'static') {
        assert.match(holder, /^cp-node-\d_[0-9a-f-]{36}$/, `${w.lease} holder is <node>_<uuid>`);
        const pod = mine.find((p) => p.metadata.name === `${w.app}-${holder.split('_')[0]}`);
        assert.ok(pod, `the holder's static pod ${w.app}-<node> exists`);
        assert.equal(pod.metadata.ownerReferences?.[0]?.kind, 'Node');
        assert.equal(pod.metadata.labels?.tier, 'control-plane');
      } else {
        const podName = w.identity ? mine.map((p) => p.metadata.name ?? '').find((n) => holder === w.identity?.(n)) : holder.split('_')[0];
        const pod = mine.find((p) => p.metadata.name === podName);
        assert.ok(pod, `${w.lease} holder ${holder} is one of the pods`);
        const owner = pod.metadata.ownerReferences?.[0];
        const hash = pod.metadata.labels?.['pod-template-hash'] ?? '';
        assert.equal(owner?.kind, 'ReplicaSet');
        assert.equal(owner?.name, `${w.app}-${hash}`);
        assert.match(pod.metadata.name ?? '', new RegExp(`^${w.app}-${hash}-[a-z0-9]{5}$`));
      }
    }

    const identity = list.items.find((l) => l.metadata.labels?.['apiserver.kubernetes.io/identity'] === 'kube-apiserver');
    assert.match(identity?.metadata.name ?? '', /^apiserver-[a-z2-7]{26}$/);
    assert.equal(identity?.metadata.labels?.['kubernetes.io/hostname'], 'cp-node-1');
    const released = byKey.get(`${RELEASED_LEASE.namespace}/${RELEASED_LEASE.name}`)?.spec;
    assert.equal(released?.holderIdentity, '');
    assert.equal(released?.leaseDurationSeconds, 1);
    assert.equal(byKey.get(`${NEVER_HELD_LEASE.namespace}/${NEVER_HELD_LEASE.name}`)?.spec?.holderIdentity, undefined);
  });

  test("serves the replicas' logs and LeaderElection events", async () => {
    const holder = await waitFor('a leader of demo/leader-demo', async () => demo.leaderIdentity('demo/leader-demo'), 5000, every100);
    const pod = holder.split('_')[0];
    const logs = await waitFor(
      "the leader's log to show the acquisition",
      async () => {
        const r = await kubectl('logs', '-n', 'demo', pod);
        return r.stdout.includes('successfully acquired lease demo/leader-demo') && r.stdout;
      },
      5000,
      every100,
    );
    assert.match(logs, /^I\d{4} [\d:.]+ +1 leaderelection\.go:250\] attempting to acquire leader lease demo\/leader-demo\.\.\.$/m);
    const events = await waitFor(
      'the became-leader event',
      async () => {
        const e = await kubectlJson<{ items: { message?: string; reason?: string }[] }>(
          'get',
          'events',
          '-n',
          'demo',
          '--field-selector',
          'involvedObject.kind=Lease,involvedObject.name=leader-demo',
        );
        return e.items.some((x) => x.message === `${holder} became leader`) && e;
      },
      5000,
      every100,
    );
    assert.ok(events.items.every((x) => x.reason === 'LeaderElection'));
  });

  test('lets the dev user read its namespaces but not payments or the whole cluster', async () => {
    const own = await kubectl('--context', DEV_CONTEXT, 'get', 'leases');
    assert.equal(own.code, 0, own.stderr);
    assert.match(own.stdout, /leader-demo/);
    const all = await kubectl('--context', DEV_CONTEXT, 'get', 'leases', '-A');
    assert.notEqual(all.code, 0);
    assert.match(all.stderr, /forbidden/i);
    const payments = await kubectl('--context', DEV_CONTEXT, 'get', 'leases', '-n', 'payments');
    assert.notEqual(payments.code, 0);
    assert.match(payments.stderr, /forbidden/i);
  });

  test('moves leadership to another replica when the leader crashes', async () => {
    type L = { spec?: { holderIdentity?: string; leaseTransitions?: number; acquireTime?: string } };
    await waitFor('a leader of demo/leader-demo', async () => demo.leaderIdentity('demo/leader-demo'), 5000, every100);
    const crashed = await demo.crashLeader('demo/leader-demo');
    const before = demo.server.store.getLease('demo', 'leader-demo');
    assert.equal(before?.spec?.holderIdentity, crashed.identity, 'the crashed replica held the lease');
    const afterCrash = await waitFor(
      'another holder',
      async () => {
        const l = await kubectlJson<L>('get', 'lease', '-n', 'demo', 'leader-demo');
        const h = l.spec?.holderIdentity;
        return h !== undefined && h !== '' && h !== crashed.identity ? l : undefined;
      },
      8000,
      every100,
    );
    assert.equal(afterCrash.spec?.leaseTransitions, (before?.spec?.leaseTransitions ?? 0) + 1, 'leaseTransitions +1');
    const pod = await waitFor(
      'the crashed pod to restart',
      async () => {
        const p = await kubectlJson<Pod>('get', 'pod', '-n', 'demo', crashed.pod);
        return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 && p;
      },
      5000,
      every100,
    );
    assert.equal(pod.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode, 1);
    const previous = await kubectl('logs', '-n', 'demo', crashed.pod, '--previous');
    assert.match(previous.stdout, /successfully acquired lease demo\/leader-demo/);
  });
});

describe('demo main.ts', () => {
  test('parses its flags', () => {
    const a = parseDemoArgs([
      '--port',
      '0',
      '--duration=3',
      '--quiet',
      '--no-open',
      '--kubeconfig',
      '/tmp/k.yaml',
      '--crash-every',
      '30',
      '--http',
    ]);
    assert.deepEqual(a, {
      port: 0,
      host: '127.0.0.1',
      tls: false,
      kubeconfig: '/tmp/k.yaml',
      duration: 3,
      crashEverySeconds: 30,
      quiet: true,
      open: false,
      help: false,
    });
    assert.equal(parseDemoArgs([]).port, 16443);
    assert.throws(() => parseDemoArgs(['--duration', 'soon']), /--duration needs a non-negative number/);
    assert.throws(() => parseDemoArgs(['--bogus']), /unknown option --bogus/);
  });

  const main = join(REPO_ROOT, 'demo', 'main.ts');

  function run(
    args: string[],
    env: NodeJS.ProcessEnv = process.env,
  ): { child: ChildProcess; url: Promise<string>; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> } {
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--quiet', '--crash-every', '0', ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const m = /API server (\S+?),/.exec(output);
        if (m) {
          resolve(m[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', () => reject(new Error(`main.ts exited before it was up:\n${output}`)));
    });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, output })),
    );
    return { child, url, exit };
  }

  function refused(url: string): Promise<boolean> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve) => {
      const s = connect({ host: hostname, port: Number(port) });
      s.on('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.on('error', () => resolve(true));
    });
  }

  test('opens VS Code on the kubeconfig, exits 0 after --duration and leaves no listening port', async () => {
    const kubeconfig = join(dir, 'duration.yaml');
    // A stand-in `code` on PATH that writes down how it was started.
    const bin = join(dir, 'bin');
    const record = join(dir, 'code-invocation.txt');
    mkdirSync(bin);
    writeFileSync(join(bin, 'code'), `#!/bin/sh\nprintf '%s\\n' "KUBECONFIG=$KUBECONFIG" "$@" > '${record}'\n`, { mode: 0o755 });
    const { url, exit } = run(['--duration', '3', '--kubeconfig', kubeconfig], {
      ...process.env,
      PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
    });
    const u = await url;
    assert.equal(await refused(u), false, 'the API server listens while the demo runs');
    const r = await exit;
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /demo stopped/);
    assert.equal(await refused(u), true, 'nothing listens after the demo exited');
    assert.ok(existsSync(kubeconfig));
    const invocation = await waitFor('the stand-in code to run', () => existsSync(record) && readFileSync(record, 'utf8'), 3000);
    assert.deepEqual(invocation.trim().split('\n'), [
      `KUBECONFIG=${kubeconfig}`,
      `--extensionDevelopmentPath=${REPO_ROOT}`,
      '--new-window',
      REPO_ROOT,
    ]);
  });

  test('stops cleanly on SIGINT', async () => {
    const { child, url, exit } = run(['--no-open', '--kubeconfig', join(dir, 'sigint.yaml')]);
    const u = await url;
    await waitFor('the child to be running', () => child.pid !== undefined, 1000);
    child.kill('SIGINT');
    const r = await exit;
    assert.equal(r.code, 0, r.output);
    assert.equal(await refused(u), true);
  });
});
