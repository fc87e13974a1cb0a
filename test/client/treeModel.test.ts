// The Leases view model over the lease cache, the cache fed with protocol messages as the Lease
// server sends them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LeaseCache } from '../../src/client/leases/leaseCache';
import { LeaseTreeModel, type TreeModelOptions } from '../../src/client/tree/treeModel';
import { namespacesOpenUpTo } from '../../src/client/tree/treeScope';
import { parseTreeId, treeId } from '../../src/client/tree/treeIds';
import { DescriptionClock } from '../../src/client/tree/descriptionClock';
import { escapeMarkdown } from '../../src/client/tree/markdown';
import { parseLeaseFilter } from '../../src/client/tree/leaseFilter';
import type { NodeLeaseMode } from '../../src/shared/types';
import { contextState, fixtureLeases, kubeconfigState, leaseBatch, leaseInfo, leaseSnapshot, schedulerRenew } from '../support/builders';

const demo = 'kind-demo';
const now = schedulerRenew + 3000;

/** The tree over a cache; a cache change is handed to the tree (`m.changed`) where the test needs its rows. */
function model({ contexts = [], ...options }: Partial<TreeModelOptions> & { contexts?: string[] } = {}): LeaseTreeModel {
  const m = new LeaseTreeModel(new LeaseCache(contexts), { nodeLeases: 'counted', expiringSeconds: 5, ...options });
  m.cache.setServerStatus({ state: 'running' });
  m.cache.setKubeconfig(
    kubeconfigState([
      contextState('prod', { phase: 'idle', synced: false }),
      contextState(demo, { current: true }),
      contextState('aaa-lab', { phase: 'idle', synced: false }),
    ]),
  );
  m.cache.applySnapshot(leaseSnapshot(demo, fixtureLeases(demo), { current: true, nodeLeaseCount: undefined }));
  return m;
}

function labels(m: LeaseTreeModel, parent: string | undefined, at = now): string[] {
  return m.children(parent).map((id) => {
    const row = m.row(id, at);
    assert.ok(row, `row ${id} exists`);
    return row.description ? `${row.label} — ${row.description}` : row.label;
  });
}

const ns = (namespace: string, context = demo): string => treeId.namespace(context, namespace);
const key = (namespace: string, name: string, context = demo): string => `${context}/${namespace}/${name}`;

