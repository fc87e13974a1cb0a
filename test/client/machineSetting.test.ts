// leaseLens.kubeconfig is read from the user's (or remote machine's) settings only: a folder's or
// workspace's value is ignored, even where VS Code itself does not enforce the "machine" scope.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { machineSettingValue } from '../../src/client/machineSetting';

describe('machine settings', () => {
  test("a folder's or workspace's value is ignored: the default stays", () => {
    assert.equal(
      machineSettingValue({ defaultValue: '', workspaceValue: '/folder/kubeconfig.yaml', workspaceFolderValue: '/folder/kubeconfig.yaml' }),
      '',
    );
  });

  test("the user's value counts, whatever the folder says", () => {
    assert.equal(
      machineSettingValue({ defaultValue: '', globalValue: '~/.kube/work.yaml', workspaceValue: '/folder/kubeconfig.yaml' }),
      '~/.kube/work.yaml',
    );
  });

  test('nothing inspected: nothing', () => {
    assert.equal(machineSettingValue(undefined), undefined);
  });
});
