// Kubeconfig loading with kubectl's merge rules, and a clear problem for every broken file.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { kubeConfigFor, kubeconfigFiles, loadKubeconfig } from '../../src/server/kubeconfig/load';
import { kubeconfigYaml, tempPath, writeTemp } from '../support/kubeconfig';

/** A kubeconfig with one cluster and one token user; no current-context unless `current`; `extra` YAML appended. */
function config(opts: {
  cluster: string;
  server: string;
  user: string;
  token: string;
  contexts: [string, string, string][];
  current?: string;
  extra?: string;
}): string {
  return (
    kubeconfigYaml({
      clusters: [{ name: opts.cluster, server: opts.server, insecure: true }],
      users: [{ name: opts.user, token: opts.token }],
      contexts: opts.contexts.map(([name, cluster, user]) => ({ name, cluster, user })),
      current: opts.current ?? null,
    }) + (opts.extra ?? '')
  );
}

describe('kubeconfig loading', () => {
  test('merges several files like kubectl: the first definition wins, with a warning, and current-context comes from the first file that sets one', () => {
    const a = writeTemp(
      'a.yaml',
      config({
        cluster: 'c1',
        server: 'https://a.example:6443',
        user: 'u1',
        token: 'tok-a',
        contexts: [
          ['shared', 'c1', 'u1'],
          ['only-a', 'c1', 'u1'],
        ],
      }),
    );
    const b = writeTemp(
      'b.yaml',
      config({
        cluster: 'c2',
        server: 'https://b.example:6443',
        user: 'u2',
        token: 'tok-b',
        contexts: [
          ['shared', 'c2', 'u2'],
          ['only-b', 'c2', 'u2'],
        ],
        current: 'only-b',
      }),
    );
    const c = writeTemp(
      'c.yaml',
      config({
        cluster: 'c3',
        server: 'https://c.example:6443',
        user: 'u3',
        token: 'tok-c',
        contexts: [['only-c', 'c3', 'u3']],
        current: 'only-c',
      }),
    );
    const loaded = loadKubeconfig([a, b, c]);
    assert.deepEqual(
      loaded.contexts.map((x) => x.name),
      ['shared', 'only-a', 'only-b', 'only-c'],
    );
    const shared = loaded.contexts.find((x) => x.name === 'shared');
    assert.equal(shared?.cluster?.server, 'https://a.example:6443');
    assert.equal(shared?.file, a);
    assert.equal(loaded.currentContext, 'only-b');
    const dup = loaded.problems.find((p) => p.message.includes('"shared"'));
    assert.ok(dup, 'a duplicate context name is reported');
    assert.equal(dup.file, b);
    assert.match(dup.message, /first is used/);
    // Every context turns into a usable KubeConfig of its own.
    const kc = kubeConfigFor(loaded.contexts.find((x) => x.name === 'only-c')!);
    assert.equal(kc.getCurrentCluster()?.server, 'https://c.example:6443');
    assert.equal(kc.getCurrentUser()?.token, 'tok-c');
  });

  test('reads KUBECONFIG split on the path delimiter, and the setting overrides it', () => {
    assert.deepEqual(kubeconfigFiles(undefined, { KUBECONFIG: `/x/a${delimiter}${delimiter}/x/b${delimiter}/x/a` }), ['/x/a', '/x/b']);
    assert.deepEqual(kubeconfigFiles('/y/c', { KUBECONFIG: '/x/a' }), ['/y/c']);
    assert.match(kubeconfigFiles(undefined, {})[0], /\.kube\/config$/);
  });

  test('relative paths in the setting and KUBECONFIG are read from the home folder, never the working directory', () => {
    const home = homedir();
    assert.notEqual(process.cwd(), home, 'the test runs elsewhere, so the two would differ');
    assert.deepEqual(kubeconfigFiles('clusters/dev.yaml', {}), [join(home, 'clusters', 'dev.yaml')]);
    assert.deepEqual(kubeconfigFiles(undefined, { KUBECONFIG: 'work.yaml' }), [join(home, 'work.yaml')]);
    assert.deepEqual(kubeconfigFiles('~/.kube/a.yaml', {}), [join(home, '.kube', 'a.yaml')]);
    const missing = join(home, `lease-lens-missing-${process.pid}-${Date.now()}.yaml`);
    const message = loadKubeconfig([missing])
      .problems.map((p) => p.message)
      .join(' | ');
    assert.match(
      message,
      /does not exist\. Fix KUBECONFIG or the setting leaseLens\.kubeconfig\. Relative paths .* are read from your home folder/,
    );
  });

  test("an exec plugin's relative command is read from the kubeconfig's folder; a bare name is left for the PATH", () => {
    const file = writeTemp(
      'exec.yaml',
      kubeconfigYaml({
        clusters: [{ name: 'c', server: 'https://c.example:6443' }],
        users: [
          { name: 'relative', exec: { command: './bin/sso-plugin' } },
          { name: 'bare', exec: { command: 'gke-gcloud-auth-plugin' } },
        ],
        contexts: [
          { name: 'a', cluster: 'c', user: 'relative' },
          { name: 'b', cluster: 'c', user: 'bare' },
        ],
      }),
    );
    const loaded = loadKubeconfig([file]);
    const command = (context: string): unknown =>
      (loaded.contexts.find((c) => c.name === context)?.user?.exec as { command?: unknown }).command;
    assert.equal(command('a'), join(dirname(file), 'bin', 'sso-plugin'));
    assert.equal(command('b'), 'gke-gcloud-auth-plugin');
  });

  test('names the file and the problem for missing, empty, invalid and incomplete files, and still loads the rest', () => {
    const good = writeTemp(
      'good.yaml',
      config({
        cluster: 'c',
        server: 'http://127.0.0.1:1',
        user: 'u',
        token: 't',
        contexts: [['fine', 'c', 'u']],
        extra: 'unknownField: [1, 2]',
      }),
    );
    const empty = writeTemp('empty.yaml', '   \n');
    const invalid = writeTemp('invalid.yaml', 'clusters: [\n  - name: x\n    : :');
    const scalar = writeTemp('scalar.yaml', 'just a string');
    const dangling = writeTemp('dangling.yaml', 'contexts:\n- name: lost\n  context:\n    cluster: nowhere\n    user: nobody\n');
    const missing = tempPath('missing.yaml');
    const loaded = loadKubeconfig([missing, empty, invalid, scalar, dangling, good]);
    const about = (f: string): string =>
      loaded.problems
        .filter((p) => p.file === f)
        .map((p) => p.message)
        .join(' | ');
    assert.match(about(missing), /does not exist/);
    assert.match(about(empty), /is empty/);
    assert.match(about(invalid), /not valid YAML/);
    assert.match(about(scalar), /not a kubeconfig/);
    assert.match(about(dangling), /Context "lost" .* refers to cluster "nowhere" and user "nobody"/);
    const fine = loaded.contexts.find((c) => c.name === 'fine');
    assert.ok(fine && !fine.problem, 'the sound context still loads');
    assert.ok(loaded.contexts.find((c) => c.name === 'lost')?.problem);
  });

  test('keeps relative certificate paths relative to their own file', () => {
    const sub = tempPath('sub');
    const path = join(sub, 'k.yaml');
    mkdirSync(sub, { recursive: true });
    writeFileSync(
      path,
      [
        'clusters:',
        '- name: c',
        '  cluster:',
        '    server: https://k.example',
        '    certificate-authority: ca.crt',
        'users:',
        '- name: u',
        '  user:',
        '    client-certificate: certs/u.crt',
        '    client-key: certs/u.key',
        'contexts:',
        '- name: k',
        '  context: {cluster: c, user: u}',
      ].join('\n'),
    );
    const ctx = loadKubeconfig([path]).contexts[0];
    assert.equal(ctx.cluster?.caFile, join(sub, 'ca.crt'));
    assert.equal(ctx.user?.certFile, join(sub, 'certs/u.crt'));
    assert.equal(ctx.user?.keyFile, join(sub, 'certs/u.key'));
  });
});