describe('tree model: rows and order', () => {
  test('current context first, then contexts by name', () => {
    assert.deepEqual(labels(model(), undefined), ['kind-demo — current · connected', 'aaa-lab — not loaded', 'prod — not loaded']);
  });

  test('namespaces by name with kube-node-lease last, leases by name', () => {
    const m = model();
    assert.deepEqual(labels(m, treeId.context(demo)), [
      'cert-manager — 1 lease',
      'jobs — 1 lease',
      'kube-system — 3 leases',
      'kube-system-cle — 1 lease',
      'payments — 1 lease',
      'kube-node-lease — 1 node lease',
    ]);
    assert.deepEqual(m.children(ns('kube-system')), [
      key('kube-system', 'apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e'),
      key('kube-system', 'kube-controller-manager'),
      key('kube-system', 'kube-scheduler'),
    ]);
  });

  test('namespaces open expanded in a small cluster, collapsed at fleet scale (namespacesOpenUpTo)', () => {
    const m = model();
    assert.equal(m.row(ns('kube-system'), now)?.collapsible, 'expanded');
    const many = Array.from({ length: namespacesOpenUpTo }, (_, i) =>
      leaseInfo({ holderIdentity: `pod-${i}`, leaseDurationSeconds: 15, renewTime: new Date(now).toISOString() }, now, {
        context: demo,
        namespace: `team-${i % 7}`,
        name: `lease-${i}`,
      }),
    );
    m.cache.applySnapshot(leaseSnapshot(demo, [...fixtureLeases(demo), ...many], { current: true }));
    assert.equal(m.row(ns('team-3'), now)?.collapsible, 'collapsed', `more than ${namespacesOpenUpTo} Leases`);
    assert.equal(m.row(ns('kube-system'), now)?.collapsible, 'collapsed');
    assert.equal(m.row(ns('kube-node-lease'), now)?.collapsible ?? 'collapsed', 'collapsed', 'node heartbeats never count');
    m.cache.applySnapshot(leaseSnapshot(demo, many, { current: true }));
    assert.equal(m.row(ns('team-3'), now)?.collapsible, 'expanded', `exactly ${namespacesOpenUpTo} Leases`);
  });

  test('lease descriptions: holder and time left, expired, released, never held', () => {
    const m = model();
    // Comfortably held: runs out within its duration, the same text until it is expiring.
    assert.equal(m.row(key('kube-system', 'kube-scheduler'), now)?.description, 'cp-node-2 · ≤15s');
    assert.equal(m.row(key('kube-system', 'kube-controller-manager'), now)?.description, 'cp-node-1 · ≤15s');
    assert.equal(m.row(key('kube-system', 'kube-scheduler'), now + 3000)?.description, 'cp-node-2 · ≤15s');
    // Expiring: second by second.
    assert.equal(m.row(key('kube-system', 'kube-scheduler'), now + 8000)?.description, 'cp-node-2 · expiring 4s');
    assert.equal(
      m.row(key('cert-manager', 'cert-manager-controller'), now)?.description,
      'cert-manager-7d9f8c6b5-x2k4p-external-c… · ≤1m 00s',
    );
    assert.equal(m.row(key('payments', 'a3f1c2d4.payments.example.com'), now)?.description, 'released');
    assert.equal(m.row(key('jobs', 'batch-reconciler'), now)?.description, 'never held');
    const later = schedulerRenew + 15_000 + 3 * 60_000 + 500;
    assert.equal(m.row(key('kube-system', 'kube-scheduler'), later)?.description, 'cp-node-2 · expired 3m ago');
    assert.equal(m.row(key('kube-system', 'kube-scheduler'), schedulerRenew + 12_000)?.description, 'cp-node-2 · expiring 3s');
  });

  test('lease icons and colors follow the state', () => {
    const m = model();
    assert.deepEqual(m.row(key('kube-system', 'kube-scheduler'), now)?.icon, { id: 'pass', color: 'charts.green' });
    assert.deepEqual(m.row(key('kube-system', 'kube-scheduler'), schedulerRenew + 12_000)?.icon, {
      id: 'warning',
      color: 'charts.yellow',
    });
    assert.deepEqual(m.row(key('kube-system', 'kube-scheduler'), schedulerRenew + 60_000)?.icon, {
      id: 'error',
      color: 'errorForeground',
    });
    assert.equal(m.row(key('payments', 'a3f1c2d4.payments.example.com'), now)?.icon?.id, 'circle-outline');
    assert.equal(m.row(key('jobs', 'batch-reconciler'), now)?.icon?.id, 'circle-slash');
  });

  test('an invalid lease says what is wrong', () => {
    const m = model();
    m.cache.applyBatch(
      leaseBatch(demo, [
        { type: 'upsert', lease: leaseInfo({ holderIdentity: 'x' }, schedulerRenew, { context: demo, namespace: 'jobs', name: 'broken' }) },
      ]),
    );
    const row = m.row(key('jobs', 'broken'), now);
    assert.equal(row?.description, 'x · invalid: leaseDurationSeconds is missing');
    assert.equal(row?.icon?.id, 'warning');
  });

  test('API server identity leases are recognisable', () => {
    const row = model().row(key('kube-system', 'apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e'), now);
    assert.equal(row?.icon?.id, 'server');
    assert.equal(row?.icon?.color, 'charts.green');
    assert.match(row?.description ?? '', /^apiserver identity · cp-node-1 · ≤1h 00m$/);
    assert.equal(row?.contextValue, 'lease.held.apiserver');
  });

  test('contextValues match the manifest menus', () => {
    const m = model();
    const held = m.row(key('kube-system', 'kube-scheduler'), now)?.contextValue ?? '';
    const released = m.row(key('payments', 'a3f1c2d4.payments.example.com'), now)?.contextValue ?? '';
    const never = m.row(key('jobs', 'batch-reconciler'), now)?.contextValue ?? '';
    assert.equal(held, 'lease.held');
    assert.equal(released, 'lease');
    assert.equal(never, 'lease');
    // The manifest's regexes.
    const follow = /^lease(?!.*followed)/;
    const unfollow = /^lease.*followed/;
    const copyHolder = /^lease.*held/;
    assert.ok(follow.test(held) && !unfollow.test(held) && copyHolder.test(held));
    assert.ok(!copyHolder.test(never), 'a never-held lease has no holder to copy');
    m.setFollowed([key('kube-system', 'kube-scheduler')]);
    const followed = m.row(key('kube-system', 'kube-scheduler'), now)?.contextValue ?? '';
    assert.equal(followed, 'lease.held.followed');
    assert.ok(!follow.test(followed) && unfollow.test(followed));
    assert.match(m.row(treeId.context(demo), now)?.contextValue ?? '', /^context/);
    assert.equal(m.row(ns('kube-system'), now)?.contextValue, 'namespace');
  });

  test('following changes only the lease rows concerned', () => {
    const m = model();
    const change = m.setFollowed([key('kube-system', 'kube-scheduler')]);
    assert.deepEqual(change, { all: false, ids: [key('kube-system', 'kube-scheduler')], leases: [] });
    assert.deepEqual(m.setFollowed([key('kube-system', 'kube-scheduler')]).ids, []);
  });

  test('stable ids: leases are context/namespace/name and every id parses back', () => {
    const m = model();
    const all: string[] = [];
    const walk = (parent?: string): void => {
      for (const id of m.children(parent)) {
        all.push(id);
        assert.ok(parseTreeId(id), `id ${id} parses`);
        assert.equal(m.row(id, now)?.id, id);
        assert.equal(m.parent(id), parent, `parent of ${id}`);
        walk(id);
      }
    };
    walk();
    assert.ok(all.includes('kind-demo/kube-system/kube-scheduler'));
    assert.equal(new Set(all).size, all.length, 'ids are unique');
    // Context names may hold '/' and '#'.
    assert.deepEqual(parseTreeId(treeId.namespace('arn:aws:eks:eu/x#1', 'ns')), {
      kind: 'namespace',
      context: 'arn:aws:eks:eu/x#1',
      namespace: 'ns',
    });
    assert.deepEqual(parseTreeId('arn:aws:eks:eu/x#1/ns/name'), {
      kind: 'lease',
      key: 'arn:aws:eks:eu/x#1/ns/name',
      context: 'arn:aws:eks:eu/x#1',
      namespace: 'ns',
      name: 'name',
    });
  });
});

