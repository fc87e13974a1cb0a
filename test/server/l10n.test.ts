// The Lease server speaks the client's language: with the language and bundle the host hands over
// in initializationOptions (here the shipped Russian bundle), kubeconfig problems, a context's
// state and hint, and a follow's messages come in Russian; without them, in English.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startLeaseServer } from '../../harness/leaseServerProcess';
import { REPO_ROOT } from '../../harness/repoRoot';
import { Contexts, Follow } from '../../src/shared/protocol';
import { leaseKey } from '../../src/shared/types';
import { kubeconfigYaml, unreachableKc, writeKubeconfig } from '../support/kubeconfig';

const ru = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n/bundle.l10n.ru.json'), 'utf8')) as Record<string, string>;

/** One context whose API server refuses connections, and a second file that does not exist. */
function kubeconfigs(): string {
  const dead = writeKubeconfig(kubeconfigYaml(unreachableKc()), 'l10n-kubeconfig.yaml');
  return `${dead}:${join(REPO_ROOT, 'test-results', 'no-such-kubeconfig.yaml')}`;
}

async function messages(l10n?: { language: string; bundle: Record<string, string> }): Promise<{
  problem: string;
  message: string;
  hint: string;
  followed: string;
}> {
  const server = await startLeaseServer({ env: { KUBECONFIG: kubeconfigs() }, l10n });
  try {
    const problems = await server.waitFor('the kubeconfig', () => server.kubeconfig?.problems);
    await server.conn.sendRequest(Contexts.watch, { contexts: ['dead'] });
    const state = await server.waitFor('unreachable', () => {
      const s = server.states.get('dead');
      return s?.phase === 'unreachable' ? s : undefined;
    });
    const followed = await server.conn.sendRequest(Follow.start, { key: leaseKey('missing-context', 'ns', 'name') });
    return {
      problem: problems[0]?.message ?? '',
      message: state.message ?? '',
      hint: state.hint ?? '',
      followed: followed.podMessage ?? '',
    };
  } finally {
    await server.close();
  }
}

describe('Lease server: messages in the UI language', () => {
  test('in Russian with the Russian bundle, in English without one', async () => {
    const russian = await messages({ language: 'ru', bundle: ru });
    assert.match(russian.problem, /no-such-kubeconfig\.yaml не существует\. Исправьте KUBECONFIG или параметр leaseLens\.kubeconfig\./);
    assert.match(russian.message, /^http:\/\/127\.0\.0\.1:9 недоступен: /);
    assert.match(russian.hint, /^Проверьте, что кластер работает и доступен с этого компьютера/);
    assert.match(russian.followed, /^Контекста «missing-context» нет в kubeconfig \(/);

    const english = await messages();
    assert.match(english.problem, /no-such-kubeconfig\.yaml does not exist\. Fix KUBECONFIG/);
    assert.match(english.message, /^Cannot reach http:\/\/127\.0\.0\.1:9: /);
    assert.match(english.hint, /^Check that the cluster is running/);
    assert.match(english.followed, /^Context "missing-context" is not in the kubeconfig \(/);
  });
});
