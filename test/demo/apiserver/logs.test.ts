// Pods and pod logs on the local API server, through @kubernetes/client-node: list/watch with
// selectors, tailLines, timestamps, sinceSeconds, limitBytes, previous, follow, and the real errors.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { CoreV1Api, Log } from '@kubernetes/client-node';
import { type ApiServer, type Pod, startApiServer } from '../../../demo/apiserver/index';
import { within } from '../../../harness/waiting';
import { AsyncQueue, kubeConfigFor, openWatch, statusOf } from './testkit';
import { fixtureStatus } from '../../support/fixtures';

const fixtures = fixtureStatus();

function pod(namespace: string, name: string, containers: string[], extra: { node?: string; labels?: Record<string, string> } = {}): Pod {
  return {
    metadata: {
      name,
      namespace,
      labels: extra.labels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: name.replace(/-[a-z0-9]{5}$/, ''),
          uid: '0b7f5a1d-2e2c-4d8e-8a6f-3c1b9e7d5f02',
          controller: true,
        },
      ],
    },
    spec: { nodeName: extra.node, containers: containers.map((c) => ({ name: c, image: `example.com/${c}:v1` })) },
  };
}

/** Follows a container's log with client-node's Log; lines arrive in `lines`, `ended` resolves when the stream ends. */
async function follow(
  server: ApiServer,
  ns: string,
  name: string,
  container: string,
  opts: { tailLines?: number; timestamps?: boolean } = {},
) {
  const lines = new AsyncQueue<string>();
  const stream = new PassThrough();
  let buf = '';
  stream.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
  });
  const ended = new Promise<void>((resolve) => stream.on('end', () => resolve()));
  const ctrl = await new Log(kubeConfigFor(server)).log(ns, name, container, stream, { follow: true, ...opts });
  return { lines, ended, abort: () => ctrl.abort() };
}

