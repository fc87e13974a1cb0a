// The wire, request by request: the local API server must answer what kube-apiserver answers to the
// requests Lease Lens sends and the mistakes it could make: Status bodies (code, reason, message,
// details), continue tokens, log streams, BOOKMARKs. Names that differ between the two clusters
// (namespaces, pods, containers, resourceVersions) are replaced by placeholders before comparing.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Backend } from './backends';
import { rawGet, type RawAnswer } from './rawGet';

/** `stranger`: a bearer token the API server does not know. */
type User = 'admin' | 'dev' | 'stranger';

interface StatusCase {
  name: string;
  user: User;
  path: (b: Backend) => string;
}

const leases = '/apis/coordination.k8s.io/v1';
const deploymentPod = (b: Backend): string => `/api/v1/namespaces/${b.deployment.lease.namespace}/pods/${b.deployment.pods[0]}`;

/** Requests answered with a Status: both clusters must send the same one. */
const statusCases: StatusCase[] = [
  { name: 'an unknown bearer token (401)', user: 'stranger', path: () => `${leases}/leases?limit=500` },
  { name: 'dev lists Leases at cluster scope (RBAC 403)', user: 'dev', path: () => `${leases}/leases?limit=500` },
  {
    name: 'a Lease that does not exist',
    user: 'admin',
    path: (b) => `${leases}/namespaces/${b.deployment.lease.namespace}/leases/no-such-lease`,
  },
  {
    name: 'dev lists Leases in a forbidden namespace',
    user: 'dev',
    path: (b) => `${leases}/namespaces/${b.devForbiddenNamespace}/leases?limit=500`,
  },
  {
    name: 'dev watches Events in a forbidden namespace',
    user: 'dev',
    path: (b) => `/api/v1/namespaces/${b.devForbiddenNamespace}/events?watch=1`,
  },
  { name: 'dev lists namespaces', user: 'dev', path: () => '/api/v1/namespaces' },
  {
    name: 'dev reads a pod log in a forbidden namespace',
    user: 'dev',
    path: (b) => `/api/v1/namespaces/${b.devForbiddenNamespace}/pods/${b.devForbiddenPod}/log?follow=true`,
  },
  {
    name: 'a Lease field selector kube-apiserver does not support',
    user: 'admin',
    path: () => `${leases}/leases?fieldSelector=spec.holderIdentity%3Dx`,
  },
  {
    name: 'an Event field label that does not exist',
    user: 'admin',
    path: (b) => `/api/v1/namespaces/${b.deployment.lease.namespace}/events?fieldSelector=bogus%3D1`,
  },
  {
    name: 'a list with a resourceVersion that is no number',
    user: 'admin',
    path: (b) => `${leases}/namespaces/${b.deployment.lease.namespace}/leases?resourceVersion=abc`,
  },
  {
    name: 'a watch with a resourceVersion that is no number',
    user: 'admin',
    path: (b) => `${leases}/namespaces/${b.deployment.lease.namespace}/leases?watch=1&resourceVersion=abc`,
  },
  {
    name: 'the log of a pod that does not exist',
    user: 'admin',
    path: (b) => `/api/v1/namespaces/${b.deployment.lease.namespace}/pods/no-such-pod/log`,
  },
  {
    name: 'the log of a container the pod does not have',
    user: 'admin',
    path: (b) => `${deploymentPod(b)}/log?container=no-such-container`,
  },
  {
    name: 'the previous log of a container that never restarted',
    user: 'admin',
    path: (b) => `${deploymentPod(b)}/log?container=${b.deployment.container}&previous=true`,
  },
  { name: 'a negative tailLines', user: 'admin', path: (b) => `${deploymentPod(b)}/log?container=${b.deployment.container}&tailLines=-1` },
  { name: 'sinceSeconds 0', user: 'admin', path: (b) => `${deploymentPod(b)}/log?container=${b.deployment.container}&sinceSeconds=0` },
  { name: 'limitBytes 0', user: 'admin', path: (b) => `${deploymentPod(b)}/log?container=${b.deployment.container}&limitBytes=0` },
  {
    name: 'a tailLines that is no number',
    user: 'admin',
    path: (b) => `${deploymentPod(b)}/log?container=${b.deployment.container}&tailLines=abc`,
  },
  {
    name: 'both sinceSeconds and sinceTime',
    user: 'admin',
    path: (b) => `${deploymentPod(b)}/log?container=${b.deployment.container}&sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z`,
  },
  {
    name: 'a sinceTime that is no time',
    user: 'admin',
    path: (b) => `${deploymentPod(b)}/log?container=${b.deployment.container}&sinceTime=yesterday`,
  },
];

