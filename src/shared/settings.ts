// Every `leaseLens.*` setting in one table: key, JSON type, default, bounds and enum values.
// package.json's `contributes.configuration` declares the same (test/package/settings.test.ts
// holds the two equal); src/client/settings.ts reads and clamps values by it, and the server's
// and the panel's defaults derive from it. Pure: no vscode, no Node built-ins.

export const settingsSection = 'leaseLens';

export interface StringSettingSpec {
  key: string;
  type: 'string';
  default: string;
  enum?: readonly string[];
}

export interface NumberSettingSpec {
  key: string;
  type: 'number';
  default: number;
  minimum?: number;
  maximum?: number;
}

export interface BooleanSettingSpec {
  key: string;
  type: 'boolean';
  default: boolean;
}

/** A list of strings. */
export interface StringListSettingSpec {
  key: string;
  type: 'array';
  default: readonly string[];
}

/** An object whose values are strings. */
export interface StringMapSettingSpec {
  key: string;
  type: 'object';
  default: Readonly<Record<string, string>>;
}

export type SettingSpec = StringSettingSpec | NumberSettingSpec | BooleanSettingSpec | StringListSettingSpec | StringMapSettingSpec;

/** The values of `leaseLens.nodeLeases`: hide node Leases, count them, or list them like others. */
export const nodeLeaseModes = ['hidden', 'counted', 'shown'] as const;

/** The values of `leaseLens.lockKinds`: the election records discovered besides Leases. */
export const lockKindSettings = ['configmaps', 'endpoints', 'leasecandidates'] as const;

export const settingTable = {
  kubeconfig: { key: 'leaseLens.kubeconfig', type: 'string', default: '' },
  contexts: { key: 'leaseLens.contexts', type: 'array', default: [] },
  namespaces: { key: 'leaseLens.namespaces', type: 'array', default: [] },
  nodeLeases: { key: 'leaseLens.nodeLeases', type: 'string', enum: nodeLeaseModes, default: 'counted' },
  podSelectors: { key: 'leaseLens.podSelectors', type: 'object', default: {} },
  metricsPorts: { key: 'leaseLens.metricsPorts', type: 'object', default: {} },
  logTailLines: { key: 'leaseLens.logs.tailLines', type: 'number', default: 200, minimum: 0, maximum: 10_000 },
  logBufferLines: { key: 'leaseLens.logs.bufferLines', type: 'number', default: 5000, minimum: 100, maximum: 100_000 },
  leadershipPatterns: { key: 'leaseLens.logs.leadershipPatterns', type: 'object', default: {} },
  holderChangeNotifications: { key: 'leaseLens.notifications.holderChange', type: 'boolean', default: true },
  flapChanges: { key: 'leaseLens.flapping.changes', type: 'number', default: 3, minimum: 1 },
  flapWindowMinutes: { key: 'leaseLens.flapping.windowMinutes', type: 'number', default: 10, minimum: 1 },
  expiringSeconds: { key: 'leaseLens.expiringSeconds', type: 'number', default: 5, minimum: 1 },
  execTimeoutSeconds: { key: 'leaseLens.exec.timeoutSeconds', type: 'number', default: 30, minimum: 1, maximum: 600 },
  startupContexts: { key: 'leaseLens.startupContexts', type: 'array', default: [] },
  flappingNotifications: { key: 'leaseLens.notifications.flapping', type: 'boolean', default: true },
  podNamespaces: { key: 'leaseLens.podNamespaces', type: 'object', default: {} },
  lockKinds: { key: 'leaseLens.lockKinds', type: 'array', default: lockKindSettings },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof settingTable;

/** The full key of every setting, by name (`settingKeys.logBufferLines` is `leaseLens.logs.bufferLines`). */
export const settingKeys = Object.fromEntries(Object.entries(settingTable).map(([name, spec]) => [name, spec.key])) as {
  readonly [N in SettingName]: (typeof settingTable)[N]['key'];
};
