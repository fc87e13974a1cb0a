// Tells the user when the holder of a followed Lease changes, unless
// `leaseLens.notifications.holderChange` is off: at most one notification per Lease a minute, the
// changes in between summed up in one (HolderChangePolicy). Each notification offers "Don't Show
// Again for This Lease" (remembered in globalState) and "Don't Show Again" (turns the setting off).
import * as vscode from 'vscode';
import { settingTable } from '../../shared/settings';
import type { LeaseKey } from '../../shared/types';
import { commandIds } from '../commands/commandIds';
import { DisposableStore, toDisposable } from '../lifecycle';
import type { FollowManager } from './followManager';
import { holderChangeSummary } from './holderChange';
import { HolderChangePolicy, type HolderChangeNotice } from './holderChangePolicy';

/** The globalState key of the Leases whose holder changes are not told. */
export const mutedHolderChangesKey = 'mutedHolderChangeLeases';

function mutedLeases(state: vscode.Memento): LeaseKey[] {
  const value = state.get<unknown>(mutedHolderChangesKey);
  return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
}

/** Turns the setting off in the user settings, and in the workspace's when it sets it there too. */
async function turnOff(): Promise<void> {
  const config = vscode.workspace.getConfiguration();
  const key = settingTable.holderChangeNotifications.key;
  await config.update(key, false, vscode.ConfigurationTarget.Global);
  const inspected = config.inspect(key);
  if (inspected?.workspaceValue !== undefined) {
    await config.update(key, false, vscode.ConfigurationTarget.Workspace);
  }
}

export function notifyHolderChanges(follow: FollowManager, enabled: () => boolean, state: vscode.Memento): vscode.Disposable {
  const policy = new HolderChangePolicy(Date.now, mutedLeases(state));
  const timers = new Map<LeaseKey, NodeJS.Timeout>();
  /** Leases the policy knows of; forgotten when unfollowed. */
  const told = new Set<LeaseKey>();
  const disposables = new DisposableStore();

  const show = (notice: HolderChangeNotice): void => {
    if (!enabled()) {
      return;
    }
    const key = notice.change.key;
    const showLease = vscode.l10n.t('Show Lease');
    const muteLease = vscode.l10n.t("Don't Show Again for This Lease");
    const muteAll = vscode.l10n.t("Don't Show Again");
    void vscode.window.showInformationMessage(holderChangeSummary(notice.change, notice.count), showLease, muteLease, muteAll).then(
      async (choice) => {
        if (choice === showLease) {
          await vscode.commands.executeCommand(commandIds.followLease, key);
        } else if (choice === muteLease) {
          await state.update(mutedHolderChangesKey, policy.mute(key));
        } else if (choice === muteAll) {
          await turnOff();
        }
      },
      () => undefined,
    );
  };

  const scheduleSummary = (key: LeaseKey): void => {
    const due = policy.summaryDue(key);
    if (due === undefined || timers.has(key)) {
      return;
    }
    timers.set(
      key,
      setTimeout(
        () => {
          timers.delete(key);
          const summary = policy.summary(key);
          if (summary) {
            show(summary);
          }
        },
        Math.max(0, due - Date.now()),
      ),
    );
  };

  disposables.addAll(
    follow.onDidChangeHolder((change) => {
      told.add(change.key);
      const notice = policy.changed(change);
      if (notice) {
        show(notice);
      } else {
        scheduleSummary(change.key);
      }
    }),
    follow.onDidChangeFollowed((keys) => {
      const followed = new Set(keys);
      for (const key of told) {
        if (!followed.has(key)) {
          clearTimeout(timers.get(key));
          timers.delete(key);
          told.delete(key);
          policy.forget(key);
        }
      }
    }),
    toDisposable(() => {
      for (const timer of timers.values()) {
        clearTimeout(timer);
      }
      timers.clear();
    }),
  );
  return disposables;
}