describe('tree model: node heartbeat leases', () => {
  const modes: Record<NodeLeaseMode, string[]> = {
    hidden: ['cert-manager', 'jobs', 'kube-system', 'kube-system-cle', 'payments'],
    counted: ['cert-manager', 'jobs', 'kube-system', 'kube-system-cle', 'payments', 'kube-node-lease'],
    shown: ['cert-manager', 'jobs', 'kube-system', 'kube-system-cle', 'payments', 'kube-node-lease'],
  };
  for (const mode of ['hidden', 'counted', 'shown'] as const) {
    test(`${mode}`, () => {
      const m = model({ nodeLeases: mode });
      const rows = m.children(treeId.context(demo)).map((id) => m.row(id, now));
      assert.deepEqual(
        rows.map((r) => r?.label),
        modes[mode],
      );
      const node = rows.find((r) => r?.label === 'kube-node-lease');
      if (mode === 'counted') {
        assert.equal(node?.kind, 'node-count');
        assert.equal(node?.description, '1 node lease');
        assert.equal(node?.collapsible, 'none');
        assert.deepEqual(m.children(node?.id), []);
      }
      if (mode === 'shown') {
        assert.equal(node?.kind, 'namespace');
        assert.equal(node?.collapsible, 'collapsed');
        assert.deepEqual(labels(m, node?.id), ['cp-node-1 — held']);
        assert.equal(m.row(key('kube-node-lease', 'cp-node-1'), now)?.icon?.id, 'vm');
        assert.deepEqual(m.tickingLeaseIds(node?.id ?? ''), [], 'node leases never tick');
      }
    });
  }

  test('the count from the server wins over the leases held', () => {
    const m = model();
    const change = m.changed(m.cache.setContextState(contextState(demo, { current: true, nodeLeaseCount: 3000 })));
    assert.deepEqual(change.ids, [treeId.nodeCount(demo)]);
    assert.equal(m.row(treeId.nodeCount(demo), now)?.description, '3,000 node leases', 'grouped as the UI language writes numbers');
  });

  test('renewals of counted node leases change nothing visible', () => {
    const m = model();
    const renewed = { ...m.cache.lease(key('kube-node-lease', 'cp-node-1'))!, resourceVersion: '999' };
    const change = m.changed(m.cache.applyBatch(leaseBatch(demo, [{ type: 'upsert', lease: renewed }])));
    assert.deepEqual(change.ids, []);
    assert.deepEqual(change.leases, [renewed.key]);
  });
});