describe('local API server: pods and logs', () => {
  let server: ApiServer;
  let core: CoreV1Api;

  before(async () => {
    server = await startApiServer();
    core = kubeConfigFor(server).makeApiClient(CoreV1Api);
    server.store.upsertPod(
      pod('ops', 'payments-operator-7d9f8c6b5-x2k4p', ['manager'], { node: 'node-a', labels: { app: 'payments-operator' } }),
    );
    server.store.upsertPod(
      pod('ops', 'payments-operator-7d9f8c6b5-q8r7t', ['manager'], { node: 'node-b', labels: { app: 'payments-operator' } }),
    );
    server.store.upsertPod(
      pod('ops', 'my-operator-6f7d8c9b5-abcde', ['manager', 'kube-rbac-proxy'], { node: 'node-a', labels: { app: 'my-operator' } }),
    );
  });
  after(() => server.close());

  test('lists and watches pods with label and field selectors', async () => {
    const byLabel = await core.listNamespacedPod({ namespace: 'ops', labelSelector: 'app=payments-operator' });
    assert.equal(byLabel.items.length, 2);
    const p = byLabel.items[0];
    assert.equal(p.status?.phase, 'Running');
    assert.equal(p.status?.containerStatuses?.[0].restartCount, 0);
    assert.equal(p.metadata?.ownerReferences?.[0].kind, 'ReplicaSet');
    const onNode = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=node-a' });
    assert.deepEqual(onNode.items.map((x) => x.metadata?.name).sort(), [
      'my-operator-6f7d8c9b5-abcde',
      'payments-operator-7d9f8c6b5-x2k4p',
    ]);
    const one = await core.listNamespacedPod({ namespace: 'ops', fieldSelector: 'metadata.name=my-operator-6f7d8c9b5-abcde' });
    assert.equal(one.items.length, 1);
    assert.equal(
      (await statusOf(core.listNamespacedPod({ namespace: 'ops', fieldSelector: 'spec.color=red' }))).message,
      'field label not supported: spec.color',
    );
    assert.equal((await core.readNamespacedPod({ namespace: 'ops', name: 'my-operator-6f7d8c9b5-abcde' })).kind, 'Pod');

    const w = await openWatch(kubeConfigFor(server), '/api/v1/namespaces/ops/pods', {
      labelSelector: 'app=payments-operator',
      resourceVersion: byLabel.metadata?.resourceVersion ?? '',
    });
    server.store.upsertPod(pod('ops', 'payments-operator-7d9f8c6b5-zzzzz', ['manager'], { labels: { app: 'payments-operator' } }));
    server.store.upsertPod(pod('ops', 'unrelated', ['main'], { labels: { app: 'other' } }));
    server.store.deletePod('ops', 'payments-operator-7d9f8c6b5-zzzzz');
    assert.equal((await w.events.next(2000, 'ADDED')).type, 'ADDED');
    const del = await w.events.next(2000, 'DELETED');
    assert.equal(del.type, 'DELETED');
    assert.equal(del.object.metadata?.name, 'payments-operator-7d9f8c6b5-zzzzz');
    w.abort();
  });

  test('reads logs with tailLines, timestamps, sinceSeconds and limitBytes', async () => {
    const ns = 'ops';
    const name = 'payments-operator-7d9f8c6b5-x2k4p';
    const old = new Date(Date.now() - 3600_000);
    server.store.appendLog(
      ns,
      name,
      'manager',
      'I1121 00:41:00.000000       1 leaderelection.go:250] attempting to acquire leader lease payments/a3f1c2d4...',
      old,
    );
    for (let i = 1; i <= 5; i++) {
      server.store.appendLog(ns, name, 'manager', `line ${i}`);
    }

    const all = await core.readNamespacedPodLog({ namespace: ns, name });
    assert.equal(all.split('\n').length, 7); // six lines and the final newline
    assert.equal(await core.readNamespacedPodLog({ namespace: ns, name, tailLines: 2 }), 'line 4\nline 5\n');
    const stamped = await core.readNamespacedPodLog({ namespace: ns, name, tailLines: 1, timestamps: true });
    assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line 5\n$/);
    const recent = await core.readNamespacedPodLog({ namespace: ns, name, sinceSeconds: 60 });
    assert.equal(recent, 'line 1\nline 2\nline 3\nline 4\nline 5\n');
    assert.equal(await core.readNamespacedPodLog({ namespace: ns, name, tailLines: 2, limitBytes: 8 }), 'line 4\nl');
  });

  test('answers the real errors: several containers, unknown container, missing pod, no previous', async () => {
    assert.deepEqual(
      await statusOf(core.readNamespacedPodLog({ namespace: 'ops', name: 'my-operator-6f7d8c9b5-abcde' })),
      fixtures.containerRequired,
    );
    const unknown = await statusOf(
      core.readNamespacedPodLog({ namespace: 'ops', name: 'my-operator-6f7d8c9b5-abcde', container: 'sidecar' }),
    );
    assert.equal(unknown.code, 400);
    assert.equal(unknown.message, 'container sidecar is not valid for pod my-operator-6f7d8c9b5-abcde');
    const missing = await statusOf(core.readNamespacedPodLog({ namespace: 'ops', name: 'ghost' }));
    assert.equal(missing.code, 404);
    assert.equal(missing.message, 'pods "ghost" not found');
    const noPrevious = await statusOf(
      core.readNamespacedPodLog({ namespace: 'ops', name: 'my-operator-6f7d8c9b5-abcde', container: 'manager', previous: true }),
    );
    assert.equal(noPrevious.code, 400);
    assert.equal(noPrevious.message, 'previous terminated container "manager" in pod "my-operator-6f7d8c9b5-abcde" not found');
  });

  test('follows a log: new lines stream until the container restarts; previous then holds them', async () => {
    const ns = 'ops';
    const name = 'payments-operator-7d9f8c6b5-q8r7t';
    server.store.appendLog(ns, name, 'manager', 'before follow');
    const f = await follow(server, ns, name, 'manager', { timestamps: true });
    assert.match(await f.lines.next(2000, 'the existing line'), /^\S+Z before follow$/);
    server.store.appendLog(
      ns,
      name,
      'manager',
      'I1121 00:41:36.118002       1 leaderelection.go:260] successfully acquired lease ops/payments',
    );
    assert.match(await f.lines.next(2000, 'the appended line'), /successfully acquired lease/);

    const restarted = server.store.restartContainer(ns, name, 'manager');
    assert.equal(restarted.status?.containerStatuses?.[0].restartCount, 1);
    assert.equal(restarted.status?.containerStatuses?.[0].lastState?.terminated?.exitCode, 1);
    await within(f.ended, 2000, 'the follow to end at the restart');

    server.store.appendLog(ns, name, 'manager', 'after restart');
    assert.equal(await core.readNamespacedPodLog({ namespace: ns, name, container: 'manager' }), 'after restart\n');
    const previous = await core.readNamespacedPodLog({ namespace: ns, name, container: 'manager', previous: true });
    assert.match(previous, /before follow\n.*successfully acquired lease/s);
  });

  test('ends a follow when the pod is deleted', async () => {
    server.store.upsertPod(pod('ops', 'short-lived', ['main']));
    const f = await follow(server, 'ops', 'short-lived', 'main');
    server.store.appendLog('ops', 'short-lived', 'main', 'hello');
    assert.equal(await f.lines.next(2000, 'hello'), 'hello');
    server.store.deletePod('ops', 'short-lived');
    await within(f.ended, 2000, 'the follow to end with the pod');
  });
});
