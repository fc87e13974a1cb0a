// The host's side of a followed Lease's split-brain alarm (FollowSnapshot.splitBrain, raised by
// the Lease server): which Leases are alarmed, for the tree's 'split-brain' flag, and one warning
// per alarm, rate-limited by SplitBrainPolicy ("Show Lease" opens its panel).
import * as vscode from 'vscode';
import type { HealthFlag } from '../../shared/health';
import type { SplitBrainState } from '../../shared/splitBrain';
import type { LeaseKey } from '../../shared/types';
import { commandIds } from '../commands/commandIds';
import { SummaryTimer } from '../keyedNotices';
import { DisposableStore } from '../lifecycle';
import type { FollowManager } from './followManager';
import { splitBrainMessage } from './splitBrainMessage';
import { SplitBrainPolicy, type SplitBrainNotice } from './splitBrainPolicy';

export class SplitBrainNotifier implements vscode.Disposable {
  readonly policy = new SplitBrainPolicy(Date.now);
  private readonly states = new Map<LeaseKey, SplitBrainState>();
  private readonly alarmed = new Set<LeaseKey>();
  private readonly emitter = new vscode.EventEmitter<LeaseKey[]>();
  private readonly disposables = new DisposableStore();
  private readonly summaries = new SummaryTimer(this.policy, (notice) => this.tell(notice));
  /** Leases whose alarm went up or down: the tree redraws their flags. */
  readonly onDidChangeAlarm = this.emitter.event;

  constructor(follow: FollowManager) {
    this.disposables.addAll(
      this.emitter,
      follow.onDidChange((change) => {
        const state = change.snapshot.splitBrain;
        if (state) {
          this.states.set(change.key, state);
        }
        this.set(change.key, state?.alarm === true);
      }),
      follow.onDidChangeFollowed((keys) => {
        const followed = new Set(keys);
        for (const key of [...this.states.keys()]) {
          if (!followed.has(key)) {
            this.states.delete(key);
            this.set(key, false);
          }
        }
      }),
      this.summaries,
    );
  }

  /** `flags` with 'split-brain' first while the Lease's alarm is up. */
  flags(key: LeaseKey, flags: readonly HealthFlag[]): HealthFlag[] {
    const rest = flags.filter((f) => f !== 'split-brain');
    return this.alarmed.has(key) ? ['split-brain', ...rest] : rest;
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private set(key: LeaseKey, alarm: boolean): void {
    if (alarm === this.alarmed.has(key)) {
      return;
    }
    if (alarm) {
      this.alarmed.add(key);
    } else {
      this.alarmed.delete(key);
    }
    this.emitter.fire([key]);
    const notice = this.policy.alarmChanged(key, alarm);
    if (notice) {
      this.tell(notice);
    }
    this.summaries.schedule();
  }

  private tell(notice: SplitBrainNotice): void {
    const single = notice.keys.length === 1 ? notice.keys[0] : undefined;
    const show = vscode.l10n.t('Show Lease');
    const buttons = single ? [show] : [];
    void vscode.window
      .showWarningMessage(
        splitBrainMessage(notice, (key) => this.states.get(key)),
        ...buttons,
      )
      .then(
        async (choice) => {
          if (choice === show && single) {
            await vscode.commands.executeCommand(commandIds.followLease, single);
          }
        },
        () => undefined,
      );
  }
}
