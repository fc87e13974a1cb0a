// The Leases view for elections that are not a plain Lease (issue 17): ConfigMap and Endpoints
// locks, leader-for-life, a migration lock's two records (and when they disagree), and a
// coordinated election's strategy, preferred holder and LeaseCandidates as child rows; and the
// read-only YAML of a lock. The cache is fed protocol messages as the Lease server sends them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { load, loadAll } from 'js-yaml';
import { LeaseCache } from '../../src/client/leases/leaseCache';
import { LeaseTreeModel } from '../../src/client/tree/treeModel';
import { parseTreeId, treeId } from '../../src/client/tree/treeIds';
import { renderLeaseYaml } from '../../src/client/documents/leaseYaml';
import { followStatusText } from '../../src/client/statusBar/followStatusText';
import { leaderAnnotation, type LeaseCandidateInfo, type LeaseInfo } from '../../src/shared/types';
import { contextState, kubeconfigState, leaseInfo, leaseSnapshot, microTime } from '../support/builders';

const ctx = 'kind-demo';
const now = Date.parse('2026-12-06T02:00:00Z');
const uuid = '_4b7c2a4e-8c1f-4d3e-9f0a-1b2c3d4e5f60';

function spec(holder: string, renewedAgoMs = 1000): LeaseInfo['spec'] {
  return {
    holderIdentity: holder,
    leaseDurationSeconds: 15,
    acquireTime: microTime(now - 60_000),
    renewTime: microTime(now - renewedAgoMs),
    leaseTransitions: 2,
  };
}

function info(namespace: string, name: string, s: LeaseInfo['spec'], extra: Partial<LeaseInfo> = {}): LeaseInfo {
  // A Lease through the server's conversion, then the fields the server adds for other locks.
  return { ...leaseInfo(s, now - 1000, { context: ctx, namespace, name }), ...extra };
}

function candidate(name: string, patch: Partial<LeaseCandidateInfo> = {}): LeaseCandidateInfo {
  return {
    name,
    uid: `uid-${name}`,
    apiVersion: 'coordination.k8s.io/v1beta1',
    leaseName: 'demo-coordinated',
    binaryVersion: '1.34.0',
    emulationVersion: '1.34.0',
    strategy: 'OldestEmulationVersion',
    pingTime: microTime(now - 20_000),
    renewTime: microTime(now - 15_000),
    creationTimestamp: '2026-12-01T00:00:00Z',
    ...patch,
  };
}

const configMapLock = info('legacy-locks', 'legacy-controller', spec(`legacy-controller-6d5f${uuid}`), { lock: 'configmap' });
const endpointsLock = info('legacy-locks', 'old-endpoints', spec(`old-endpoints-7c9${uuid}`), { lock: 'endpoints' });
const forLife = info(
  'legacy-locks',
  'memcached-operator-lock',
  { holderIdentity: 'memcached-operator-5b8d9-x7k2q' },
  {
    lock: 'leader-for-life',
    ownerPod: 'memcached-operator-5b8d9-x7k2q',
  },
);
const migration = info('legacy-locks', 'migrating', spec(`migrating-a${uuid}`), {
  otherRecords: [
    { lock: 'configmap', uid: 'cm-uid', resourceVersion: '77', spec: spec(`migrating-a${uuid}`, 4000), observedAt: now - 4000 },
  ],
});
const disagreeing = info('legacy-locks', 'split', spec(`split-a${uuid}`), {
  otherRecords: [{ lock: 'endpoints', uid: 'ep-uid', resourceVersion: '78', spec: spec('split-b_2<img src=x>'), observedAt: now - 1000 }],
  recordsDisagree: ['holder: split-a in the Lease, split-b_2<img src=x> in the Endpoints'],
});
const coordinated = info(
  'kube-system',
  'demo-coordinated',
  { ...spec(`demo-coordinated-b${uuid}`), strategy: 'OldestEmulationVersion', preferredHolder: 'demo-coordinated-a' },
  {
    candidates: [
      candidate('demo-coordinated-b', { binaryVersion: '1.34.0', emulationVersion: '1.34.0' }),
      candidate('demo-coordinated-a', { binaryVersion: '1.34.0', emulationVersion: '1.33.0' }),
      candidate('demo-coordinated-old', { emulationVersion: '1.32.0', renewTime: microTime(now - 31 * 60_000) }),
    ],
  },
);
const plain = info('kube-system', 'kube-scheduler', spec(`cp-node-2${uuid}`));

function model(leases: LeaseInfo[]): LeaseTreeModel {
  const m = new LeaseTreeModel(new LeaseCache([]), { nodeLeases: 'counted', expiringSeconds: 5 });
  m.cache.setServerStatus({ state: 'running' });
  m.cache.setKubeconfig(kubeconfigState([contextState(ctx, { current: true })]));
  m.cache.applySnapshot(leaseSnapshot(ctx, leases, { current: true }));
  return m;
}