describe('tree model: filter', () => {
  test('text matches name, namespace or holder', () => {
    const m = model();
    m.setFilter('sched');
    assert.equal(m.filterText, 'sched');
    assert.deepEqual(labels(m, treeId.context(demo)), ['kube-system — 1 lease']);
    assert.deepEqual(m.children(ns('kube-system')), [key('kube-system', 'kube-scheduler')]);
    m.setFilter('cp-node-3');
    assert.deepEqual(labels(m, treeId.context(demo)), ['kube-system-cle — 1 lease']);
  });

  test('ns:<namespace> keeps one namespace; node count only for ns:kube-node-lease', () => {
    const m = model();
    m.setFilter('ns:payments');
    assert.deepEqual(labels(m, treeId.context(demo)), ['payments — 1 lease']);
    m.setFilter('ns:kube-node-lease');
    assert.deepEqual(labels(m, treeId.context(demo)), ['kube-node-lease — 1 node lease']);
    m.setFilter('ns:kube-system controller');
    assert.deepEqual(m.children(ns('kube-system')), [key('kube-system', 'kube-controller-manager')]);
  });

  test('nothing matches: a message row; clearing restores everything', () => {
    const m = model();
    assert.equal(m.setFilter('nothing-like-this').all, true);
    assert.deepEqual(labels(m, treeId.context(demo)), ['No Leases match the filter — nothing-like-this']);
    m.setFilter('  ');
    assert.equal(m.filterText, undefined);
    assert.equal(m.children(treeId.context(demo)).length, 6);
  });

  test('parse', () => {
    assert.equal(parseLeaseFilter(''), undefined);
    assert.equal(parseLeaseFilter('ns:'), undefined);
    assert.deepEqual(parseLeaseFilter(' NS:Kube-System  Sched '), {
      text: 'NS:Kube-System  Sched',
      namespaces: ['kube-system'],
      terms: ['sched'],
    });
  });
});