/** Lists Lease Lens sends: both clusters must serve them (the same kind, with items). */
const listCases: StatusCase[] = [
  {
    name: 'Leases at cluster scope but kube-node-lease',
    user: 'admin',
    path: () => `${leases}/leases?fieldSelector=metadata.namespace%21%3Dkube-node-lease&limit=500`,
  },
  {
    name: 'one Lease by field selector',
    user: 'admin',
    path: (b) => `${leases}/namespaces/kube-system/leases?fieldSelector=metadata.name%3D${b.leader.lease.name}&limit=500`,
  },
  {
    name: 'core Events of a Lease',
    user: 'admin',
    path: (b) =>
      `/api/v1/namespaces/kube-system/events?fieldSelector=involvedObject.kind%3DLease%2CinvolvedObject.name%3D${b.leader.lease.name}&limit=500`,
  },
  {
    name: 'events.k8s.io Events of a Lease',
    user: 'admin',
    path: (b) =>
      `/apis/events.k8s.io/v1/namespaces/kube-system/events?fieldSelector=regarding.kind%3DLease%2Cregarding.name%3D${b.leader.lease.name}&limit=500`,
  },
  {
    name: 'pods by label selector',
    user: 'admin',
    path: () => '/api/v1/namespaces/kube-system/pods?labelSelector=component%3Dkube-scheduler&limit=500',
  },
  {
    name: 'Leases in a namespace dev may read',
    user: 'dev',
    path: (b) => `${leases}/namespaces/${b.deployment.lease.namespace}/leases?limit=500`,
  },
];

function get(b: Backend, user: User, path: string, streamMs?: number): Promise<RawAnswer> {
  const context = user === 'dev' ? b.devContext : b.adminContext;
  return rawGet(b.kubeconfigPath, context, path, { streamMs, token: user === 'stranger' ? 'no-such-token' : undefined });
}

/** Replaces what differs between the clusters by the same placeholders. */
function placeholders(b: Backend, text: string): string {
  const names: [string, string][] = [
    [b.devForbiddenPod, '<forbidden-pod>'],
    [b.deployment.pods[0], '<pod>'],
    [b.devForbiddenNamespace, '<forbidden-namespace>'],
    [b.deployment.container, '<container>'],
  ];
  let out = text;
  for (const [name, placeholder] of names) {
    out = out.split(name).join(placeholder);
  }
  return out;
}

interface StatusView {
  status: number;
  contentType: string;
  endsWithNewline: boolean;
  body: unknown;
}

function statusView(b: Backend, a: RawAnswer): StatusView {
  let body: unknown;
  try {
    body = JSON.parse(placeholders(b, a.body)) as unknown;
  } catch {
    body = `not JSON: ${a.body.slice(0, 200)}`;
  }
  return { status: a.status, contentType: a.contentType, endsWithNewline: a.body.endsWith('\n'), body };
}

/** The shape of a continue token: unpadded base64url of {"v","rv","start":"/<key>\u0000"}. */
function tokenShape(token: string | undefined): unknown {
  if (!token) {
    return 'none';
  }
  const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; rv?: unknown; start?: unknown };
  return {
    alphabet: /^[A-Za-z0-9_-]+$/.test(token) ? 'base64url, unpadded' : `other: ${token}`,
    keys: Object.keys(decoded),
    v: decoded.v,
    rv: typeof decoded.rv,
    start: typeof decoded.start === 'string' && decoded.start.startsWith('/') && decoded.start.endsWith('\0') ? '/<key>\\0' : decoded.start,
  };
}

interface WatchLine {
  type: string;
}

function watchTypes(a: RawAnswer): string[] {
  return a.body
    .split('\n')
    .filter((l) => l)
    .map((l) => (JSON.parse(l) as WatchLine).type);
}

