// Credentials and kubeconfig changes through the real server process: an exec plugin that
// works, one that fails (a clear state; other contexts unaffected), a reload on file change.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { leaseKey } from '../../src/shared/types';
import { leaseObject } from '../support/builders';
import { kubeconfigYaml, writeKubeconfig, writeTemp } from '../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';

const users = [
  { name: 'admin', token: 'admin-token', admin: true, write: true },
  { name: 'viewer', token: 'viewer-token-5f2a', admin: true, write: false },
];

const plugins = new Map<string, string>();

/** An exec plugin handing out `token` (none: one that fails); the same file for the same token. */
function execPlugin(token: string | undefined): string {
  const name = `plugin-${token ?? 'failing'}.sh`;
  let path = plugins.get(name);
  if (!path) {
    path = writeTemp(
      name,
      token
        ? `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${token}"}}'\n`
        : `#!/bin/sh\necho "plugin: no credentials for you (refresh failed, token: viewer-token-5f2a)" >&2\nexit 3\n`,
      0o755,
    );
    plugins.set(name, path);
  }
  return path;
}

function kubeconfigText(api: ApiServer, contexts: { name: string; exec?: string; token?: string }[]): string {
  return kubeconfigYaml({
    clusters: [{ name: 'local', server: api.url, insecure: true }],
    users: contexts.map((c) => ({ name: `user-${c.name}`, ...(c.exec ? { exec: { command: c.exec } } : { token: c.token }) })),
    contexts: contexts.map((c) => ({ name: c.name, cluster: 'local', user: `user-${c.name}` })),
  });
}

describe('credentials and kubeconfig reloads', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;
  let path: string;

  before(async () => {
    api = await startApiServer({ users });
    api.store.ensureNamespace('apps');
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'one', holder: 'a_1' }));
    path = writeKubeconfig(
      kubeconfigText(api, [
        { name: 'by-plugin', exec: execPlugin('viewer-token-5f2a') },
        { name: 'broken-plugin', exec: execPlugin(undefined) },
        { name: 'missing-plugin', exec: '/nonexistent/kubelogin' },
      ]),
    );
    server = await startLeaseServer({ env: { KUBECONFIG: path } });
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('authenticates through an exec credential plugin', async () => {
    await server.watch(['by-plugin']);
    await server.waitFor('a lease through the plugin token', () => server.leases.get(leaseKey('by-plugin', 'apps', 'one')));
    assert.ok(api.requests.some((r) => r.user === 'viewer'));
  });

  test('turns a failing or missing plugin into a clear state, and other contexts keep working', async () => {
    await server.watch(['broken-plugin', 'missing-plugin']);
    for (const name of ['broken-plugin', 'missing-plugin']) {
      const state = await server.waitFor(`${name} fails clearly`, () => {
        const s = server.states.get(name);
        return s?.phase === 'unauthorized' ? s : undefined;
      });
      assert.match(state.message ?? '', /credentials/i, `${name}: ${state.message}`);
      assert.match(state.hint ?? '', /exec plugin/);
    }
    assert.equal(server.states.get('by-plugin')?.phase, 'connected');
  });

  test('never shows a token, not even one a failing plugin prints', () => {
    const all = server.logLines.map((l) => l.message).join('\n') + server.stderr.join('');
    assert.ok(!all.includes('viewer-token-5f2a'), 'the token does not appear in the server output');
    const states = JSON.stringify([...server.states.values()]);
    assert.match(states, /no credentials for you/, "the plugin's own words are shown");
    assert.ok(!states.includes('viewer-token-5f2a'), 'the token does not appear in the context states');
  });

  test('reloads when a kubeconfig file changes', async () => {
    writeFileSync(
      path,
      kubeconfigText(api, [
        { name: 'by-plugin', exec: execPlugin('viewer-token-5f2a') },
        { name: 'added-later', token: 'viewer-token-5f2a' },
      ]),
    );
    const state = await server.waitFor(
      'the new context',
      () => (server.kubeconfig?.contexts.some((c) => c.context === 'added-later') ? server.kubeconfig : undefined),
      10_000,
    );
    assert.ok(!state.contexts.some((c) => c.context === 'broken-plugin'), 'removed contexts are gone');
    await server.watch(['added-later']);
    await server.waitFor('leases of the new context', () => server.leases.get(leaseKey('added-later', 'apps', 'one')));
    // A context that leaves the kubeconfig takes its leases with it.
    writeFileSync(path, kubeconfigText(api, [{ name: 'by-plugin', exec: execPlugin('viewer-token-5f2a') }]));
    await server.waitFor('the removed context emptied', () => !server.leases.has(leaseKey('added-later', 'apps', 'one')), 10_000);
    assert.ok(server.leases.has(leaseKey('by-plugin', 'apps', 'one')), 'the other context keeps its leases');
  });
});
