// Exec credential plugins through the real Lease server, as kubectl runs them: KUBERNETES_EXEC_INFO
// set, a credential without expiry run once and shared by the contexts of its user until a 401, and
// plugins that hang, fail printing a token, or need a terminal — each a clear context state within
// the time limit (leaseLens.exec.timeoutSeconds, 2 s here), with no token in anything the server says.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { startLeaseServer, type LeaseServerProcess } from '../../harness/leaseServerProcess';
import { Contexts, Leases } from '../../src/shared/protocol';
import { leaseKey, type ContextState } from '../../src/shared/types';
import { leaseObject } from '../support/builders';
import { kubeconfigYaml, tempPath, writeKubeconfig, writeTemp, type KcUser } from '../support/kubeconfig';

const token = `viewer-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
const stderrJwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLXNlY3JldA';
const stderrPlain = `plain-${Math.random().toString(36).slice(2)}`;
const timeoutSeconds = 2;

const credential = (apiVersion: string): string =>
  JSON.stringify({ apiVersion, kind: 'ExecCredential', status: { token } }).replace(/'/g, `'\\''`);

/** A plugin script that appends a line to its runs file at each run, then runs `body`. */
function plugin(name: string, body: string): { command: string; runs: () => number } {
  const runsFile = tempPath(`${name}.runs`);
  const command = writeTemp(`${name}.sh`, `#!/bin/sh\necho run >> '${runsFile}'\n${body}\n`, 0o755);
  return {
    command,
    runs: () => (existsSync(runsFile) ? readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).length : 0),
  };
}