describe('tree model: batched deltas', () => {
  test('an update of a shown lease changes only that row', () => {
    const m = model();
    const renewed = {
      ...m.cache.lease(key('kube-system', 'kube-scheduler'))!,
      resourceVersion: '918300',
      spec: { ...m.cache.lease(key('kube-system', 'kube-scheduler'))!.spec, renewTime: '2026-11-21T00:41:19.924123Z' },
    };
    const other = { ...m.cache.lease(key('cert-manager', 'cert-manager-controller'))!, resourceVersion: '918301' };
    const change = m.changed(
      m.cache.applyBatch(
        leaseBatch(demo, [
          { type: 'upsert', lease: renewed },
          { type: 'upsert', lease: other },
        ]),
      ),
    );
    assert.deepEqual(change, {
      all: false,
      ids: [key('kube-system', 'kube-scheduler'), key('cert-manager', 'cert-manager-controller')],
      leases: [key('kube-system', 'kube-scheduler'), key('cert-manager', 'cert-manager-controller')],
    });
    assert.equal(m.row(key('kube-system', 'kube-scheduler'), now + 9500)?.description, 'cp-node-2 · expiring 5s');
  });

  test('a new lease in a shown namespace changes that namespace', () => {
    const m = model();
    const added = leaseInfo({ holderIdentity: 'cp-node-1_x', leaseDurationSeconds: 15 }, schedulerRenew, {
      context: demo,
      namespace: 'kube-system',
      name: 'cloud-controller-manager',
    });
    const change = m.changed(m.cache.applyBatch(leaseBatch(demo, [{ type: 'upsert', lease: added }])));
    assert.deepEqual(change.ids, [ns('kube-system')]);
    assert.equal(m.row(ns('kube-system'), now)?.description, '4 leases');
    assert.deepEqual(m.children(ns('kube-system'))[1], added.key);
  });

  test('a new namespace changes the context', () => {
    const m = model();
    const added = leaseInfo({ holderIdentity: 'argo-0', leaseDurationSeconds: 15 }, schedulerRenew, {
      context: demo,
      namespace: 'argo',
      name: 'workflow-controller',
    });
    const change = m.changed(m.cache.applyBatch(leaseBatch(demo, [{ type: 'upsert', lease: added }])));
    assert.deepEqual(change.ids, [treeId.context(demo)]);
    assert.equal(m.children(treeId.context(demo))[0], ns('argo'));
  });

  test('a delete removes the row and changes its namespace', () => {
    const m = model();
    const gone = key('kube-system', 'kube-controller-manager');
    const change = m.changed(m.cache.applyBatch(leaseBatch(demo, [{ type: 'delete', key: gone, observedAt: now }])));
    assert.deepEqual(change, { all: false, ids: [ns('kube-system')], leases: [gone] });
    assert.equal(m.row(gone, now), undefined);
    assert.equal(m.cache.lease(gone), undefined);
    assert.ok(!m.children(ns('kube-system')).includes(gone));
  });

  test('deleting the last lease of a namespace changes the context', () => {
    const m = model();
    const change = m.changed(
      m.cache.applyBatch(leaseBatch(demo, [{ type: 'delete', key: key('jobs', 'batch-reconciler'), observedAt: now }])),
    );
    assert.deepEqual(change.ids, [treeId.context(demo)]);
    assert.ok(!m.children(treeId.context(demo)).includes(ns('jobs')));
    assert.equal(m.row(ns('jobs'), now), undefined);
  });

  test('deleting an unknown lease changes nothing', () => {
    const m = model();
    const change = m.changed(m.cache.applyBatch(leaseBatch(demo, [{ type: 'delete', key: key('jobs', 'nope'), observedAt: now }])));
    assert.deepEqual(change, { all: false, ids: [], leases: [] });
  });

  test('a lease moving out of the filter changes its namespace, not the others', () => {
    const m = model();
    m.setFilter('cp-node');
    const moved = {
      ...m.cache.lease(key('kube-system', 'kube-scheduler'))!,
      spec: { ...m.cache.lease(key('kube-system', 'kube-scheduler'))!.spec, holderIdentity: 'elsewhere_1' },
    };
    const change = m.changed(m.cache.applyBatch(leaseBatch(demo, [{ type: 'upsert', lease: moved }])));
    assert.deepEqual(change.ids, [ns('kube-system')]);
    assert.deepEqual(m.children(ns('kube-system')), [key('kube-system', 'kube-controller-manager')]);
  });

  test('reset replaces everything the context held', () => {
    const m = model();
    const only = leaseInfo({ holderIdentity: 'a', leaseDurationSeconds: 10 }, schedulerRenew, {
      context: demo,
      namespace: 'fresh',
      name: 'only-one',
    });
    const change = m.changed(m.cache.applyBatch(leaseBatch(demo, [{ type: 'upsert', lease: only }], true)));
    assert.deepEqual(change.ids, [treeId.context(demo)]);
    assert.ok(change.leases.includes(key('kube-system', 'kube-scheduler')), 'dropped leases are reported');
    assert.ok(change.leases.includes(only.key));
    assert.deepEqual(labels(m, treeId.context(demo)), ['fresh — 1 lease']);
    assert.equal(m.cache.lease(key('kube-system', 'kube-scheduler')), undefined);
  });

  test('batches of contexts not shown change no row', () => {
    const m = model({ contexts: [demo] });
    const change = m.changed(
      m.cache.applyBatch(
        leaseBatch('prod', [{ type: 'upsert', lease: leaseInfo({}, schedulerRenew, { context: 'prod', namespace: 'a', name: 'b' }) }]),
      ),
    );
    assert.deepEqual(change.ids, []);
    assert.deepEqual(labels(m, undefined), ['kind-demo — current · connected']);
  });
});

