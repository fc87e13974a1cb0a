// The settings of leadership health the host reads: the flapping rule (for the Health view and the
// alerts' wording) and whether flapping alerts are on.
import * as vscode from 'vscode';
import type { HealthViewSettings } from '../../shared/healthViewProtocol';
import { settingTable } from '../../shared/settings';
import { serverSettings } from '../settings';

export function healthViewSettings(): HealthViewSettings {
  const { flapChanges, flapWindowMinutes } = serverSettings();
  return { flapChanges, flapWindowMinutes };
}

export function flappingNotifications(): boolean {
  const value = vscode.workspace.getConfiguration().get<unknown>(settingTable.flappingNotifications.key);
  return typeof value === 'boolean' ? value : settingTable.flappingNotifications.default;
}
