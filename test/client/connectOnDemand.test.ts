// No cluster contact until asked: a real Lease server process (dist/server.js over IPC, as the
// extension starts it) reads a kubeconfig whose current context's user is an exec credential plugin
// (a script that leaves a marker file), and LeaseSync feeds a cache from it as the extension does.
// Until connect() (the Leases view shows, a Lease manifest opens, a command needs a cluster) the
// current context is not watched: no session on the server, no request to the API server, the
// plugin never runs. connect() then watches it, and the plugin and the requests follow.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { startLspProcess, type LspProcess } from '../../harness/lspProcess';
import { Waits } from '../../harness/waits';
import { LeaseCache } from '../../src/client/leases/leaseCache';
import { LeaseSync, type SyncRun } from '../../src/client/leases/leaseSync';
import { Contexts, Diagnostics, Kubeconfig, Leases } from '../../src/shared/protocol';
import { defaultServerSettings } from '../../src/shared/types';
import { ensureBuilt, root } from '../package/build';
import { kubeconfigYaml, tempPath, writeKubeconfig, writeTemp } from '../support/kubeconfig';

const token = 'plugin-token';

describe('no cluster contact until asked', () => {
  let api: ApiServer;
  let server: LspProcess;
  let conn: ProtocolConnection;
  const waits = new Waits();
  const cache = new LeaseCache();
  const errors: string[] = [];
  const notes: string[] = [];
  const marker = tempPath('plugin-ran');
  const run: SyncRun = {
    kubeconfig: () => conn.sendRequest(Kubeconfig.get),
    watch: (contexts) => conn.sendRequest(Contexts.watch, { contexts }),
    snapshot: (context) => conn.sendRequest(Leases.snapshot, { context }),
    ended: false,
  };
  const sync = new LeaseSync(
    cache,
    {
      currentRun: () => run,
      unwatch: (contexts) => void conn.sendNotification(Contexts.unwatch, { contexts }),
      refresh: (contexts) => void conn.sendNotification(Contexts.refresh, contexts ? { contexts } : {}),
    },
    (message) => errors.push(message),
    (message) => notes.push(message),
  );
  cache.onDidChange(() => waits.poke());

  before(async () => {
    await ensureBuilt();
    api = await startApiServer({ users: [{ name: 'plugin-user', token, admin: true }] });
    const plugin = writeTemp(
      'credential-plugin.sh',
      `#!/bin/sh\necho ran >> '${marker}'\n` +
        `printf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${token}"}}'\n`,
      0o755,
    );
    const kubeconfig = writeKubeconfig(
      kubeconfigYaml({
        clusters: [{ name: 'local', server: api.url }],
        users: [{ name: 'sso', exec: { command: plugin, apiVersion: 'client.authentication.k8s.io/v1' } }],
        contexts: [{ name: 'work', cluster: 'local', user: 'sso' }],
      }),
    );
    server = await startLspProcess({
      module: join(root, 'dist', 'server.js'),
      env: { ...process.env, KUBECONFIG: kubeconfig },
      initializationOptions: { settings: defaultServerSettings, clientNow: Date.now() },
      listen: (c) => void sync.listen(c),
    });
    conn = server.conn;
    sync.serverStatusChanged({ state: 'running' });
    sync.startRun(run);
    await waits.waitFor('the kubeconfig read', () => cache.kubeconfigState);
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('reading the kubeconfig watches nothing: no session, no request, the plugin did not run', async () => {
    assert.equal(sync.connected, false);
    assert.deepEqual(
      cache.shownContexts().map((c) => [c.context, c.current]),
      [['work', true]],
    );
    assert.deepEqual(cache.watchedContexts(), []);
    // Asked after the kubeconfig on the same connection: a watch sent before would show here.
    const stats = await conn.sendRequest(Diagnostics.stats, {});
    assert.equal(stats.contexts, 0, 'no context session on the server');
    assert.deepEqual(api.requests, []);
    assert.equal(existsSync(marker), false, 'the credential plugin did not run');
    assert.match(notes.join('\n'), /connects to a cluster when you open the Leases view, open a Lease manifest or run a command/);
  });

  test('connect() watches the current context: the plugin runs and Leases are listed with its token', async () => {
    sync.connect();
    assert.deepEqual(cache.watchedContexts(), ['work']);
    await waits.waitFor('the current context connected', () => cache.contextState('work')?.phase === 'connected', 15_000, {
      detail: () => JSON.stringify(cache.contextState('work')),
    });
    assert.ok(existsSync(marker), 'the credential plugin ran');
    assert.ok(api.requests.length > 0);
    assert.ok(
      api.requests.every((r) => r.method === 'GET' && r.user === 'plugin-user'),
      JSON.stringify(api.requests.map((r) => [r.method, r.path, r.user])),
    );
    assert.deepEqual(errors, []);
  });
});