describe('tree model: context states and problems', () => {
  test('connecting shows a spinner and a loading row', () => {
    const m = model();
    const change = m.changed(m.cache.setContextState(contextState('prod', { phase: 'connecting', synced: false })));
    assert.deepEqual(change.ids, [treeId.context('prod')]);
    assert.equal(m.row(treeId.context('prod'), now)?.icon?.id, 'loading~spin');
    assert.equal(m.row(treeId.context('prod'), now)?.description, 'connecting…');
    assert.deepEqual(labels(m, treeId.context('prod')), ['Connecting…']);
  });

  test('unreachable with the reason and the hint', () => {
    const m = model();
    m.cache.setContextState(
      contextState('prod', {
        phase: 'unreachable',
        synced: false,
        message: 'dial tcp 10.0.0.1:6443: connect: connection refused',
        hint: 'Check that the cluster runs and that the server address is right.',
      }),
    );
    const row = m.row(treeId.context('prod'), now);
    assert.equal(row?.description, 'unreachable: dial tcp 10.0.0.1:6443: connect: connection refused');
    assert.equal(row?.icon?.color, 'errorForeground');
    assert.equal(row?.contextValue, 'context.failed');
    assert.deepEqual(labels(m, treeId.context('prod')), [
      'Cannot reach the API server — dial tcp 10.0.0.1:6443: connect: connection refused',
      'Check that the cluster runs and that the server address is right.',
    ]);
    assert.match(m.tooltip(treeId.context('prod'), now) ?? '', /What to do:/);
  });

  test('unauthorized and forbidden', () => {
    const m = model();
    m.cache.setContextState(contextState('prod', { phase: 'unauthorized', synced: false, message: 'Unauthorized' }));
    assert.equal(m.row(treeId.context('prod'), now)?.description, 'unauthorized: Unauthorized');
    m.cache.setContextState(contextState('prod', { phase: 'forbidden', synced: false }));
    assert.equal(m.row(treeId.context('prod'), now)?.description, 'forbidden: may not list Leases');
    assert.equal(m.row(treeId.context('prod'), now)?.icon?.id, 'lock');
  });

  test('partly forbidden lists the namespaces', () => {
    const m = model();
    m.cache.setContextState(contextState(demo, { current: true, phase: 'partial', forbiddenNamespaces: ['secret-ns', 'vault'] }));
    assert.equal(m.row(treeId.context(demo), now)?.description, 'current · partly forbidden: secret-ns, vault');
    const rows = labels(m, treeId.context(demo));
    assert.ok(rows.includes('secret-ns — forbidden'));
    assert.ok(rows.includes('vault — forbidden'));
    assert.equal(rows[rows.length - 1], 'kube-node-lease — 1 node lease', 'kube-node-lease stays last');
  });

  test('a state that changes nothing shown changes no row', () => {
    const m = model();
    assert.deepEqual(m.changed(m.cache.setContextState(contextState(demo, { current: true }))).ids, []);
  });

  test('kubeconfig problems are error rows naming the file', () => {
    const m = model();
    m.cache.setKubeconfig(
      kubeconfigState([contextState(demo, { current: true })], {
        problems: [{ file: '/home/me/.kube/other', message: 'yaml: line 3: mapping values are not allowed here' }],
      }),
    );
    const [first] = m.children();
    const row = m.row(first ?? '', now);
    assert.equal(row?.kind, 'problem');
    assert.equal(row?.label, 'other: yaml: line 3: mapping values are not allowed here');
    assert.equal(row?.description, '/home/me/.kube/other');
    assert.deepEqual(row?.action, { kind: 'open-file', file: '/home/me/.kube/other' });
  });

  test('no kubeconfig: no rows, so the welcome content shows', () => {
    const m = new LeaseTreeModel(new LeaseCache(), { nodeLeases: 'counted', expiringSeconds: 5 });
    assert.deepEqual(labels(m, undefined), ['Starting the Lease server…']);
    m.cache.setServerStatus({ state: 'running' });
    m.cache.setKubeconfig({ files: [], contexts: [], problems: [] });
    assert.equal(m.cache.noKubeconfig, true);
    assert.deepEqual(m.children(), []);
  });

  test('a stopped server is a row above the contexts', () => {
    const m = model();
    m.cache.setServerStatus({ state: 'stopped', message: 'restarting' });
    assert.deepEqual(labels(m, undefined)[0], 'The Lease server stopped — restarting');
  });

  test('the contexts setting filters the contexts', () => {
    const m = model({ contexts: ['prod'] });
    assert.deepEqual(labels(m, undefined), ['prod — not loaded']);
    m.cache.setShownContexts(['gone']);
    assert.deepEqual(labels(m, undefined), ['None of the contexts in leaseLens.contexts is in the kubeconfig — choose contexts']);
  });
});

