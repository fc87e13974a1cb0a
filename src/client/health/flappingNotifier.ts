// Tells the user when a watched Lease starts flapping, unless leaseLens.notifications.flapping is
// off: once per Lease until it stops, at most one notification every 30 s, the rest summed up
// (FlappingPolicy). Buttons: "Show" (the Health view with that Lease selected; several: the view),
// "Mute this Lease" (remembered in globalState; undone with Lease Lens: Unmute Flapping Alerts) and
// "Don't Show Again" (turns the setting off in the user settings).
import * as vscode from 'vscode';
import { settingTable } from '../../shared/settings';
import type { LeaseKey } from '../../shared/types';
import { SummaryTimer } from '../keyedNotices';
import { DisposableStore } from '../lifecycle';
import { FlappingPolicy, type FlappingNotice } from './flappingPolicy';
import { flappingMessage, leaseWords } from './flappingMessage';
import type { HealthState } from './healthState';

/** The globalState key of the Leases whose flapping is not told. */
export const mutedFlappingKey = 'mutedFlappingLeases';

function storedMuted(state: vscode.Memento): LeaseKey[] {
  const value = state.get<unknown>(mutedFlappingKey);
  return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
}

async function turnOff(): Promise<void> {
  const config = vscode.workspace.getConfiguration();
  const key = settingTable.flappingNotifications.key;
  await config.update(key, false, vscode.ConfigurationTarget.Global);
  if (config.inspect(key)?.workspaceValue !== undefined) {
    await config.update(key, false, vscode.ConfigurationTarget.Workspace);
  }
}

export interface FlappingNotifierOptions {
  enabled: () => boolean;
  rule: () => { changes: number; windowMinutes: number };
  /** Shows the Health view, with the Lease selected when one is given. */
  show: (key: LeaseKey | undefined) => void;
}

export class FlappingNotifier implements vscode.Disposable {
  readonly policy: FlappingPolicy;
  private readonly summaries: SummaryTimer;
  private readonly disposables = new DisposableStore();

  constructor(
    health: HealthState,
    private readonly state: vscode.Memento,
    private readonly options: FlappingNotifierOptions,
  ) {
    this.policy = new FlappingPolicy(Date.now, storedMuted(state), options.enabled);
    this.summaries = new SummaryTimer(this.policy, (notice) => this.tell(notice));
    this.disposables.addAll(
      health.onDidChange((change) => {
        if (change.kind !== 'flags') {
          return;
        }
        if (change.reset) {
          this.policy.reset();
        }
        for (const key of change.keys) {
          const notice = this.policy.flagsChanged(key, health.flagsOf(key));
          if (notice) {
            this.tell(notice);
          }
        }
        this.summaries.schedule();
      }),
      this.summaries,
    );
  }

  /** Lets the user pick muted Leases to tell about again (the Unmute command). */
  async unmute(): Promise<void> {
    const muted = this.policy.mutedLeases();
    if (muted.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Lease Lens: no Lease is muted for flapping alerts.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(
      muted.map((key) => ({ label: leaseWords(key), key, picked: true })),
      { canPickMany: true, title: vscode.l10n.t('Alert again when these Leases flap') },
    );
    if (picked && picked.length > 0) {
      await this.state.update(mutedFlappingKey, this.policy.unmute(picked.map((p) => p.key)));
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private tell(notice: FlappingNotice): void {
    const { changes, windowMinutes } = this.options.rule();
    const single = notice.keys.length === 1 ? notice.keys[0] : undefined;
    const show = vscode.l10n.t('Show');
    const mute = vscode.l10n.t('Mute this Lease');
    const never = vscode.l10n.t("Don't Show Again");
    const buttons = single ? [show, mute, never] : [show, never];
    void vscode.window.showWarningMessage(flappingMessage(notice, changes, windowMinutes), ...buttons).then(
      async (choice) => {
        if (choice === show) {
          this.options.show(single);
        } else if (choice === mute && single) {
          await this.state.update(mutedFlappingKey, this.policy.mute(single));
        } else if (choice === never) {
          await turnOff();
        }
      },
      () => undefined,
    );
  }
}