const all = [configMapLock, endpointsLock, forLife, migration, disagreeing, coordinated, plain];

describe('tree: locks that are not Leases', () => {
  test('ConfigMap and Endpoints locks sit next to Leases in their namespace, marked, with their countdown', () => {
    const m = model(all);
    assert.deepEqual(
      m.children(treeId.namespace(ctx, 'legacy-locks')),
      [configMapLock.key, disagreeing.key, migration.key, forLife.key, endpointsLock.key].sort(),
    );
    const cm = m.row(configMapLock.key, now);
    assert.equal(cm?.label, 'legacy-controller');
    assert.equal(cm?.description, 'ConfigMap lock · legacy-controller-6d5f · ≤15s');
    assert.equal(cm?.icon?.id, 'file-code');
    assert.equal(cm?.collapsible, 'none');
    assert.equal(m.row(configMapLock.key, now + 11_000)?.description, 'ConfigMap lock · legacy-controller-6d5f · expiring 3s');
    assert.match(
      m.tooltip(configMapLock.key, now) ?? '',
      /^\*\*legacy\\-locks\\\/legacy\\-controller\*\* in context kind\\-demo\n\nConfigMap lock · \*\*held\*\*/,
    );
    const ep = m.row(endpointsLock.key, now);
    assert.equal(ep?.description, 'Endpoints lock · old-endpoints-7c9 · ≤15s');
    assert.equal(ep?.icon?.id, 'plug');
    // A plain Lease is not marked.
    assert.equal(m.row(plain.key, now)?.description, 'cp-node-2 · ≤15s');
  });

  test('leader-for-life: never expires instead of a countdown, the owner pod in the tooltip', () => {
    const m = model(all);
    const row = m.row(forLife.key, now);
    assert.equal(row?.description, 'leader-for-life · memcached-operator-5b8d9-x7k2q · never expires');
    assert.equal(row?.icon?.id, 'pinned');
    assert.equal(m.row(forLife.key, now + 3_600_000)?.description, row?.description, 'an hour later: still no countdown');
    const tooltip = m.tooltip(forLife.key, now) ?? '';
    assert.ok(tooltip.includes('leader-for-life (ConfigMap owned by pod memcached\\-operator\\-5b8d9\\-x7k2q)'), tooltip);
    assert.match(tooltip, /Never expires:\*\* a dead leader holds it until its pod is deleted/);
    assert.doesNotMatch(tooltip, /By renewTime/);
  });

  test('a migration lock is one row whose tooltip shows both records', () => {
    const m = model(all);
    assert.equal(m.children(treeId.namespace(ctx, 'legacy-locks')).filter((id) => id.endsWith('/migrating')).length, 1);
    const row = m.row(migration.key, now);
    assert.equal(row?.description, 'Lease + ConfigMap lock · migrating-a · ≤15s');
    assert.equal(row?.icon?.id, 'files');
    const tooltip = m.tooltip(migration.key, now) ?? '';
    const recordRows = tooltip.split('\n').filter((line) => /^\| (Lease|ConfigMap) \|/.test(line));
    assert.equal(recordRows.length, 2, tooltip);
    assert.match(recordRows[0] ?? '', /^\| Lease \| migrating\\-a\\_4b7c/);
    assert.match(recordRows[1] ?? '', /^\| ConfigMap \| migrating\\-a\\_4b7c/);
    assert.doesNotMatch(tooltip, /disagree/);
  });

  test('records that disagree: a warning icon, "records disagree" on the row, each difference in the tooltip (escaped)', () => {
    const m = model(all);
    const row = m.row(disagreeing.key, now);
    assert.deepEqual(row?.icon, { id: 'warning', color: 'list.warningForeground' });
    assert.equal(row?.description, 'Lease + Endpoints lock · split-a · ≤15s · records disagree');
    const tooltip = m.tooltip(disagreeing.key, now) ?? '';
    assert.match(
      tooltip,
      /The records disagree:\*\*\n- holder\\: split\\-a in the Lease\\, split\\-b\\_2&lt;img src\\=x&gt; in the Endpoints/,
    );
    assert.doesNotMatch(tooltip, /<img/);
  });
});

