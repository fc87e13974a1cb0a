// A progress bar on the Leases view while a watched context loads: from the watch until its
// first complete list arrives (synced) or it fails.
import * as vscode from 'vscode';
import type { LeaseStore } from '../leaseStore';
import { isLoading } from './contextRow';

export class ContextLoadProgress implements vscode.Disposable {
  private finish: (() => void) | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: LeaseStore) {
    this.subscription = store.onDidChangeContextStates(() => this.update());
  }

  dispose(): void {
    this.subscription.dispose();
    this.end();
  }

  private update(): void {
    const loading = this.store.watchedStates().filter(isLoading);
    if (loading.length === 0) {
      this.end();
      return;
    }
    if (this.finish) {
      return;
    }
    void vscode.window.withProgress(
      { location: { viewId: 'leaseLens.leases' }, title: 'Loading Leases' },
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
