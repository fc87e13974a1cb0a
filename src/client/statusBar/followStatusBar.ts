// One status bar item per followed Lease: "$(eye) cp-node-2 · 12s", ticking locally once a second
// (no server traffic), warning-colored while the Lease is expiring and error-colored once it has
// expired or was deleted. A click shows the Lease's panel.
import * as vscode from 'vscode';
import { parseLeaseKey, type LeaseKey } from '../../shared/types';
import { commandIds } from '../commands/commandIds';
import type { FollowManager } from '../follow/followManager';
import { DisposableStore, disposeAll, toDisposable } from '../lifecycle';
import { followStatusText, type StatusSeverity } from './followStatusText';

const backgrounds: Record<StatusSeverity, vscode.ThemeColor | undefined> = {
  normal: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

interface Shown {
  item: vscode.StatusBarItem;
  text?: string;
  severity?: StatusSeverity;
}

export class FollowStatusBar implements vscode.Disposable {
  private readonly items = new Map<LeaseKey, Shown>();
  private readonly disposables = new DisposableStore();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly follow: FollowManager,
    private readonly expiringSeconds: () => number,
  ) {
    this.disposables.addAll(
      follow.onDidChangeFollowed((keys) => this.sync(keys)),
      follow.onDidChange(({ key }) => this.render(key, Date.now())),
      toDisposable(() => {
        this.stopTimer();
        const items = [...this.items.values()].map((shown) => shown.item);
        this.items.clear();
        disposeAll(items);
      }),
    );
  }

  /** Redraws every item now (settings changed). */
  refresh(): void {
    const now = Date.now();
    for (const key of this.items.keys()) {
      this.render(key, now);
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private sync(keys: LeaseKey[]): void {
    const wanted = new Set(keys);
    for (const [key, shown] of this.items) {
      if (!wanted.has(key)) {
        shown.item.dispose();
        this.items.delete(key);
      }
    }
    for (const key of keys) {
      if (!this.items.has(key)) {
        const parsed = parseLeaseKey(key);
        const item = vscode.window.createStatusBarItem(`leaseLens.follow:${key}`, vscode.StatusBarAlignment.Left, 50);
        item.name = `Lease Lens: ${parsed ? `${parsed.namespace}/${parsed.name}` : key}`;
        item.command = { command: commandIds.followLease, title: 'Show the Lease panel', arguments: [key] };
        this.items.set(key, { item });
        this.render(key, Date.now());
        item.show();
      }
    }
    if (this.items.size > 0 && !this.timer) {
      this.timer = setInterval(() => this.refresh(), 1000);
    } else if (this.items.size === 0) {
      this.stopTimer();
    }
  }

  private render(key: LeaseKey, now: number): void {
    const shown = this.items.get(key);
    if (!shown) {
      return;
    }
    const snapshot = this.follow.snapshot(key);
    const status = followStatusText(key, snapshot?.lease, snapshot?.deleted ?? false, now, this.expiringSeconds());
    if (status.text !== shown.text) {
      shown.item.text = status.text;
      shown.text = status.text;
    }
    shown.item.tooltip = status.tooltip;
    if (status.severity !== shown.severity) {
      shown.item.backgroundColor = backgrounds[status.severity];
      shown.severity = status.severity;
    }
  }

  private stopTimer(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
