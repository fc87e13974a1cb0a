// The Leadership Health view: one webview panel per window over every Lease of every watched
// context (dist/health.js, media/health.css, the same strict policy as the Lease panel). The view
// says `ready` when its script runs; the host answers with every row (reset), the contexts and the
// settings, then forwards changed rows. `select` asks for a Lease's detail, sent again when its row
// changes (at most once a second); `follow` and `copyIncident` run the commands. Every message from
// the view is checked (parseHealthViewToHost). While the panel is open the server pushes rows.
import * as vscode from 'vscode';
import type { HealthViewContext, HealthViewSettings, HostToHealthView } from '../../shared/healthViewProtocol';
import { parseHealthViewToHost } from '../../shared/healthViewMessages';
import type { ContextState, LeaseKey } from '../../shared/types';
import { commandIds } from '../commands/commandIds';
import type { LeaseCache } from '../leases/leaseCache';
import { DisposableStore } from '../lifecycle';
import { webviewDocument } from '../panel/webviewDocument';
import { webviewOptions } from '../panel/leasePanel';
import type { HealthState } from './healthState';
import { Throttle } from './throttle';

export const healthViewType = 'leaseLens.health';

export interface HealthPanelHost {
  extensionUri: vscode.Uri;
  output: vscode.LogOutputChannel;
  health: HealthState;
  leases: LeaseCache;
  settings(): HealthViewSettings;
}

/** The states of the watched contexts, as the view shows them above the table. */
export function healthViewContexts(states: readonly ContextState[]): HealthViewContext[] {
  return states.map((s) => ({
    context: s.context,
    phase: s.phase,
    message: s.message,
    unknownSince: s.unknownSince,
    clockSkewMs: s.clockSkewMs,
    synced: s.synced,
  }));
}

export class HealthPanel implements vscode.Disposable {
  private ready = false;
  private selected: LeaseKey | undefined;
  /** A Lease to select once the view is ready. */
  private pendingSelect: LeaseKey | undefined;
  private lastContexts = '';
  private readonly disposables = new DisposableStore();
  private readonly detailThrottle: Throttle;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly host: HealthPanelHost,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(host.extensionUri);
    panel.title = vscode.l10n.t('Leadership Health');
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'lease-lens.svg');
    webview.html = this.html();
    this.detailThrottle = new Throttle(1000, () => void this.postDetail());
    this.disposables.addAll(
      this.disposeEmitter,
      this.detailThrottle,
      host.health.openView(),
      webview.onDidReceiveMessage((message: unknown) => this.received(message)),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.visible) {
          this.ready = false; // its page is discarded; it says `ready` again when shown
        }
      }),
      host.health.onDidChange((change) => {
        if (change.kind !== 'rows' || !this.ready) {
          return;
        }
        this.post({ type: 'rows', reset: change.reset, rows: change.rows, removed: change.removed, hostNow: Date.now() });
        if (this.selected && (change.reset || change.rows.some((r) => r.key === this.selected) || change.removed.includes(this.selected))) {
          this.detailThrottle.trigger();
        }
      }),
      host.leases.onDidChange(({ kind }) => {
        if (kind === 'context-state' || kind === 'kubeconfig' || kind === 'watched') {
          this.postContexts(false);
        }
      }),
      panel.onDidDispose(() => this.disposeNow()),
    );
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Selects a Lease in the view (now, or once the view is ready). */
  selectLease(key: LeaseKey): void {
    this.pendingSelect = key;
    this.postPendingSelect();
  }

  private postPendingSelect(): void {
    if (this.ready && this.pendingSelect !== undefined) {
      this.post({ type: 'select', key: this.pendingSelect });
      this.pendingSelect = undefined;
    }
  }

  /** Sends new settings (the flapping rule). */
  settingsChanged(): void {
    if (this.ready) {
      this.post({ type: 'settings', settings: this.host.settings() });
    }
  }

  dispose(): void {
    this.panel.dispose();
  }

  private disposed = false;
  private disposeNow(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.disposeEmitter.fire();
    this.disposables.dispose();
  }

  private html(): string {
    return webviewDocument(this.panel.webview, this.host.extensionUri, {
      script: 'health.js',
      style: 'health.css',
      title: this.panel.title,
      loadingText: vscode.l10n.t('Loading the leadership health of the watched contexts…'),
    });
  }

  private post(message: HostToHealthView): void {
    this.panel.webview.postMessage(message).then(undefined, (err: unknown) => {
      this.host.output.debug(`Health view: a message was not delivered (${String(err)})`);
    });
  }

  private postContexts(force: boolean): void {
    if (!this.ready) {
      return;
    }
    const contexts = healthViewContexts(
      this.host.leases
        .watchedContexts()
        .map((c) => this.host.leases.contextState(c))
        .filter((s): s is ContextState => s !== undefined),
    );
    const text = JSON.stringify(contexts);
    if (force || text !== this.lastContexts) {
      this.lastContexts = text;
      this.post({ type: 'contexts', contexts });
    }
  }

  private async postDetail(): Promise<void> {
    const key = this.selected;
    if (!key || !this.ready) {
      return;
    }
    try {
      const detail = await this.host.health.detail(key);
      if (key === this.selected && this.ready) {
        this.post({ type: 'detail', key, detail, hostNow: Date.now() });
      }
    } catch (err) {
      this.host.output.warn(`Health view: could not read the record of ${key}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private received(raw: unknown): void {
    const message = parseHealthViewToHost(raw);
    if (!message) {
      this.host.output.warn('Health view: ignored a malformed message from the webview');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'settings', settings: this.host.settings() });
        this.postContexts(true);
        this.post({ type: 'rows', reset: true, rows: this.host.health.rows(), removed: [], hostNow: Date.now() });
        this.postPendingSelect();
        void this.host.health.reloadRows();
        break;
      case 'select':
        this.selected = message.key;
        void this.postDetail();
        break;
      case 'follow':
        void vscode.commands.executeCommand(commandIds.followLease, message.key);
        break;
      case 'copyIncident':
        void vscode.commands.executeCommand(commandIds.copyIncidentSummary, message.key);
        break;
    }
  }
}

/** The one Health view of the window: opens, reveals and restores it. */
export class HealthPanelManager implements vscode.Disposable, vscode.WebviewPanelSerializer<unknown> {
  private open: HealthPanel | undefined;

  constructor(private readonly host: HealthPanelHost) {}

  /** Opens or reveals the view; with `key`, that Lease is selected in it. */
  show(key?: LeaseKey): void {
    if (this.open) {
      this.open.reveal();
      if (key !== undefined) {
        this.open.selectLease(key);
      }
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      healthViewType,
      vscode.l10n.t('Leadership Health'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...webviewOptions(this.host.extensionUri), retainContextWhenHidden: false, enableFindWidget: true },
    );
    const opened = this.adopt(panel);
    if (key !== undefined) {
      opened.selectLease(key);
    }
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    if (this.open) {
      panel.dispose();
    } else {
      this.adopt(panel);
    }
    return Promise.resolve();
  }

  settingsChanged(): void {
    this.open?.settingsChanged();
  }

  dispose(): void {
    this.open?.dispose();
  }

  private adopt(webviewPanel: vscode.WebviewPanel): HealthPanel {
    let panel: HealthPanel;
    try {
      panel = new HealthPanel(webviewPanel, this.host);
    } catch (err) {
      webviewPanel.dispose();
      throw err;
    }
    this.open = panel;
    panel.onDidDispose(() => {
      if (this.open === panel) {
        this.open = undefined;
      }
    });
    return panel;
  }
}
