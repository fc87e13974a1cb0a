// The demo's split brain and the local API server's pod proxy: demo/zombie-controller's replicas
// serve their metrics through GET pods/{name}:{port}/proxy/metrics (read here with
// @kubernetes/client-node and plain HTTP); the second replica reports leading for a while, logs
// it and records a "became leader" Event while the first still renews. Missing pods answer 404,
// ports nobody listens on 503, users without pods/proxy 403.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CoreV1Api } from '@kubernetes/client-node';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { startDemo } from '../../demo';
import { SplitBrainPair, SPLIT_BRAIN_LEASE, SPLIT_BRAIN_METRICS_PORT } from '../../demo/splitBrainPair';
import { waitFor } from '../../harness/waiting';
import { kubeConfigFor } from './apiserver/testkit';

const { namespace, name } = SPLIT_BRAIN_LEASE;
const users = [
  { name: 'admin', token: 'admin-token', admin: true, write: true },
  { name: 'noproxy', token: 'noproxy-token', admin: true, resources: ['pods', 'leases'] },
];

function masterStatus(text: string): number | undefined {
  const m = /^leader_election_master_status\{name="zombie-controller"\} (\d)$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

describe('demo: the split-brain pair through the pod proxy', () => {
  let api: ApiServer;
  let pair: SplitBrainPair;

  before(async () => {
    api = await startApiServer({ users });
    pair = new SplitBrainPair({ store: api.store, firstAfterMs: 3_600_000, everyMs: 0, note: () => undefined });
    pair.start();
  });
  after(async () => {
    pair?.stop();
    await api?.close();
  });

  const get = (path: string, token = 'admin-token'): Promise<Response> =>
    fetch(`${api.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const metricsPath = (pod: string, port = SPLIT_BRAIN_METRICS_PORT): string =>
    `/api/v1/namespaces/${namespace}/pods/${pod}:${port}/proxy/metrics`;

  test('both replicas serve metrics through the pod proxy (read with client-node)', async () => {
    const core = kubeConfigFor(api).makeApiClient(CoreV1Api);
    const holder = await core.connectGetNamespacedPodProxyWithPath({
      namespace,
      name: `${pair.holder.pod}:${SPLIT_BRAIN_METRICS_PORT}`,
      path: 'metrics',
    });
    assert.equal(masterStatus(String(holder)), 1);
    const other = await get(metricsPath(pair.zombie.pod));
    assert.equal(other.status, 200);
    assert.match(other.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.equal(masterStatus(await other.text()), 0);
    const pod = api.store.getPod(namespace, pair.zombie.pod)!;
    assert.equal(
      pod.metadata.annotations?.['prometheus.io/port'],
      String(SPLIT_BRAIN_METRICS_PORT),
      'one replica names its port by annotation',
    );
  });

  test('the second replica reports leading for a while, logs it and records an Event; the Lease holder keeps renewing', async () => {
    const renewBefore = api.store.getLease(namespace, name)?.spec?.renewTime;
    pair.startSplitBrain();
    assert.equal(masterStatus(await (await get(metricsPath(pair.zombie.pod))).text()), 1);
    assert.equal(masterStatus(await (await get(metricsPath(pair.holder.pod))).text()), 1, 'both say they lead');
    const lease = await waitFor('a renewal by the holder', () => {
      const l = api.store.getLease(namespace, name);
      return l?.spec?.renewTime !== renewBefore ? l : undefined;
    });
    assert.equal(lease.spec?.holderIdentity, pair.holder.identity);
    const events = api.store.list('events', namespace) as { message?: string }[];
    assert.ok(events.some((e) => e.message === `${pair.zombie.identity} became leader`));
    const log = await (await get(`/api/v1/namespaces/${namespace}/pods/${pair.zombie.pod}/log`)).text();
    assert.match(log, /successfully acquired lease demo\/zombie-controller/);
    pair.endSplitBrain();
    assert.equal(masterStatus(await (await get(metricsPath(pair.zombie.pod))).text()), 0);
    assert.match(await (await get(`/api/v1/namespaces/${namespace}/pods/${pair.zombie.pod}/log`)).text(), /leaderelection lost/);
  });

  test('a missing pod is 404, a port nobody listens on 503, another path 404, no pods/proxy right 403, and only GET is served', async () => {
    const missing = await get(metricsPath('no-such-pod'));
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { reason?: string }).reason, 'NotFound');
    assert.equal((await get(metricsPath(pair.holder.pod, 9999))).status, 503);
    assert.equal(
      (await get(`/api/v1/namespaces/${namespace}/pods/${pair.holder.pod}:${SPLIT_BRAIN_METRICS_PORT}/proxy/other`)).status,
      404,
    );
    const forbidden = await get(metricsPath(pair.holder.pod), 'noproxy-token');
    assert.equal(forbidden.status, 403);
    assert.match(((await forbidden.json()) as { message?: string }).message ?? '', /pods\/proxy|proxy/);
    const post = await fetch(`${api.url}${metricsPath(pair.holder.pod)}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer admin-token' },
    });
    assert.notEqual(post.status, 200);
  });
});

describe('demo: startDemo runs the split-brain pair when asked', () => {
  let dir: string;
  test('demo.splitBrain serves the Lease and both pods', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lease-lens-demo-split-'));
    const demo = await startDemo({
      port: 0,
      kubeconfigPath: join(dir, 'kubeconfig.yaml'),
      crashEveryMs: 0,
      releaseEveryMs: 0,
      nodeCount: 1,
      chatterEveryMs: 0,
      splitBrain: { firstAfterMs: 3_600_000 },
    });
    try {
      assert.ok(demo.splitBrain);
      const lease = demo.server.store.getLease(namespace, name);
      assert.equal(lease?.spec?.holderIdentity, demo.splitBrain.holder.identity);
      assert.ok(demo.server.store.getPod(namespace, demo.splitBrain.zombie.pod));
    } finally {
      await demo.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