describe('exec credential plugins', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;
  const raw: unknown[] = [];
  const infoFile = tempPath('exec-info.json');
  const blockFile = tempPath('hang.block');
  const recorder = plugin(
    'recorder',
    `printf '%s' "$KUBERNETES_EXEC_INFO" > '${infoFile}'\necho '${credential('client.authentication.k8s.io/v1')}'`,
  );
  const hanging = plugin(
    'hanging',
    `if [ -f '${blockFile}' ]; then echo "waiting for the browser login" >&2; sleep 300 & wait; fi\necho '${credential('client.authentication.k8s.io/v1beta1')}'`,
  );
  const leaky = plugin('leaky', `echo "error: the IdP rejected ${stderrJwt}; token: ${stderrPlain}" >&2\nexit 1`);
  const interactive = plugin('interactive', `echo '${credential('client.authentication.k8s.io/v1')}'`);

  /** Everything the server said: log lines, stderr and every protocol message. */
  const everything = (): string =>
    [...server.logLines.map((l) => l.message), ...server.stderr, ...raw.map((m) => JSON.stringify(m))].join('\n');
  const state = (name: string, phase: ContextState['phase']) => () => {
    const s = server.states.get(name);
    return s?.phase === phase ? s : undefined;
  };

  before(async () => {
    api = await startApiServer({ users: [{ name: 'viewer', token, admin: true, write: false }] });
    api.store.ensureNamespace('apps');
    api.store.applyLease(leaseObject({ namespace: 'apps', name: 'one', holder: 'a_1' }));
    writeFileSync(blockFile, '');
    const users: KcUser[] = [
      { name: 'recorder', exec: { command: recorder.command, apiVersion: 'client.authentication.k8s.io/v1', provideClusterInfo: true } },
      { name: 'hanging', exec: { command: hanging.command } },
      { name: 'leaky', exec: { command: leaky.command } },
      {
        name: 'interactive',
        exec: { command: interactive.command, apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Always' },
      },
      { name: 'steady', token },
    ];
    const contexts = [
      { name: 'recorder', cluster: 'local', user: 'recorder' },
      { name: 'recorder-too', cluster: 'local', user: 'recorder' },
      { name: 'hanging', cluster: 'local', user: 'hanging' },
      { name: 'leaky', cluster: 'local', user: 'leaky' },
      { name: 'interactive', cluster: 'local', user: 'interactive' },
      { name: 'steady', cluster: 'local', user: 'steady' },
    ];
    const path = writeKubeconfig(kubeconfigYaml({ clusters: [{ name: 'local', server: api.url }], users, contexts }));
    server = await startLeaseServer({ env: { KUBECONFIG: path }, settings: { execTimeoutSeconds: timeoutSeconds } });
    server.child.on('message', (m: unknown) => raw.push(m));
  });

  after(async () => {
    rmSync(blockFile, { force: true });
    await server?.close();
    await api?.close();
  });

  test('a token without expiry: one run for many requests and both contexts of the user, with KUBERNETES_EXEC_INFO set', async () => {
    await server.watch(['recorder', 'recorder-too']);
    for (const context of ['recorder', 'recorder-too']) {
      await server.waitFor(`leases of ${context}`, () => server.leases.get(leaseKey(context, 'apps', 'one')));
    }
    const before = api.requests.filter((r) => r.user === 'viewer').length;
    for (let i = 0; i < 20; i++) {
      const result = await server.conn.sendRequest(Leases.get, { key: leaseKey(i % 2 ? 'recorder' : 'recorder-too', 'apps', 'one') });
      assert.equal(result.message, undefined, result.message);
      assert.equal(result.lease?.spec.holderIdentity, 'a_1');
    }
    assert.ok(api.requests.filter((r) => r.user === 'viewer').length >= before + 20, 'every read reached the API server with the token');
    assert.equal(recorder.runs(), 1, 'the plugin ran once');
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as {
      kind: string;
      apiVersion: string;
      spec: { interactive: boolean; cluster?: { server?: string } };
    };
    assert.equal(info.kind, 'ExecCredential');
    assert.equal(info.apiVersion, 'client.authentication.k8s.io/v1');
    assert.equal(info.spec.interactive, false);
    assert.equal(info.spec.cluster?.server, api.url, 'provideClusterInfo: the cluster is given');
  });

  test('after a 401 the plugin runs again, once', async () => {
    let left = 1;
    const remove = api.faults.failWith((r) => r.path.endsWith('/leases/one') && left-- > 0, 401);
    try {
      const refused = await server.conn.sendRequest(Leases.get, { key: leaseKey('recorder', 'apps', 'one') });
      assert.match(refused.message ?? '', /Unauthorized/);
      assert.equal(recorder.runs(), 1);
      for (let i = 0; i < 5; i++) {
        const again = await server.conn.sendRequest(Leases.get, { key: leaseKey(i % 2 ? 'recorder' : 'recorder-too', 'apps', 'one') });
        assert.equal(again.message, undefined, again.message);
      }
      assert.equal(recorder.runs(), 2, 'one new run after the 401, shared by the next reads');
    } finally {
      remove();
    }
  });

  test('a plugin that hangs: a clear state within the time limit, other contexts unaffected, and Refresh runs it again', async () => {
    const started = Date.now();
    await server.watch(['hanging', 'steady']);
    const failed = await server.waitFor('the hanging plugin to be reported', state('hanging', 'unauthorized'), (timeoutSeconds + 5) * 1000);
    assert.ok(Date.now() - started < (timeoutSeconds + 3) * 1000, `reported after ${Date.now() - started} ms`);
    assert.match(
      failed.message ?? '',
      /exec plugin .*hanging\.sh gave no credential within 2 s and was stopped; it said: waiting for the browser login/,
    );
    assert.match(failed.hint ?? '', /kubectl --context hanging get leases/);
    assert.match(failed.hint ?? '', /leaseLens\.exec\.timeoutSeconds/);
    await server.waitFor('the token context', state('steady', 'connected'));
    const runs = hanging.runs();
    // The user logs in; Refresh tries again.
    rmSync(blockFile);
    await server.conn.sendNotification(Contexts.refresh, { contexts: ['hanging'] });
    await server.waitFor('leases through the plugin after Refresh', () => server.leases.get(leaseKey('hanging', 'apps', 'one')), 15_000);
    assert.ok(hanging.runs() > runs, 'the plugin ran again');
    assert.equal(server.states.get('hanging')?.phase, 'connected');
  });

  test('a plugin that fails printing a token on stderr: its words shown, the token not', async () => {
    await server.watch(['leaky']);
    const failed = await server.waitFor('the failing plugin to be reported', state('leaky', 'unauthorized'), timeoutSeconds * 1000 + 3000);
    assert.match(
      failed.message ?? '',
      /exec plugin .*leaky\.sh failed \(exit code 1\): error: the IdP rejected <redacted token>; token: <redacted>/,
    );
    assert.match(failed.hint ?? '', /kubectl --context leaky get leases/);
  });

  test('a plugin that needs a terminal (interactiveMode: Always) is not run; the state says to run kubectl once', async () => {
    await server.watch(['interactive']);
    const failed = await server.waitFor('the interactive plugin to be reported', state('interactive', 'unauthorized'));
    assert.match(failed.message ?? '', /needs a terminal \(interactiveMode: Always\)/);
    assert.match(failed.hint ?? '', /Run `kubectl --context interactive get leases` once in a terminal/);
    assert.equal(interactive.runs(), 0);
  });

  test('no token appears in the log, stderr or any message, and only GET was sent', () => {
    const text = everything();
    for (const secret of [token, stderrJwt, stderrPlain, stderrJwt.split('.')[2]]) {
      assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 6)}…) appears in the server output`);
    }
    assert.match(text, /the IdP rejected/, "the plugin's own words are there");
    assert.deepEqual(
      api.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`),
      [],
    );
  });
});
