// The one status bar item of Lease Lens: the followed Leases summed up (followStatusSummary) —
// "$(eye) cp-node-2 · 12s" for one, "$(eye) 3 Leases · 1 expiring" for several — ticking locally
// once a second (no server traffic), warning-colored while a Lease is expiring and error-colored
// once one has expired or was deleted, like the tree's icons. A click shows the Lease's panel, or
// lets the user pick one when several are followed. Hidden while none is.
import * as vscode from 'vscode';
import { commandIds } from '../commands/commandIds';
import type { FollowManager } from '../follow/followManager';
import { DisposableStore } from '../lifecycle';
import type { StatusSeverity } from './followStatusText';
import { followStatusSummary } from './followStatusSummary';
import type { LeaseKey } from '../../shared/types';

/** What the item adds of leadership health: the count of flapping Leases, a context's lost connection. */
export interface StatusBarHealth {
  flappingCount(): number;
  /** The followed Lease's context's ContextState.unknownSince. */
  unknownSince(key: LeaseKey): number | undefined;
  readonly onDidChange: vscode.Event<unknown>;
}

const backgrounds: Record<StatusSeverity, vscode.ThemeColor | undefined> = {
  normal: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

export class FollowStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables = new DisposableStore();
  private timer: NodeJS.Timeout | undefined;
  private shown: { text: string; tooltip: string; severity: StatusSeverity; label: string; key?: string; healthOnly?: boolean } | undefined;

  constructor(
    private readonly follow: FollowManager,
    private readonly expiringSeconds: () => number,
    private readonly health?: StatusBarHealth,
  ) {
    this.item = vscode.window.createStatusBarItem('leaseLens.follow', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Lease Lens: Followed Leases');
    this.disposables.addAll(
      this.item,
      follow.onDidChangeFollowed(() => this.refresh()),
      follow.onDidChange(() => this.refresh()),
      ...(health ? [health.onDidChange(() => this.refresh())] : []),
      { dispose: () => this.stopTimer() },
    );
    this.refresh();
  }

  /** Redraws the item now (followed Leases or settings changed, or a second passed). */
  refresh(): void {
    const now = Date.now();
    const summary = followStatusSummary(
      this.follow.keys().map((key) => {
        const snapshot = this.follow.snapshot(key);
        return { key, lease: snapshot?.lease, deleted: snapshot?.deleted ?? false, unknownSince: this.health?.unknownSince(key) };
      }),
      now,
      this.expiringSeconds(),
      this.health?.flappingCount() ?? 0,
    );
    if (!summary) {
      this.shown = undefined;
      this.item.hide();
      this.stopTimer();
      return;
    }
    const last = this.shown;
    if (last?.text !== summary.text) {
      this.item.text = summary.text;
    }
    if (last?.tooltip !== summary.tooltip) {
      this.item.tooltip = summary.tooltip;
    }
    if (last?.label !== summary.accessibilityLabel) {
      this.item.accessibilityInformation = { label: summary.accessibilityLabel, role: 'button' };
    }
    if (last?.severity !== summary.severity) {
      this.item.backgroundColor = backgrounds[summary.severity];
    }
    if (last === undefined || last.key !== summary.key || last.healthOnly !== summary.healthOnly) {
      this.item.command = summary.healthOnly
        ? { command: commandIds.showHealth, title: vscode.l10n.t('Show the Leadership Health view') }
        : summary.key
          ? { command: commandIds.followLease, title: vscode.l10n.t('Show the Lease panel'), arguments: [summary.key] }
          : { command: commandIds.followLease, title: vscode.l10n.t('Pick a Lease to show') };
    }
    this.shown = {
      text: summary.text,
      tooltip: summary.tooltip,
      severity: summary.severity,
      label: summary.accessibilityLabel,
      key: summary.key,
      healthOnly: summary.healthOnly,
    };
    this.item.show();
    if (summary.healthOnly) {
      this.stopTimer(); // nothing counts down
    } else {
      this.timer ??= setInterval(() => this.refresh(), 1000);
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private stopTimer(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