/** Defines the wire comparisons; call inside a describe(). */
export function defineWire(startLocal: () => Promise<Backend>, startReal: () => Promise<Backend>): void {
  let local: Backend;
  let real: Backend;

  before(async () => {
    [local, real] = await Promise.all([startLocal(), startReal()]);
  });

  for (const c of statusCases) {
    test(`answers as kube-apiserver does: ${c.name}`, async () => {
      const [want, got] = await Promise.all([get(real, c.user, c.path(real)), get(local, c.user, c.path(local))]);
      const wantView = statusView(real, want);
      // The stand-in kubelet of the real cluster ends its error text with a newline (http.Error);
      // a kubelet (go-restful WriteError) does not, and neither does the local server.
      const body = wantView.body as { message?: unknown };
      if (typeof body.message === 'string') {
        body.message = body.message.replace(/\n$/, '');
      }
      assert.deepEqual(statusView(local, got), wantView, `GET ${c.path(local)}`);
    });
  }

  for (const c of listCases) {
    test(`serves what kube-apiserver serves: ${c.name}`, async () => {
      const [want, got] = await Promise.all([get(real, c.user, c.path(real)), get(local, c.user, c.path(local))]);
      const view = (a: RawAnswer): { status: number; contentType: string; kind?: string; apiVersion?: string; items: boolean } => {
        const list = JSON.parse(a.body) as { kind?: string; apiVersion?: string; items?: unknown[] };
        return {
          status: a.status,
          contentType: a.contentType,
          kind: list.kind,
          apiVersion: list.apiVersion,
          items: (list.items?.length ?? 0) > 0,
        };
      };
      assert.deepEqual(view(got), view(want), `GET ${c.path(local)}`);
      assert.equal(view(want).items, true, `kube-apiserver has items for ${c.path(real)}`);
    });
  }

  test('answers as kube-apiserver does: list pages carry the same metadata and continue token shape', async () => {
    const path = `${leases}/leases?limit=1`;
    const [want, got] = await Promise.all([get(real, 'admin', path), get(local, 'admin', path)]);
    const view = (a: RawAnswer): unknown => {
      const list = JSON.parse(a.body) as {
        kind?: string;
        apiVersion?: string;
        metadata: Record<string, unknown>;
        items: Record<string, unknown>[];
      };
      return {
        status: a.status,
        endsWithNewline: a.body.endsWith('\n'),
        kind: list.kind,
        apiVersion: list.apiVersion,
        metadata: Object.keys(list.metadata).sort(),
        token: tokenShape(list.metadata.continue as string | undefined),
        itemKind: list.items.map((i) => i.kind ?? 'no kind in list items'),
      };
    };
    assert.deepEqual(view(got), view(want));
  });

  test('answers as kube-apiserver does: a followed log with timestamps streams chunked text/plain with RFC 3339 stamps', async () => {
    const path = (b: Backend): string =>
      `${deploymentPod(b)}/log?container=${b.deployment.container}&follow=true&timestamps=true&tailLines=2`;
    const [want, got] = await Promise.all([get(real, 'admin', path(real), 1500), get(local, 'admin', path(local), 1500)]);
    const view = (a: RawAnswer): unknown => {
      const lines = a.body.split('\n').filter((l) => l);
      return {
        status: a.status,
        contentType: a.contentType,
        chunked: a.chunked,
        atLeastTwoLines: lines.length >= 2,
        // A kubelet writes RFC3339NanoFixed (nine digits, as the local server does); the real
        // cluster's stand-in kubelet writes RFC3339Nano, which drops trailing zeros.
        stamped: lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}Z \S/.test(l)),
      };
    };
    assert.deepEqual(view(got), view(want));
  });

  test('answers as kube-apiserver does: BOOKMARKs before timeoutSeconds for Leases, never for Events', async () => {
    // kube-apiserver's watch cache sends a BOOKMARK 2 s before the watch's deadline (when its
    // resourceVersion moved, which a renewed Lease makes sure of); Event watches come from etcd and get none.
    const watchOf = async (b: Backend, what: 'leases' | 'events'): Promise<string[]> => {
      const ns = b.deployment.lease.namespace;
      const base = what === 'leases' ? `${leases}/namespaces/${ns}/leases` : `/api/v1/namespaces/${ns}/events`;
      const list = JSON.parse((await get(b, 'admin', base)).body) as { metadata: { resourceVersion: string } };
      const a = await get(
        b,
        'admin',
        `${base}?watch=1&allowWatchBookmarks=true&timeoutSeconds=4&resourceVersion=${list.metadata.resourceVersion}`,
        10_000,
      );
      return [...new Set(watchTypes(a))].sort();
    };
    const [realLeases, localLeases, realEvents, localEvents] = await Promise.all([
      watchOf(real, 'leases'),
      watchOf(local, 'leases'),
      watchOf(real, 'events'),
      watchOf(local, 'events'),
    ]);
    assert.ok(realLeases.includes('BOOKMARK'), `kube-apiserver: ${realLeases.join(', ')}`);
    assert.deepEqual(localLeases, realLeases, 'Lease watch');
    assert.ok(!realEvents.includes('BOOKMARK'), `kube-apiserver: ${realEvents.join(', ')}`);
    assert.ok(!localEvents.includes('BOOKMARK'), `local: ${localEvents.join(', ')}`);
  });
}
