// Tells the user when the holder of a followed Lease changes, unless
// `leaseLens.notifications.holderChange` is off.
import * as vscode from 'vscode';
import { commandIds } from '../commands/commandIds';
import type { FollowManager } from './followManager';
import { holderChangeMessage } from './holderChange';

export function notifyHolderChanges(follow: FollowManager, enabled: () => boolean): vscode.Disposable {
  return follow.onDidChangeHolder((change) => {
    if (!enabled()) {
      return;
    }
    void vscode.window.showInformationMessage(holderChangeMessage(change), 'Show Lease').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand(commandIds.followLease, change.key).then(undefined, () => undefined);
      }
    });
  });
}