describe('tree: coordinated election', () => {
  test('strategy and preferred holder next to the holder; candidates as child rows, the pick marked', () => {
    const m = model(all);
    const row = m.row(coordinated.key, now);
    assert.equal(row?.description, 'demo-coordinated-b (preferred: demo-coordinated-a) · ≤15s · OldestEmulationVersion');
    assert.equal(row?.collapsible, 'collapsed');
    const children = m.children(coordinated.key);
    assert.deepEqual(children, [
      treeId.candidate(coordinated.key, 'demo-coordinated-a'),
      treeId.candidate(coordinated.key, 'demo-coordinated-b'),
      treeId.candidate(coordinated.key, 'demo-coordinated-old'),
    ]);
    const rows = children.map((id) => m.row(id, now));
    assert.deepEqual(
      rows.map((r) => `${r?.label} — ${r?.description}`),
      [
        'demo-coordinated-a — 1.34.0 · emulates 1.33.0 · renewed 15s ago · strategy pick',
        'demo-coordinated-b — 1.34.0 · emulates 1.34.0 · renewed 15s ago',
        'demo-coordinated-old — 1.34.0 · emulates 1.32.0 · renewed 31m ago · not eligible',
      ],
    );
    assert.equal(rows[0]?.icon?.id, 'star-full');
    assert.equal(rows[0]?.contextValue, 'leaseCandidate.picked');
    assert.equal(m.parent(children[0] ?? ''), coordinated.key);
    assert.deepEqual(parseTreeId(children[0] ?? ''), {
      kind: 'candidate',
      key: coordinated.key,
      context: ctx,
      namespace: 'kube-system',
      name: 'demo-coordinated',
      candidate: 'demo-coordinated-a',
    });
    assert.match(m.tooltip(children[2] ?? '', now) ?? '', /Not eligible: not renewed within 30 minutes/);
    assert.match(m.tooltip(coordinated.key, now) ?? '', /The strategy would pick:\*\* demo\\-coordinated\\-a/);
    // A plain Lease has no children.
    assert.deepEqual(m.children(plain.key), []);
    assert.equal(m.row(plain.key, now)?.collapsible, 'none');
  });

  test('an unknown strategy: candidates shown, none picked, the reason in the tooltip', () => {
    const custom = { ...coordinated, spec: { ...coordinated.spec, strategy: 'example.com/Custom' } };
    const m = model([custom]);
    const descriptions = m.children(custom.key).map((id) => m.row(id, now)?.description ?? '');
    assert.ok(
      descriptions.every((d) => !d.includes('strategy pick')),
      descriptions.join('\n'),
    );
    assert.match(m.tooltip(custom.key, now) ?? '', /No pick:\*\* strategy example\\.com\\\/Custom is not run by the Kubernetes controller/);
  });
});

describe('read-only YAML of a lock', () => {
  test('a ConfigMap lock: kind ConfigMap, apiVersion v1, metadata only with the record in its annotation', () => {
    const text = renderLeaseYaml(configMapLock.key, { lease: configMapLock }, now);
    assert.match(text, /^# ConfigMap lock kind-demo\/legacy-locks\/legacy-controller \(read-only/);
    const object = load(
      text
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n'),
    ) as Record<string, Record<string, unknown>>;
    assert.equal(object.apiVersion as unknown, 'v1');
    assert.equal(object.kind as unknown, 'ConfigMap');
    assert.equal(object.spec, undefined);
    assert.equal(object.data, undefined);
    const annotations = object.metadata?.annotations as Record<string, string>;
    const record = JSON.parse(annotations[leaderAnnotation] ?? '{}') as Record<string, unknown>;
    assert.equal(record.holderIdentity, `legacy-controller-6d5f${uuid}`);
    assert.equal(record.leaderTransitions, 2);
  });

  test('an Endpoints lock is kind Endpoints; leader-for-life names its owner pod; a migration lock shows both objects', () => {
    const ep = load(renderLeaseYaml(endpointsLock.key, { lease: endpointsLock }, now)) as Record<string, unknown>;
    assert.equal(ep.kind, 'Endpoints');
    const life = load(renderLeaseYaml(forLife.key, { lease: forLife }, now)) as Record<string, Record<string, unknown>>;
    assert.equal(life.kind as unknown, 'ConfigMap');
    assert.deepEqual(life.metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'Pod', name: 'memcached-operator-5b8d9-x7k2q' }]);
    const docs = loadAll(renderLeaseYaml(migration.key, { lease: migration }, now)) as Array<Record<string, unknown>>;
    assert.deepEqual(
      docs.map((d) => d.kind),
      ['Lease', 'ConfigMap'],
    );
    const plainYaml = renderLeaseYaml(plain.key, { lease: plain }, now);
    assert.match(plainYaml, /^# Lease kind-demo\/kube-system\/kube-scheduler/);
    assert.equal((load(plainYaml) as Record<string, unknown>).kind, 'Lease');
  });
});

describe('status bar: a followed leader-for-life lock', () => {
  test('says it never expires instead of a countdown', () => {
    const text = followStatusText(forLife.key, forLife, false, now + 3_600_000, 5);
    assert.match(text.text, /^\$\(eye\) memcached-operator-5b8d9-x7k2q · never expires$/);
    assert.equal(text.state, 'held');
  });
});
