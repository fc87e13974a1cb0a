// Proxies through the real Lease server, as kubectl uses them: a cluster's proxy-url (an HTTP
// CONNECT proxy and a SOCKS5 proxy, both real, on loopback), else HTTPS_PROXY with NO_PROXY from the
// server's environment. The cluster is named `kubernetes` (in the local API server's certificate), a
// name only the proxies resolve: leases that arrive prove the proxy carried them. A proxy that fails
// is named in the context state, without its password.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { leaseKey, type ContextState } from '../../src/shared/types';
import { leaseObject } from '../support/builders';
import { kubeconfigYaml, writeKubeconfig, type KcCluster } from '../support/kubeconfig';
import { startHttpProxy, startSocks5Proxy, type TestProxy } from '../support/proxies';

const token = `viewer-${Math.random().toString(36).slice(2)}`;
const proxyPassword = `pw-${Math.random().toString(36).slice(2)}`;
/** Names only the proxies know. */
const hosts = { kubernetes: '127.0.0.1', 'kubernetes.default.svc': '127.0.0.1' };

describe('proxies', () => {
  let tlsApi: ApiServer;
  let plainApi: ApiServer;
  let httpProxy: TestProxy;
  let socksProxy: TestProxy;
  let envProxy: TestProxy;
  let deadProxyUrl = '';
  let server: LeaseServerProcess;
  let tlsPort = '';
  let plainPort = '';

  const arrives = (context: string) => () => server.leases.get(leaseKey(context, 'apps', 'one'));
  const state = (name: string, phase: ContextState['phase']) => () => {
    const s = server.states.get(name);
    return s?.phase === phase ? s : undefined;
  };

  before(async () => {
    const users = [{ name: 'viewer', token, admin: true, write: false }];
    tlsApi = await startApiServer({ tls: true, users });
    plainApi = await startApiServer({ users });
    for (const api of [tlsApi, plainApi]) {
      api.store.ensureNamespace('apps');
      api.store.applyLease(leaseObject({ namespace: 'apps', name: 'one', holder: 'a_1' }));
    }
    tlsPort = new URL(tlsApi.url).port;
    plainPort = new URL(plainApi.url).port;
    httpProxy = await startHttpProxy(hosts);
    socksProxy = await startSocks5Proxy(hosts);
    envProxy = await startHttpProxy(hosts);
    // A proxy that is not running: started and closed, so nothing listens on its port.
    const dead = await startHttpProxy();
    await dead.close();
    deadProxyUrl = dead.url.replace('http://', `http://alice:${proxyPassword}@`);

    const tls = (name: string, host: string, proxyUrl?: string): KcCluster => ({
      name,
      server: `https://${host}:${tlsPort}`,
      caPem: tlsApi.caPem,
      proxyUrl,
    });
    const clusters: KcCluster[] = [
      tls('via-http', 'kubernetes', httpProxy.url),
      tls('via-socks', 'kubernetes', socksProxy.url),
      { name: 'plain-via-socks', server: `http://kubernetes:${plainPort}`, proxyUrl: socksProxy.url },
      { name: 'plain-via-http', server: `http://kubernetes:${plainPort}`, proxyUrl: httpProxy.url },
      tls('via-env', 'kubernetes'),
      tls('loopback', '127.0.0.1'),
      tls('no-proxy-name', 'kubernetes.default.svc'),
      tls('proxy-down', 'kubernetes', deadProxyUrl),
      tls('proxy-cannot-reach', 'nowhere.invalid', httpProxy.url),
    ];
    const path = writeKubeconfig(
      kubeconfigYaml({
        clusters,
        users: [{ name: 'viewer', token }],
        contexts: clusters.map((c) => ({ name: c.name, cluster: c.name, user: 'viewer' })),
      }),
    );
    server = await startLeaseServer({
      env: { KUBECONFIG: path, HTTPS_PROXY: envProxy.url, HTTP_PROXY: envProxy.url, NO_PROXY: 'kubernetes.default.svc,127.0.0.1' },
    });
  });

  after(async () => {
    await server?.close();
    for (const p of [httpProxy, socksProxy, envProxy]) {
      await p?.close();
    }
    await tlsApi?.close();
    await plainApi?.close();
  });

  test('proxy-url: leases arrive through an HTTP CONNECT proxy and a SOCKS5 proxy, to https and http servers', async () => {
    const contexts = ['via-http', 'via-socks', 'plain-via-socks', 'plain-via-http'];
    await server.watch(contexts);
    for (const context of contexts) {
      await server.waitFor(`leases of ${context}`, arrives(context));
    }
    assert.ok(httpProxy.targets.includes(`kubernetes:${tlsPort}`), httpProxy.targets.join(', '));
    assert.ok(httpProxy.targets.includes(`kubernetes:${plainPort}`), httpProxy.targets.join(', '));
    assert.ok(socksProxy.targets.includes(`kubernetes:${tlsPort}`), 'the SOCKS5 proxy resolved the name itself');
    assert.ok(socksProxy.targets.includes(`kubernetes:${plainPort}`));
    assert.deepEqual(envProxy.targets, [], 'proxy-url wins over HTTPS_PROXY');
  });

  test('HTTPS_PROXY from the environment carries a cluster only the proxy can resolve', async () => {
    await server.watch(['via-env']);
    await server.waitFor('leases of via-env', arrives('via-env'));
    assert.ok(envProxy.targets.length > 0);
    assert.deepEqual([...new Set(envProxy.targets)], [`kubernetes:${tlsPort}`]);
  });

  test('NO_PROXY (and loopback): a direct connection; a name only the proxy knows then fails as DNS does', async () => {
    await server.watch(['loopback', 'no-proxy-name']);
    await server.waitFor('leases of loopback', arrives('loopback'));
    const failed = await server.waitFor('no-proxy-name unreachable', state('no-proxy-name', 'unreachable'));
    assert.match(failed.message ?? '', /The host of https:\/\/kubernetes\.default\.svc:\d+ does not resolve/);
    for (const proxy of [httpProxy, socksProxy, envProxy]) {
      assert.ok(
        !proxy.targets.some((t) => t.startsWith('127.0.0.1:') || t.startsWith('kubernetes.default.svc:')),
        proxy.targets.join(', '),
      );
    }
  });

  test('a proxy that is down, or cannot reach the cluster: the state names the proxy and where it came from, never its password', async () => {
    await server.watch(['proxy-down', 'proxy-cannot-reach']);
    const down = await server.waitFor('proxy-down unreachable', state('proxy-down', 'unreachable'));
    const proxyAddress = new URL(deadProxyUrl).host;
    assert.match(
      down.message ?? '',
      new RegExp(`Cannot reach https://kubernetes:${tlsPort} through the proxy http://${proxyAddress} \\(proxy-url\\)`),
    );
    assert.match(down.hint ?? '', /proxy-url/);
    const cannot = await server.waitFor('proxy-cannot-reach unreachable', state('proxy-cannot-reach', 'unreachable'));
    assert.match(cannot.message ?? '', /through the proxy http:\/\/127\.0\.0\.1:\d+ \(proxy-url\): the proxy answered HTTP 502 to CONNECT/);
    assert.ok(httpProxy.targets.includes(`nowhere.invalid:${tlsPort}`), 'the proxy was asked');
    const text = [...server.logLines.map((l) => l.message), ...server.stderr, JSON.stringify([...server.states.values()])].join('\n');
    assert.ok(!text.includes(proxyPassword), 'the proxy password appears nowhere');
    assert.ok(!text.includes('alice'), 'nor the proxy user');
    assert.ok(!text.includes(token), 'nor the token');
  });

  test('only GET reached the clusters', () => {
    const sent = [...tlsApi.requests, ...plainApi.requests];
    assert.ok(sent.length > 0);
    assert.deepEqual(
      sent.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`),
      [],
    );
  });
});
