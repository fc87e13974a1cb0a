// Every `leaseLens.*` setting the extension host reads. Pure (no vscode) so the manifest test can
// check each one against `contributes.configuration`.

export const settingsSection = 'leaseLens';

export const settingKeys = {
  kubeconfig: 'leaseLens.kubeconfig',
  contexts: 'leaseLens.contexts',
  namespaces: 'leaseLens.namespaces',
  nodeLeases: 'leaseLens.nodeLeases',
  podSelectors: 'leaseLens.podSelectors',
  logTailLines: 'leaseLens.logs.tailLines',
  logBufferLines: 'leaseLens.logs.bufferLines',
  holderChangeNotifications: 'leaseLens.notifications.holderChange',
  flapChanges: 'leaseLens.flapping.changes',
  flapWindowMinutes: 'leaseLens.flapping.windowMinutes',
  expiringSeconds: 'leaseLens.expiringSeconds',
} as const;

export type SettingName = keyof typeof settingKeys;
