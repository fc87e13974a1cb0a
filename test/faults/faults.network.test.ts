// Connection and credential faults through the real Lease server process: connection refused (and
// Refresh once the server is up), a host name that does not resolve, a certificate from the wrong
// CA, an expired client certificate (to an API server that answers 401, and to one that refuses it
// in the TLS handshake), a token that expires while an exec plugin already has a new one, and a
// login fixed while the context waits out its backoff. A healthy context keeps beating meanwhile.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../demo/apiserver';
import { Contexts } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { issue, makeCa, type Issued } from '../../demo/apiserver/certs';
import { assertHealthy, Audit, freePort, Heartbeat, secretToken, tokenFilePlugin, viewer, type Watched } from './helpers';
import { leaseObject } from '../support/builders';
import { kubeconfigYaml, mergeKc, tempPath, writeKubeconfig, writeTemp } from '../support/kubeconfig';
import { within } from '../../harness/waiting';

/**
 * `openssl s_server` demanding a client certificate from `ca`: like a Go API server or a proxy, it
 * refuses a bad one with a TLS alert (Node's own TLS server would just drop the connection).
 */
async function startMtlsServer(serving: Issued, caPem: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      `127.0.0.1:${port}`,
      '-cert',
      writeTemp('mtls.crt', serving.certPem),
      '-key',
      writeTemp('mtls.key', serving.keyPem),
      '-CAfile',
      writeTemp('client-ca.crt', caPem),
      '-Verify',
      '1',
      '-verify_return_error',
      '-www',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  await within(
    new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ACCEPT')) {
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`openssl s_server exited with ${code}: ${out}`)));
    }),
    10_000,
    'openssl s_server to listen',
  );
  child.stdout?.resume();
  child.stderr?.resume();
  return { port, child };
}

