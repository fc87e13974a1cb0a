// Reads the `leaseLens.*` settings (the table in src/shared/settings.ts, declared in package.json)
// into the shapes the pieces use. Values come from user-editable JSON: every one is checked,
// numbers are clamped to the table's bounds, and anything else falls back to the table's default.
import * as vscode from 'vscode';
import { isFiniteNumber, isNonEmptyString, isRecord } from '../shared/guards';
import {
  lockKindSettings,
  settingsSection,
  settingTable,
  type BooleanSettingSpec,
  type NumberSettingSpec,
  type StringListSettingSpec,
  type StringMapSettingSpec,
} from '../shared/settings';
import type { NodeLeaseMode, ServerSettings } from '../shared/types';
import type { PanelSettings } from '../shared/webviewProtocol';
import { machineSettingValue } from './machineSetting';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration();
}

function raw(spec: { key: string }): unknown {
  return config().get<unknown>(spec.key);
}

/** Trimmed; undefined when not set or blank. */
function trimmedString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * leaseLens.kubeconfig: only the user's or the remote machine's value (the setting's scope is
 * "machine"): a folder's .vscode/settings.json must not choose a kubeconfig, whose credential
 * plugins run commands and whose names could shadow the user's own contexts.
 */
function kubeconfigSetting(): string | undefined {
  return trimmedString(machineSettingValue(config().inspect<unknown>(settingTable.kubeconfig.key)));
}

/** One of the spec's enum values; anything else: the default. */
function enumSetting<T extends string>(spec: { key: string; enum: readonly T[]; default: NoInfer<T> }): T {
  const value = raw(spec);
  return spec.enum.find((allowed) => allowed === value) ?? spec.default;
}

function stringList(spec: StringListSettingSpec): string[] {
  const value = raw(spec);
  return Array.isArray(value) ? value.filter(isNonEmptyString) : [...spec.default];
}

function numberSetting(spec: NumberSettingSpec): number {
  const value = raw(spec);
  if (!isFiniteNumber(value)) {
    return spec.default;
  }
  return Math.min(spec.maximum ?? Number.MAX_SAFE_INTEGER, Math.max(spec.minimum ?? Number.MIN_SAFE_INTEGER, value));
}

function booleanSetting(spec: BooleanSettingSpec): boolean {
  const value = raw(spec);
  return typeof value === 'boolean' ? value : spec.default;
}

function stringRecord(spec: StringMapSettingSpec): Record<string, string> {
  const value = raw(spec);
  const out: Record<string, string> = {};
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') {
        out[k] = v;
      }
    }
  } else {
    Object.assign(out, spec.default);
  }
  return out;
}

/** leaseLens.metricsPorts: whole ports 1–65535 (numbers or digit strings); other entries are dropped. */
function portRecord(spec: StringMapSettingSpec): Record<string, number> {
  const value = raw(spec);
  const out: Record<string, number> = {};
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      const port = typeof v === 'string' && /^\d{1,5}$/.test(v.trim()) ? Number(v) : v;
      if (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65_535) {
        out[k] = port;
      }
    }
  }
  return out;
}

export function nodeLeaseMode(): NodeLeaseMode {
  return enumSetting(settingTable.nodeLeases);
}

export function serverSettings(): ServerSettings {
  return {
    kubeconfig: kubeconfigSetting(),
    namespaces: stringList(settingTable.namespaces),
    nodeLeases: nodeLeaseMode(),
    podSelectors: stringRecord(settingTable.podSelectors),
    metricsPorts: portRecord(settingTable.metricsPorts),
    logTailLines: numberSetting(settingTable.logTailLines),
    logBufferLines: numberSetting(settingTable.logBufferLines),
    leadershipPatterns: stringRecord(settingTable.leadershipPatterns),
    execTimeoutSeconds: numberSetting(settingTable.execTimeoutSeconds),
    flapChanges: numberSetting(settingTable.flapChanges),
    flapWindowMinutes: numberSetting(settingTable.flapWindowMinutes),
    expiringSeconds: expiringSeconds(),
    podNamespaces: stringRecord(settingTable.podNamespaces),
    lockKinds: lockKinds(),
  };
}

/** leaseLens.lockKinds: the known kinds listed (an empty list watches none); not a list: all. */
function lockKinds(): string[] {
  const value = raw(settingTable.lockKinds);
  if (!Array.isArray(value)) {
    return [...lockKindSettings];
  }
  return lockKindSettings.filter((kind) => value.includes(kind));
}

export function panelSettings(): PanelSettings {
  return {
    flapChanges: numberSetting(settingTable.flapChanges),
    flapWindowMinutes: numberSetting(settingTable.flapWindowMinutes),
    logBufferLines: numberSetting(settingTable.logBufferLines),
    expiringSeconds: expiringSeconds(),
  };
}

export function expiringSeconds(): number {
  return numberSetting(settingTable.expiringSeconds);
}

/** Contexts to show; empty: all. */
export function shownContexts(): string[] {
  return stringList(settingTable.contexts);
}

export function holderChangeNotifications(): boolean {
  return booleanSetting(settingTable.holderChangeNotifications);
}

/**
 * Writes where the user keeps the setting: the workspace when set there, else the user settings.
 * leaseLens.kubeconfig always goes to the user settings: a folder's value would be ignored.
 */
export async function writeSetting(key: string, value: unknown): Promise<void> {
  const inspected = key === settingTable.kubeconfig.key ? undefined : config().inspect(key);
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config().update(key, value, target);
}

/** Fires when any `leaseLens.*` setting changes. */
export function onDidChangeSettings(listener: (e: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(settingsSection)) {
      listener(e);
    }
  });
}
