// leaseLens.startupContexts: contexts Lease Lens connects to at start-up, so that the Leadership
// Health view, the flapping alerts and the status bar cover them without expanding each. Watching
// runs a context's credential plugin and contacts its cluster, so the setting counts only from the
// user's (or remote machine's) settings — a folder cannot set it (machineSetting.ts) — and only in
// a trusted workspace (in Restricted Mode the server does not even start). Each context is watched
// once the kubeconfig names it and it is shown (leaseLens.contexts).
import * as vscode from 'vscode';
import { isNonEmptyString } from '../../shared/guards';
import { settingTable } from '../../shared/settings';
import type { LeaseCache } from '../leases/leaseCache';
import { DisposableStore } from '../lifecycle';
import { machineSettingValue, type InspectedSetting } from '../machineSetting';

/** The contexts the user's own settings name (a workspace's value is ignored). */
export function startupContextsOf(inspected: InspectedSetting<unknown> | undefined): string[] {
  const value = machineSettingValue(inspected);
  return Array.isArray(value) ? [...new Set(value.filter(isNonEmptyString).map((c) => c.trim()))] : [];
}

export function startupContexts(): string[] {
  return startupContextsOf(vscode.workspace.getConfiguration().inspect<unknown>(settingTable.startupContexts.key));
}

export interface Watcher {
  ensureWatched(context: string): void;
}

/** Watches the start-up contexts now and whenever the kubeconfig, the setting or the trust changes. */
export function watchStartupContexts(sync: Watcher, cache: LeaseCache): vscode.Disposable {
  const apply = (): void => {
    if (!vscode.workspace.isTrusted) {
      return;
    }
    for (const context of startupContexts()) {
      if (cache.isShown(context)) {
        sync.ensureWatched(context);
      }
    }
  };
  const disposables = new DisposableStore();
  disposables.addAll(
    cache.onDidChange(({ kind }) => {
      if (kind === 'kubeconfig' || kind === 'shown-contexts') {
        apply();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(apply),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingTable.startupContexts.key)) {
        apply();
      }
    }),
  );
  apply();
  return disposables;
}
