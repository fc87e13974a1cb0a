// Reads the `leaseLens.*` settings (declared in package.json) into the shapes the pieces use.
// Values come from user-editable JSON: every one is checked and falls back to its default.
import * as vscode from 'vscode';
import type { NodeLeaseMode, ServerSettings } from '../shared/types';
import { defaultServerSettings } from '../shared/types';
import { defaultPanelSettings, type PanelSettings } from '../shared/webviewProtocol';
import { settingKeys, settingsSection } from './settingKeys';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration();
}

function stringSetting(key: string): string | undefined {
  const value = config().get<unknown>(key);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function stringList(key: string): string[] {
  const value = config().get<unknown>(key);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

function numberSetting(key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = config().get<unknown>(key);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, value));
}

function stringRecord(key: string): Record<string, string> {
  const value = config().get<unknown>(key);
  const out: Record<string, string> = {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') {
        out[k] = v;
      }
    }
  }
  return out;
}

export function nodeLeaseMode(): NodeLeaseMode {
  const value = config().get<unknown>(settingKeys.nodeLeases);
  return value === 'hidden' || value === 'counted' || value === 'shown' ? value : defaultServerSettings.nodeLeases;
}

export function serverSettings(): ServerSettings {
  return {
    kubeconfig: stringSetting(settingKeys.kubeconfig),
    namespaces: stringList(settingKeys.namespaces),
    nodeLeases: nodeLeaseMode(),
    podSelectors: stringRecord(settingKeys.podSelectors),
    logTailLines: numberSetting(settingKeys.logTailLines, defaultServerSettings.logTailLines, 0, 10_000),
    logBufferLines: numberSetting(settingKeys.logBufferLines, defaultServerSettings.logBufferLines, 100, 100_000),
  };
}

export function panelSettings(): PanelSettings {
  return {
    flapChanges: numberSetting(settingKeys.flapChanges, defaultPanelSettings.flapChanges, 1),
    flapWindowMinutes: numberSetting(settingKeys.flapWindowMinutes, defaultPanelSettings.flapWindowMinutes, 1),
    logBufferLines: numberSetting(settingKeys.logBufferLines, defaultPanelSettings.logBufferLines, 100, 100_000),
    expiringSeconds: expiringSeconds(),
  };
}

export function expiringSeconds(): number {
  return numberSetting(settingKeys.expiringSeconds, defaultPanelSettings.expiringSeconds, 1);
}

/** Contexts to show; empty: all. */
export function shownContexts(): string[] {
  return stringList(settingKeys.contexts);
}

export function holderChangeNotifications(): boolean {
  return config().get<unknown>(settingKeys.holderChangeNotifications) !== false;
}

/** Writes where the user keeps the setting: the workspace when set there, else the user settings. */
export async function writeSetting(key: string, value: unknown): Promise<void> {
  const inspected = config().inspect(key);
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
