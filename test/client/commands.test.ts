// Pieces of the commands and the panel host that do not need VS Code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubectlGetLease, shellQuote } from '../../src/client/commands/shellQuote';
import {
  parsePanelPersistedState as parsePersistedState,
  parseWebviewToHost as parseWebviewMessage,
} from '../../src/shared/webviewMessages';

describe('kubectl command', () => {
  test('plain names stay plain', () => {
    assert.equal(
      kubectlGetLease('kind-demo', 'kube-system', 'kube-scheduler'),
      'kubectl --context kind-demo -n kube-system get lease kube-scheduler -o yaml',
    );
  });

  test('anything a shell would read is quoted', () => {
    assert.equal(shellQuote("it's $(rm -rf ~) `x`; y"), `'it'\\''s $(rm -rf ~) \`x\`; y'`);
    assert.equal(shellQuote(''), "''");
    assert.equal(
      kubectlGetLease('arn:aws:eks:eu-west-1:1:cluster/prod', 'ns', 'a3f1c2d4.payments.example.com'),
      'kubectl --context arn:aws:eks:eu-west-1:1:cluster/prod -n ns get lease a3f1c2d4.payments.example.com -o yaml',
    );
    assert.equal(kubectlGetLease('my ctx', 'ns', 'n'), "kubectl --context 'my ctx' -n ns get lease n -o yaml");
  });

  test('names the kubeconfig Lease Lens loaded, so a same-named context elsewhere is never asked', () => {
    assert.equal(
      kubectlGetLease('kind-demo', 'kube-system', 'kube-scheduler', ['/home/me/.kube/config']),
      'kubectl --kubeconfig /home/me/.kube/config --context kind-demo -n kube-system get lease kube-scheduler -o yaml',
    );
    assert.equal(
      kubectlGetLease('prod', 'ns', 'n', ["/home/me/my configs/it's.yaml"]),
      "kubectl --kubeconfig '/home/me/my configs/it'\\''s.yaml' --context prod -n ns get lease n -o yaml",
      'the file is shell-quoted',
    );
    // kubectl's --kubeconfig takes one file; several go as KUBECONFIG, merged as kubectl (and Lease Lens) merge them.
    assert.equal(
      kubectlGetLease('prod', 'ns', 'n', ['/a/config', '/b/dev config']),
      "KUBECONFIG='/a/config:/b/dev config' kubectl --context prod -n ns get lease n -o yaml",
    );
    assert.equal(
      kubectlGetLease('prod', 'ns', 'n', ['C:\\kube\\a', 'C:\\kube\\b'], ';'),
      "KUBECONFIG='C:\\kube\\a;C:\\kube\\b' kubectl --context prod -n ns get lease n -o yaml",
      "the platform's list delimiter",
    );
  });
});

describe('webview messages are checked', () => {
  const key = 'kind-demo/kube-system/kube-scheduler';
  const filter = { preset: 'all', text: 'x', regex: false, caseSensitive: false, invert: false };

  test('well-formed messages pass', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'openLogsInEditor', key, filter }), { type: 'openLogsInEditor', key, filter });
    assert.deepEqual(parseWebviewMessage({ type: 'copy', text: 'a' }), { type: 'copy', text: 'a' });
    assert.deepEqual(parseWebviewMessage({ type: 'showEvents', key }), { type: 'showEvents', key });
  });

  test('anything else is dropped', () => {
    for (const bad of [
      null,
      'ready',
      {},
      { type: 'eval' },
      { type: 'copy', text: 1 },
      { type: 'showEvents', key: 'no-key' },
      { type: 'openLogsInEditor', key, filter: { preset: 'x' } },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(parseWebviewMessage({ type: 'copy', text: 'x'.repeat(2_000_000) }), undefined);
  });

  test('persisted panel state', () => {
    assert.deepEqual(parsePersistedState({ key, paused: true, filter }), { key, paused: true, filter });
    assert.equal(parsePersistedState({ key: 'nope' }), undefined);
    assert.equal(parsePersistedState(undefined), undefined);
  });
});
