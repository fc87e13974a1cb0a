// Broken kubeconfigs through the real Lease server process: a missing file, an empty one, invalid
// YAML, unknown fields, contexts that point at a missing cluster or user, a current-context that
// does not exist, exec plugins that are missing or fail, the same context name in two files, and
// a broken file fixed (and broken again) while the server runs. Each problem names its file and
// says what is wrong; the sound contexts keep working throughout.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ApiServer } from '../../demo/apiserver';
import { Contexts, Follow } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { assertHealthy, Audit, Heartbeat, viewer, type Watched } from './helpers';
import { leaseObject } from '../support/builders';
import { apiContexts, kubeconfigYaml, mergeKc, tempPath, writeTemp } from '../support/kubeconfig';

describe('broken kubeconfigs', () => {
  const audit = new Audit();
  let hb: Heartbeat;
  let w: Watched;
  let a: ApiServer;
  let b: ApiServer;
  const files: Record<string, string> = {};
  const pluginError = 'error: you must be logged in to the server (the refresh token has expired)';
  let aToken = '';

  before(async () => {
    hb = await Heartbeat.start(audit);
    const ua = viewer('viewer-a');
    const ub = viewer('viewer-b');
    aToken = ua.token;
    a = await audit.startApi('a', { users: [ua] });
    b = await audit.startApi('b', { users: [ub] });
    a.store.applyLease(leaseObject({ namespace: 'apps', name: 'from-a', holder: 'a_1' }));
    b.store.applyLease(leaseObject({ namespace: 'apps', name: 'from-b', holder: 'b_1' }));
    const failing = writeTemp('failing-plugin.sh', `#!/bin/sh\necho '${pluginError}' >&2\nexit 1\n`, 0o755);

    files.missing = tempPath('missing.yaml');
    files.empty = writeTemp('empty.yaml', '\n   \n');
    files.invalid = writeTemp('invalid.yaml', 'apiVersion: v1\nclusters:\n- name: x\n  cluster: {server: "https://x\n    : [\n');
    files.unknown = writeTemp(
      'unknown-fields.yaml',
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: ghost',
        'someFutureField: {nested: [1, 2, 3]}',
        'preferences: {colors: true, unknownPreference: yes}',
        'clusters:',
        '- name: unknown-fields',
        '  cluster:',
        `    server: ${a.url}`,
        '    insecure-skip-tls-verify: true',
        '    proxy-url-of-the-future: http://nowhere.invalid',
        '  extensions: [{name: x, extension: {anything: 1}}]',
        'users:',
        '- name: unknown-fields',
        '  user:',
        `    token: ${ua.token}`,
        '    unknownCredentialField: 42',
        'contexts:',
        '- name: unknown-fields',
        '  context: {cluster: unknown-fields, user: unknown-fields, unknownContextField: [a]}',
        '',
      ].join('\n'),
    );
    files.dangling = writeTemp(
      'dangling.yaml',
      kubeconfigYaml({
        clusters: [{ name: 'present', server: a.url }],
        users: [{ name: 'present', token: ua.token }],
        contexts: [
          { name: 'no-cluster', cluster: 'nowhere', user: 'present' },
          { name: 'no-user', cluster: 'present', user: 'nobody' },
        ],
      }),
    );
    files.plugins = writeTemp(
      'plugins.yaml',
      kubeconfigYaml({
        clusters: [{ name: 'plugins', server: a.url }],
        users: [
          { name: 'missing-plugin', exec: { command: '/nonexistent/bin/kubelogin', args: ['get-token'] } },
          { name: 'failing-plugin', exec: { command: failing } },
        ],
        contexts: [
          { name: 'missing-plugin', cluster: 'plugins', user: 'missing-plugin' },
          { name: 'failing-plugin', cluster: 'plugins', user: 'failing-plugin' },
        ],
      }),
    );
    files.dupA = writeTemp('dup-a.yaml', kubeconfigYaml(apiContexts(a, [{ name: 'dup', token: ua.token }])));
    files.dupB = writeTemp('dup-b.yaml', kubeconfigYaml(apiContexts(b, [{ name: 'dup', token: ub.token }])));
    files.steady = writeTemp('steady.yaml', kubeconfigYaml(mergeKc(hb.kc())));
    const order = ['missing', 'empty', 'invalid', 'unknown', 'dangling', 'plugins', 'dupA', 'dupB', 'steady'];
    w = await audit.startServer({ env: { KUBECONFIG: order.map((k) => files[k]).join(':') } });
    await w.proc.watch(['steady']);
    await w.proc.waitFor('the heartbeat', () => w.proc.leases.get(hb.key()));
  });

  after(async () => {
    await w?.proc.close();
    await hb?.stop();
    await a?.close();
    await b?.close();
  });

  const problemsOf = (file: string): string =>
    (w.proc.kubeconfig?.problems ?? [])
      .filter((p) => p.file === file)
      .map((p) => p.message)
      .join(' | ');

  describe('each problem, concurrently', { concurrency: true }, () => {
    test('names the file and the problem for a missing file, an empty file, invalid YAML and a current-context that does not exist', () => {
      assert.match(
        problemsOf(files.missing),
        new RegExp(`${files.missing} does not exist\\. Fix KUBECONFIG or the setting leaseLens\\.kubeconfig`),
      );
      assert.match(problemsOf(files.empty), /is empty: it defines no contexts/);
      assert.match(problemsOf(files.invalid), /is not valid YAML: .+\(\d+:\d+\)/);
      assert.ok(!problemsOf(files.invalid).includes('\n'), 'one line');
      assert.match(
        (w.proc.kubeconfig?.problems ?? []).map((p) => p.message).join(' | '),
        /current-context "ghost" is not defined in any kubeconfig file/,
      );
      assert.deepEqual(
        w.proc.kubeconfig?.contexts.map((c) => c.context).sort(),
        ['dup', 'failing-plugin', 'missing-plugin', 'no-cluster', 'no-user', 'steady', 'unknown-fields'],
        'every sound or explainable context of the other files is listed',
      );
      assert.deepEqual(w.proc.kubeconfig?.files, [
        files.missing,
        files.empty,
        files.invalid,
        files.unknown,
        files.dangling,
        files.plugins,
        files.dupA,
        files.dupB,
        files.steady,
      ]);
    });

    test('ignores unknown fields, as kubectl does: the context works', async () => {
      assert.equal(problemsOf(files.unknown).replace(/current-context "ghost"[^|]*/, ''), '', 'no problem but the missing current-context');
      await w.proc.watch(['unknown-fields']);
      await w.proc.waitFor('its Lease', () => w.proc.leases.has(leaseKey('unknown-fields', 'apps', 'from-a')));
      assert.equal(w.proc.states.get('unknown-fields')?.phase, 'connected');
    });

    test('a context pointing at a missing cluster or user: misconfigured, naming what is missing and the file to fix; following in it says so', async () => {
      const states = await w.proc.watch(['no-cluster', 'no-user']);
      const [noCluster, noUser] = states;
      assert.equal(noCluster.phase, 'misconfigured');
      assert.match(
        noCluster.message ?? '',
        new RegExp(`Context "no-cluster" in ${files.dangling} refers to cluster "nowhere", which no kubeconfig file defines`),
      );
      assert.equal(noCluster.hint, `Fix the context in ${files.dangling}.`);
      assert.equal(noUser.phase, 'misconfigured');
      assert.match(noUser.message ?? '', /refers to user "nobody"/);
      assert.match(problemsOf(files.dangling), /no-cluster.*nowhere.*\|.*no-user.*nobody/);
      const snap = await w.proc.conn.sendRequest(Follow.start, { key: leaseKey('no-cluster', 'apps', 'from-a') });
      assert.equal(snap.podResolution, 'error');
      assert.match(snap.podMessage ?? '', /refers to cluster "nowhere"/);
      assert.ok(!a.requests.some((r) => r.user === undefined), 'nothing was sent without credentials');
      await hb.advances(w);
    });

    test("an exec plugin that is missing or fails: unauthorized, with the reason (the plugin's own words) and what to check", async () => {
      await w.proc.watch(['missing-plugin', 'failing-plugin']);
      const missing = await w.proc.waitFor('missing-plugin fails', () =>
        w.proc.states.get('missing-plugin')?.phase === 'unauthorized' ? w.proc.states.get('missing-plugin') : undefined,
      );
      assert.match(
        missing.message ?? '',
        /Could not prepare credentials for .*: the exec plugin \/nonexistent\/bin\/kubelogin is not installed or not on the PATH/,
      );
      assert.match(missing.hint ?? '', /Install the exec plugin named in the user entry of this context/);
      const failing = await w.proc.waitFor('failing-plugin fails', () =>
        w.proc.states.get('failing-plugin')?.phase === 'unauthorized' ? w.proc.states.get('failing-plugin') : undefined,
      );
      assert.ok((failing.message ?? '').includes(pluginError), failing.message);
      assert.match(failing.hint ?? '', /exec plugin/);
      assert.ok(failing.retryAt && failing.retryAt > Date.now() - 5000, 'a retry is scheduled');
      await hb.advances(w);
      assert.equal(w.proc.states.get('steady')?.phase, 'connected');
    });

    test('the same context name in two files: the first definition is used, the second reported with both file names', async () => {
      assert.match(
        problemsOf(files.dupB),
        new RegExp(`context "dup" is defined in ${files.dupA} and again in ${files.dupB}; the first is used, as kubectl does`),
      );
      await w.proc.watch(['dup']);
      await w.proc.waitFor('the Lease of the first definition', () => w.proc.leases.has(leaseKey('dup', 'apps', 'from-a')));
      assert.equal(w.proc.states.get('dup')?.server, a.url);
      assert.ok(!w.proc.leases.has(leaseKey('dup', 'apps', 'from-b')));
    });
  });

  test('a broken file fixed while the server runs: its context appears and works; broken again, it goes, with the problem back, and the others stay', async () => {
    const from = Date.now();
    writeFileSync(files.invalid, kubeconfigYaml(apiContexts(a, [{ name: 'fixed', token: aToken }])));
    await w.proc.waitFor(
      'the fixed context',
      () => w.proc.kubeconfig?.contexts.some((c) => c.context === 'fixed') && problemsOf(files.invalid) === '',
      10_000,
    );
    await w.proc.watch(['fixed']);
    await w.proc.waitFor('its Lease', () => w.proc.leases.has(leaseKey('fixed', 'apps', 'from-a')));
    writeFileSync(files.invalid, 'clusters: [\n');
    await w.proc.waitFor(
      'broken again',
      () => !w.proc.kubeconfig?.contexts.some((c) => c.context === 'fixed') && /not valid YAML/.test(problemsOf(files.invalid)),
      10_000,
    );
    const [gone] = await w.proc.conn.sendRequest(Contexts.watch, { contexts: ['fixed'] });
    assert.equal(gone.phase, 'misconfigured');
    assert.match(gone.message ?? '', /Context "fixed" is not in the kubeconfig/);
    assert.equal(w.proc.states.get('steady')?.phase, 'connected');
    assert.equal(w.proc.states.get('unknown-fields')?.phase, 'connected');
    hb.assertSteady(w, from, Date.now());
  });

  test('audit: only GET was sent, no credential was shown, the server is healthy', async () => {
    await assertHealthy(w);
    audit.verify(10);
  });
});
