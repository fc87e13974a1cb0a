// One Lease panel (a webview) for one followed Lease. The webview says `ready` when its script
// runs; the host answers with a full snapshot, then forwards updates while the panel is visible.
// With retainContextWhenHidden off, a hidden panel's page is discarded; when it shows again the
// host sends a full snapshot (and the reloaded page asks for one with `ready`).
import * as vscode from 'vscode';
import { errorMessage } from '../../shared/errors';
import { parseLeaseKey, type FollowSnapshot, type FollowUpdate, type LeaseKey } from '../../shared/types';
import type { HostToWebview, LogFilterState, PanelSettings } from '../../shared/webviewProtocol';
import { plainText } from '../../core/untrustedText';
import { DisposableStore } from '../lifecycle';
import { webviewDocument } from './webviewDocument';
import { parseWebviewToHost } from '../../shared/webviewMessages';
import type { HealthDetail } from '../../shared/health';
import { Throttle } from '../health/throttle';
import { commandIds } from '../commands/commandIds';

export interface LeasePanelHost {
  extensionUri: vscode.Uri;
  /** The snapshot to show: the one held, or one from following now. */
  snapshot(key: LeaseKey): Promise<FollowSnapshot>;
  settings(): PanelSettings;
  openLogs(key: LeaseKey, filter: LogFilterState): Promise<void>;
  showEvents(key: LeaseKey): Promise<void>;
  output: vscode.LogOutputChannel;
  /** The Lease's leadership record (Health.detail); absent: the panel gets none. */
  healthDetail?(key: LeaseKey): Promise<HealthDetail | null>;
}

/** Scripts on; only dist/ (the webview bundle) and media/ (styles, icons) may be loaded. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { ...webviewOptions(extensionUri), retainContextWhenHidden: false, enableFindWidget: true };
}

export function panelTitle(key: LeaseKey): string {
  const parsed = parseLeaseKey(key);
  return plainText(parsed ? parsed.name : key, 60);
}

export class LeasePanel implements vscode.Disposable {
  /** The page has said `ready` since it last loaded. */
  private ready = false;
  private disposed = false;
  private readonly disposables = new DisposableStore();
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  /** The leadership record is sent at most once a second. */
  private readonly healthThrottle = new Throttle(1000, () => void this.postHealth());

  constructor(
    readonly key: LeaseKey,
    readonly panel: vscode.WebviewPanel,
    private readonly host: LeasePanelHost,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(host.extensionUri);
    panel.title = panelTitle(key);
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'lease-lens.svg');
    // The document first: if it cannot be made, nothing below is listening yet.
    webview.html = this.html();
    this.disposables.addAll(
      this.disposeEmitter,
      this.healthThrottle,
      webview.onDidReceiveMessage((message: unknown) => this.received(message)),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible) {
          // A page that was discarded reloads and says `ready` again; one that was kept gets the
          // whole picture now (VS Code holds messages until a loading page can take them).
          void this.postSnapshot(undefined, true);
        } else {
          this.ready = false;
        }
      }),
      panel.onDidDispose(() => this.disposed0()),
    );
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Sends a full snapshot when the panel is visible and its page listens (or `force`). */
  async postSnapshot(snapshot?: FollowSnapshot, force = false): Promise<void> {
    if (!this.panel.visible || !(this.ready || force)) {
      return;
    }
    try {
      const full = snapshot ?? (await this.host.snapshot(this.key));
      this.post({ type: 'snapshot', snapshot: full, settings: this.host.settings(), hostNow: Date.now() });
      void this.postHealth();
    } catch (err) {
      this.host.output.error(`Could not load ${this.key} for its panel: ${errorMessage(err)}`);
    }
  }

  postUpdate(update: FollowUpdate): void {
    if (this.ready && this.panel.visible) {
      this.post({ type: 'update', update, hostNow: Date.now() });
    }
  }

  /** The Lease's flags or health row changed: send its record again (at most once a second). */
  healthChanged(): void {
    if (this.ready && this.panel.visible) {
      this.healthThrottle.trigger();
    }
  }

  private async postHealth(): Promise<void> {
    if (!this.host.healthDetail || this.disposed) {
      return;
    }
    try {
      const detail = await this.host.healthDetail(this.key);
      if (this.ready && this.panel.visible && !this.disposed) {
        this.post({ type: 'health', detail, hostNow: Date.now() });
      }
    } catch (err) {
      this.host.output.debug(`Panel ${this.key}: no leadership record (${errorMessage(err)})`);
    }
  }

  postSettings(settings: PanelSettings): void {
    if (this.ready && this.panel.visible) {
      this.post({ type: 'settings', settings });
    }
  }

  dispose(): void {
    this.panel.dispose(); // fires onDidDispose → disposed0
  }

  private disposed0(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.disposeEmitter.fire();
    this.disposables.dispose();
  }

  private html(): string {
    return webviewDocument(this.panel.webview, this.host.extensionUri, {
      script: 'webview.js',
      style: 'panel.css',
      title: this.panel.title,
    });
  }

  private post(message: HostToWebview): void {
    this.panel.webview.postMessage(message).then(undefined, (err: unknown) => {
      this.host.output.debug(`Panel ${this.key}: a message was not delivered (${String(err)})`);
    });
  }

  private received(raw: unknown): void {
    const message = parseWebviewToHost(raw);
    if (!message) {
      this.host.output.warn(`Panel ${this.key}: ignored a malformed message from the webview`);
      return;
    }
    if ('key' in message && message.key !== this.key) {
      this.host.output.warn(`Panel ${this.key}: ignored a message about another Lease`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        void this.postSnapshot();
        break;
      case 'openLogsInEditor':
        this.host
          .openLogs(this.key, message.filter)
          .catch((err: unknown) => showError(vscode.l10n.t('Lease Lens could not open the controller logs: {0}', errorMessage(err))));
        break;
      case 'copy':
        vscode.env.clipboard.writeText(message.text).then(
          () => vscode.window.setStatusBarMessage(vscode.l10n.t('Copied'), 2000),
          (err: unknown) => showError(vscode.l10n.t('Lease Lens could not copy to the clipboard: {0}', errorMessage(err))),
        );
        break;
      case 'showEvents':
        this.host
          .showEvents(this.key)
          .catch((err: unknown) => showError(vscode.l10n.t('Lease Lens could not show the Events: {0}', errorMessage(err))));
        break;
      case 'generateMonitoring':
        // The command reports its own failures.
        void vscode.commands.executeCommand(commandIds.generateMonitoring, this.key);
        break;
    }
  }
}

function showError(message: string): void {
  void vscode.window.showErrorMessage(message);
}