describe('network and credential faults', () => {
  const audit = new Audit();
  let hb: Heartbeat;
  let w: Watched;
  let tlsApi: ApiServer;
  let authApi: ApiServer;
  let lateApi: ApiServer | undefined;
  let mtls: { port: number; child: ChildProcess } | undefined;
  let refusedPort = 0;
  const refusedToken = secretToken('refused');
  let expiredClient: Issued;
  const oldToken = secretToken('old');
  const newToken = secretToken('new');
  const badToken = secretToken('bad');
  const rotatingFile = tempPath('rotating-token');
  const rotatingRuns = tempPath('rotating-runs');
  const reloginFile = tempPath('relogin-token');
  const reloginRuns = tempPath('relogin-runs');

  before(async () => {
    hb = await Heartbeat.start(audit);
    const otherCa = await makeCa('some-other-ca');
    const clientCa = await makeCa('client-ca');
    expiredClient = await issue(clientCa, { cn: 'expired-user', org: 'system:masters', expired: true });
    audit.secretKey(expiredClient.keyPem);
    audit.secret(refusedToken, oldToken, newToken, badToken);

    const tlsUser = viewer('tls-viewer');
    tlsApi = await audit.startApi('tls', { tls: true, users: [tlsUser] });
    tlsApi.store.applyLease(leaseObject({ namespace: 'apps', name: 'tls-lease', holder: 'a_1' }));
    authApi = await audit.startApi('auth', {
      users: [
        { name: 'old-login', token: oldToken, admin: true, write: false },
        { name: 'new-login', token: newToken, admin: true, write: false },
      ],
    });
    authApi.store.applyLease(leaseObject({ namespace: 'apps', name: 'auth-lease', holder: 'a_1' }));

    // An API server (a proxy, say) that demands a valid client certificate in the handshake.
    const serverCa = await makeCa('mtls-server-ca');
    const serving = await issue(serverCa, { cn: 'mtls', serverNames: ['127.0.0.1', 'localhost'] });
    mtls = await startMtlsServer(serving, clientCa.certPem);

    refusedPort = await freePort();
    writeFileSync(rotatingFile, oldToken);
    writeFileSync(reloginFile, badToken);
    const kc = mergeKc(hb.kc(), {
      clusters: [
        { name: 'refused', server: `http://127.0.0.1:${refusedPort}` },
        { name: 'nxdomain', server: 'https://lease-lens-does-not-exist.invalid:6443' },
        { name: 'wrong-ca', server: tlsApi.url, caPem: otherCa.certPem },
        { name: 'tls', server: tlsApi.url, caPem: tlsApi.caPem },
        { name: 'mtls', server: `https://127.0.0.1:${mtls.port}`, caPem: serverCa.certPem },
        { name: 'auth', server: authApi.url },
      ],
      users: [
        { name: 'refused', token: refusedToken },
        { name: 'tls-viewer', token: tlsUser.token },
        { name: 'expired-cert', certPem: expiredClient.certPem, keyPem: expiredClient.keyPem },
        { name: 'rotating', exec: { command: tokenFilePlugin(rotatingFile, rotatingRuns) } },
        { name: 'relogin', exec: { command: tokenFilePlugin(reloginFile, reloginRuns) } },
      ],
      contexts: [
        { name: 'refused', cluster: 'refused', user: 'refused' },
        { name: 'nxdomain', cluster: 'nxdomain', user: 'tls-viewer' },
        { name: 'wrong-ca', cluster: 'wrong-ca', user: 'tls-viewer' },
        { name: 'tls-ok', cluster: 'tls', user: 'tls-viewer' },
        { name: 'expired-cert', cluster: 'tls', user: 'expired-cert' },
        { name: 'mtls-expired', cluster: 'mtls', user: 'expired-cert' },
        { name: 'rotating', cluster: 'auth', user: 'rotating' },
        { name: 'relogin', cluster: 'auth', user: 'relogin' },
      ],
    });
    const file = writeKubeconfig(kubeconfigYaml({ ...kc, current: 'steady' }));
    w = await audit.startServer({ env: { KUBECONFIG: file } });
    await w.proc.watch(['steady', 'tls-ok']);
    await w.proc.waitFor(
      'the healthy contexts',
      () => w.proc.states.get('steady')?.synced && w.proc.states.get('tls-ok')?.phase === 'connected',
    );
  });

  after(async () => {
    await w?.proc.close();
    await hb?.stop();
    await tlsApi?.close();
    await authApi?.close();
    await lateApi?.close();
    if (mtls && mtls.child.exitCode === null) {
      const exited = new Promise((resolve) => mtls?.child.once('exit', resolve));
      mtls.child.kill();
      await exited;
    }
  });

  const phaseOf = (context: string, phase: string) => () => {
    const s = w.proc.states.get(context);
    return s?.phase === phase ? s : undefined;
  };

  describe('each fault, concurrently', { concurrency: true }, () => {
    test('connection refused: unreachable with the reason and a retry time; once the server is up, Refresh connects at once', async () => {
      const from = Date.now();
      await w.proc.watch(['refused']);
      const state = await w.proc.waitFor('unreachable', phaseOf('refused', 'unreachable'));
      assert.match(state.message ?? '', new RegExp(`Cannot reach http://127\\.0\\.0\\.1:${refusedPort}: .*ECONNREFUSED`));
      assert.match(state.hint ?? '', /cluster is running and reachable.*retries/);
      // Let the backoff grow until the next retry is well ahead, then bring the server up.
      const waiting = await w.proc.waitFor(
        'a retry at least 1.5 s ahead',
        () => {
          const s = w.proc.states.get('refused');
          return s?.retryAt && s.retryAt - Date.now() > 1500 ? s : undefined;
        },
        20_000,
      );
      const user = { name: 'late', token: refusedToken, admin: true, write: false };
      lateApi = await startApiServer({ port: refusedPort, users: [user] });
      audit.api('late', lateApi);
      lateApi.store.applyLease(leaseObject({ namespace: 'apps', name: 'late-lease', holder: 'x_1' }));
      await w.proc.conn.sendNotification(Contexts.refresh, { contexts: ['refused'] });
      await w.proc.waitFor(
        'connected after Refresh',
        () => w.proc.states.get('refused')?.phase === 'connected' && w.proc.leases.has(leaseKey('refused', 'apps', 'late-lease')),
        10_000,
      );
      assert.ok(
        Date.now() < waiting.retryAt! - 200,
        `Refresh retried at once, not at the scheduled retry (${waiting.retryAt! - Date.now()} ms early)`,
      );
      hb.assertSteady(w, from, Date.now());
    });

    test('a host name that does not resolve: unreachable, saying so, with what to check', async () => {
      await w.proc.watch(['nxdomain']);
      const state = await w.proc.waitFor('unreachable', phaseOf('nxdomain', 'unreachable'));
      assert.match(
        state.message ?? '',
        /The host of https:\/\/lease-lens-does-not-exist\.invalid:6443 does not resolve: .*(ENOTFOUND|EAI_AGAIN)/,
      );
      assert.match(state.hint ?? '', /server address in the kubeconfig, your DNS and VPN/);
      await hb.advances(w);
    });

    test('a certificate from another CA: a TLS failure naming the server, pointing at certificate-authority', async () => {
      await w.proc.watch(['wrong-ca']);
      const state = await w.proc.waitFor('unreachable', phaseOf('wrong-ca', 'unreachable'));
      assert.match(
        state.message ?? '',
        new RegExp(`TLS with ${tlsApi.url.replace(/[.]/g, '\\.')} failed: .*(certificate|self[- ]signed)`, 'i'),
      );
      assert.match(state.hint ?? '', /certificate-authority/);
      assert.equal(w.proc.states.get('tls-ok')?.phase, 'connected', 'the same server with the right CA is fine');
      await hb.advances(w);
    });

    test('an expired client certificate, to an API server that answers 401: unauthorized, naming the expired certificate', async () => {
      await w.proc.watch(['expired-cert']);
      const state = await w.proc.waitFor('unauthorized', phaseOf('expired-cert', 'unauthorized'));
      assert.match(state.message ?? '', /Unauthorized/);
      assert.match(`${state.message} ${state.hint}`, /client certificate .*expired/i, `${state.message} | ${state.hint}`);
      await hb.advances(w);
    });

    test('an expired client certificate, refused in the TLS handshake: a TLS failure saying the certificate expired', async () => {
      await w.proc.watch(['mtls-expired']);
      const state = await w.proc.waitFor('a TLS failure', () => {
        const s = w.proc.states.get('mtls-expired');
        return s?.message && /TLS/.test(s.message) ? s : undefined;
      });
      assert.equal(state.phase, 'unreachable');
      assert.match(state.message ?? '', /alert certificate expired/i);
      assert.match(state.hint ?? '', /client certificate .*expired certificate must be renewed/);
      await hb.advances(w);
    });

    test('a token that expires (401) while the exec plugin has a new one: credentials are fetched again and the context recovers', async () => {
      const from = Date.now();
      await w.proc.watch(['rotating']);
      await w.proc.waitFor('connected with the old token', () => w.proc.states.get('rotating')?.phase === 'connected');
      assert.ok(authApi.requests.some((r) => r.user === 'old-login'));
      // The token expires; the plugin would now hand out a new one, but client-node cached the old one for an hour.
      writeFileSync(rotatingFile, newToken);
      const stateCount = w.states('rotating').length;
      const remove = authApi.faults.failWith((r) => r.headers.authorization === `Bearer ${oldToken}`, 401);
      try {
        authApi.faults.dropWatches();
        authApi.store.applyLease(leaseObject({ namespace: 'apps', name: 'auth-lease', holder: 'after-rotation_2' }));
        await w.proc.waitFor(
          'the change, read with the new token',
          () => w.proc.leases.get(leaseKey('rotating', 'apps', 'auth-lease'))?.spec.holderIdentity === 'after-rotation_2',
          10_000,
        );
      } finally {
        remove();
      }
      assert.ok(
        authApi.requests.some((r) => r.user === 'new-login' && r.time >= from),
        'the new token was used',
      );
      const seen = w.states('rotating').slice(stateCount);
      const unauthorized = seen.find((s) => s.phase === 'unauthorized');
      if (unauthorized) {
        assert.match(unauthorized.hint ?? '', /did not accept the credentials/);
      }
      await w.proc
        .waitFor('connected', () => w.proc.states.get('rotating')?.phase === 'connected')
        .catch((e: Error) => {
          throw new Error(`${e.message}\n${JSON.stringify(w.states('rotating'), null, 1)}`);
        });
      hb.assertSteady(w, from, Date.now());
    });

    test('a rejected login fixed while the context waits out its backoff: Refresh fetches credentials and connects at once', async () => {
      await w.proc.watch(['relogin']);
      const state = await w.proc.waitFor('unauthorized', phaseOf('relogin', 'unauthorized'));
      assert.match(state.message ?? '', /Unauthorized/);
      assert.match(state.hint ?? '', /Log in again or refresh the token for this context, then choose Refresh/);
      const waiting = await w.proc.waitFor(
        'a retry at least 1.5 s ahead',
        () => {
          const s = w.proc.states.get('relogin');
          return s?.phase === 'unauthorized' && s.retryAt && s.retryAt - Date.now() > 1500 ? s : undefined;
        },
        20_000,
      );
      writeFileSync(reloginFile, newToken); // the user logs in again
      await w.proc.conn.sendNotification(Contexts.refresh, { contexts: ['relogin'] });
      await w.proc.waitFor('connected after Refresh', () => w.proc.states.get('relogin')?.phase === 'connected', 10_000);
      assert.ok(
        Date.now() < waiting.retryAt! - 200,
        `Refresh retried at once (${waiting.retryAt! - Date.now()} ms before the scheduled retry)`,
      );
      await w.proc.waitFor('its Lease', () => w.proc.leases.has(leaseKey('relogin', 'apps', 'auth-lease')));
    });
  });

  test('audit: only GET was sent, no token or key was shown, the server is healthy', async () => {
    await assertHealthy(w);
    audit.verify(30);
  });
});
