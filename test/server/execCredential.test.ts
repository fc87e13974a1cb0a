// Exec credential plugins in the Lease server's own terms: what output is a credential (a table),
// and the cache that runs real plugins (shell scripts) — one run shared by concurrent requests, kept
// until a 401 when the plugin gives no expiry, a time limit that stops the plugin, KUBERNETES_EXEC_INFO.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ExecCredentialCache, ExecCredentialError, parseCredential, type ExecCredential } from '../../src/server/kube/execCredential';
import { waitFor } from '../../harness/waiting';
import { tempPath, writeTemp } from '../support/kubeconfig';

const v1 = 'client.authentication.k8s.io/v1';
const v1beta1 = 'client.authentication.k8s.io/v1beta1';
const output = (status: unknown, apiVersion = v1, kind = 'ExecCredential'): string => JSON.stringify({ apiVersion, kind, status });

describe('parseCredential', () => {
  const rows: [what: string, stdout: string, apiVersion: string | undefined, expected: ExecCredential | undefined][] = [
    ['a token', output({ token: 't0k' }), v1, { token: 't0k', clientCertificateData: undefined, clientKeyData: undefined }],
    [
      'a token with an expiry',
      output({ token: 't0k', expirationTimestamp: '2030-01-02T03:04:05Z' }),
      v1,
      { token: 't0k', clientCertificateData: undefined, clientKeyData: undefined, expiresAt: Date.UTC(2030, 0, 2, 3, 4, 5) },
    ],
    [
      'an expiry that is no time: kept until a 401',
      output({ token: 't0k', expirationTimestamp: 'soon' }),
      v1,
      { token: 't0k', clientCertificateData: undefined, clientKeyData: undefined },
    ],
    [
      'a client certificate and its key',
      output({ clientCertificateData: 'CERT', clientKeyData: 'KEY' }),
      v1,
      { token: undefined, clientCertificateData: 'CERT', clientKeyData: 'KEY' },
    ],
    ['a certificate without its key', output({ clientCertificateData: 'CERT' }), v1, undefined],
    ['a key without its certificate, even with a token', output({ token: 't0k', clientKeyData: 'KEY' }), v1, undefined],
    ['an empty token', output({ token: '' }), v1, undefined],
    ['a token that is no string', output({ token: 42 }), v1, undefined],
    ['no status', JSON.stringify({ apiVersion: v1, kind: 'ExecCredential' }), v1, undefined],
    ['another kind', output({ token: 't0k' }, v1, 'Status'), v1, undefined],
    ['another apiVersion than the kubeconfig asks for', output({ token: 't0k' }, v1beta1), v1, undefined],
    [
      'any apiVersion when the kubeconfig names none',
      output({ token: 't0k' }, v1beta1),
      undefined,
      { token: 't0k', clientCertificateData: undefined, clientKeyData: undefined },
    ],
    ['not JSON (a bare token)', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', v1, undefined],
    ['JSON null', 'null', v1, undefined],
    ['a JSON array', '[]', v1, undefined],
  ];
  for (const [what, stdout, apiVersion, expected] of rows) {
    test(what, () => {
      assert.deepEqual(parseCredential(stdout, apiVersion), expected);
    });
  }
});

/** A plugin script that appends a line to its runs file at each run, then runs `body`. */
function plugin(name: string, body: string): { command: string; runs: () => number } {
  const runsFile = tempPath(`${name}.runs`);
  const command = writeTemp(`${name}.sh`, `#!/bin/sh\necho run >> '${runsFile}'\n${body}\n`, 0o755);
  return {
    command,
    runs: () => {
      try {
        return readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).length;
      } catch {
        return 0;
      }
    },
  };
}

const cluster = { server: 'https://kubernetes:6443' };

