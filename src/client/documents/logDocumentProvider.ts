// Read-only controller log documents (scheme lease-lens-log): the merged log lines of a followed
// Lease, following it when needed, updating live while open (at most twice a second).
import * as vscode from 'vscode';
import { logDocumentLanguage } from '../../core/logDocument';
import { errorMessage } from '../../shared/errors';
import type { LeaseKey } from '../../shared/types';
import type { LogFilterState } from '../../shared/webviewProtocol';
import type { FollowManager } from '../follow/followManager';
import { DisposableStore } from '../lifecycle';
import { leaseDocumentPath, leaseKeyFromDocumentPath, logExtension, logFilterFromQuery, logFilterQuery, logScheme } from './documentUris';
import { renderLogDocument } from './logText';

export function logDocumentUri(key: LeaseKey, filter?: LogFilterState): vscode.Uri | undefined {
  const path = leaseDocumentPath(key, logExtension);
  return path === undefined ? undefined : vscode.Uri.from({ scheme: logScheme, path, query: logFilterQuery(filter) });
}

export function leaseKeyOfLogDocument(uri: vscode.Uri): LeaseKey | undefined {
  return uri.scheme === logScheme ? leaseKeyFromDocumentPath(uri.path, logExtension) : undefined;
}

export class LogDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly pending = new Set<LeaseKey>();
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables = new DisposableStore();

  constructor(private readonly follow: FollowManager) {
    this.disposables.addAll(
      this.emitter,
      follow.onDidChange(({ key, update }) => {
        if (
          !update ||
          update.logs !== undefined ||
          'logsMessage' in update ||
          update.podResolution !== undefined ||
          update.deleted !== undefined
        ) {
          this.schedule(key);
        }
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = leaseKeyOfLogDocument(uri);
    if (!key) {
      return '# This is not a Lease Lens controller log address.\n';
    }
    try {
      const snapshot = this.follow.snapshot(key) ?? (await this.follow.follow(key));
      return renderLogDocument(key, snapshot, logFilterFromQuery(uri.query));
    } catch (err) {
      const message = errorMessage(err);
      return `# Could not follow ${key}: ${message.replace(/[\r\n]+/g, ' ')}\n# Close this document and open it again from the Leases view.\n`;
    }
  }

  /** Opens (or shows) the log document of a Lease with a filter. */
  async open(key: LeaseKey, filter?: LogFilterState): Promise<void> {
    const uri = logDocumentUri(key, filter);
    if (!uri) {
      throw new Error(`"${key}" does not name a Lease`);
    }
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== logDocumentLanguage) {
      document = await vscode.languages.setTextDocumentLanguage(document, logDocumentLanguage);
    }
    await vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.disposables.dispose();
  }

  private schedule(key: LeaseKey): void {
    this.pending.add(key);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), 500);
    }
  }

  private flush(): void {
    this.timer = undefined;
    const keys = new Set(this.pending);
    this.pending.clear();
    for (const document of vscode.workspace.textDocuments) {
      const key = leaseKeyOfLogDocument(document.uri);
      if (key && keys.has(key) && !document.isClosed) {
        this.emitter.fire(document.uri);
      }
    }
  }
}
