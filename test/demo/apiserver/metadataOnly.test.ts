// Metadata-only answers (PartialObjectMetadata / PartialObjectMetadataList, meta.k8s.io/v1), as
// kube-apiserver gives them to client-go's metadata informers: lists with pagination, gets and
// watches, for every resource; the first acceptable entry of the Accept header wins; the request
// log shows such answers never carried `data`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiServer, startApiServer } from '../../../demo/apiserver/index';
import { getWithAccept, rawWatch } from './testkit';

const listAccept = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const watchAccept = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
// What client-go's metadata client sends: protobuf first (not served here), then JSON.
const clientGoListAccept =
  'application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const big = 'x'.repeat(50_000);

interface Partial {
  kind: string;
  apiVersion: string;
  metadata: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [k: string]: unknown;
}

describe('local API server: metadata-only lists, gets and watches', () => {
  let server: ApiServer;

  before(async () => {
    server = await startApiServer({ bookmarkIntervalMs: 50 });
    for (let i = 0; i < 5; i++) {
      server.store.applyConfigMap({
        metadata: {
          name: `settings-${i}`,
          namespace: 'apps',
          labels: { app: 'web' },
          annotations: i === 2 ? { 'control-plane.alpha.kubernetes.io/leader': '{"holderIdentity":"web-0"}' } : undefined,
        },
        data: { payload: big },
      });
    }
  });
  after(() => server.close());

  test('a list with as=PartialObjectMetadataList answers metadata only, paged like a full list', async () => {
    const first = await getWithAccept(server, '/api/v1/namespaces/apps/configmaps?limit=2', listAccept);
    assert.equal(first.status, 200);
    assert.equal(first.contentType, 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io');
    assert.equal(first.body.kind, 'PartialObjectMetadataList');
    assert.equal(first.body.apiVersion, 'meta.k8s.io/v1');
    const meta = first.body.metadata as { resourceVersion: string; continue: string; remainingItemCount: number };
    assert.equal(meta.resourceVersion, server.store.resourceVersion());
    assert.equal(meta.remainingItemCount, 3);
    const items = first.body.items as Partial[];
    assert.deepEqual(
      items.map((i) => [i.kind, i.apiVersion, Object.keys(i).sort().join(',')]),
      [
        ['PartialObjectMetadata', 'meta.k8s.io/v1', 'apiVersion,kind,metadata'],
        ['PartialObjectMetadata', 'meta.k8s.io/v1', 'apiVersion,kind,metadata'],
      ],
    );
    assert.deepEqual(items[0].metadata.labels, { app: 'web' });
    const rest = await getWithAccept(
      server,
      `/api/v1/namespaces/apps/configmaps?limit=10&continue=${encodeURIComponent(meta.continue)}`,
      clientGoListAccept,
    );
    const all = [...items, ...(rest.body.items as Partial[])];
    assert.deepEqual(
      all.map((i) => i.metadata.name),
      ['settings-0', 'settings-1', 'settings-2', 'settings-3', 'settings-4'],
    );
    assert.equal(all[2].metadata.annotations?.['control-plane.alpha.kubernetes.io/leader'], '{"holderIdentity":"web-0"}');
    // The bodies are small: 5 × 50 KB of data were not sent.
    assert.ok(JSON.stringify(rest.body).length < 5_000);

    const full = await getWithAccept(server, '/api/v1/namespaces/apps/configmaps', 'application/json');
    assert.equal(full.body.kind, 'ConfigMapList');
    assert.equal((full.body.items as { data: { payload: string } }[])[0].data.payload.length, 50_000);
  });

  test('a get with as=PartialObjectMetadata answers one PartialObjectMetadata; a wrong shape is 406', async () => {
    const got = await getWithAccept(
      server,
      '/api/v1/namespaces/apps/configmaps/settings-2',
      'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
    );
    assert.equal(got.status, 200);
    assert.equal(got.contentType, 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io');
    assert.deepEqual(Object.keys(got.body).sort(), ['apiVersion', 'kind', 'metadata']);
    assert.equal(got.body.kind, 'PartialObjectMetadata');
    const listShape = await getWithAccept(
      server,
      '/api/v1/namespaces/apps/configmaps/settings-2',
      'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
    );
    assert.equal(listShape.status, 406);
    assert.equal(listShape.body.reason, 'NotAcceptable');
    const objShape = await getWithAccept(
      server,
      '/api/v1/namespaces/apps/configmaps',
      'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
    );
    assert.equal(objShape.status, 406);
    // Accept lists: the first entry served wins (here JSON before the metadata form).
    const jsonFirst = await getWithAccept(
      server,
      '/api/v1/namespaces/apps/configmaps/settings-2',
      `application/json,${'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1'}`,
    );
    assert.equal(jsonFirst.body.kind, 'ConfigMap');
    const unknownGroup = await getWithAccept(
      server,
      '/api/v1/namespaces/apps/configmaps/settings-2',
      'application/json;as=PartialObjectMetadata;g=example.com;v=v1',
    );
    assert.equal(unknownGroup.status, 406);
  });

  test('works for every resource: Leases, Pods, Namespaces, LeaseCandidates', async () => {
    server.store.applyLease({
      metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
      spec: { holderIdentity: 'cp-1_x', leaseDurationSeconds: 15 },
    });
    server.store.upsertPod({ metadata: { name: 'web-0', namespace: 'apps' }, spec: { containers: [{ name: 'web' }] } });
    for (const [path, name] of [
      ['/apis/coordination.k8s.io/v1/namespaces/kube-system/leases', 'kube-scheduler'],
      ['/api/v1/namespaces/apps/pods', 'web-0'],
      ['/api/v1/namespaces?fieldSelector=metadata.name%3Dapps', 'apps'],
      ['/apis/coordination.k8s.io/v1beta1/leasecandidates', undefined],
    ] as const) {
      const r = await getWithAccept(server, path, listAccept);
      assert.equal(r.body.kind, 'PartialObjectMetadataList', path);
      const items = r.body.items as Partial[];
      if (name) {
        assert.deepEqual(
          items.map((i) => [i.kind, i.metadata.name, i.spec, i.status]),
          [['PartialObjectMetadata', name, undefined, undefined]],
          path,
        );
      }
    }
  });

  test('a watch with as=PartialObjectMetadata sends PartialObjectMetadata events and BOOKMARKs', async () => {
    const list = await getWithAccept(server, '/api/v1/configmaps', listAccept);
    const rv = (list.body.metadata as { resourceVersion: string }).resourceVersion;
    const w = await rawWatch(server, `/api/v1/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`, watchAccept);
    try {
      assert.equal(w.status, 200);
      server.store.applyConfigMap({
        metadata: { name: 'settings-1', namespace: 'apps', annotations: { touched: 'yes' } },
        data: { payload: big },
      });
      server.store.deleteObject('configmaps', 'apps', 'settings-4');
      const seen: Partial[] = [];
      const types: string[] = [];
      while (seen.length < 2 || !types.includes('BOOKMARK')) {
        const e = await w.events.next(3000, 'a metadata-only watch event');
        types.push(e.type);
        if (e.type !== 'BOOKMARK') {
          seen.push(e.object as Partial);
        } else {
          assert.equal(e.object.kind, 'PartialObjectMetadata');
        }
      }
      assert.deepEqual(
        types.filter((t) => t !== 'BOOKMARK'),
        ['MODIFIED', 'DELETED'],
      );
      assert.deepEqual(
        seen.map((o) => [o.kind, o.apiVersion, o.metadata.name, Object.keys(o).sort().join(',')]),
        [
          ['PartialObjectMetadata', 'meta.k8s.io/v1', 'settings-1', 'apiVersion,kind,metadata'],
          ['PartialObjectMetadata', 'meta.k8s.io/v1', 'settings-4', 'apiVersion,kind,metadata'],
        ],
      );
      assert.equal(seen[0].metadata.annotations?.touched, 'yes');
    } finally {
      w.abort();
    }
    // From "" (synthetic ADDED), as client-go's metadata informer starts when it has no list.
    const fromState = await rawWatch(server, '/api/v1/namespaces/apps/configmaps?watch=true', watchAccept);
    try {
      const e = await fromState.events.next(3000, 'the synthetic ADDED');
      assert.equal(e.type, 'ADDED');
      assert.equal(e.object.kind, 'PartialObjectMetadata');
      assert.equal(e.object.data, undefined);
    } finally {
      fromState.abort();
    }
  });

  test('the request log tells what each answer carried: metadata-only requests never carried data', async () => {
    const from = server.requests.length;
    await getWithAccept(server, '/api/v1/namespaces/apps/configmaps', listAccept);
    await getWithAccept(
      server,
      '/api/v1/namespaces/apps/configmaps/settings-0',
      'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
    );
    const w = await rawWatch(server, '/api/v1/namespaces/apps/configmaps?watch=true', watchAccept);
    await w.events.next(3000, 'an ADDED');
    w.abort();
    await getWithAccept(server, '/api/v1/namespaces/apps/configmaps', 'application/json');
    const records = server.requests.slice(from);
    const metadataOnly = records.filter((r) => r.as === 'PartialObjectMetadata' || r.as === 'PartialObjectMetadataList');
    assert.equal(metadataOnly.length, 3);
    for (const r of metadataOnly) {
      assert.deepEqual(r.objectFields, ['apiVersion', 'kind', 'metadata'], `${r.path}?${r.query}`);
      assert.match(r.accept ?? '', /as=PartialObjectMetadata/);
    }
    const full = records[records.length - 1];
    assert.equal(full.as, undefined);
    assert.deepEqual(full.objectFields, ['data', 'metadata']);
  });
});
