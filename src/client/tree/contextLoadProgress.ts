// A progress bar on the Leases view while a watched context loads: from the watch until its
// first complete list arrives (synced) or it fails.
import * as vscode from 'vscode';
import type { LeaseCache } from '../leases/leaseCache';
import type { DisposableLike } from '../lifecycle';
import { isLoading } from './contextRow';

export class ContextLoadProgress implements vscode.Disposable {
  private finish: (() => void) | undefined;
  private readonly subscription: DisposableLike;

  constructor(private readonly cache: LeaseCache) {
    // Any change but a batch of Leases may change what is watched, shown, running or loading.
    this.subscription = cache.onDidChange((change) => {
      if (change.kind !== 'leases') {
        this.update();
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.end();
  }

  private update(): void {
    const loading = this.cache.watchedStates().filter(isLoading);
    if (loading.length === 0) {
      this.end();
      return;
    }
    if (this.finish) {
      return;
    }
    void vscode.window.withProgress(
      { location: { viewId: 'leaseLens.leases' }, title: vscode.l10n.t('Loading Leases') },
      () =>
        new Promise<void>((resolve) => {
          this.finish = resolve;
        }),
    );
  }

  private end(): void {
    const finish = this.finish;
    this.finish = undefined;
    finish?.();
  }
}
