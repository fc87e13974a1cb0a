// One Lease panel per followed Lease: opens or reveals it, forwards follow updates to it, restores
// panels after a window reload (WebviewPanelSerializer), and closes it on unfollow.
import * as vscode from 'vscode';
import { errorMessage } from '../../shared/errors';
import type { LeaseKey } from '../../shared/types';
import type { FollowManager } from '../follow/followManager';
import { DisposableStore, disposeAll, toDisposable } from '../lifecycle';
import { LeasePanel, panelOptions, panelTitle, type LeasePanelHost } from './leasePanel';
import { parsePanelPersistedState } from '../../shared/webviewMessages';

export const leasePanelViewType = 'leaseLens.leasePanel';

export class PanelManager implements vscode.Disposable, vscode.WebviewPanelSerializer<unknown> {
  private readonly panels = new Map<LeaseKey, LeasePanel>();
  private readonly disposables = new DisposableStore();

  constructor(
    private readonly follow: FollowManager,
    private readonly host: LeasePanelHost,
  ) {
    this.disposables.addAll(
      follow.onDidChange(({ key, snapshot, update }) => {
        const panel = this.panels.get(key);
        if (panel && update) {
          panel.postUpdate(update);
        } else if (panel) {
          void panel.postSnapshot(snapshot);
        }
      }),
      follow.onDidChangeFollowed((keys) => {
        const followed = new Set(keys);
        for (const [key, panel] of [...this.panels]) {
          if (!followed.has(key)) {
            panel.dispose();
          }
        }
      }),
      // Disposed first: the open panels.
      toDisposable(() => disposeAll([...this.panels.values()])),
    );
  }

  has(key: LeaseKey): boolean {
    return this.panels.has(key);
  }

  /** Opens the Lease's panel, or reveals it when open. */
  show(key: LeaseKey): void {
    const open = this.panels.get(key);
    if (open) {
      open.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      leasePanelViewType,
      panelTitle(key),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      panelOptions(this.host.extensionUri),
    );
    this.adopt(key, panel);
  }

  close(key: LeaseKey): void {
    this.panels.get(key)?.dispose();
  }

  /** These Leases' flags or health rows changed: their panels get their records again. */
  healthChanged(keys: Iterable<LeaseKey>): void {
    for (const key of keys) {
      this.panels.get(key)?.healthChanged();
    }
  }

  /** Sends new settings to every panel. */
  settingsChanged(): void {
    const settings = this.host.settings();
    for (const panel of this.panels.values()) {
      panel.postSettings(settings);
    }
  }

  /** Restores a panel after a reload: follows its Lease again. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const persisted = parsePanelPersistedState(state);
    if (!persisted || this.panels.has(persisted.key)) {
      panel.dispose();
      return;
    }
    try {
      this.adopt(persisted.key, panel);
      await this.follow.follow(persisted.key);
    } catch (err) {
      panel.dispose();
      const message = errorMessage(err);
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Lease Lens could not follow {0} again after the reload: {1}. Follow it from the Leases view.',
          persisted.key,
          message,
        ),
      );
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private adopt(key: LeaseKey, webviewPanel: vscode.WebviewPanel): LeasePanel {
    let panel: LeasePanel;
    try {
      panel = new LeasePanel(key, webviewPanel, this.host);
    } catch (err) {
      webviewPanel.dispose(); // no empty tab left behind
      throw err;
    }
    this.panels.set(key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) {
        this.panels.delete(key);
      }
    });
    return panel;
  }
}