describe('ExecCredentialCache', () => {
  test('concurrent requests share one run; a credential without expiry is kept until a 401 invalidates it', async () => {
    const p = plugin('no-expiry', `echo '${output({ token: 'tok-a' })}'`);
    const cache = new ExecCredentialCache(() => 5000);
    const exec = { command: p.command, apiVersion: v1 };
    const first = await Promise.all([1, 2, 3, 4].map(() => cache.get('alice', 'ctx-1', exec, cluster)));
    assert.equal(p.runs(), 1, 'one run for four concurrent requests');
    assert.ok(first.every((c) => c === first[0] && c.token === 'tok-a'));
    for (let i = 0; i < 10; i++) {
      await cache.get('alice', i % 2 ? 'ctx-1' : 'ctx-2', exec, cluster);
    }
    assert.equal(p.runs(), 1, 'ten more requests (from two contexts of the same user) run nothing');
    cache.invalidate('bob', first[0]);
    await cache.get('alice', 'ctx-1', exec, cluster);
    assert.equal(p.runs(), 1, "another user's 401 changes nothing");
    cache.invalidate('alice', first[0]);
    const renewed = await cache.get('alice', 'ctx-1', exec, cluster);
    assert.equal(p.runs(), 2, 'after a 401 the plugin runs again');
    cache.invalidate('alice', first[0]);
    assert.equal(await cache.get('alice', 'ctx-1', exec, cluster), renewed, 'a late 401 for the old credential keeps the new one');
    assert.equal(p.runs(), 2);
  });

  test('a credential that has expired is fetched again', async () => {
    const p = plugin('expired', `echo '${output({ token: 'tok-b', expirationTimestamp: '2001-01-01T00:00:00Z' })}'`);
    const cache = new ExecCredentialCache(() => 5000);
    const exec = { command: p.command, apiVersion: v1 };
    await cache.get('carol', 'ctx', exec, cluster);
    await cache.get('carol', 'ctx', exec, cluster);
    assert.equal(p.runs(), 2);
  });

  test('a plugin over its time limit is stopped (with what it started) and its words are kept, redacted', async () => {
    const pidFile = tempPath('sleeper.pid');
    const p = plugin(
      'hanging',
      `echo "opening a browser for id_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln" >&2\nsleep 300 &\necho $! > '${pidFile}'\nwait`,
    );
    const cache = new ExecCredentialCache(() => 700);
    const started = Date.now();
    await assert.rejects(cache.get('dave', 'my ctx', { command: p.command, apiVersion: v1 }, cluster), (err: unknown) => {
      assert.ok(err instanceof ExecCredentialError);
      assert.equal(err.failure, 'timeout');
      assert.match(err.message, /gave no credential within 1 s and was stopped; it said: opening a browser/);
      assert.ok(!err.message.includes('eyJ'), err.message);
      assert.match(err.hint, /kubectl --context 'my ctx' get leases/);
      assert.match(err.hint, /leaseLens\.exec\.timeoutSeconds/);
      return true;
    });
    assert.ok(Date.now() - started < 5000, 'the limit holds');
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    await waitFor('the process the plugin started to be stopped too', () => !alive(sleeper), 3000);
  });

  test('KUBERNETES_EXEC_INFO is set last (the kubeconfig env cannot replace it), with the cluster when asked for', async () => {
    const infoFile = tempPath('exec-info.json');
    const p = plugin(
      'info',
      `printf '%s' "$KUBERNETES_EXEC_INFO" > '${infoFile}'\necho "$FROM_KUBECONFIG" >&2\necho '${output({ token: 't' })}'`,
    );
    const cache = new ExecCredentialCache(() => 5000);
    await cache.get(
      'erin',
      'ctx',
      {
        command: p.command,
        apiVersion: v1,
        provideClusterInfo: true,
        env: [
          { name: 'KUBERNETES_EXEC_INFO', value: 'replaced' },
          { name: 'FROM_KUBECONFIG', value: 'yes' },
        ],
      },
      { ...cluster, 'tls-server-name': 'api' },
    );
    const info = JSON.parse(readFileSync(infoFile, 'utf8')) as unknown;
    assert.deepEqual(info, {
      kind: 'ExecCredential',
      apiVersion: v1,
      spec: { interactive: false, cluster: { server: cluster.server, 'tls-server-name': 'api' } },
    });
  });

  test('interactiveMode Always is not run (there is no terminal); a failure is not cached', async () => {
    const p = plugin('always', `echo '${output({ token: 't' })}'`);
    const cache = new ExecCredentialCache(() => 5000);
    await assert.rejects(
      cache.get('frank', 'ctx', { command: p.command, apiVersion: v1, interactiveMode: 'Always' }, cluster),
      (err: unknown) => {
        assert.ok(err instanceof ExecCredentialError);
        assert.equal(err.failure, 'interactive');
        assert.match(err.message, /needs a terminal/);
        assert.match(err.hint, /Run `kubectl --context ctx get leases` once in a terminal/);
        return true;
      },
    );
    assert.equal(p.runs(), 0);
    const failing = plugin(
      'fails-once',
      `[ -f '${p.command}.ok' ] || { echo "not logged in" >&2; exit 1; }\necho '${output({ token: 't' })}'`,
    );
    const exec = { command: failing.command, apiVersion: v1 };
    await assert.rejects(cache.get('frank', 'ctx', exec, cluster), /failed \(exit code 1\): not logged in/);
    writeFileSync(`${p.command}.ok`, '');
    assert.equal((await cache.get('frank', 'ctx', exec, cluster)).token, 't', 'the next request runs the plugin again');
    assert.equal(failing.runs(), 2);
  });
});

/** True while the process runs (a zombie has stopped). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