describe('tree model: tooltips', () => {
  test('every spec field, both countdowns, transitions and the last change', () => {
    const tip = model().tooltip(key('kube-system', 'kube-scheduler'), now) ?? '';
    for (const field of [
      'holderIdentity',
      'leaseDurationSeconds',
      'acquireTime',
      'renewTime',
      'leaseTransitions',
      'strategy',
      'preferredHolder',
    ]) {
      assert.match(tip, new RegExp(`\\| ${field} \\|`));
    }
    assert.match(tip, /\*\*By renewTime:\*\* 12s left/);
    assert.match(tip, /\*\*By observation:\*\* 12s left/);
    assert.match(tip, /moved 7 times/);
    assert.match(tip, /\*\*Last change:\*\* observed \(3s ago\)/);
    assert.match(tip, /cp\\-node\\-2\\_1f0c9a3e/);
  });

  test('a hostile holderIdentity shows literally', () => {
    const m = model();
    const hostile =
      '<img src=x onerror=alert(1)> [click](command:workbench.action.quit) **b** `c` $(bug) https://evil.example/x |x|\nline2';
    m.cache.applyBatch(
      leaseBatch(demo, [
        {
          type: 'upsert',
          lease: leaseInfo(
            { holderIdentity: hostile, leaseDurationSeconds: 15, renewTime: '2026-11-21T00:41:17.924123Z' },
            schedulerRenew,
            { context: demo, namespace: 'evil', name: 'evil<b>' },
          ),
        },
      ]),
    );
    const tip = m.tooltip(key('evil', 'evil<b>'), now) ?? '';
    assert.ok(!tip.includes('<img'), 'no raw HTML');
    assert.ok(!tip.includes('<b>'), 'no raw HTML in the name');
    assert.ok(!tip.includes('](command:'), 'no link');
    assert.ok(!tip.includes('https://'), 'no autolink');
    assert.ok(!tip.includes('$(bug)'), 'no theme icon');
    assert.ok(!/[^\\]\|x/.test(tip), 'pipes cannot break the table');
    assert.ok(!tip.includes('\nline2'), 'no line break from the cluster');
    assert.ok(tip.includes('&lt;img src\\=x onerror\\=alert\\(1\\)&gt;'));
  });

  test('escapeMarkdown', () => {
    assert.equal(escapeMarkdown('a_b*c'), 'a\\_b\\*c');
    assert.equal(escapeMarkdown('<&>'), '&lt;&amp;&gt;');
    assert.equal(escapeMarkdown('x\u202Ey'), 'xy', 'bidi overrides are dropped');
    assert.equal(escapeMarkdown('x'.repeat(600)).length, 512);
  });
});

describe('tree model: countdown refresh', () => {
  test('only rows whose description changes are due, and never node leases', () => {
    const m = model({ nodeLeases: 'shown' });
    const clock = new DescriptionClock();
    const ticking = [...m.tickingLeaseIds(ns('kube-system')), ...m.tickingLeaseIds(ns('payments'))];
    assert.deepEqual(ticking.length, 4);
    for (const id of ticking) {
      clock.drawnWith(id, m.description(id, now));
    }
    // 50 ms later every countdown still shows the same whole second.
    assert.deepEqual(
      clock.due(ticking, (id) => m.description(id, now + 50)),
      [],
    );
    // Within a step comfortably held leases read the same (a hover on them survives)…
    assert.deepEqual(
      clock.due(ticking, (id) => m.description(id, now + 900)),
      [],
    );
    // …until it is expiring: no step on the way (a renewal or a second redraws nothing).
    assert.deepEqual(
      clock.due(ticking, (id) => m.description(id, now + 1100)),
      [],
    );
    // Once expiring they count down; the released lease does not change.
    assert.deepEqual(
      clock.due(ticking, (id) => m.description(id, now + 8500)),
      [key('kube-system', 'kube-controller-manager'), key('kube-system', 'kube-scheduler')],
    );
    // Rows never drawn are never due.
    assert.deepEqual(
      clock.due([key('cert-manager', 'cert-manager-controller')], (id) => m.description(id, now + 1000)),
      [],
    );
    assert.deepEqual(m.tickingLeaseIds(ns('kube-node-lease')), []);
    assert.deepEqual(m.tickingLeaseIds(ns('jobs')), [key('jobs', 'batch-reconciler')]);
  });
});
